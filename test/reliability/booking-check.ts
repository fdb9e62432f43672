import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from '../../functions/store/db';

/**
 * The independent check of the double-booking stress, written apart from the code under test: it
 * reads every item of the table raw (one Scan, strongly consistent) and recomputes from the
 * requests alone, with its own reading of the rules (README "Availability"), what must be held and
 * assigned. It imports nothing of the store or the catalog but the Db type; keys are read as strings.
 *
 * Rules as the README states them: a rental occupies every half-day slot (before noon `A`, from
 * noon `P`) from its pick-up's to the one holding the last minute before its return; an open request
 * (`requested` or `confirmed`, not a test) holds one vehicle of its type at its location in each;
 * an assigned open request takes its unit in each; a confirmed one has a unit.
 */

export interface Violation {
  kind:
    | 'overbooked'
    | 'overlapping-assignment'
    | 'unit-of-another-pool'
    | 'hold-mismatch'
    | 'orphan-hold'
    | 'orphan-unit-slot'
    | 'missing-unit-slot'
    | 'confirmed-without-unit'
    | 'two-open-in-one-session'
    | 'release-unfinished'
    | 'status-count';
  detail: string;
}

type Item = Record<string, unknown>;
interface Request {
  id: string;
  status: string;
  test?: boolean;
  sessionId: string;
  order?: unknown;
  releasing?: unknown;
  period: { pickup: string; return: string };
  location: { id: string };
  vehicleType: { id: string };
  assignment?: { plate: string };
}

const OPEN = new Set(['requested', 'confirmed']);

/** Half-day slots of a period, computed here from the text: `2026-11-23A`, `2026-11-23P`, … */
export function halfDays(period: { pickup: string; return: string }): string[] {
  const minutes = (local: string) => Date.parse(`${local}:00Z`) / 60_000;
  const first = minutes(period.pickup);
  const lastMinute = minutes(period.return) - 1;
  const slots: string[] = [];
  for (let m = first - (first % 720); m <= lastMinute; m += 720) {
    const iso = new Date(m * 60_000).toISOString();
    slots.push(`${iso.slice(0, 10)}${Number(iso.slice(11, 13)) < 12 ? 'A' : 'P'}`);
  }
  return slots;
}

