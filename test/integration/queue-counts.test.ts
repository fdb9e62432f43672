import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { runHousekeeping } from '../../functions/jobs/housekeeping';
import { REQUEST_STATUSES, type RequestStatus } from '../../functions/requests/request';
import { allRequestsByStatus, countByStatus, requestsByStatus } from '../../functions/store/queue';
import { assignUnit, changeStatus } from '../../functions/store/request-changes';
import { getRequest } from '../../functions/store/requests';
import { keys } from '../../functions/store/keys';
import { recountStatusesOnce } from '../../functions/store/status-recount';
import { registerTestRequest } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack } from '../support/stack';

const operator = { kind: 'staff' as const, email: 'otto@flexfleet.example', name: 'Otto Operator' };

/** What the queue lists per status, counted the slow way. */
async function listed(deps: AppDeps): Promise<Record<RequestStatus, number>> {
  const entries = await Promise.all(REQUEST_STATUSES.map(async (s) => [s, (await allRequestsByStatus(deps.db, s)).length] as const));
  return Object.fromEntries(entries) as Record<RequestStatus, number>;
}

async function plateOf(deps: AppDeps, type: string, n = 0): Promise<string> {
  return (await deps.fleet()).units.filter((u) => u.vehicleTypeId === type && u.locationId === 'ams-sloterdijk')[n].plate;
}

describe('queue counts kept with each change of status', () => {
  let deps: AppDeps;
  beforeAll(async () => {
    deps = await seededStack();
  });

  it('stay equal to the requests listed through registration, confirmation, decline, cancellation and expiry', async () => {
    const period = (day: number) => ({ pickup: daysAhead(day), return: daysAhead(day + 2) });
    const [a, b, c, d] = await Promise.all([10, 14, 18, 22].map((day) => registerTestRequest(deps, { period: period(day) })));
    expect(await countByStatus(deps.db)).toEqual({ requested: 4, confirmed: 0, declined: 0, cancelled: 0, expired: 0 });

    const assigned = await assignUnit(deps.db, (await getRequest(deps.db, a.id)) as never, await plateOf(deps, 'estate-octavia'), operator);
    if (assigned.outcome !== 'done') throw new Error(assigned.outcome);
    const confirmed = await changeStatus(deps.db, assigned.request, 'confirm', operator);
    if (confirmed.outcome !== 'done') throw new Error(confirmed.outcome);
    expect((await changeStatus(deps.db, b, 'decline', operator, new Date(), { reason: 'no-vehicle', note: '' })).outcome).toBe('done');
    expect((await changeStatus(deps.db, confirmed.request, 'cancel', operator, new Date(), { reason: 'requester-asked', note: '' })).outcome).toBe('done');
    // A decision on a request read before another change loses: nothing is counted twice.
    expect((await changeStatus(deps.db, b, 'decline', operator)).outcome).toBe('changed');
    // Housekeeping three weeks on: the two open holds lapse.
    const report = await runHousekeeping(deps.db, deps.config, new Date(Date.now() + 21 * 86_400_000));
    expect(report.expired.sort()).toEqual([c.id, d.id].sort());

    const counts = await countByStatus(deps.db);
    expect(counts).toEqual({ requested: 0, confirmed: 0, declined: 1, cancelled: 1, expired: 2 });
    expect(counts).toEqual(await listed(deps));
  });

  it('are read in one query, however many requests the history holds', async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => registerTestRequest(deps, { period: { pickup: daysAhead(30 + i), return: daysAhead(31 + i) } })));
    const send = vi.spyOn(deps.db.doc, 'send');
    try {
      const counts = await countByStatus(deps.db);
      expect(send).toHaveBeenCalledTimes(1);
      expect(counts.requested).toBe(30);
    } finally {
      send.mockRestore();
    }
  });

  it('drop a request removed at the end of its retention, with the request', async () => {
    const short = await seededStack({ PERSONAL_DATA_DAYS: '1' });
    const request = await registerTestRequest(short, { period: { pickup: daysAhead(5), return: daysAhead(6) } });
    expect((await countByStatus(short.db)).requested).toBe(1);
    // 60 days on: the hold lapsed long ago and a day of retention after the rental has passed.
    const report = await runHousekeeping(short.db, short.config, new Date(Date.now() + 60 * 86_400_000));
    expect(report.purged).toEqual([request.id]);
    expect(await getRequest(short.db, request.id)).toBeUndefined();
    expect(await countByStatus(short.db)).toEqual({ requested: 0, confirmed: 0, declined: 0, cancelled: 0, expired: 0 });
  });
});

