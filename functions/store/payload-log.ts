import { createHash, randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, retentionOf, withoutKeys } from './db';
import { keys, TTL_ATTRIBUTE } from './keys';
import { queryAll } from './paging';
import { ttl } from './retention';

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
  /** Set when the body was too large to keep whole: `body` holds its start, these its whole size and digest. */
  truncated?: true;
  bodyBytes?: number;
  bodySha256?: string;
}

/** Most UTF-8 bytes of a body kept whole: an item must stay well under DynamoDB's 400 KB. */
export const PAYLOAD_BODY_MAX = 64 * 1024;

/** An entry as it can be stored: a body over PAYLOAD_BODY_MAX keeps its start, its byte size and its SHA-256. */
export function boundedPayload<T extends PayloadEntry>(entry: T): T {
  const bytes = Buffer.from(entry.body, 'utf8');
  if (bytes.length <= PAYLOAD_BODY_MAX) return entry;
  // A cut through a multi-byte character decodes to U+FFFD: drop that half character.
  const start = bytes.subarray(0, PAYLOAD_BODY_MAX).toString('utf8').replace(/\uFFFD$/, '');
  return { ...entry, body: start, truncated: true, bodyBytes: bytes.length, bodySha256: createHash('sha256').update(bytes).digest('hex') };
}

/** The item of a payload-log entry: refused call-ups expire after 30 days, everything else as personal data. */
export function payloadItem(db: Db, entry: PayloadEntry, now: Date, rentalEnd?: string): Record<string, unknown> {
  const refused = entry.owner.startsWith(keys.refusedCallUps(''));
  const expiresAt = refused ? ttl.refusedCallUp(now) : ttl.personal(retentionOf(db), now, rentalEnd);
  return { ...keys.payload(entry.owner, entry.at, entry.id), entity: 'payload', ...boundedPayload(entry), [TTL_ATTRIBUTE]: expiresAt };
}

export async function recordPayload(db: Db, entry: Omit<PayloadEntry, 'id' | 'at'>, now = new Date()): Promise<PayloadEntry> {
  const full = boundedPayload<PayloadEntry>({ ...entry, id: randomUUID(), at: now.toISOString() });
  await db.doc.send(new PutCommand({ TableName: db.table, Item: payloadItem(db, full, now), ConditionExpression: 'attribute_not_exists(pk)' }));
  return full;
}

export async function payloadsOf(db: Db, owner: string): Promise<PayloadEntry[]> {
  const items = await queryAll(db, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': owner, ':p': 'PAYLOAD#' } });
  return items.map((item) => withoutKeys<PayloadEntry>(item));
}
