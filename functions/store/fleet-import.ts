/** The fleet file's import (`npm run fleet -- import`): checked rows written at their next version, audited. */
import type { Extra } from '../catalog/extras';
import type { Fleet, Location, OutOfServiceWindow, Unit, VehicleType } from '../catalog/vehicles';
import { diffForAudit, recordAudit } from './audit';
import type { Db } from './db';
import { loadVersionedFleet, putFleet, type Versioned } from './fleet';
import { type Actor, currentWindows, reservationsLeftWithout } from './fleet-admin';

/**
 * Write a checked fleet file: new items at version 1, changed ones at their next version, units
 * keeping their stored out-of-service windows (windows hold slots: they change in the console).
 * The caller has checked every row first (`importProblems`), so nothing is written for a bad file.
 */
export async function importFleet(db: Db, fleet: Fleet, actor: Actor, now = new Date()): Promise<{ written: number }> {
  const stored = await loadVersionedFleet(db);
  const next = <T extends object>(list: Versioned<T>[], match: (x: T) => boolean, item: T) => {
    const before = list.find(match);
    return { ...item, version: (before?.version ?? 0) + 1, before };
  };
  const types = fleet.vehicleTypes.map((t) => next(stored.vehicleTypes, (x) => x.id === t.id, t));
  const locations = fleet.locations.map((l) => next(stored.locations, (x) => x.id === l.id, l));
  const units = fleet.units.map((u) => {
    const item = next(stored.units, (x) => x.plate === u.plate, u);
    const { outOfService: _fromFile, ...rest } = item;
    return { ...rest, ...(item.before?.outOfService ? { outOfService: item.before.outOfService } : {}) };
  });
  const extras = (fleet.extras ?? []).map((e) => next(stored.extras, (x) => x.id === e.id, e));
  const strip = <T extends { before?: unknown }>({ before: _b, ...rest }: T) => rest;
  await putFleet(db, {
    vehicleTypes: types.map(strip) as VehicleType[],
    locations: locations.map(strip) as Location[],
    units: units.map(strip) as Unit[],
    extras: extras.map(strip) as Extra[],
  });
  for (const [kind, list, idOf] of [
    ['vehicleType', types, (x: { id?: string }) => x.id!],
    ['location', locations, (x: { id?: string }) => x.id!],
    ['unit', units, (x: { plate?: string }) => x.plate!],
    ['extra', extras, (x: { id?: string }) => x.id!],
  ] as const) {
    for (const item of list as ({ before?: object } & Record<string, unknown>)[]) {
      const bare = (o: object) => Object.fromEntries(Object.entries(o).filter(([k]) => k !== 'version' && k !== 'before'));
      const changes = diffForAudit(item.before && bare(item.before), bare(item));
      if (changes.length) await recordAudit(db, { subject: `${kind}#${idOf(item as never)}`, actor, action: item.before ? 'changed by import' : 'created by import', changes }, now);
    }
  }
  return { written: types.length + locations.length + units.length + extras.length };
}

/**
 * Rows of a checked file that the import must not apply: a unit whose out-of-service windows
 * differ from the stored ones, that would leave its location, type or service while it has
 * windows not yet over (windows hold slots and change in the console), or while open
 * reservations need it (the console lists them and asks). One message per row.
 */
export async function importProblems(db: Db, fleet: Fleet, stored: Fleet, now = new Date()): Promise<string[]> {
  const problems: string[] = [];
  for (const [i, unit] of fleet.units.entries()) {
    const before = stored.units.find((u) => u.plate === unit.plate);
    if (!before) {
      if (unit.outOfService?.length) problems.push(`units[${i}].outOfService: add out-of-service windows in the console, after the unit exists`);
      continue;
    }
    if (unit.outOfService !== undefined && !sameWindows(unit.outOfService, before.outOfService ?? [])) {
      problems.push(`units[${i}].outOfService: out-of-service windows change in the console, not by import`);
      continue;
    }
    const moves = before.locationId !== unit.locationId || before.vehicleTypeId !== unit.vehicleTypeId;
    const leaves = moves || (before.inService !== false && unit.inService === false);
    if (!leaves && (before.inService !== false) === (unit.inService !== false)) continue;
    const location = stored.locations.find((l) => l.id === before.locationId);
    if (currentWindows(before, location, now).length) {
      problems.push(`units[${i}]: ${unit.plate} has out-of-service windows at its location and type; remove them in the console first`);
      continue;
    }
    const reservations = leaves ? await reservationsLeftWithout(db, stored, before, now) : [];
    if (reservations.length) {
      problems.push(`units[${i}]: ${reservations.length} open reservation(s) would lose ${unit.plate} (${reservations.map((r) => r.requestId).join(', ')}); change it in the console, which asks what to do`);
    }
  }
  return problems;
}

/** Windows compared by their values (the table gives a map's fields back in any order). */
function sameWindows(a: OutOfServiceWindow[], b: OutOfServiceWindow[]): boolean {
  const text = (list: OutOfServiceWindow[]) => list.map((w) => [w.id, w.from, w.to, w.reason].join('\u0000')).sort().join('\n');
  return text(a) === text(b);
}
