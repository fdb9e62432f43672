import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { ManagedRequest } from '../requests/lifecycle';
import { type Db, withoutKeys } from './db';
import { keys } from './keys';

/** A request as stored (strongly consistent): its own module so that every change module can read one without import cycles. */
export async function getRequest(db: Db, id: string): Promise<ManagedRequest | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.request(id), ConsistentRead: true }));
  return Item ? withoutKeys<ManagedRequest>(Item) : undefined;
}
