import { slotsOf } from '../catalog/period';
import { type Actor, type ManagedRequest, REASON_LABELS, REPLACED, type RequestEvent } from '../requests/lifecycle';
import type { RentalRequest } from '../requests/request';
import type { Db } from './db';
import { holdHandovers, holdReleases, holdTakes } from './holds';
import { keys } from './keys';
import { MAX_ACTIONS, requestUpdate, slotDelete } from './request-changes';
import { eventPut, type TxItem } from './request-events';
import { transferFingerprint } from './transfer-fingerprint';

/**
 * One session, one open request (issue 11): what a new transfer does to the earlier request of
 * its session (or to the request a cXML edit set-up selected). Still only `requested` and without
 * a purchase order, it is cancelled as `replaced` in the registration's own transaction and its
 * hold goes: slots both periods share are handed over to the new request (so the last vehicle is
 * not lost to oneself), the others given back; what does not fit in the transaction is marked
 * `releasing` and finished right after (finishReleasing, else housekeeping). A confirmed or
 * ordered earlier request is kept: operations decided or the buyer ordered, and only a person
 * should undo that; the new request's history says so.
 */

export type Earlier =
  | { kind: 'none' }
  | { kind: 'replace'; request: ManagedRequest }
  | { kind: 'keep'; request: ManagedRequest };

/** What happens to `earlier` when `next` is registered in the same session. */
export function earlierFate(earlier: ManagedRequest | undefined, next: RentalRequest): Earlier {
  if (!earlier || earlier.id === next.id || earlier.connectionId !== next.connectionId) return { kind: 'none' };
  if (earlier.status === 'requested' && !earlier.order) return { kind: 'replace', request: earlier };
  if (earlier.status === 'requested' || earlier.status === 'confirmed') return { kind: 'keep', request: earlier };
  return { kind: 'none' };
}

/** Which action of the registration a failed condition belongs to. */
export type Tag = 'marker' | 'session' | 'request' | 'take' | 'earlier' | 'handover' | 'release' | 'unit' | 'other';
export interface Action {
  tag: Tag;
  item: TxItem;
}

export interface Replacement {
  /** The earlier request's cancellation, its history, its transfer marker, and the hold changes of both. */
  actions: Action[];
  /** The earlier request as it is after the transaction (with `releasing` when something is left to free). */
  after: ManagedRequest;
}

const requesterActor = (request: RentalRequest): Actor => ({ kind: 'requester', email: request.requester.email, name: request.requester.fullName });

/**
 * The actions that cancel `earlier` as replaced by `next` and move the holds, within what is left
 * of the transaction (`room` actions). `next`'s hold takes are among them (a slot both periods
 * share is one update, not two: a transaction may touch an item only once).
 */
export function replacement(db: Db, earlier: ManagedRequest, next: RentalRequest, capacity: number, room: number, now: Date): Replacement {
  const at = now.toISOString();
  const nextSlots = next.test ? [] : slotsOf(next.period);
  const earlierSlots = earlier.test ? [] : slotsOf(earlier.period);
  const samePool = earlier.location.id === next.location.id && earlier.vehicleType.id === next.vehicleType.id;
  const shared = samePool ? new Set(nextSlots.filter((slot) => earlierSlots.includes(slot))) : new Set<string>();
  const handedOver = [...shared];
  const takes = holdTakes(db, next, capacity, nextSlots.filter((slot) => !shared.has(slot)));
  const toRelease = earlierSlots.filter((slot) => !shared.has(slot));
  const plate = earlier.assignment?.plate;
  const unitSlots = plate ? slotsOf(earlier.period) : [];

  // Fixed: the earlier request's update, its history entry and its marker; then the holds.
  let left = room - 3 - takes.length - handedOver.length;
  const releaseInline = toRelease.length <= left;
  if (releaseInline) left -= toRelease.length;
  const unitInline = unitSlots.length <= left;
  const releasing: NonNullable<ManagedRequest['releasing']> = {
    slots: unitInline ? [] : unitSlots,
    ...(plate && !unitInline ? { plate } : {}),
    ...(releaseInline ? {} : { holds: toRelease }),
    ...(handedOver.length ? { handedOver } : {}),
  };
  const pending = !unitInline || !releaseInline || handedOver.length > 0;

  const decision = { reason: REPLACED, note: `Replaced by ${next.id}` } as const;
  // The fields the cancellation changes: written to the table and returned as the earlier's new state.
  const cancelled = {
    status: 'cancelled',
    updatedAt: at,
    statusChangedAt: at,
    statusChangedBy: next.requester.email,
    decision,
    replacedBy: next.id,
    ...(pending ? { releasing } : {}),
  } as const;
  const set: Record<string, unknown> = { ...cancelled, gsi1pk: keys.queue('cancelled', earlier.test) };
  const event: RequestEvent = { at, actor: requesterActor(next), action: 'cancelled', detail: `${REASON_LABELS[REPLACED]}: ${next.id}` };
  const marker = keys.transfer(earlier.sessionId, transferFingerprint(earlier));
  const actions: Action[] = [
    // Only while nobody changed it since it was read (still `requested`, same version): else the registration retries.
    { tag: 'earlier', item: requestUpdate(db, earlier, set) },
    { tag: 'other', item: eventPut(db, earlier.id, event, earlier.period.return) },
    // Choosing the earlier vehicle and period again makes a new request, not a "repeat" of the cancelled one.
    {
      tag: 'other',
      item: {
        Delete: {
          TableName: db.table,
          Key: marker,
          ConditionExpression: 'attribute_not_exists(pk) OR requestId = :id',
          ExpressionAttributeValues: { ':id': earlier.id },
        },
      },
    },
    ...takes.map((item) => ({ tag: 'take' as const, item })),
    ...holdHandovers(db, earlier, next, handedOver).map((item) => ({ tag: 'handover' as const, item })),
    ...(releaseInline ? holdReleases(db, earlier, toRelease).map((item) => ({ tag: 'release' as const, item })) : []),
    ...(plate && unitInline ? unitSlots.map((slot) => ({ tag: 'unit' as const, item: slotDelete(db, earlier.id, plate, slot) })) : []),
  ];
  const { releasing: _old, ...rest } = earlier;
  const after: ManagedRequest = { ...rest, ...cancelled, version: (earlier.version ?? 0) + 1 };
  if (actions.length > room) throw new Error(`replacing ${earlier.id} needs ${actions.length} actions, ${room} left`);
  return { actions, after };
}

/** The new request's history entry when the earlier one of its session was kept (confirmed or ordered). */
export function keptEarlierEvent(db: Db, kept: ManagedRequest, next: RentalRequest, now: Date): TxItem {
  const why = kept.status === 'confirmed' ? 'confirmed' : 'ordered by the buyer';
  const event: RequestEvent = {
    at: now.toISOString(),
    actor: requesterActor(next),
    action: 'registered',
    detail: `Same session as ${kept.id} (${why}), which was kept: check with the requester whether both are wanted.`,
  };
  return eventPut(db, next.id, event, next.period.return);
}
