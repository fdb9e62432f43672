import { createHash } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { newRequestNotice } from '../mail/outbox';
import type { RentalRequest } from '../requests/request';
import { type Db, retentionOf, withoutKeys } from './db';
import { holdTakes } from './holds';
import { keys, TTL_ATTRIBUTE } from './keys';
import { outboxPut } from './outbox';
import { statusCountChange } from './queue';
import type { TxItem } from './request-events';
import { ttl } from './retention';
import { transactWithRetry } from './transact';

export type Registration =
  | { outcome: 'created'; request: RentalRequest }
  /** The same session transferred the same vehicle and period before: that request, not a second one. */
  | { outcome: 'repeated'; request: RentalRequest }
  /** No unit of the type is free for some slot of the period any more. */
  | { outcome: 'taken' }
  | { outcome: 'session-expired' }
  /** Lost every retry to concurrent transactions on the same holds. */
  | { outcome: 'busy' };

/** What makes two transfers of one session the same transfer (the same vehicle, period and delivery address). */
export function transferFingerprint(request: Pick<RentalRequest, 'vehicleType' | 'location' | 'period' | 'deliveryAddress'>): string {
  const { vehicleType, location, period, deliveryAddress } = request;
  return createHash('sha256')
    .update([vehicleType.id, location.id, period.pickup, period.return, ...(deliveryAddress ? [deliveryAddress.id] : [])].join('|'))
    .digest('base64url')
    .slice(0, 22);
}

/**
 * Register a request and hold one unit of its type for every slot of its period, all or nothing,
 * in one transaction: the holds' conditions (not a prior read) decide who gets the last vehicle.
 * The same transaction counts it in the `requested` status and enqueues the operations notice.
 * A test request (test-mode connection) takes no hold and goes to the test list, with its own
 * counters; it is idempotent per transfer all the same.
 */
export async function registerRequest(
  db: Db,
  request: RentalRequest,
  capacity: number,
  sessionExpiresAt: number,
  now = new Date(),
): Promise<Registration> {
  const fingerprint = transferFingerprint(request);
  const transfer = keys.transfer(request.sessionId, fingerprint);
  const test = request.test === true;
  const takes = test ? [] : holdTakes(db, request, capacity);
  const items: TxItem[] = [
    {
      Put: {
        TableName: db.table,
        Item: { ...transfer, entity: 'transfer', requestId: request.id, [TTL_ATTRIBUTE]: ttl.transfer(sessionExpiresAt) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    {
      ConditionCheck: {
        TableName: db.table,
        Key: keys.session(request.sessionId),
        ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
        ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
      },
    },
    {
      Put: {
        TableName: db.table,
        Item: {
          ...keys.request(request.id),
          entity: 'request',
          gsi1pk: keys.queue(request.status, test),
          gsi1sk: `${request.period.pickup}#${request.id}`,
          ...request,
          [TTL_ATTRIBUTE]: ttl.request(retentionOf(db), now, request.period.return),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
    ...takes,
    // The operations mailbox hears of the new request: its e-mail intent commits with the request.
    outboxPut(db, newRequestNotice(request, keys.request(request.id).pk, now)),
    statusCountChange(db, request.status, 1, test),
  ];

  const result = await transactWithRetry(db, items, { baseDelayMs: 25 });
  if (result.ok) return { outcome: 'created', request };
  if (result.codes === 'busy') return { outcome: 'busy' };
  const codes = result.codes;
  if (codes[0] === 'ConditionalCheckFailed') return repeated(db, transfer);
  if (codes[1] === 'ConditionalCheckFailed') return { outcome: 'session-expired' };
  if (codes.slice(3, 3 + takes.length).includes('ConditionalCheckFailed')) return { outcome: 'taken' };
  // The request's own id or notice already written: a new id (a new transfer) is the way out.
  return { outcome: 'busy' };
}

async function repeated(db: Db, transfer: { pk: string; sk: string }): Promise<Registration> {
  const marker = await db.doc.send(new GetCommand({ TableName: db.table, Key: transfer, ConsistentRead: true }));
  const request = await getRequest(db, marker.Item!.requestId as string);
  return request ? { outcome: 'repeated', request } : { outcome: 'busy' };
}

export async function getRequest(db: Db, id: string): Promise<RentalRequest | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.request(id), ConsistentRead: true }));
  return Item ? withoutKeys<RentalRequest>(Item) : undefined;
}
