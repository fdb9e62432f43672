import { TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { slotsOf } from '../catalog/period';
import { type MailKind, requesterCancelNotice, requesterChangeMail } from '../mail/outbox';
import { confirmationChange } from '../orders/confirmation';
import {
  type Actor,
  type DecisionReason,
  type ManagedRequest,
  type RequestEvent,
  type Transition,
  TRANSITIONS,
  versionOf,
} from '../requests/lifecycle';
import { describeError, log } from '../log';
import { cancellationCodes, type Db } from './db';
import { holdIdDrops, holdReleases } from './holds';
import { keys, TTL_ATTRIBUTE } from './keys';
import { outboxPut } from './outbox';
import { queryAll } from './paging';
import { statusCountChange } from './queue';
import { eventPut, type TxItem } from './request-events';
import { getRequest } from './request-read';
import { ttl } from './retention';
import { transactWithRetry } from './transact';

/**
 * Every change operations make to a request, each one transaction: the request's new state, its
 * history entry, its e-mail intent (the outbox), the holds it releases and the unit slots it takes
 * or frees. Conditions on the request's version and on each slot decide races, never a prior read.
 */

/** DynamoDB's limit of actions in one TransactWriteItems call. */
export const MAX_ACTIONS = 100;

export type ChangeOutcome =
  | { outcome: 'done'; request: ManagedRequest }
  /** Someone changed the request meanwhile (or it is in another status): reload and look again. */
  | { outcome: 'changed'; request?: ManagedRequest }
  /** The unit is taken for part of the period, by these requests. */
  | { outcome: 'taken'; conflicts: UnitConflict[] }
  | { outcome: 'busy' };

export interface UnitConflict {
  requestId: string;
  slots: string[];
}

function actorId(actor: Actor): string {
  return actor.kind === 'system' ? 'system' : actor.email;
}

/** The request's update: new fields, version bumped, on the condition that nobody changed it since `request` was read. */
export function requestUpdate(db: Db, request: ManagedRequest, set: Record<string, unknown>, remove: string[] = [], extraCondition?: string): TxItem {
  const version = versionOf(request);
  const names: Record<string, string> = { '#status': 'status' };
  const values: Record<string, unknown> = { ':status': request.status };
  const assignments = Object.entries({ ...set, version: version + 1 }).map(([field, value], i) => {
    names[`#f${i}`] = field;
    values[`:f${i}`] = value;
    return `#f${i} = :f${i}`;
  });
  remove.forEach((field, i) => (names[`#r${i}`] = field));
  let condition = `#status = :status AND ${version === 0 ? 'attribute_not_exists(version)' : 'version = :version'}`;
  if (version !== 0) values[':version'] = version;
  if (extraCondition) condition += ` AND ${extraCondition}`;
  return {
    Update: {
      TableName: db.table,
      Key: keys.request(request.id),
      UpdateExpression: `SET ${assignments.join(', ')}${remove.length ? ` REMOVE ${remove.map((_, i) => `#r${i}`).join(', ')}` : ''}`,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

function slotPut(db: Db, request: ManagedRequest, plate: string, slot: string): TxItem {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...keys.unitSlot(plate, slot),
        entity: 'unitSlot',
        plate,
        slot,
        requestId: request.id,
        locationId: request.location.id,
        vehicleTypeId: request.vehicleType.id,
        [TTL_ATTRIBUTE]: ttl.slot(slot),
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export function slotDelete(db: Db, requestId: string, plate: string, slot: string): TxItem {
  return {
    Delete: {
      TableName: db.table,
      Key: keys.unitSlot(plate, slot),
      ConditionExpression: 'attribute_not_exists(pk) OR requestId = :id',
      ExpressionAttributeValues: { ':id': requestId },
    },
  };
}

/** The e-mail to the requester for a change, with the request as it will be after it. */
function requesterMail(db: Db, after: ManagedRequest, kind: MailKind, now: Date, calendarSequence?: number): TxItem {
  return outboxPut(db, requesterChangeMail(after, kind, keys.request(after.id).pk, now, calendarSequence));
}

const send = (db: Db, items: TxItem[]) => transactWithRetry(db, items);

/** Requests that hold `plate` in any of `slots`, other than `requestId`. */
export async function unitConflicts(db: Db, plate: string, slots: string[], requestId?: string): Promise<UnitConflict[]> {
  if (!slots.length) return [];
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.unitSlot(plate, '').pk, ':from': `SLOT#${slots[0]}`, ':to': `SLOT#${slots[slots.length - 1]}` },
    ConsistentRead: true,
  });
  const byRequest = new Map<string, string[]>();
  for (const item of items) {
    const id = item.requestId as string;
    if (id === requestId) continue;
    byRequest.set(id, [...(byRequest.get(id) ?? []), item.slot as string]);
  }
  return [...byRequest].map(([id, taken]) => ({ requestId: id, slots: taken }));
}

/**
 * Assign (or change) the unit of a request: the unit's slot items are put on the condition that
 * none exists, so of two overlapping assignments of one unit DynamoDB lets exactly one through.
 * A change after confirmation e-mails the requester an updated calendar entry.
 */
export async function assignUnit(db: Db, request: ManagedRequest, plate: string, actor: Actor, now = new Date()): Promise<ChangeOutcome> {
  if (request.releasing) request = (await finishReleasing(db, request)) ?? request;
  const previous = request.assignment?.plate;
  if (previous === plate) return { outcome: 'done', request };
  const slots = slotsOf(request.period);
  const at = now.toISOString();
  const confirmed = request.status === 'confirmed';
  const sequence = confirmed ? (request.calendarSequence ?? 0) + 1 : request.calendarSequence;
  let after: ManagedRequest = {
    ...request,
    assignment: { plate, at, by: actorId(actor) },
    version: versionOf(request) + 1,
    updatedAt: at,
    ...(sequence !== undefined ? { calendarSequence: sequence } : {}),
  };
  // Another vehicle on an accepted cXML order: the buyer's system hears it too (a detail), in this transaction.
  const confirmation = confirmationChange(request, after, 'change', now, keys.request(request.id).pk);
  if (confirmation) after = { ...after, order: confirmation.order };
  const releaseInline = previous !== undefined && 2 * slots.length + 3 + (confirmation ? 1 : 0) <= MAX_ACTIONS;
  const set: Record<string, unknown> = { assignment: after.assignment, updatedAt: at };
  if (confirmed) set.calendarSequence = sequence;
  if (confirmation) set.order = confirmation.order;
  if (previous !== undefined && !releaseInline) set.releasing = { plate: previous, slots };
  const event: RequestEvent = {
    at,
    actor,
    action: previous ? 'reassigned' : 'assigned',
    detail: previous ? `${previous} → ${plate}` : plate,
  };
  const head: TxItem[] = [requestUpdate(db, request, set), eventPut(db, request.id, event, request.period.return)];
  if (confirmed) head.push(requesterMail(db, after, 'request-updated', now, sequence));
  if (confirmation) head.push(outboxPut(db, confirmation.message));
  const items = [
    ...head,
    ...slots.map((slot) => slotPut(db, request, plate, slot)),
    ...(releaseInline ? slots.map((slot) => slotDelete(db, request.id, previous!, slot)) : []),
  ];
  const result = await send(db, items);
  if (result.ok) {
    if (previous === undefined || releaseInline) return { outcome: 'done', request: after };
    const pending = { ...after, releasing: { plate: previous, slots } };
    return { outcome: 'done', request: (await finishReleasing(db, pending)) ?? pending };
  }
  if (result.codes === 'busy') return { outcome: 'busy' };
  if (result.codes[0] === 'ConditionalCheckFailed') return { outcome: 'changed', request: await getRequest(db, request.id) };
  return { outcome: 'taken', conflicts: await unitConflicts(db, plate, slots, request.id) };
}

export interface Decision {
  reason: DecisionReason;
  note: string;
}

/**
 * Confirm, decline, cancel or expire a request. Leaving the open statuses releases the holds (in
 * the same transaction) and the unit's slots (in it too when the transaction has room, else right
 * after, marked on the request until done).
 */
export async function changeStatus(
  db: Db,
  request: ManagedRequest,
  transition: Transition,
  actor: Actor,
  now = new Date(),
  decision?: Decision,
): Promise<ChangeOutcome> {
  if (request.releasing) request = (await finishReleasing(db, request)) ?? request;
  const rule = TRANSITIONS[transition];
  const at = now.toISOString();
  const slots = slotsOf(request.period);
  const to = rule.to;
  const releases = to !== 'confirmed';
  const plate = request.assignment?.plate;
  const kind: MailKind = `request-${to}` as MailKind;
  // A calendar entry exists once confirmed: confirmation creates it (0), cancellation bumps it.
  const sequence =
    transition === 'confirm' ? (request.calendarSequence ?? -1) + 1 : transition === 'cancel' ? (request.calendarSequence ?? -1) + 1 : request.calendarSequence;
  let after: ManagedRequest = {
    ...request,
    status: to,
    version: versionOf(request) + 1,
    updatedAt: at,
    statusChangedAt: at,
    statusChangedBy: actorId(actor),
    ...(decision ? { decision } : {}),
    ...(sequence !== undefined ? { calendarSequence: sequence } : {}),
  };
  // A cXML order's buyer hears the decision too (accept or reject), in this transaction; an expiry is a reject.
  const confirmation = confirmationChange(request, after, transition === 'expire' ? 'decline' : transition, now, keys.request(request.id).pk);
  if (confirmation) after = { ...after, order: confirmation.order };
  // A confirmed reservation the requester cancels with their link: operations set a unit aside for it, so they hear of it.
  const opsNotice = transition === 'cancel' && actor.kind === 'requester' && request.status === 'confirmed' ? requesterCancelNotice(after, keys.request(request.id).pk, now) : undefined;
  // Request, history, e-mail(s) and the two status counters, then the holds and (if they fit) the unit's slots.
  const unitInline = releases && plate !== undefined && 5 + (confirmation ? 1 : 0) + (opsNotice ? 1 : 0) + 2 * slots.length <= MAX_ACTIONS;
  const set: Record<string, unknown> = {
    status: to,
    gsi1pk: keys.queue(to, request.test),
    updatedAt: at,
    statusChangedAt: at,
    statusChangedBy: actorId(actor),
  };
  if (decision) set.decision = decision;
  if (sequence !== undefined) set.calendarSequence = sequence;
  if (confirmation) set.order = confirmation.order;
  if (releases && plate !== undefined && !unitInline) set.releasing = { plate, slots };
  const event: RequestEvent = {
    at,
    actor,
    action: to as RequestEvent['action'],
    detail: decision ? [decision.reason, decision.note].filter(Boolean).join(': ') : plate,
  };
  const items: TxItem[] = [
    // A confirmation needs a unit, except for a test request, which holds none.
    requestUpdate(db, request, set, [], transition === 'confirm' && !request.test ? 'attribute_exists(assignment)' : undefined),
    eventPut(db, request.id, event, request.period.return),
    requesterMail(db, after, kind, now, transition === 'confirm' || transition === 'cancel' ? sequence : undefined),
    ...(confirmation ? [outboxPut(db, confirmation.message)] : []),
    ...(opsNotice ? [outboxPut(db, opsNotice)] : []),
    statusCountChange(db, request.status, -1, request.test),
    statusCountChange(db, to, 1, request.test),
    // A test request took no hold: there is nothing to give back.
    ...(releases && !request.test ? holdReleases(db, request) : []),
    ...(unitInline ? slots.map((slot) => slotDelete(db, request.id, plate!, slot)) : []),
  ];
  const result = await send(db, items);
  if (result.ok) {
    if (!releases || plate === undefined || unitInline) return { outcome: 'done', request: after };
    const pending = { ...after, releasing: { plate, slots } };
    return { outcome: 'done', request: (await finishReleasing(db, pending)) ?? pending };
  }
  if (result.codes === 'busy') return { outcome: 'busy' };
  return { outcome: 'changed', request: await getRequest(db, request.id) };
}

/** Hold updates run one at a time at most this many together (a replaced long rental has ~85). */
const HOLD_UPDATES_AT_ONCE = 16;

/** One hold update on its own; a failed condition means an earlier run did it already. */
async function holdUpdate(db: Db, item: TxItem): Promise<void> {
  try {
    await db.doc.send(new UpdateCommand(item.Update!));
  } catch (error) {
    if ((error as Error)?.name !== 'ConditionalCheckFailedException') throw error;
  }
}

/**
 * Free what a change left to free after its transaction (rentals too long to fit it in one): a
 * replaced request's holds (each slot its own update, idempotent by its condition) and the unit's
 * slots, then clear the mark. Idempotent: run again by the next change or by housekeeping.
 */
export async function finishReleasing(db: Db, request: ManagedRequest): Promise<ManagedRequest | undefined> {
  const releasing = request.releasing;
  if (!releasing) return request;
  try {
    const holdItems = [...holdReleases(db, request, releasing.holds ?? []), ...holdIdDrops(db, request, releasing.handedOver ?? [])];
    for (let i = 0; i < holdItems.length; i += HOLD_UPDATES_AT_ONCE) {
      await Promise.all(holdItems.slice(i, i + HOLD_UPDATES_AT_ONCE).map((item) => holdUpdate(db, item)));
    }
    const chunk = MAX_ACTIONS - 1;
    const plate = releasing.plate;
    for (let i = 0; plate !== undefined && i < releasing.slots.length; i += chunk) {
      const deletes = releasing.slots.slice(i, i + chunk).map((slot) => slotDelete(db, request.id, plate, slot));
      const result = await send(db, deletes);
      if (!result.ok) return undefined;
    }
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.table,
              Key: keys.request(request.id),
              UpdateExpression: 'REMOVE releasing',
              // The mark this run finished, not a newer one a later change of unit set meanwhile.
              ...(plate !== undefined
                ? { ConditionExpression: 'releasing.plate = :plate', ExpressionAttributeValues: { ':plate': plate } }
                : { ConditionExpression: 'attribute_exists(releasing) AND attribute_not_exists(releasing.plate)' }),
            },
          },
        ],
      }),
    );
  } catch (error) {
    // The change itself is done; the mark stays on the request and housekeeping finishes the job.
    if (!cancellationCodes(error)) {
      log('warn', 'unit release left for housekeeping', { rentalRequest: request.id, ...describeError(error) });
      return undefined;
    }
  }
  const { releasing: _done, ...rest } = request;
  return rest;
}
