import { BatchGetCommand, GetCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Hono } from 'hono';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted, VehiclesResponse } from '../../functions/catalog/api';
import { slotsOf } from '../../functions/catalog/period';
import { createDeps, type AppDeps } from '../../functions/http/deps';
import { runHousekeeping } from '../../functions/jobs/housekeeping';
import { createLocalApp } from '../../functions/local/server';
import type { OutboxMessage } from '../../functions/mail/outbox';
import type { ManagedRequest, RequestEvent } from '../../functions/requests/lifecycle';
import type { Db } from '../../functions/store/db';
import { assignUnit, changeStatus } from '../../functions/store/request-changes';
import { getRequest } from '../../functions/store/requests';
import { daysAhead, openSession } from '../support/punchout';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
});

const LOCATION = 'ams-sloterdijk';
const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const choice = (vehicleTypeId: string, startDay: number, days: number) => ({
  vehicleTypeId,
  locationId: LOCATION,
  pickup: daysAhead(startDay),
  return: daysAhead(startDay + days),
});
type Choice = ReturnType<typeof choice>;

async function transfer(target: Hono, session: string, chosen: Choice): Promise<{ status: number; requestId?: string }> {
  const response = await target.request(`${session}/api/transfer`, json(chosen));
  const body = (await response.json()) as Partial<TransferAccepted>;
  return { status: response.status, requestId: body.requestId };
}

async function available(session: string, chosen: Choice): Promise<number> {
  const response = await app.request(`${session}/api/vehicles?location=${LOCATION}&pickup=${chosen.pickup}&return=${chosen.return}`);
  const body = (await response.json()) as VehiclesResponse;
  if (!body.ok) throw new Error(body.message);
  return body.offers.find((o) => o.vehicleTypeId === chosen.vehicleTypeId)!.available;
}

const request = async (id: string) => (await getRequest(deps.db, id)) as ManagedRequest;

async function partitionItems(db: Db, pk: string, prefix: string): Promise<Record<string, unknown>[]> {
  const { Items } = await db.doc.send(
    new QueryCommand({ TableName: db.table, KeyConditionExpression: 'pk = :pk AND begins_with(sk, :p)', ExpressionAttributeValues: { ':pk': pk, ':p': prefix }, ConsistentRead: true }),
  );
  return Items ?? [];
}
const outboxOf = async (id: string) => (await partitionItems(deps.db, `REQUEST#${id}`, 'OUTBOX#')) as unknown as OutboxMessage[];
const historyOf = async (id: string) => (await partitionItems(deps.db, `REQUEST#${id}`, 'EVENT#')) as unknown as RequestEvent[];

/**
 * The independent check: every hold item of the table, read raw, against what the stored requests
 * say should be held (each open, non-test request holds one vehicle of its type in each slot of its
 * period): the count and the holders' ids agree, and no hold names a closed request.
 */
