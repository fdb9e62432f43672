/**
 * Fleet administration: locations, vehicle types and units changed one at a time by an admin,
 * each change conditional on the version the admin saw and recorded in the audit; out-of-service
 * windows that hold their slots like requests do (the fleet file's import: store/fleet-import.ts).
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { type RentalPeriod, slotsOf } from '../catalog/period';
import { localNow, timeZoneOf } from '../catalog/time-zone';
import { capacityOf, type Fleet, type Location, type OutOfServiceWindow, type Unit, type VehicleType } from '../catalog/vehicles';
import type { RequestStatus } from '../requests/request';
import type { ManagedRequest } from '../requests/lifecycle';
import { type AuditEntry, diffForAudit, recordAudit } from './audit';
import { type Db, isConditionFailure } from './db';
import { invalidateFleet, loadVersionedFleet, type Versioned } from './fleet';
import { holdReleases, holdTakes } from './holds';
import { keys } from './keys';
import { queryAll } from './paging';
import type { TxItem } from './request-events';
import { unitConflicts } from './request-changes';
import { getRequest } from './requests';
import { transactWithRetry } from './transact';

export type Actor = AuditEntry['actor'];
type Kind = 'location' | 'vehicleType' | 'unit';

/** A reservation a unit's absence would leave without a vehicle: listed to the admin, never changed. */
export interface ReservationAtRisk {
  requestId: string;
  status: RequestStatus;
  requester: string;
  period: RentalPeriod;
  plate?: string;
  /** `assigned`: this unit is assigned to it; `no-vehicle-left`: its type is fully held at the location in a slot it needs. */
  why: 'assigned' | 'no-vehicle-left';
}

export type FleetWrite<T> =
  | { ok: true; item: Versioned<T> }
  | { ok: false; problem: 'exists' | 'not-found' | 'stale' }
  /** The change would take a vehicle away from reservations: they are listed, nothing was written. */
  | { ok: false; problem: 'reservations'; reservations: ReservationAtRisk[] }
  /** The unit has out-of-service windows not yet over: they hold slots at its location and type. */
  | { ok: false; problem: 'has-windows' }
  /** The new window overlaps one the unit already has (the same vehicle would be held twice), or the unit has too many. */
  | { ok: false; problem: 'overlaps' | 'too-many-windows' }
  | { ok: false; problem: 'busy' };

const OPEN: RequestStatus[] = ['requested', 'confirmed'];
/** Windows kept per unit (the fleet file's limit): past ones are removed by the admin. */
export const MAX_WINDOWS = 50;
/** Out-of-service windows hold their slots unconditionally once the admin has chosen to keep the reservations. */
const UNLIMITED = Number.MAX_SAFE_INTEGER;

const keyOf = (kind: Kind, id: string) => (kind === 'location' ? keys.location(id) : kind === 'vehicleType' ? keys.vehicleType(id) : keys.unit(id));
const subjectOf = (kind: Kind, id: string) => `${kind}#${id}`;

/** The condition that the stored item is the version the admin saw (items from before versions count as 0). */
function versionCondition(version: number): { ConditionExpression: string; ExpressionAttributeValues: Record<string, unknown> } {
  return version === 0
    ? { ConditionExpression: 'attribute_exists(pk) AND (attribute_not_exists(version) OR version = :v)', ExpressionAttributeValues: { ':v': 0 } }
    : { ConditionExpression: 'attribute_exists(pk) AND version = :v', ExpressionAttributeValues: { ':v': version } };
}

async function audit(db: Db, kind: Kind, id: string, actor: Actor, action: string, before: object | undefined, after: object, now: Date): Promise<void> {
  const strip = (o: object | undefined) => o && Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'version'));
  await recordAudit(db, { subject: subjectOf(kind, id), actor, action, changes: diffForAudit(strip(before), strip(after)!) }, now);
}

