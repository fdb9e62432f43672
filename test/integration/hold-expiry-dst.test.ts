import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { runHousekeeping } from '../../functions/jobs/housekeeping';
import { loadFleet } from '../../functions/store/fleet';
import { keys } from '../../functions/store/keys';
import { requestRecord } from '../../functions/store/queue';
import { registerTestRequest } from '../support/ops';
import { seededStack } from '../support/stack';

let deps: AppDeps;

beforeAll(async () => {
  deps = await seededStack();
});

afterEach(() => vi.useRealTimers());

/** Register a request as if it came in at `at` (only Date is stood still; timers run). */
async function heldSince(at: string, pickup: string, ret: string) {
  vi.useFakeTimers({ now: new Date(at), toFake: ['Date'] });
  const request = await registerTestRequest(deps, { locationId: 'ams-sloterdijk', period: { pickup, return: ret } });
  vi.useRealTimers();
  return request;
}

const statusOf = async (id: string) => (await requestRecord(deps.db, id))!.request.status;

describe('housekeeping lapses unconfirmed holds at the pick-up instant across summer-time changes', () => {
  it('lapses a hold picked up in the night of the autumn change at its real instant, not an hour early', async () => {
    // Sunday 31 October 2027, 02:30 at Amsterdam: the clocks go back at 03:00 summer time (01:00 UTC).
    // Read as the later 02:30 (winter time), the pick-up is at 01:30 UTC; today's offset (summer time) said 00:30.
    const request = await heldSince('2027-10-29T10:00:00Z', '2027-10-31T02:30', '2027-11-01T09:00');
    const early = await runHousekeeping(deps.db, deps.config, new Date('2027-10-31T00:45:00Z'));
    expect(early.expired).not.toContain(request.id);
    expect(await statusOf(request.id)).toBe('requested');
    const due = await runHousekeeping(deps.db, deps.config, new Date('2027-10-31T01:30:00Z'));
    expect(due.expired).toContain(request.id);
    expect(await statusOf(request.id)).toBe('expired');
  });

  it('lapses a hold picked up on the Monday after the spring change at 09:00 summer time', async () => {
    // Monday 29 March 2027 09:00 at Amsterdam is 07:00 UTC (summer time since Sunday).
    const request = await heldSince('2027-03-26T10:00:00Z', '2027-03-29T09:00', '2027-03-30T09:00');
    expect((await runHousekeeping(deps.db, deps.config, new Date('2027-03-29T06:59:00Z'))).expired).not.toContain(request.id);
    expect((await runHousekeeping(deps.db, deps.config, new Date('2027-03-29T07:00:00Z'))).expired).toContain(request.id);
    expect(await statusOf(request.id)).toBe('expired');
  });
});

describe('a fleet stored before locations had time zones', () => {
  it('reads such a location on the Amsterdam time its desk ran on, and a stored zone as stored', async () => {
    const item = { ...keys.location('old-desk'), entity: 'location', id: 'old-desk', name: 'Old desk', address: 'Stationsplein 1', city: 'Utrecht', phone: '+31 30 000 0000' };
    await deps.db.doc.send(new PutCommand({ TableName: deps.db.table, Item: item }));
    const fleet = await loadFleet(deps.db);
    expect(fleet.locations.find((l) => l.id === 'old-desk')!.timeZone).toBe('Europe/Amsterdam');
    expect(fleet.locations.find((l) => l.id === 'ams-sloterdijk')!.timeZone).toBe('Europe/Amsterdam');
    await deps.db.doc.send(new PutCommand({ TableName: deps.db.table, Item: { ...item, timeZone: 'Europe/London' } }));
    expect((await loadFleet(deps.db)).locations.find((l) => l.id === 'old-desk')!.timeZone).toBe('Europe/London');
  });
});
