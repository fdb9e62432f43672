import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { newRequestNotice, requesterChangeMail } from '../mail/outbox';
import type { RentalRequest, RequestStatus } from '../requests/request';
import { type Db, retentionOf } from './db';
import { holdTakes } from './holds';
import { keys, TTL_ATTRIBUTE } from './keys';
import { outboxPut } from './outbox';
import { statusCountChange } from './queue';
import { finishReleasing, MAX_ACTIONS } from './request-changes';
import { getRequest } from './request-read';
import { type Action, earlierFate, keptEarlierEvent, replacement } from './request-replace';
import { ttl } from './retention';
import { transactWithRetry } from './transact';
import { transferFingerprint } from './transfer-fingerprint';

export { getRequest } from './request-read';
export { transferFingerprint } from './transfer-fingerprint';

export type Registration =
  | { outcome: 'created'; request: RentalRequest }
  /** The same session transferred the same vehicle and period before: that request, not a second one. */
  | { outcome: 'repeated'; request: RentalRequest }
  /** No unit of the type is free for some slot of the period any more. */
  | { outcome: 'taken' }
  | { outcome: 'session-expired' }
  /** Lost every retry to concurrent transactions on the same holds. */
  | { outcome: 'busy' };

/** Rounds of read-and-write when the session's open request moved or changed meanwhile (a racing transfer, a decision). */
const MAX_ROUNDS = 4;

/**
 * Register a request and hold one unit of its type for every slot of its period, all or nothing,
 * in one transaction: the holds' conditions (not a prior read) decide who gets the last vehicle.
 * The same transaction counts it in the `requested` status, enqueues the operations notice and the
 * requester's "request received" e-mail, and makes it its session's open request: the session item
 * names it (`openRequestId`), on the condition that it still names the one read before, so of two
 * transfers of one session racing, one commits and the other reads again and replaces the winner.
 * The earlier open request (or the one a cXML edit selected: `selectedRequestId`) is replaced in
 * that transaction (store/request-replace.ts). `sessionRead`: the session as the caller just read it
 * (its `openRequestId`), used for the first round instead of reading it again. A test request (test-mode connection) takes no hold
 * and goes to the test list, with its own counters; it is idempotent per transfer all the same.
 */