/** Create a location or vehicle type (refused if the id exists). */
export async function createFleetItem<T extends Location | VehicleType>(db: Db, kind: 'location' | 'vehicleType', item: T, actor: Actor, now = new Date()): Promise<FleetWrite<T>> {
  const stored = { ...item, version: 1 };
  try {
    await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keyOf(kind, item.id), entity: kind, ...stored }, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (isConditionFailure(error)) return { ok: false, problem: 'exists' };
    throw error;
  }
  invalidateFleet(db);
  await audit(db, kind, item.id, actor, 'created', undefined, stored, now);
  return { ok: true, item: stored };
}

/** Replace a location or vehicle type the admin saw at `version`. */
export async function updateFleetItem<T extends Location | VehicleType>(db: Db, kind: 'location' | 'vehicleType', item: T, version: number, actor: Actor, now = new Date()): Promise<FleetWrite<T>> {
  const fleet = await loadVersionedFleet(db);
  const before = (kind === 'location' ? fleet.locations : fleet.vehicleTypes).find((x) => x.id === item.id) as Versioned<T> | undefined;
  if (!before) return { ok: false, problem: 'not-found' };
  const stored = { ...item, version: version + 1 };
  try {
    await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keyOf(kind, item.id), entity: kind, ...stored }, ...versionCondition(version) }));
  } catch (error) {
    if (isConditionFailure(error)) return { ok: false, problem: 'stale' };
    throw error;
  }
  invalidateFleet(db);
  await audit(db, kind, item.id, actor, 'changed', before, stored, now);
  return { ok: true, item: stored };
}

export async function createUnit(db: Db, unit: Unit, actor: Actor, now = new Date()): Promise<FleetWrite<Unit>> {
  const stored: Versioned<Unit> = { plate: unit.plate, vehicleTypeId: unit.vehicleTypeId, locationId: unit.locationId, inService: unit.inService ?? true, outOfService: [], version: 1 };
  try {
    await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.unit(unit.plate), entity: 'unit', ...stored }, ConditionExpression: 'attribute_not_exists(pk)' }));
  } catch (error) {
    if (isConditionFailure(error)) return { ok: false, problem: 'exists' };
    throw error;
  }
  invalidateFleet(db);
  await audit(db, 'unit', unit.plate, actor, 'created', undefined, stored, now);
  return { ok: true, item: stored };
}

/** The windows of a unit not yet over at its location's clock. */
export function currentWindows(unit: Unit, location: Location | undefined, now: Date): OutOfServiceWindow[] {
  const local = localNow(timeZoneOf(location ?? {}), now);
  return (unit.outOfService ?? []).filter((w) => w.to > local);
}

/**
 * Change a unit's type, location or service. A unit leaving the capacity it counts in (moved,
 * retyped, out of service) is refused while it has windows not yet over, and answered with the
 * reservations it would leave without a vehicle unless the admin chose to keep them (`keep`).
 */
export async function updateUnit(db: Db, change: Pick<Unit, 'plate' | 'vehicleTypeId' | 'locationId' | 'inService'>, version: number, keep: boolean, actor: Actor, now = new Date()): Promise<FleetWrite<Unit>> {
  const fleet = await loadVersionedFleet(db);
  const before = fleet.units.find((u) => u.plate === change.plate);
  if (!before) return { ok: false, problem: 'not-found' };
  if (before.version !== version) return { ok: false, problem: 'stale' };
  const moves = before.locationId !== change.locationId || before.vehicleTypeId !== change.vehicleTypeId;
  const leaves = (before.inService !== false && change.inService === false) || moves;
  const location = fleet.locations.find((l) => l.id === before.locationId);
  // A window holds its slots where the unit stands, and only while it is in service: moving the
  // unit or switching its service would leave those holds behind (or missing).
  if ((moves || (before.inService !== false) !== (change.inService !== false)) && currentWindows(before, location, now).length) {
    return { ok: false, problem: 'has-windows' };
  }
  if (leaves && !keep) {
    const reservations = await reservationsLeftWithout(db, fleet, before, now);
    if (reservations.length) return { ok: false, problem: 'reservations', reservations };
  }
  const stored: Versioned<Unit> = { ...before, ...change, inService: change.inService ?? before.inService ?? true, version: version + 1 };
  try {
    await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.unit(change.plate), entity: 'unit', ...stored }, ...versionCondition(version) }));
  } catch (error) {
    if (isConditionFailure(error)) return { ok: false, problem: 'stale' };
    throw error;
  }
  invalidateFleet(db);
  await audit(db, 'unit', change.plate, actor, leaves && keep ? 'changed (reservations kept)' : 'changed', before, stored, now);
  return { ok: true, item: stored };
}

