import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage } from '../mail/outbox';
import type { QueueOrderFilter } from '../operations/api';
import type { ManagedRequest, RequestEvent } from '../requests/lifecycle';
import { REQUEST_STATUSES, type RequestStatus } from '../requests/request';
import { type Db, withoutKeys } from './db';
import { GSI1, keys } from './keys';
import { queryAll, queryUpTo } from './paging';
import { orderPayloadsOfRequest } from './orders';
import type { PayloadEntry } from './payload-log';
import type { TxItem } from './request-events';

export const DEFAULT_PAGE_SIZE = 500;
export const MAX_PAGE_SIZE = 5000;

export interface RequestPage {
  items: ManagedRequest[];
  /** Opaque: pass it back to read the next page; absent on the last page. */
  cursor?: string;
}

/** Which list to read: the real queue, or the requests of test-mode connections (kept apart, README "Test mode"). */
export interface QueueOptions {
  tests?: boolean;
}

/**
 * Requests in a status by pick-up (soonest first), optionally with pick-up between `from` and `to`
 * (dates or date-times), one page of at most `limit` (default 500) at a time; real requests, or
 * with `tests` only the test requests; with `order` only those awaiting the buyer's purchase order
 * or those that have one. The filters run in DynamoDB (a FilterExpression), so a page is still
 * `limit` matching requests, and one request more is read to know whether there is a next page:
 * a cursor is given only when there is one.
 */
export async function requestsByStatus(
  db: Db,
  status: RequestStatus,
  options: QueueOptions & { from?: string; to?: string; limit?: number; cursor?: string; onlyReleasing?: boolean; order?: QueueOrderFilter } = {},
): Promise<RequestPage> {
  const partition = keys.queue(status, options.tests);
  const values: Record<string, unknown> = { ':pk': partition };
  let condition = 'gsi1pk = :pk';
  if (options.from || options.to) {
    values[':from'] = options.from ?? '0000';
    values[':to'] = `${options.to ?? '9999'}~`;
    condition += ' AND gsi1sk BETWEEN :from AND :to';
  }
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE);
  const filters: string[] = [];
  // Requests whose unit slots are still being freed in a second step (see finishReleasing).
  if (options.onlyReleasing) filters.push('attribute_exists(releasing)');
  // `order` is a DynamoDB reserved word: named through #order.
  if (options.order) filters.push(options.order === 'received' ? 'attribute_exists(#order)' : 'attribute_not_exists(#order)');
  const { items: read } = await queryUpTo(
    db,
    {
      IndexName: GSI1,
      KeyConditionExpression: condition,
      ExpressionAttributeValues: values,
      ExclusiveStartKey: options.cursor === undefined ? undefined : decodeCursor(options.cursor, partition),
      ...(filters.length ? { FilterExpression: filters.join(' AND ') } : {}),
      ...(options.order ? { ExpressionAttributeNames: { '#order': 'order' } } : {}),
    },
    // One more than the page: with a filter, DynamoDB may still hold keys past the last match, so
    // "there is a next page" is known only by having read a request of it.
    limit + 1,
    (item) => item.entity === 'request',
  );
  const items = read.slice(0, limit);
  const last = items.at(-1);
  return {
    items: items.map((item) => withoutKeys<ManagedRequest>(item)),
    ...(read.length > limit && last ? { cursor: encodeCursor(last) } : {}),
  };
}