async function expectHoldsMatchOpenRequests(db: Db): Promise<void> {
  const items: Record<string, unknown>[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(new ScanCommand({ TableName: db.table, ExclusiveStartKey: start, ConsistentRead: true }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  const expected = new Map<string, Set<string>>();
  for (const r of items.filter((i) => i.entity === 'request') as unknown as ManagedRequest[]) {
    if (r.test || !['requested', 'confirmed'].includes(r.status)) continue;
    for (const slot of slotsOf(r.period)) {
      const key = `HOLD#${r.location.id}|${slot}#${r.vehicleType.id}`;
      expected.set(key, (expected.get(key) ?? new Set()).add(r.id));
    }
  }
  const actual = new Map<string, { held: number; ids: string[] }>();
  for (const hold of items.filter((i) => String(i.pk).startsWith('HOLD#'))) {
    const ids = [...((hold.requestIds as Set<string> | undefined) ?? [])].sort();
    if ((hold.held as number) === 0 && ids.length === 0) continue;
    actual.set(`${hold.pk}|${hold.sk}`, { held: hold.held as number, ids });
  }
  const want = new Map([...expected].map(([key, ids]) => [key, { held: ids.size, ids: [...ids].sort() }]));
  expect(Object.fromEntries(actual)).toEqual(Object.fromEntries(want));
}

describe('one session, one open request', () => {
  it('replaces the earlier request when the requester transfers another vehicle: its hold is released, the link is on both, no cancellation e-mail', async () => {
    const session = await openSession(app);
    const first = choice('estate-passat', 20, 3);
    const second = choice('compact-polo', 20, 3);
    const before = { passat: await available(session, first), polo: await available(session, second) };

    const a = await transfer(app, session, first);
    expect(a.status).toBe(201);
    expect(await available(session, first)).toBe(before.passat - 1);
    const b = await transfer(app, session, second);
    expect(b.status).toBe(201);

    const [old, current] = [await request(a.requestId!), await request(b.requestId!)];
    expect(old).toMatchObject({ status: 'cancelled', replacedBy: current.id, decision: { reason: 'replaced' }, statusChangedBy: 'jane.doe@acme.example' });
    expect(current).toMatchObject({ status: 'requested', replaces: old.id });
    expect(await available(session, first)).toBe(before.passat);
    expect(await available(session, second)).toBe(before.polo - 1);

    // The requester hears of each registration, never of the replaced one's cancellation.
    expect((await outboxOf(old.id)).map((m) => m.kind).sort()).toEqual(['ops-new-request', 'request-received']);
    const received = (await outboxOf(current.id)).find((m) => m.kind === 'request-received')!;
    expect(received).toMatchObject({ audience: 'requester', to: 'jane.doe@acme.example', request: { replaces: old.id } });
    const history = await historyOf(old.id);
    expect(history).toEqual([expect.objectContaining({ action: 'cancelled', actor: expect.objectContaining({ kind: 'requester' }), detail: expect.stringContaining(current.id) })]);

    // Back to the first choice: a new request replacing the second, not the cancelled first "repeated".
    const c = await transfer(app, session, first);
    expect(c.status).toBe(201);
    expect(c.requestId).not.toBe(a.requestId);
    expect(await request(c.requestId!)).toMatchObject({ status: 'requested', replaces: current.id });
    expect((await request(current.id)).status).toBe('cancelled');
    await expectHoldsMatchOpenRequests(deps.db);
  });

  it('keeps the last vehicle when the requester moves the period of it: the shared days are handed over, not lost to a 409', async () => {
    const session = await openSession(app);
    const first = choice('premium-5series', 30, 3);
    const moved = choice('premium-5series', 31, 4);
    expect(await available(session, first)).toBe(1);
    const a = await transfer(app, session, first);
    expect(a.status).toBe(201);
    const b = await transfer(app, session, moved);
    expect(b.status).toBe(201);
    expect(await request(a.requestId!)).toMatchObject({ status: 'cancelled', replacedBy: b.requestId });
    // The day only the first period had is free again; the moved period is held.
    expect(await available(session, { ...first, pickup: daysAhead(30, 9), return: daysAhead(30, 17) })).toBe(1);
    expect(await available(session, moved)).toBe(0);
    // Another requester cannot take it meanwhile.
    expect((await transfer(app, await openSession(app), moved)).status).toBe(409);
    expect((await request(a.requestId!)).releasing).toBeUndefined();
    await expectHoldsMatchOpenRequests(deps.db);
  });

  it('ends two racing transfers of one session with exactly one open request and no orphan hold', async () => {
    const session = await openSession(app);
    const choices = [choice('suv-xc90', 40, 2), choice('estate-passat', 41, 3), choice('compact-polo', 40, 5), choice('suv-xc90', 42, 2)];
    const results = await Promise.all(choices.map((c) => transfer(app, session, c)));
    expect(results.every((r) => r.status === 201 || r.status === 503)).toBe(true);
    const made = await Promise.all(results.filter((r) => r.requestId).map((r) => request(r.requestId!)));
    expect(made.length).toBeGreaterThan(0);
    const open = made.filter((r) => r.status === 'requested');
    expect(open).toHaveLength(1);
    // Each replaced one names its successor, and the chain ends at the open one.
    for (const closed of made.filter((r) => r.status !== 'requested')) expect(closed).toMatchObject({ status: 'cancelled', decision: { reason: 'replaced' } });
    const session_ = await deps.db.doc.send(new ScanCommand({ TableName: deps.db.table, FilterExpression: 'entity = :e AND openRequestId = :id', ExpressionAttributeValues: { ':e': 'session', ':id': open[0].id } }));
    expect(session_.Items).toHaveLength(1);
    await expectHoldsMatchOpenRequests(deps.db);
  });

  it('keeps a confirmed earlier request and warns operations in the new one’s history', async () => {
    const session = await openSession(app);
    const a = await transfer(app, session, choice('compact-clio', 50, 2));
    const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === 'compact-clio' && u.locationId === LOCATION)!.plate;
    const staff = { kind: 'staff' as const, email: 'otto@flexfleet.example', name: 'Otto' };
    const assigned = await assignUnit(deps.db, await request(a.requestId!), plate, staff);
    expect(assigned.outcome).toBe('done');
    expect((await changeStatus(deps.db, await request(a.requestId!), 'confirm', staff)).outcome).toBe('done');
    const b = await transfer(app, session, choice('compact-clio', 52, 2));
    expect(b.status).toBe(201);
    expect(await request(a.requestId!)).toMatchObject({ status: 'confirmed' });
    const current = await request(b.requestId!);
    expect(current.replaces).toBeUndefined();
    expect((await historyOf(current.id)).map((e) => e.detail)).toEqual([expect.stringContaining(`${a.requestId} (confirmed), which was kept`)]);
    await expectHoldsMatchOpenRequests(deps.db);
  });

  it('sends the new cart when the replaced request’s transfer page is opened again (the back button)', async () => {
    const session = await openSession(app);
    const a = await transfer(app, session, choice('compact-clio', 60, 2));
    const b = await transfer(app, session, choice('compact-polo', 60, 2));
    const again = await app.request(`${session}/transfer/${a.requestId}`);
    expect(again.status).toBe(303);
    expect(again.headers.get('location')).toBe(`${session}/transfer/${b.requestId}`);
    const page = await app.request(again.headers.get('location')!);
    expect(page.status).toBe(200);
    expect(Buffer.from(await page.arrayBuffer()).toString('latin1')).toContain(b.requestId);
  });
});

describe('a long rental replaced', () => {
  let stub: ReturnType<typeof mockClient> | undefined;
  afterEach(() => stub?.restore());

  it('frees the holds that do not fit the transaction after it, and housekeeping finishes them when that step fails', async () => {
    // The app under test gets its own document client; its hold updates after the transaction fail.
    const faulty = createDeps(deps.config, deps.secrets);
    const faultyApp = createLocalApp(faulty);
    stub = mockClient(faulty.db.doc);
    stub.on(GetCommand).callsFake((input) => deps.db.doc.send(new GetCommand(input)));
    stub.on(BatchGetCommand).callsFake((input) => deps.db.doc.send(new BatchGetCommand(input)));
    stub.on(QueryCommand).callsFake((input) => deps.db.doc.send(new QueryCommand(input)));
    stub.on(TransactWriteCommand).callsFake((input) => deps.db.doc.send(new TransactWriteCommand(input)));
    stub.on(UpdateCommand).rejects(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));

    const session = await openSession(app);
    const long = choice('estate-octavia', 100, 40);
    const other = choice('estate-passat', 150, 40);
    const a = await transfer(faultyApp, session, long);
    expect(a.status).toBe(201);
    const b = await transfer(faultyApp, session, other);
    expect(b.status).toBe(201);
    stub.restore();
    stub = undefined;

    const old = await request(a.requestId!);
    expect(old.status).toBe('cancelled');
    expect(old.releasing?.holds).toHaveLength(slotsOf(old.period).length);
    // Until housekeeping runs, the cancelled request still holds its vehicle: the check says so.
    await expect(expectHoldsMatchOpenRequests(deps.db)).rejects.toThrow();

    const report = await runHousekeeping(deps.db, deps.config);
    expect(report.released).toContain(old.id);
    expect((await request(old.id)).releasing).toBeUndefined();
    await expectHoldsMatchOpenRequests(deps.db);
  });

  it('frees them right after the transaction when nothing fails', async () => {
    const session = await openSession(app);
    const a = await transfer(app, session, choice('estate-octavia', 200, 40));
    const b = await transfer(app, session, choice('estate-octavia', 210, 40));
    expect(b.status).toBe(201);
    expect(await request(a.requestId!)).toMatchObject({ status: 'cancelled', replacedBy: b.requestId });
    expect((await request(a.requestId!)).releasing).toBeUndefined();
    await expectHoldsMatchOpenRequests(deps.db);
  });
});