/** Open reservations from now on that lose their vehicle when `unit` leaves its location, type or service for good. */
export async function reservationsLeftWithout(db: Db, fleet: Fleet, unit: Unit, now: Date): Promise<ReservationAtRisk[]> {
  const location = fleet.locations.find((l) => l.id === unit.locationId);
  if (!location || unit.inService === false) return [];
  const from = slotsOf({ pickup: localNow(location.timeZone, now), return: localNow(location.timeZone, new Date(now.getTime() + 60_000)) })[0];
  return reservationsAtRisk(db, fleet, unit, location, [from, '9999-12-31P']);
}

/** The hold an out-of-service window takes: one vehicle of the unit's type in each slot of the window. */
function windowHold(unit: Unit, window: OutOfServiceWindow, type: VehicleType, location: Location) {
  return {
    id: `OOS#${unit.plate}#${window.id}`,
    location,
    vehicleType: { id: type.id, sku: type.sku, name: type.name, example: type.example, category: type.category },
    period: { pickup: window.from, return: window.to },
  };
}

/**
 * Take a unit out of service over a window. Unless the admin chose to keep them (`keep`), the
 * reservations that would lose their vehicle are returned and nothing is written; with `keep`
 * the window holds its slots even where that leaves the type over-held (operations reassign).
 */
export async function addOutOfService(db: Db, plate: string, window: OutOfServiceWindow, keep: boolean, actor: Actor, now = new Date()): Promise<FleetWrite<Unit>> {
  const fleet = await loadVersionedFleet(db);
  const unit = fleet.units.find((u) => u.plate === plate);
  if (!unit) return { ok: false, problem: 'not-found' };
  const location = fleet.locations.find((l) => l.id === unit.locationId)!;
  const type = fleet.vehicleTypes.find((t) => t.id === unit.vehicleTypeId)!;
  const windowsBefore = unit.outOfService ?? [];
  if (windowsBefore.some((w) => w.from < window.to && window.from < w.to)) return { ok: false, problem: 'overlaps' };
  if (windowsBefore.length >= MAX_WINDOWS) return { ok: false, problem: 'too-many-windows' };
  const slots = slotsOf({ pickup: window.from, return: window.to });
  if (!keep) {
    const reservations = await reservationsAtRisk(db, fleet, unit, location, slots);
    if (reservations.length) return { ok: false, problem: 'reservations', reservations };
  }
  const capacity = unit.inService === false ? UNLIMITED : keep ? UNLIMITED : capacityOf(fleet, location.id, type.id);
  const windows = [...(unit.outOfService ?? []), window];
  const items: TxItem[] = [
    {
      Update: {
        TableName: db.table,
        Key: keys.unit(plate),
        UpdateExpression: 'SET outOfService = :windows, version = :next',
        ...withCondition(versionCondition(unit.version), { ':windows': windows, ':next': unit.version + 1 }),
      },
    },
    // A unit not in service counts in no capacity: its window needs no hold.
    ...(unit.inService === false ? [] : holdTakes(db, windowHold(unit, window, type, location), capacity)),
  ];
  const result = await transactWithRetry(db, items);
  if (!result.ok) {
    if (result.codes === 'busy') return { ok: false, problem: 'busy' };
    if (result.codes[0] === 'ConditionalCheckFailed') return { ok: false, problem: 'stale' };
    // A hold taken since the check above filled a slot: ask again, with what is at risk now.
    return { ok: false, problem: 'reservations', reservations: await reservationsAtRisk(db, fleet, unit, location, slots) };
  }
  invalidateFleet(db);
  const stored = { ...unit, outOfService: windows, version: unit.version + 1 };
  await audit(db, 'unit', plate, actor, keep ? 'out of service (reservations kept)' : 'out of service', unit, stored, now);
  return { ok: true, item: stored };
}