/** Every request in a status (housekeeping, planning): page after page. */
export async function allRequestsByStatus(
  db: Db,
  status: RequestStatus,
  options: QueueOptions & { from?: string; to?: string; onlyReleasing?: boolean } = {},
): Promise<ManagedRequest[]> {
  const all: ManagedRequest[] = [];
  let cursor: string | undefined;
  do {
    const page = await requestsByStatus(db, status, { ...options, cursor, limit: MAX_PAGE_SIZE });
    all.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return all;
}

/** A cursor is the index key of the last item of a page: base64url JSON, checked on the way back in. */
function encodeCursor(item: Record<string, unknown>): string {
  const { gsi1pk, gsi1sk, pk, sk } = item;
  return Buffer.from(JSON.stringify({ gsi1pk, gsi1sk, pk, sk })).toString('base64url');
}

const CURSOR_KEYS = ['gsi1pk', 'gsi1sk', 'pk', 'sk'];

function decodeCursor(cursor: string, partition: string): Record<string, string> {
  const bad = () => Object.assign(new Error('Invalid page cursor'), { name: 'BadCursor' });
  if (cursor.length > 1024 || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw bad();
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw bad();
  }
  if (!key || typeof key !== 'object' || Array.isArray(key)) throw bad();
  const entries = Object.entries(key);
  if (entries.length !== CURSOR_KEYS.length || !entries.every(([k, v]) => CURSOR_KEYS.includes(k) && typeof v === 'string' && v.length <= 512)) throw bad();
  const parsed = key as Record<string, string>;
  // A cursor of another status' list would page through the wrong requests.
  if (parsed.gsi1pk !== partition || !parsed.pk.startsWith('REQUEST#') || parsed.sk !== 'REQUEST') throw bad();
  return parsed;
}

/** The counter update for a request entering (+1) or leaving (-1) a status, for the transaction that changes it; tests count apart. */
export function statusCountChange(db: Db, status: RequestStatus, delta: 1 | -1, test = false): TxItem {
  return {
    Update: {
      TableName: db.table,
      Key: keys.statusCount(status, test),
      UpdateExpression: 'SET entity = :entity, #status = :status ADD #count :delta',
      ExpressionAttributeNames: { '#count': 'count', '#status': 'status' },
      ExpressionAttributeValues: { ':entity': 'statusCount', ':status': status, ':delta': delta },
    },
  };
}

/** How many requests are in each status: one query of the five counters, however long the history; real requests, or with `tests` the test requests. */
export async function countByStatus(db: Db, options: QueueOptions = {}): Promise<Record<RequestStatus, number>> {
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': options.tests ? keys.testStatusCounts : keys.statusCounts },
      ConsistentRead: true,
    }),
  );
  const counts = Object.fromEntries(REQUEST_STATUSES.map((status) => [status, 0])) as Record<RequestStatus, number>;
  for (const item of Items ?? []) {
    const status = item.status as RequestStatus;
    if (status in counts) counts[status] = Math.max(0, Number(item.count ?? 0));
  }
  return counts;
}

export interface RequestRecord {
  request: ManagedRequest;
  events: RequestEvent[];
  outbox: OutboxMessage[];
  payloads: PayloadEntry[];
}

/** A request with its history, its e-mails and its payload log (the call-up from its session included). */
export async function requestRecord(db: Db, requestId: string): Promise<RequestRecord | undefined> {
  const items = await queryAll(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.request(requestId).pk } });
  const requestItem = items.find((item) => item.sk === 'REQUEST');
  if (!requestItem) return undefined;
  const request = withoutKeys<ManagedRequest>(requestItem);
  const sessionItems = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND begins_with(sk, :prefix)',
    ExpressionAttributeValues: { ':pk': keys.session(request.sessionId).pk, ':prefix': 'PAYLOAD#' },
  });
  const of = (prefix: string, source = items) => source.filter((item) => (item.sk as string).startsWith(prefix));
  return {
    request,
    events: of('EVENT#').map((item) => withoutKeys<RequestEvent & { requestId: string }>(item)),
    outbox: of('OUTBOX#').map((item) => withoutKeys<OutboxMessage>(item)),
    // The purchase orders' documents and our answers live with each order (ORDER#…): shown with the request too.
    payloads: [...[...of('PAYLOAD#', sessionItems), ...of('PAYLOAD#')].map((item) => withoutKeys<PayloadEntry>(item)), ...(await orderPayloadsOfRequest(db, requestId))]
      .sort((a, b) => a.at.localeCompare(b.at)),
  };
}
