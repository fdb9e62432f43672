import { createHash } from 'node:crypto';
import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { slotsOf } from '../catalog/period';
import type { RentalRequest } from '../requests/request';
import { cancellationCodes, type Db, withoutKeys } from './db';
import { keys } from './keys';
import { newRequestNotice } from './new-request-notice';
import { outboxPut } from './outbox';

export type Registration =
  | { outcome: 'created'; request: RentalRequest }
  /** The same session transferred the same vehicle and period before: that request, not a second one. */
  | { outcome: 'repeated'; request: RentalRequest }
  /** No unit of the type is free for some slot of the period any more. */
  | { outcome: 'taken' }
  | { outcome: 'session-expired' }
  /** Lost every retry to concurrent transactions on the same holds. */
  | { outcome: 'busy' };

/** What makes two transfers of one session the same transfer. */
export function transferFingerprint(request: Pick<RentalRequest, 'vehicleType' | 'location' | 'period'>): string {
  const { vehicleType, location, period } = request;
  return createHash('sha256')
    .update([vehicleType.id, location.id, period.pickup, period.return].join('|'))
    .digest('base64url')
    .slice(0, 22);
}

const MAX_ATTEMPTS = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Register a request and hold one unit of its type for every slot of its period, all or nothing,
 * in one transaction: the holds' conditions (not a prior read) decide who gets the last vehicle.
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
  const holdUpdates = slotsOf(request.period).map((slot) => ({
    Update: {
      TableName: db.table,
      Key: keys.hold(request.location.id, slot, request.vehicleType.id),
      UpdateExpression:
        'SET held = if_not_exists(held, :zero) + :one, slot = :slot, vehicleTypeId = :type, locationId = :loc ADD requestIds :ids',
      ConditionExpression: 'attribute_not_exists(held) OR held < :capacity',
      ExpressionAttributeValues: {
        ':zero': 0,
        ':one': 1,
        ':capacity': capacity,
        ':slot': slot,
        ':type': request.vehicleType.id,
        ':loc': request.location.id,
        ':ids': new Set([request.id]),
      },
    },
  }));
  const command = new TransactWriteCommand({
    TransactItems: [
      {
        Put: {
          TableName: db.table,
          Item: { ...transfer, entity: 'transfer', requestId: request.id, expiresAt: sessionExpiresAt + 30 * 86400 },
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
            gsi1pk: keys.queue(request.status),
            gsi1sk: `${request.period.pickup}#${request.id}`,
            ...request,
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      ...holdUpdates,
      // The operations mailbox hears of the new request: its e-mail intent commits with the request.
      outboxPut(db, newRequestNotice(request, now)),
    ],
  });

  for (let attempt = 1; ; attempt++) {
    try {
      await db.doc.send(command);
      return { outcome: 'created', request };
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes[0] === 'ConditionalCheckFailed') return repeated(db, transfer);
      if (codes[1] === 'ConditionalCheckFailed') return { outcome: 'session-expired' };
      if (codes.slice(3, 3 + holdUpdates.length).includes('ConditionalCheckFailed')) return { outcome: 'taken' };
      // Another transaction touched the same holds at the same moment: try again shortly.
      if (attempt >= MAX_ATTEMPTS) return { outcome: 'busy' };
      await sleep(Math.random() * 25 * 2 ** attempt);
    }
  }
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
