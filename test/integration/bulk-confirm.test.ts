import { describe, expect, it } from 'vitest';
import type { BulkConfirmResult, OpsRefusal, QueueResponse } from '../../functions/operations/api';
import type { RentalRequest } from '../../functions/requests/request';
import { daysAhead } from '../support/punchout';
import { consoleApiStack, eventually, mailsIn, registerTestRequest } from '../support/ops';

const ops = consoleApiStack();
const { post, get, detail } = ops;

/** Three overlapping Tesla Model 3 requests at Sloterdijk, which has two: the third can have no unit. */
async function threeForTwoUnits(day: number): Promise<{ requests: RentalRequest[]; date: string }> {
  const requests: RentalRequest[] = [];
  for (const hour of [8, 9, 10]) {
    requests.push(await registerTestRequest(ops.deps, { vehicleTypeId: 'electric-model3', period: { pickup: daysAhead(day, hour), return: daysAhead(day + 2, 17) } }));
  }
  return { requests, date: daysAhead(day, 8).slice(0, 10) };
}

describe('bulk confirm with the suggested units (issue 11, item 6)', () => {
  it('suggests a different free unit for each overlapping request, and says why the one left over has none', async () => {
    const { requests, date } = await threeForTwoUnits(120);
    const queue = await get<QueueResponse>(`/ops/api/queue?date=${date}`);
    const rows = requests.map((r) => queue.items.find((i) => i.id === r.id)!);
    expect(rows[0].suggestedPlate).toBeTruthy();
    expect(rows[1].suggestedPlate).toBeTruthy();
    expect(rows[1].suggestedPlate).not.toBe(rows[0].suggestedPlate);
    expect(rows[2].suggestedPlate).toBeUndefined();
    expect(rows[2].noSuggestion).toBe('No Electric saloon at Amsterdam Sloterdijk is free for the whole period.');
  });

  it('confirms each request by the same rules and answers for each: confirmed, no unit, changed meanwhile, unit taken', async () => {
    const { requests, date } = await threeForTwoUnits(124);
    const extra = await registerTestRequest(ops.deps, { vehicleTypeId: 'electric-model3', period: { pickup: daysAhead(130, 9), return: daysAhead(131, 17) } });
    const queue = await get<QueueResponse>(`/ops/api/queue?date=${date}`);
    const [a, b, c] = requests.map((r) => queue.items.find((i) => i.id === r.id)!);
    // Meanwhile someone else assigns b's suggested unit to a, over part of b's period: b's suggestion is taken.
    // And `extra` is changed after the clerk saw it (version 0 is stale once it has a unit).
    const extraPlate = (await detail(extra.id)).units[0].plate;
    expect((await post(`/ops/api/requests/${extra.id}/assignment`, { plate: extraPlate, version: 0 })).status).toBe(200);
    expect((await post(`/ops/api/requests/${a.id}/assignment`, { plate: b.suggestedPlate, version: a.version })).status).toBe(200);

    const response = await post('/ops/api/requests/bulk-confirm', {
      requests: [
        { id: a.id, version: a.version + 1 },
        { id: b.id, version: b.version, plate: b.suggestedPlate },
        { id: c.id, version: c.version },
        { id: extra.id, version: 0, plate: extraPlate },
      ],
    });
    expect(response.status).toBe(200);
    const { results } = (await response.json()) as BulkConfirmResult;
    expect(results.map((r) => [r.id, r.outcome])).toEqual([
      [a.id, 'confirmed'],
      [b.id, 'refused'],
      [c.id, 'refused'],
      [extra.id, 'refused'],
    ]);
    const [, refusedB, refusedC, refusedExtra] = results as Extract<BulkConfirmResult['results'][number], { outcome: 'refused' }>[];
    expect(refusedB.error).toBe('taken');
    expect(refusedB.message).toContain(a.id);
    expect(refusedB.conflicts?.[0].requestId).toBe(a.id);
    expect(refusedC.message).toBe('Assign a vehicle before confirming.');
    expect(refusedExtra.error).toBe('changed');

    // What the store holds: a confirmed with its unit, the others still requested, b and c without a unit.
    expect((await detail(a.id)).request).toMatchObject({ status: 'confirmed', assignment: { plate: b.suggestedPlate } });
    expect((await detail(b.id)).request.status).toBe('requested');
    expect((await detail(b.id)).request.assignment).toBeUndefined();
    expect((await detail(c.id)).request.status).toBe('requested');
    expect((await detail(extra.id)).request.status).toBe('requested');
    // The requester of a, and only a, gets a confirmation.
    await eventually('a’s confirmation', () => mailsIn((m) => m.subject.includes(a.id) && m.subject.includes('confirmed')), (m) => m.length === 1);
    await ops.worker.drain();
    expect(await mailsIn((m) => m.subject.includes(b.id) && m.subject.includes('confirmed'))).toHaveLength(0);
  });

  it('assigns the suggested unit and confirms in one call, and the queue then suggests nothing for it', async () => {
    const { requests, date } = await threeForTwoUnits(134);
    const queue = await get<QueueResponse>(`/ops/api/queue?date=${date}`);
    const row = queue.items.find((i) => i.id === requests[0].id)!;
    const { results } = (await (await post('/ops/api/requests/bulk-confirm', { requests: [{ id: row.id, version: row.version, plate: row.suggestedPlate }] })).json()) as BulkConfirmResult;
    expect(results).toEqual([{ id: row.id, outcome: 'confirmed', plate: row.suggestedPlate, version: expect.any(Number) }]);
    const after = await get<QueueResponse>(`/ops/api/queue?date=${date}&status=confirmed`);
    expect(after.items.find((i) => i.id === row.id)).toMatchObject({ plate: row.suggestedPlate });
    expect(after.items.find((i) => i.id === row.id)?.suggestedPlate).toBeUndefined();
  });

  it('refuses a bulk of more than 50, a request named twice, or none, naming the problem', async () => {
    const one = { id: 'RQ-261122-7K3M9Q', version: 0 };
    const cases: [unknown, string][] = [
      [{ requests: Array.from({ length: 51 }, (_, i) => ({ ...one, id: `RQ-261122-7K3M${String(i).padStart(2, '0')}` })) }, 'at most 50 requests'],
      [{ requests: [one, one] }, 'each request once'],
      [{ requests: [] }, 'at least one request'],
      [{ requests: [{ ...one, plate: '<script>' }] }, 'plate'],
    ];
    for (const [body, words] of cases) {
      const response = await post('/ops/api/requests/bulk-confirm', body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as OpsRefusal).message).toContain(words);
    }
  });
});

