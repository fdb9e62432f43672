import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CallUpRefusedReason } from '../metrics';
import type { Db } from './db';
import { keys, TTL_ATTRIBUTE } from './keys';
import { ttl } from './retention';

/**
 * Refused call-ups per connection, day and reason: the connection's health at a glance (a buyer
 * whose set-up broke shows a run of `fields` or `credentials`). Counters only, nothing personal;
 * call-ups whose connection is unknown count under `unknown`. Kept a month back (store/retention.ts).
 */
export const UNKNOWN_CONNECTION = 'unknown';

export interface CallUpRefusalCount {
  day: string;
  reason: CallUpRefusedReason;
  count: number;
}

export async function countCallUpRefusal(db: Db, connectionId: string | undefined, reason: CallUpRefusedReason, now = new Date()): Promise<void> {
  const day = now.toISOString().slice(0, 10);
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: keys.callUpRefusals(connectionId ?? UNKNOWN_CONNECTION, day, reason),
      UpdateExpression: 'ADD #count :one SET #entity = :entity, #ttl = :ttl',
      ExpressionAttributeNames: { '#count': 'count', '#entity': 'entity', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: {
        ':one': 1,
        ':entity': 'callup-refusals',
        ':ttl': ttl.callUpStats(day),
      },
    }),
  );
}

/** A connection's refused call-ups from `sinceDay` (`2026-11-01`) on, by day and reason. */
export async function callUpRefusalsOf(db: Db, connectionId: string, sinceDay: string): Promise<CallUpRefusalCount[]> {
  const { Items } = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'pk = :pk AND sk >= :since',
      ExpressionAttributeValues: { ':pk': keys.callUpRefusalsOf(connectionId), ':since': sinceDay },
    }),
  );
  // At most 31 days × 5 reasons: one page.
  return (Items ?? []).map((item) => {
    const [day, reason] = String(item.sk).split('#');
    return { day, reason: reason as CallUpRefusedReason, count: Number(item.count) };
  });
}
