import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { OutboxMessage } from '../mail/outbox';
import type { ManagedRequest, RequestEvent } from '../requests/lifecycle';
import { REQUEST_STATUSES, type RequestStatus } from '../requests/request';
import { type Db, withoutKeys } from './db';
import { GSI1, keys } from './keys';
import type { PayloadEntry } from './payload-log';

/** Requests in a status by pick-up (soonest first), optionally with pick-up between `from` and `to` (dates or date-times). */
export async function requestsByStatus(
  db: Db,
  status: RequestStatus,
  options: { from?: string; to?: string; limit?: number; onlyReleasing?: boolean } = {},
): Promise<ManagedRequest[]> {
  const values: Record<string, unknown> = { ':pk': keys.queue(status) };
  let condition = 'gsi1pk = :pk';
  if (options.from || options.to) {
    values[':from'] = options.from ?? '0000';
    values[':to'] = `${options.to ?? '9999'}~`;
    condition += ' AND gsi1sk BETWEEN :from AND :to';
  }
  const requests: ManagedRequest[] = [];
  let start: Record<string, unknown> | undefined;
  const limit = options.limit ?? 500;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        IndexName: GSI1,
        KeyConditionExpression: condition,
        ExpressionAttributeValues: values,
        ExclusiveStartKey: start,
        Limit: limit - requests.length,
        // Requests whose unit slots are still being freed in a second step (see finishReleasing).
        ...(options.onlyReleasing ? { FilterExpression: 'attribute_exists(releasing)' } : {}),
      }),
    );
    for (const item of page.Items ?? []) if (item.entity === 'request') requests.push(withoutKeys<ManagedRequest>(item));
    start = page.LastEvaluatedKey;
  } while (start && requests.length < limit);
  return requests;
}

/** How many requests are in each status. */
export async function countByStatus(db: Db): Promise<Record<RequestStatus, number>> {
  const counts = await Promise.all(
    REQUEST_STATUSES.map(async (status) => {
      let count = 0;
      let start: Record<string, unknown> | undefined;
      do {
        const page = await db.doc.send(
          new QueryCommand({
            TableName: db.table,
            IndexName: GSI1,
            KeyConditionExpression: 'gsi1pk = :pk',
            ExpressionAttributeValues: { ':pk': keys.queue(status) },
            Select: 'COUNT',
            ExclusiveStartKey: start,
          }),
        );
        count += page.Count ?? 0;
        start = page.LastEvaluatedKey;
      } while (start);
      return [status, count] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<RequestStatus, number>;
}

export interface RequestRecord {
  request: ManagedRequest;
  events: RequestEvent[];
  outbox: OutboxMessage[];
  payloads: PayloadEntry[];
}

/** A request with its history, its e-mails and its payload log (the call-up from its session included). */
export async function requestRecord(db: Db, requestId: string): Promise<RequestRecord | undefined> {
  const items = await partition(db, keys.request(requestId).pk);
  const requestItem = items.find((item) => item.sk === 'REQUEST');
  if (!requestItem) return undefined;
  const request = withoutKeys<ManagedRequest>(requestItem);
  const sessionItems = await partition(db, keys.session(request.sessionId).pk, 'PAYLOAD#');
  const of = (prefix: string, source = items) => source.filter((item) => (item.sk as string).startsWith(prefix));
  return {
    request,
    events: of('EVENT#').map((item) => withoutKeys<RequestEvent & { requestId: string }>(item)),
    outbox: of('OUTBOX#').map((item) => withoutKeys<OutboxMessage>(item)),
    payloads: [...of('PAYLOAD#', sessionItems), ...of('PAYLOAD#')]
      .map((item) => withoutKeys<PayloadEntry>(item))
      .sort((a, b) => a.at.localeCompare(b.at)),
  };
}

async function partition(db: Db, pk: string, prefix?: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: prefix ? 'pk = :pk AND begins_with(sk, :prefix)' : 'pk = :pk',
        ExpressionAttributeValues: prefix ? { ':pk': pk, ':prefix': prefix } : { ':pk': pk },
        ExclusiveStartKey: start,
      }),
    );
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}