describe('queue counts on a table older than the counters', () => {
  it('are counted once by housekeeping, then kept by the changes', async () => {
    const old = await seededStack();
    const made = await Promise.all([10, 12, 14].map((day) => registerTestRequest(old, { period: { pickup: daysAhead(day), return: daysAhead(day + 1) } })));
    // As before the counters existed: requests, but no counter items.
    for (const status of REQUEST_STATUSES) await old.db.doc.send(new DeleteCommand({ TableName: old.db.table, Key: keys.statusCount(status) }));
    expect((await countByStatus(old.db)).requested).toBe(0);

    await runHousekeeping(old.db, old.config);
    expect((await countByStatus(old.db)).requested).toBe(3);
    expect(await recountStatusesOnce(old.db)).toBe(false);
    expect((await changeStatus(old.db, made[0], 'decline', operator, new Date(), { reason: 'no-vehicle', note: '' })).outcome).toBe('done');
    expect(await countByStatus(old.db)).toEqual({ requested: 2, confirmed: 0, declined: 1, cancelled: 0, expired: 0 });
  });

  it('wait for the next housekeeping run when the requests keep changing under the count, and housekeeping goes on', async () => {
    const busy = await seededStack();
    await Promise.all([10, 12].map((day) => registerTestRequest(busy, { period: { pickup: daysAhead(day), return: daysAhead(day + 1) } })));
    for (const status of REQUEST_STATUSES) await busy.db.doc.send(new DeleteCommand({ TableName: busy.db.table, Key: keys.statusCount(status) }));
    // Every time the recount is about to set the `requested` counter, a real write changes it first (as a stream of
    // registrations would under load), so its condition fails on every attempt.
    const original = busy.db.doc.send.bind(busy.db.doc);
    let beaten = 0;
    const send = vi.spyOn(busy.db.doc, 'send').mockImplementation((async (command: { input: Record<string, unknown> }) => {
      const input = command.input as { Key?: Record<string, unknown>; ConditionExpression?: string };
      if (input.Key?.sk === keys.statusCount('requested').sk && input.Key?.pk === keys.statusCount('requested').pk && input.ConditionExpression) {
        beaten++;
        await original(new UpdateCommand({ TableName: busy.db.table, Key: keys.statusCount('requested'), UpdateExpression: 'ADD #count :one', ExpressionAttributeNames: { '#count': 'count' }, ExpressionAttributeValues: { ':one': 1 } }));
      }
      return original(command as never);
    }) as never);
    try {
      const report = await runHousekeeping(busy.db, busy.config);
      expect(report.expired).toEqual([]);
      expect(beaten).toBe(5);
    } finally {
      send.mockRestore();
    }
    // Not marked as done: the next run counts again, and this time the count stands.
    expect(await recountStatusesOnce(busy.db)).toBe(true);
    expect(await countByStatus(busy.db)).toEqual({ requested: 2, confirmed: 0, declined: 0, cancelled: 0, expired: 0 });
  });
});

describe('the queue, page by page', () => {
  let deps: AppDeps;
  beforeAll(async () => {
    deps = await seededStack();
  });

  it('lists every request once, soonest pick-up first, across pages, and says when there is no more', async () => {
    const made = [];
    for (let i = 0; i < 7; i++) made.push(await registerTestRequest(deps, { period: { pickup: daysAhead(40 + i), return: daysAhead(41 + i) } }));
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await requestsByStatus(deps.db, 'requested', { limit: 3, cursor });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(seen).toEqual(made.map((r) => r.id));
    expect(pages).toBe(3);
  });

  it('refuses a cursor that is not one of its own, naming it BadCursor', async () => {
    await registerTestRequest(deps, { period: { pickup: daysAhead(60), return: daysAhead(61) } });
    const first = await requestsByStatus(deps.db, 'requested', { limit: 1 });
    expect(first.cursor).toBeDefined();
    const forged = Buffer.from(JSON.stringify({ gsi1pk: 'STATUS#requested', gsi1sk: 'x', pk: 'CONNECTION#acme-demo', sk: 'CONNECTION' })).toString('base64url');
    for (const bad of ['not json', 'eyJ4IjoxfQ', forged, 'A'.repeat(2000)]) {
      await expect(requestsByStatus(deps.db, 'requested', { cursor: bad })).rejects.toMatchObject({ name: 'BadCursor' });
    }
    // A cursor of one status' list does not page another's.
    await expect(requestsByStatus(deps.db, 'confirmed', { cursor: first.cursor })).rejects.toMatchObject({ name: 'BadCursor' });
  });
});
