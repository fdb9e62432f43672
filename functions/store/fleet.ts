import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Extra } from '../catalog/extras';
import { timeZoneOf } from '../catalog/time-zone';
import { closingDaysOf, type Fleet, type Location, type Unit, type VehicleType } from '../catalog/vehicles';
import { type Db, withoutKeys } from './db';
import { keys } from './keys';
import { queryAll } from './paging';

/** A fleet item as the console edits it: with the version an edit must name. */
export type Versioned<T> = T & { version: number };

/** Read the whole fleet (one partition, a few hundred items at most). */
export async function loadFleet(db: Db): Promise<Fleet> {
  const { vehicleTypes, locations, units, extras } = await loadVersionedFleet(db);
  const bare = <T>({ version: _v, ...rest }: Versioned<T>) => rest as T;
  return { vehicleTypes: vehicleTypes.map(bare), locations: locations.map(bare), units: units.map(bare), extras: extras.map(bare) };
}

/** The fleet with each item's version (absent on items written before versions: 0). */
export async function loadVersionedFleet(
  db: Db,
): Promise<{ vehicleTypes: Versioned<VehicleType>[]; locations: Versioned<Location>[]; units: Versioned<Unit>[]; extras: Versioned<Extra>[] }> {
  const fleet = { vehicleTypes: [] as Versioned<VehicleType>[], locations: [] as Versioned<Location>[], units: [] as Versioned<Unit>[], extras: [] as Versioned<Extra>[] };
  const items = await queryAll(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.fleet.pk }, ConsistentRead: true });
  for (const item of items) {
    const sk = item.sk as string;
    const version = typeof item.version === 'number' ? item.version : 0;
    if (sk.startsWith('TYPE#')) fleet.vehicleTypes.push({ ...withoutKeys<VehicleType>(item), version });
    else if (sk.startsWith('LOCATION#')) fleet.locations.push(location(withoutKeys<Location>(item), version));
    else if (sk.startsWith('UNIT#')) fleet.units.push({ ...withoutKeys<Unit>(item), version });
    else if (sk.startsWith('EXTRA#')) fleet.extras.push({ ...withoutKeys<Extra>(item), version });
  }
  return fleet;
}

/**
 * A stored location as today's readers expect it: one stored before locations had a zone gets the
 * one its desk ran on (catalog/time-zone.ts); closing days stored as bare dates become days without a label.
 */
function location(item: Location, version: number): Versioned<Location> {
  return { ...item, timeZone: timeZoneOf(item), ...(item.closingDays ? { closingDays: closingDaysOf(item) } : {}), version };
}

/** The caches made by `cachedFleet` per table handle, so an admin's change in this process empties them. */
const caches = new WeakMap<Db, Set<() => void>>();

/** A fleet read shared by requests for `maxAgeMs`: the fleet changes a few times a year. */
export function cachedFleet(db: Db, maxAgeMs = 60_000): () => Promise<Fleet> {
  let cached: { at: number; fleet: Promise<Fleet> } | undefined;
  if (!caches.has(db)) caches.set(db, new Set());
  caches.get(db)!.add(() => (cached = undefined));
  return () => {
    if (!cached || Date.now() - cached.at > maxAgeMs) {
      const fleet = loadFleet(db);
      cached = { at: Date.now(), fleet };
      fleet.catch(() => (cached = undefined));
    }
    return cached.fleet;
  };
}

/**
 * Forget every cached fleet of this table handle: called after each admin write, so the admin
 * (and every request this process serves) sees the change at once. Other Lambda instances see
 * it within their cache's age (60 s).
 */
export function invalidateFleet(db: Db): void {
  for (const clear of caches.get(db) ?? []) clear();
}

/** Write every item of a fleet (items may carry their next `version`), then forget cached fleets. */
export async function putFleet(db: Db, fleet: Fleet): Promise<void> {
  const items = [
    ...fleet.vehicleTypes.map((t) => ({ ...keys.vehicleType(t.id), entity: 'vehicleType', ...t })),
    ...fleet.locations.map((l) => ({ ...keys.location(l.id), entity: 'location', ...l })),
    ...fleet.units.map((u) => ({ ...keys.unit(u.plate), entity: 'unit', ...u })),
    ...(fleet.extras ?? []).map((e) => ({ ...keys.extra(e.id), entity: 'extra', ...e })),
  ];
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length) {
      const { UnprocessedItems } = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending } }));
      pending = (UnprocessedItems?.[db.table] ?? []) as typeof pending;
    }
  }
  invalidateFleet(db);
}
