import { createHash, randomUUID } from 'node:crypto';
import { paginateQuery, PutCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, retentionOf, withoutKeys } from './db';
import { GSI1, keys, TTL_ATTRIBUTE } from './keys';
import { queryAll, queryUpTo } from './paging';
import type { TxItem } from './request-events';
import { ttl } from './retention';

/** One payload in or out, kept as sent so a dispute can be settled. Never changed once written. */
export interface PayloadEntry {
  id: string;
  at: string;
  /** `order`: a purchase order received from the buyer (cXML, issue 10); nothing writes it yet. */
  kind: 'callup' | 'cart' | 'email' | 'order';
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

/**
 * The item of a payload-log entry: refused call-ups expire after 30 days, everything else as personal data.
 * An entry of a known connection is also indexed under it by time (gsi1), for the connection's
 * health view and the support search.
 */
export function payloadItem(db: Db, entry: PayloadEntry, now: Date, rentalEnd?: string): Record<string, unknown> {
  const refused = entry.owner.startsWith(keys.refusedCallUps(''));
  const expiresAt = refused ? ttl.refusedCallUp(now) : ttl.personal(retentionOf(db), now, rentalEnd);
  const byConnection = entry.connectionId ? { gsi1pk: keys.connectionPayloads(entry.connectionId), gsi1sk: `${entry.at}#${entry.id}` } : {};
  return { ...keys.payload(entry.owner, entry.at, entry.id), entity: 'payload', ...byConnection, ...boundedPayload(entry), [TTL_ATTRIBUTE]: expiresAt };
}

export async function recordPayload(db: Db, entry: Omit<PayloadEntry, 'id' | 'at'>, now = new Date()): Promise<PayloadEntry> {
  const full = boundedPayload<PayloadEntry>({ ...entry, id: randomUUID(), at: now.toISOString() });
  await db.doc.send(new PutCommand({ TableName: db.table, Item: payloadItem(db, full, now), ConditionExpression: 'attribute_not_exists(pk)' }));
  return full;
}

/** A new entry as a transaction's Put: written in the same round trip as what it records (the call-up's session). */
export function payloadPut(db: Db, entry: Omit<PayloadEntry, 'id' | 'at'>, now = new Date()): TxItem {
  const full = boundedPayload<PayloadEntry>({ ...entry, id: randomUUID(), at: now.toISOString() });
  return { Put: { TableName: db.table, Item: payloadItem(db, full, now), ConditionExpression: 'attribute_not_exists(pk)' } };
}

/** A document received and our answer to it, logged in that order under the same owner, connection and status. */
export async function recordExchange(db: Db, entry: Omit<PayloadEntry, 'id' | 'at' | 'direction' | 'body'>, received: string, answered: string, now = new Date()): Promise<void> {
  await recordPayload(db, { ...entry, direction: 'in', body: received }, now);
  await recordPayload(db, { ...entry, direction: 'out', body: answered }, now);
}

export async function payloadsOf(db: Db, owner: string): Promise<PayloadEntry[]> {
  const items = await queryAll(db, { KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': owner, ':p': 'PAYLOAD#' } });
  return items.map((item) => withoutKeys<PayloadEntry>(item));
}

/** Most entries a search or a look-up for the latest entry reads: bounds the cost of one support question. */
export const PAYLOAD_SCAN_MAX = 2000;
/** Most entries a search answers with. */
export const PAYLOAD_SEARCH_MAX = 100;

/** What a connection's payloads are matched against (`match`): the kind and, for call-ups, the status we answered. */
export interface PayloadMatch {
  kind: PayloadEntry['kind'];
  status?: number;
}

const byConnection = (connectionId: string, from?: string, to?: string) => ({
  IndexName: GSI1,
  KeyConditionExpression: from && to ? 'gsi1pk = :pk AND gsi1sk BETWEEN :from AND :to' : 'gsi1pk = :pk',
  ExpressionAttributeValues: { ':pk': keys.connectionPayloads(connectionId), ...(from && to ? { ':from': from, ':to': `${to}~` } : {}) },
  // Newest first: support asks about what just happened.
  ScanIndexForward: false,
});

/**
 * The newest entry of a connection for each match, among its latest PAYLOAD_SCAN_MAX entries: one
 * newest-first read for all of them, stopping as soon as every match is found.
 */
export async function latestPayloads(db: Db, connectionId: string, matches: PayloadMatch[]): Promise<(PayloadEntry | undefined)[]> {
  const found: (PayloadEntry | undefined)[] = matches.map(() => undefined);
  let missing = matches.length;
  let read = 0;
  for await (const page of paginateQuery({ client: db.doc, pageSize: 200 }, { TableName: db.table, ...byConnection(connectionId) })) {
    for (const item of page.Items ?? []) {
      matches.forEach((match, i) => {
        if (found[i] === undefined && item.kind === match.kind && (match.status === undefined || item.status === match.status)) {
          found[i] = withoutKeys<PayloadEntry>(item);
          missing--;
        }
      });
      if (missing === 0 || ++read >= PAYLOAD_SCAN_MAX) return found;
    }
  }
  return found;
}

/**
 * A connection's entries between two instants (ISO, inclusive) that mention `term`: in the request
 * id, the session id or the raw body (a PO number, a requester's e-mail address), case-insensitive.
 * Entries of the same session or request as a match come with it, so one search shows the call-up,
 * the cart and the e-mails of a request. Newest first; `more` when the scan or the answer was cut.
 */
export async function searchPayloads(
  db: Db,
  connectionId: string,
  range: { from: string; to: string; term?: string },
): Promise<{ entries: PayloadEntry[]; more: boolean }> {
  const { items, more: unread } = await queryUpTo(db, byConnection(connectionId, range.from, range.to), PAYLOAD_SCAN_MAX);
  const entries = items.map((item) => withoutKeys<PayloadEntry>(item));
  const term = range.term?.trim().toLowerCase();
  let found = entries;
  if (term) {
    const hit = (e: PayloadEntry) => [e.requestId, e.sessionId, e.body].some((text) => text?.toLowerCase().includes(term));
    const sessions = new Set(entries.filter(hit).map((e) => e.sessionId).filter(Boolean));
    const requests = new Set(entries.filter(hit).map((e) => e.requestId).filter(Boolean));
    // A request's e-mails carry its id but no session; its cart carries both.
    for (const e of entries) if (e.sessionId && sessions.has(e.sessionId) && e.requestId) requests.add(e.requestId);
    found = entries.filter((e) => hit(e) || (e.sessionId && sessions.has(e.sessionId)) || (e.requestId && requests.has(e.requestId)));
  }
  return { entries: found.slice(0, PAYLOAD_SEARCH_MAX), more: unread || found.length > PAYLOAD_SEARCH_MAX };
}