/** End a window early or drop it: its remaining slots are given back (past slots expire with their holds). */
export async function removeOutOfService(db: Db, plate: string, windowId: string, actor: Actor, now = new Date()): Promise<FleetWrite<Unit>> {
  const fleet = await loadVersionedFleet(db);
  const unit = fleet.units.find((u) => u.plate === plate);
  const window = unit?.outOfService?.find((w) => w.id === windowId);
  if (!unit || !window) return { ok: false, problem: 'not-found' };
  const location = fleet.locations.find((l) => l.id === unit.locationId)!;
  const type = fleet.vehicleTypes.find((t) => t.id === unit.vehicleTypeId)!;
  const hold = windowHold(unit, window, type, location);
  const nowSlot = slotsOf({ pickup: localNow(location.timeZone, now), return: localNow(location.timeZone, new Date(now.getTime() + 60_000)) })[0];
  const current = slotsOf(hold.period).filter((slot) => slot >= nowSlot);
  const releases = unit.inService === false || !current.length ? [] : holdReleases(db, hold).filter((_, i) => slotsOf(hold.period)[i] >= nowSlot);
  const windows = (unit.outOfService ?? []).filter((w) => w.id !== windowId);
  const result = await transactWithRetry(db, [
    {
      Update: {
        TableName: db.table,
        Key: keys.unit(plate),
        UpdateExpression: 'SET outOfService = :windows, version = :next',
        ...withCondition(versionCondition(unit.version), { ':windows': windows, ':next': unit.version + 1 }),
      },
    },
    ...releases,
  ]);
  if (!result.ok) return { ok: false, problem: result.codes === 'busy' ? 'busy' : 'stale' };
  invalidateFleet(db);
  const stored = { ...unit, outOfService: windows, version: unit.version + 1 };
  await audit(db, 'unit', plate, actor, 'back in service', unit, stored, now);
  return { ok: true, item: stored };
}

function withCondition(condition: ReturnType<typeof versionCondition>, values: Record<string, unknown>) {
  return { ConditionExpression: condition.ConditionExpression, ExpressionAttributeValues: { ...condition.ExpressionAttributeValues, ...values } };
}

/**
 * Open reservations that lose their vehicle if `unit` is gone for `slots` (a window's slots, or
 * [first, '9999-12-31P'] for good): those assigned to it, and, where its type is fully held at
 * its location, those holding that slot without a unit of their own.
 */
async function reservationsAtRisk(db: Db, fleet: Fleet, unit: Unit, location: Location, slots: string[]): Promise<ReservationAtRisk[]> {
  const found = new Map<string, ReservationAtRisk['why']>();
  for (const conflict of await unitConflicts(db, unit.plate, slots)) found.set(conflict.requestId, 'assigned');
  const capacity = capacityOf(fleet, location.id, unit.vehicleTypeId);
  const holds = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
    ExpressionAttributeValues: { ':pk': keys.holdPartition(location.id), ':from': `${slots[0]}#`, ':to': `${slots[slots.length - 1]}#~` },
    ConsistentRead: true,
  });
  for (const hold of holds) {
    if (hold.vehicleTypeId !== unit.vehicleTypeId || (hold.held as number) < capacity) continue;
    for (const id of (hold.requestIds as Set<string> | undefined) ?? []) if (!id.startsWith('OOS#') && !found.has(id)) found.set(id, 'no-vehicle-left');
  }
  const requests = await Promise.all([...found.keys()].map((id) => getRequest(db, id) as Promise<ManagedRequest | undefined>));
  return requests
    .filter((r): r is ManagedRequest => !!r && OPEN.includes(r.status))
    // A request assigned to another unit keeps its vehicle.
    .filter((r) => found.get(r.id) === 'assigned' || !r.assignment || r.assignment.plate === unit.plate)
    .map((r) => ({ requestId: r.id, status: r.status, requester: r.requester.fullName, period: r.period, plate: r.assignment?.plate, why: found.get(r.id)! }))
    .sort((a, b) => a.period.pickup.localeCompare(b.period.pickup));
}
