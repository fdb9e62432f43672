import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';
import { keys, TTL_ATTRIBUTE } from './keys';
import { ttl } from './retention';

/**
 * Throttling of status-link guessing (routes/requester.ts). A forged, expired or unknown link
 * counts as a failure of the client address, in fixed windows of five minutes (the call-up's
 * login-failure items, same TTL, scope `status-link#<address>`); at 20 the address gets 429 until the
 * window ends. A 128-bit MAC cannot be guessed anyway: this keeps scanners from costing reads.
 */
export const LINK_THROTTLE = { windowSeconds: 300, perAddress: 20 } as const;

function window(now: Date): { start: number; end: number } {
  const seconds = Math.floor(now.getTime() / 1000);
  const start = seconds - (seconds % LINK_THROTTLE.windowSeconds);
  return { start, end: start + LINK_THROTTLE.windowSeconds };
}

const scope = (address: string) => `status-link#${address}`;

/** Seconds to wait before trying again, or 0 when the address may try now. */
export async function linkRetryAfter(db: Db, address: string, now = new Date()): Promise<number> {
  const { start, end } = window(now);
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.loginFailures(scope(address), start) }));
  return Number(Item?.count ?? 0) >= LINK_THROTTLE.perAddress ? Math.max(1, end - Math.floor(now.getTime() / 1000)) : 0;
}

export async function recordLinkFailure(db: Db, address: string, now = new Date()): Promise<void> {
  const { start, end } = window(now);
  await db.doc.send(
    new UpdateCommand({
      TableName: db.table,
      Key: keys.loginFailures(scope(address), start),
      UpdateExpression: 'ADD #count :one SET #entity = :entity, #ttl = :ttl',
      ExpressionAttributeNames: { '#count': 'count', '#entity': 'entity', '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: { ':one': 1, ':entity': 'login-failures', ':ttl': ttl.loginFailures(end) },
    }),
  );
}
