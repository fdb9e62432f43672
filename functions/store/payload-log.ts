import { randomUUID } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, withoutKeys } from './db';
import { keys } from './keys';

/** One payload in or out, kept as sent so a dispute can be settled. Never changed once written. */
export interface PayloadEntry {
  id: string;
  at: string;
  kind: 'callup' | 'cart' | 'email';
  direction: 'in' | 'out';
  /** Who it belongs to: `SESSION#...`, `REQUEST#...`, or `CALLUP#<day>` for refused call-ups. */
  owner: string;
  connectionId?: string;
  sessionId?: string;
  requestId?: string;
  /** The HTTP status we answered with, for call-ups. */
  status?: number;
  contentType: string;
  body: string;
}

export async function recordPayload(db: Db, entry: Omit<PayloadEntry, 'id' | 'at'>, now = new Date()): Promise<PayloadEntry> {
  const full: PayloadEntry = { ...entry, id: randomUUID(), at: now.toISOString() };
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.payload(full.owner, full.at, full.id), entity: 'payload', ...full },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return full;
}

export async function payloadsOf(db: Db, owner: string): Promise<PayloadEntry[]> {
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)',
      ExpressionAttributeValues: { ':pk': owner, ':p': 'PAYLOAD#' },
    }),
  );
  return (Items ?? []).map((item) => withoutKeys<PayloadEntry>(item));
}
