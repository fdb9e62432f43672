import type { HeldBySlot } from '../catalog/availability';
import { slotsOf } from '../catalog/period';
import type { RentalRequest } from '../requests/request';
import type { Db } from './db';
import { keys, TTL_ATTRIBUTE } from './keys';
import { queryAll } from './paging';
import type { TxItem } from './request-events';
import { epochSeconds, ttl } from './retention';

/**
 * The hold: how many vehicles of a type at a location open requests claim in one half-day slot.
 * Taken when a request is registered, released when it leaves the open statuses, read by the
 * catalog's availability; all three here, as transaction actions for the change that causes them.
 */

type HoldRequest = Pick<RentalRequest, 'id' | 'location' | 'vehicleType' | 'period'>;

/** Hold one vehicle of the request's type in each slot of its period (or of `slots`), on the condition that fewer than `capacity` are held. */
export function holdTakes(db: Db, request: HoldRequest, capacity: number, slots = slotsOf(request.period)): TxItem[] {
  return slots.map((slot) => ({
    Update: {
      TableName: db.table,
      Key: keys.hold(request.location.id, slot, request.vehicleType.id),
      UpdateExpression:
        'SET held = if_not_exists(held, :zero) + :one, slot = :slot, vehicleTypeId = :type, locationId = :loc, entity = :entity, #ttl = :ttl ADD requestIds :ids',
      ConditionExpression: 'attribute_not_exists(held) OR held < :capacity',
      ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
      ExpressionAttributeValues: {
        ':zero': 0,
        ':one': 1,
        ':capacity': capacity,
        ':slot': slot,
        ':type': request.vehicleType.id,
        ':loc': request.location.id,
        ':entity': 'hold',
        ':ttl': ttl.slot(slot),
        ':ids': new Set([request.id]),
      },
    },
  }));
}

/** Give back the vehicle each slot of the request's period (or of `slots`) held (only if this request holds it). */
export function holdReleases(db: Db, request: HoldRequest, slots = slotsOf(request.period)): TxItem[] {
  return slots.map((slot) => ({
    Update: {
      TableName: db.table,
      Key: keys.hold(request.location.id, slot, request.vehicleType.id),
      UpdateExpression: 'SET held = held - :one DELETE requestIds :ids',
      ConditionExpression: 'contains(requestIds, :id) AND held > :zero',
      ExpressionAttributeValues: { ':one': 1, ':zero': 0, ':ids': new Set([request.id]), ':id': request.id },
    },
  }));
}

/**
 * Pass the vehicle `from` holds in each of `slots` on to `to`, the request replacing it at the same
 * location and type: the count stays (no capacity check: nothing more is held), `to` joins the
 * holders. DynamoDB refuses an ADD and a DELETE on one set in one update, so `from`'s id is dropped
 * in a second step (holdIdDrops) that leaves the count alone.
 */
export function holdHandovers(db: Db, from: HoldRequest, to: HoldRequest, slots: string[]): TxItem[] {
  return slots.map((slot) => ({
    Update: {
      TableName: db.table,
      Key: keys.hold(from.location.id, slot, from.vehicleType.id),
      UpdateExpression: 'ADD requestIds :ids',
      ConditionExpression: 'contains(requestIds, :from) AND held > :zero',
      ExpressionAttributeValues: { ':ids': new Set([to.id]), ':from': from.id, ':zero': 0 },
    },
  }));
}

/** Drop `request`'s id from the holders of `slots` whose count it handed over (holdHandovers). */
export function holdIdDrops(db: Db, request: HoldRequest, slots: string[]): TxItem[] {
  return slots.map((slot) => ({
    Update: {
      TableName: db.table,
      Key: keys.hold(request.location.id, slot, request.vehicleType.id),
      UpdateExpression: 'DELETE requestIds :ids',
      ConditionExpression: 'contains(requestIds, :id)',
      ExpressionAttributeValues: { ':ids': new Set([request.id]), ':id': request.id },
    },
  }));
}

/** Held vehicles per slot and type at a location, for the slots from `first` to `last` inclusive (expired holds left out). */
export async function heldAt(db: Db, locationId: string, first: string, last: string, now = new Date()): Promise<HeldBySlot> {
  const held: HeldBySlot = new Map();
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    // TTL deletes only eventually: a hold past its retention must not count.
    FilterExpression: 'attribute_not_exists(#ttl) OR #ttl > :now',
    ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
    ExpressionAttributeValues: { ':pk': keys.holdPartition(locationId), ':from': `${first}#`, ':to': `${last}#~`, ':now': epochSeconds(now) },
    ProjectionExpression: 'slot, vehicleTypeId, held',
  });
  for (const item of items) {
    const slot = item.slot as string;
    if (!held.has(slot)) held.set(slot, new Map());
    held.get(slot)!.set(item.vehicleTypeId as string, item.held as number);
  }
  return held;
}
