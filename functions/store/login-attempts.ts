import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { getItems, type ItemKey, type ReadItems } from './batch-get';
import type { Db } from './db';
import { keys, TTL_ATTRIBUTE } from './keys';
import { ttl } from './retention';

/**
 * Throttling of call-up logins. Only failures count (a wrong password or an unknown username),
 * in fixed windows of five minutes, per client address, per username, and per username and
 * address together. A call-up is refused unseen (429, `Retry-After` = the rest of the window)
 * while its address has 30 failures in the window, or while its username has 10 and this
 * address has at least one of them: someone guessing is stopped, yet the real buyer, calling up
 * from an address that has not failed, still gets in. Nothing lasts past the window.
 */
export const LOGIN_THROTTLE = { windowSeconds: 300, perAddress: 30, perUsername: 10 } as const;

export type LoginGate = { open: true } | { open: false; retryAfterSeconds: number };

function window(now: Date): { start: number; end: number } {
  const seconds = Math.floor(now.getTime() / 1000);
  const start = seconds - (seconds % LOGIN_THROTTLE.windowSeconds);
  return { start, end: start + LOGIN_THROTTLE.windowSeconds };
}

const scopes = (username: string, address: string) => ({
  user: `user#${username}`,
  addr: `addr#${address}`,
  pair: `pair#${username}#${address}`,
});

/**
 * The gate's three failure counters (username, address, both) as keys, and the gate they make once
 * read: read alone by loginGate, or in the same BatchGetItem as the login itself (store/logins.ts).
 */
export function gateRead(username: string, address: string, now = new Date()): { keys: ItemKey[]; gate(read: ReadItems): LoginGate } {
  const { start, end } = window(now);
  const s = scopes(username, address);
  const counters = [s.user, s.addr, s.pair].map((scope) => keys.loginFailures(scope, start));
  return {
    keys: counters,
    gate(read) {
      const [user, addr, pair] = counters.map((key) => Number(read(key)?.count ?? 0));
      const shut = addr >= LOGIN_THROTTLE.perAddress || (user >= LOGIN_THROTTLE.perUsername && pair > 0);
      return shut ? { open: false, retryAfterSeconds: Math.max(1, end - Math.floor(now.getTime() / 1000)) } : { open: true };
    },
  };
}

/** Whether a call-up login for `username` from `address` may be tried now (one BatchGetItem). */
export async function loginGate(db: Db, username: string, address: string, now = new Date()): Promise<LoginGate> {
  const read = gateRead(username, address, now);
  return read.gate(await getItems(db, read.keys, { consistent: false }));
}

/** Count a failed login of `username` from `address`. */
export async function recordLoginFailure(db: Db, username: string, address: string, now = new Date()): Promise<void> {
  const { start, end } = window(now);
  await Promise.all(
    Object.values(scopes(username, address)).map((scope) =>
      db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.loginFailures(scope, start),
          UpdateExpression: 'ADD #count :one SET #entity = :entity, #ttl = :ttl',
          ExpressionAttributeNames: { '#count': 'count', '#entity': 'entity', '#ttl': TTL_ATTRIBUTE },
          ExpressionAttributeValues: { ':one': 1, ':entity': 'login-failures', ':ttl': ttl.loginFailures(end) },
        }),
      ),
    ),
  );
}