export async function scanAll(db: Db): Promise<Item[]> {
  const items: Item[] = [];
  let start: Item | undefined;
  do {
    const page = await db.doc.send(new ScanCommand({ TableName: db.table, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every violation of the booking rules in the table as it is now (quiescent: nothing running). */
export async function checkBookings(db: Db): Promise<Violation[]> {
  const items = await scanAll(db);
  const violations: Violation[] = [];
  const add = (kind: Violation['kind'], detail: string) => violations.push({ kind, detail });

  const requests = items.filter((i) => String(i.pk).startsWith('REQUEST#') && i.sk === 'REQUEST') as unknown as Request[];
  const byId = new Map(requests.map((r) => [r.id, r]));
  const units = items.filter((i) => i.pk === 'FLEET' && String(i.sk).startsWith('UNIT#'));
  const poolOf = new Map(units.map((u) => [u.plate as string, `${u.locationId}|${u.vehicleTypeId}`]));
  const capacity = new Map<string, number>();
  for (const pool of poolOf.values()) capacity.set(pool, (capacity.get(pool) ?? 0) + 1);

  const holding = requests.filter((r) => OPEN.has(r.status) && !r.test);
  // What must be held: per pool and slot, the open requests.
  const expectedHolds = new Map<string, Set<string>>();
  // What must be taken: per plate and slot, the open assigned requests.
  const expectedUnitSlots = new Map<string, Set<string>>();
  for (const r of holding) {
    const pool = `${r.location.id}|${r.vehicleType.id}`;
    for (const slot of halfDays(r.period)) {
      const key = `HOLD#${r.location.id}|${slot}#${r.vehicleType.id}`;
      expectedHolds.set(key, (expectedHolds.get(key) ?? new Set()).add(r.id));
      if (r.assignment) {
        const unitKey = `UNIT#${r.assignment.plate}|SLOT#${slot}`;
        expectedUnitSlots.set(unitKey, (expectedUnitSlots.get(unitKey) ?? new Set()).add(r.id));
      }
    }
    if (r.assignment && poolOf.get(r.assignment.plate) !== pool) add('unit-of-another-pool', `${r.id} has ${r.assignment.plate} (${poolOf.get(r.assignment.plate)}), wants ${pool}`);
    if (r.status === 'confirmed' && !r.assignment) add('confirmed-without-unit', r.id);
  }
  for (const [key, ids] of expectedHolds) {
    const pool = `${key.slice(5, key.indexOf('|'))}|${key.slice(key.indexOf('#', 5) + 1)}`;
    if (ids.size > (capacity.get(pool) ?? 0)) add('overbooked', `${key}: ${ids.size} open requests for ${capacity.get(pool) ?? 0} units (${[...ids].join(', ')})`);
  }
  for (const [key, ids] of expectedUnitSlots) if (ids.size > 1) add('overlapping-assignment', `${key}: ${[...ids].join(', ')}`);

  // The hold items as stored, against what the requests say.
  const seenHolds = new Set<string>();
  for (const hold of items.filter((i) => String(i.pk).startsWith('HOLD#'))) {
    const key = `${hold.pk}|${hold.sk}`;
    const ids = [...((hold.requestIds as Set<string> | undefined) ?? [])].sort();
    const held = Number(hold.held ?? 0);
    const want = [...(expectedHolds.get(key) ?? [])].sort();
    seenHolds.add(key);
    for (const id of ids) if (!expectedHolds.get(key)?.has(id)) add('orphan-hold', `${key} names ${id} (${byId.get(id)?.status ?? 'no such request'})`);
    if (held !== want.length || ids.join() !== want.join()) add('hold-mismatch', `${key}: held ${held} [${ids.join(', ')}], open requests [${want.join(', ')}]`);
  }
  for (const key of expectedHolds.keys()) if (!seenHolds.has(key)) add('hold-mismatch', `${key}: no hold item, open requests [${[...expectedHolds.get(key)!].join(', ')}]`);

  // The unit slot items as stored.
  const seenUnitSlots = new Set<string>();
  for (const slot of items.filter((i) => String(i.pk).startsWith('UNIT#') && String(i.sk).startsWith('SLOT#'))) {
    const key = `${slot.pk}|${slot.sk}`;
    seenUnitSlots.add(key);
    if (!expectedUnitSlots.get(key)?.has(slot.requestId as string)) add('orphan-unit-slot', `${key} taken by ${slot.requestId} (${byId.get(slot.requestId as string)?.status ?? 'no such request'})`);
  }
  for (const [key, ids] of expectedUnitSlots) if (!seenUnitSlots.has(key)) add('missing-unit-slot', `${key}: not taken, assigned to ${[...ids].join(', ')}`);

  // One session, one open request (without a purchase order: those are kept on purpose).
  const openPerSession = new Map<string, string[]>();
  for (const r of requests.filter((r) => r.status === 'requested' && !r.order)) openPerSession.set(r.sessionId, [...(openPerSession.get(r.sessionId) ?? []), r.id]);
  for (const [session, ids] of openPerSession) if (ids.length > 1) add('two-open-in-one-session', `${session.slice(0, 8)}…: ${ids.join(', ')}`);

  for (const r of requests.filter((r) => r.releasing)) add('release-unfinished', `${r.id} (${r.status}): ${JSON.stringify(r.releasing)}`);

  // The status counters against a count of the requests.
  const counted = new Map<string, number>();
  for (const r of requests) counted.set(`${r.test ? 'COUNTS#TEST' : 'COUNTS'}|${r.status}`, (counted.get(`${r.test ? 'COUNTS#TEST' : 'COUNTS'}|${r.status}`) ?? 0) + 1);
  const counters = new Map(items.filter((i) => i.pk === 'COUNTS' || i.pk === 'COUNTS#TEST').map((i) => [`${i.pk}|${String(i.sk).slice('STATUS#'.length)}`, Number(i.count ?? 0)]));
  for (const key of new Set([...counted.keys(), ...counters.keys()])) {
    if ((counted.get(key) ?? 0) !== (counters.get(key) ?? 0)) add('status-count', `${key}: counter ${counters.get(key) ?? 0}, requests ${counted.get(key) ?? 0}`);
  }
  return violations;
}