export async function registerRequest(
  db: Db,
  request: RentalRequest,
  capacity: number,
  sessionExpiresAt: number,
  now = new Date(),
  options: { selectedRequestId?: string; sessionRead?: { openRequestId?: string } } = {},
): Promise<Registration> {
  const transfer = keys.transfer(request.sessionId, transferFingerprint(request));
  for (let round = 0; round < MAX_ROUNDS; round++) {
    // The first round may trust the caller's read of the session (one round trip less): if it is stale,
    // the session claim below fails and the next round reads it again, strongly consistent.
    const seen = round === 0 && options.sessionRead ? options.sessionRead.openRequestId : await openRequestOf(db, request.sessionId);
    const earlierId = seen ?? options.selectedRequestId;
    const fate = earlierFate(earlierId ? await getRequest(db, earlierId) : undefined, request);
    const registered: RentalRequest = fate.kind === 'replace' ? { ...request, replaces: fate.request.id } : request;
    const test = registered.test === true;
    const counts = new Map<string, { status: RequestStatus; test: boolean; delta: number }>();
    const count = (status: RequestStatus, isTest: boolean, delta: number) => {
      const key = `${status}|${isTest}`;
      counts.set(key, { status, test: isTest, delta: (counts.get(key)?.delta ?? 0) + delta });
    };
    count('requested', test, 1);
    if (fate.kind === 'replace') {
      count('requested', fate.request.test === true, -1);
      count('cancelled', fate.request.test === true, 1);
    }
    const counters = [...counts.values()].filter((c) => c.delta !== 0);
    const head: Action[] = [
      {
        tag: 'marker',
        item: {
          Put: {
            TableName: db.table,
            Item: { ...transfer, entity: 'transfer', requestId: request.id, [TTL_ATTRIBUTE]: ttl.transfer(sessionExpiresAt) },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      { tag: 'session', item: sessionClaim(db, request, seen, now) },
      {
        tag: 'request',
        item: {
          Put: {
            TableName: db.table,
            Item: {
              ...keys.request(request.id),
              entity: 'request',
              gsi1pk: keys.queue(registered.status, test),
              gsi1sk: `${registered.period.pickup}#${registered.id}`,
              ...registered,
              [TTL_ATTRIBUTE]: ttl.request(retentionOf(db), now, registered.period.return),
            },
            ConditionExpression: 'attribute_not_exists(pk)',
          },
        },
      },
      // The operations mailbox hears of the new request, the requester that it arrived: both commit with it.
      { tag: 'other', item: outboxPut(db, newRequestNotice(registered, keys.request(request.id).pk, now)) },
      { tag: 'other', item: outboxPut(db, requesterChangeMail(registered, 'request-received', keys.request(request.id).pk, now)) },
      // delta 1 | -1 only: replacing a request of the same kind leaves `requested` as it is.
      ...counters.map((c) => ({ tag: 'other' as const, item: statusCountChange(db, c.status, c.delta as 1 | -1, c.test) })),
      ...(fate.kind === 'keep' ? [{ tag: 'other' as const, item: keptEarlierEvent(db, fate.request, registered, now) }] : []),
    ];
    const replaced = fate.kind === 'replace' ? replacement(db, fate.request, registered, capacity, MAX_ACTIONS - head.length, now) : undefined;
    const actions = [...head, ...(replaced ? replaced.actions : test ? [] : holdTakes(db, registered, capacity).map((item) => ({ tag: 'take' as const, item })))];

    const result = await transactWithRetry(
      db,
      actions.map((a) => a.item),
      { baseDelayMs: 25 },
    );
    if (result.ok) {
      // A long rental's holds and unit that did not fit: freed now, else by housekeeping (the mark stays).
      if (replaced?.after.releasing) await finishReleasing(db, replaced.after);
      return { outcome: 'created', request: registered };
    }
    if (result.codes === 'busy') return { outcome: 'busy' };
    const codes = result.codes;
    const failed = new Set(actions.filter((_, i) => codes[i] === 'ConditionalCheckFailed').map((a) => a.tag));
    if (failed.has('marker')) return repeated(db, transfer);
    if (failed.has('session')) {
      if (!(await sessionOpen(db, request.sessionId, now))) return { outcome: 'session-expired' };
      continue; // another transfer of this session committed first: replace it in turn
    }
    // The earlier request was decided, changed or replaced meanwhile: look again.
    if (failed.has('earlier') || failed.has('handover') || failed.has('release') || failed.has('unit')) continue;
    if (failed.has('take')) return { outcome: 'taken' };
    // The request's own id or e-mail already written: a new id (a new transfer) is the way out.
    return { outcome: 'busy' };
  }
  return { outcome: 'busy' };
}

/**
 * The session item's claim: still there, not expired, and still naming the open request read
 * before (`seen`, or none): the database, not that read, decides which of two racing transfers wins.
 */
function sessionClaim(db: Db, request: RentalRequest, seen: string | undefined, now: Date) {
  return {
    Update: {
      TableName: db.table,
      Key: keys.session(request.sessionId),
      UpdateExpression: 'SET openRequestId = :id',
      ConditionExpression: `attribute_exists(pk) AND expiresAt > :now AND ${seen ? 'openRequestId = :seen' : 'attribute_not_exists(openRequestId)'}`,
      ExpressionAttributeValues: { ':id': request.id, ':now': Math.floor(now.getTime() / 1000), ...(seen ? { ':seen': seen } : {}) },
    },
  };
}

async function sessionItem(db: Db, sessionId: string) {
  const { Item } = await db.doc.send(
    new GetCommand({ TableName: db.table, Key: keys.session(sessionId), ConsistentRead: true, ProjectionExpression: 'openRequestId, expiresAt' }),
  );
  return Item;
}

/** The request the session last registered, if any. */
async function openRequestOf(db: Db, sessionId: string): Promise<string | undefined> {
  return (await sessionItem(db, sessionId))?.openRequestId as string | undefined;
}

async function sessionOpen(db: Db, sessionId: string, now: Date): Promise<boolean> {
  const item = await sessionItem(db, sessionId);
  return !!item && (item.expiresAt as number) > Math.floor(now.getTime() / 1000);
}

async function repeated(db: Db, transfer: { pk: string; sk: string }): Promise<Registration> {
  const marker = await db.doc.send(new GetCommand({ TableName: db.table, Key: transfer, ConsistentRead: true }));
  const request = marker.Item && (await getRequest(db, marker.Item.requestId as string));
  return request ? { outcome: 'repeated', request } : { outcome: 'busy' };
}