describe('searching and sorting the queue', () => {
  it('finds a request by its reference, requester, PO number or plate, and sorts by price or response time left', async () => {
    const day = 140;
    const cheap = await registerTestRequest(ops.deps, { vehicleTypeId: 'estate-octavia', period: { pickup: daysAhead(day, 9), return: daysAhead(day + 1, 17) }, extra: { poNumber: '4500777001' } });
    const dear = await registerTestRequest(ops.deps, { vehicleTypeId: 'suv-xc90', period: { pickup: daysAhead(day, 11), return: daysAhead(day + 4, 17) }, email: 'kees.de.vries@acme.example' });
    const date = daysAhead(day, 9).slice(0, 10);
    const ids = async (query: string) => (await get<QueueResponse>(`/ops/api/queue?date=${date}&${query}`)).items.map((i) => i.id);
    expect(await ids('q=4500777001')).toEqual([cheap.id]);
    expect(await ids(`q=${dear.id.toLowerCase()}`)).toEqual([dear.id]);
    expect(await ids('q=kees')).toEqual([dear.id]);
    const plate = (await detail(cheap.id)).units[0].plate;
    expect((await post(`/ops/api/requests/${cheap.id}/assignment`, { plate, version: 0 })).status).toBe(200);
    expect(await ids(`q=${plate.replace(/-/g, '').toLowerCase()}`)).toEqual([cheap.id]);
    expect(await ids('sort=price')).toEqual([dear.id, cheap.id]);
    expect(await ids('sort=pickup')).toEqual([cheap.id, dear.id]);
    expect((await ids('sort=response')).length).toBe(2);
    const bad = await ops.app.request(`/ops/api/queue?sort=colour`, { headers: ops.headers });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as OpsRefusal).message).toContain('sort');
  });
});
