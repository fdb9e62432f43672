import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { BounceRecord } from '../mail/bounces';
import { type Db, retentionOf } from './db';
import { keys, TTL_ATTRIBUTE } from './keys';
import { ttl } from './retention';

/**
 * Record a bounce or complaint SES reported. The same address and time is the same report delivered
 * twice: overwriting is idempotent. An address is personal data, so the record expires.
 */
export async function recordBounce(db: Db, record: BounceRecord, now = new Date()): Promise<void> {
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.bounce(record.address, record.at), entity: 'bounce', ...record, [TTL_ATTRIBUTE]: ttl.personal(retentionOf(db), now) },
    }),
  );
}
