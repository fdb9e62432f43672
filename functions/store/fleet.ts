import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { timeZoneOf } from '../catalog/time-zone';
import type { Fleet, Location, Unit, VehicleType } from '../catalog/vehicles';
import { type Db, withoutKeys } from './db';
import { keys } from './keys';
import { queryAll } from './paging';

/** Read the whole fleet (one partition, a few hundred items at most). */
export async function loadFleet(db: Db): Promise<Fleet> {
  const fleet: Fleet = { vehicleTypes: [], locations: [], units: [] };
  for (const item of await queryAll(db, { KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.fleet.pk } })) {
    const sk = item.sk as string;
    if (sk.startsWith('TYPE#')) fleet.vehicleTypes.push(withoutKeys<VehicleType>(item));
    // A location stored before locations had a zone gets the one its desk ran on (catalog/time-zone.ts).
    else if (sk.startsWith('LOCATION#')) fleet.locations.push({ ...withoutKeys<Location>(item), timeZone: timeZoneOf(item) });
    else if (sk.startsWith('UNIT#')) fleet.units.push(withoutKeys<Unit>(item));
  }
  return fleet;
}

/** A fleet read shared by requests for `maxAgeMs`: the fleet changes a few times a year. */
export function cachedFleet(db: Db, maxAgeMs = 60_000): () => Promise<Fleet> {
  let cached: { at: number; fleet: Promise<Fleet> } | undefined;
  return () => {
    if (!cached || Date.now() - cached.at > maxAgeMs) {
      const fleet = loadFleet(db);
      cached = { at: Date.now(), fleet };
      fleet.catch(() => (cached = undefined));
    }
    return cached.fleet;
  };
}

export async function putFleet(db: Db, fleet: Fleet): Promise<void> {
  const items = [
    ...fleet.vehicleTypes.map((t) => ({ ...keys.vehicleType(t.id), entity: 'vehicleType', ...t })),
    ...fleet.locations.map((l) => ({ ...keys.location(l.id), entity: 'location', ...l })),
    ...fleet.units.map((u) => ({ ...keys.unit(u.plate), entity: 'unit', ...u })),
  ];
  for (let i = 0; i < items.length; i += 25) {
    let pending = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
    while (pending.length) {
      const { UnprocessedItems } = await db.doc.send(new BatchWriteCommand({ RequestItems: { [db.table]: pending } }));
      pending = (UnprocessedItems?.[db.table] ?? []) as typeof pending;
    }
  }
}
