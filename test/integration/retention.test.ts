import { ScanCommand, paginateScan } from '@aws-sdk/lib-dynamodb';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted } from '../../functions/catalog/api';
import { slotsOf } from '../../functions/catalog/period';
import type { AppDeps } from '../../functions/http/deps';
import { runHousekeeping } from '../../functions/jobs/housekeeping';
import type { StreamPoller } from '../../functions/local/stream-poller';
import { createLocalApp } from '../../functions/local/server';
import { recordBounce } from '../../functions/store/bounces';
import { heldAt } from '../../functions/store/holds';
import { assignUnit, changeStatus } from '../../functions/store/request-changes';
import { getRequest } from '../../functions/store/requests';
import { KEPT_WITHOUT_TTL } from '../../functions/store/retention';
import { eventually, mailsIn, registerTestRequest, startMailWorker } from '../support/ops';
import { callUpForm, daysAhead, openSession, postCallUp } from '../support/punchout';
import { seededStack } from '../support/stack';

const DAY = 86_400;
const operator = { kind: 'staff' as const, email: 'otto@flexfleet.example', name: 'Otto Operator' };

let deps: AppDeps;
let app: Hono;
let worker: StreamPoller;

beforeAll(async () => {
  deps = await seededStack({ OPS_MAILBOX: 'retention-test@flexfleet.example' });
  app = createLocalApp(deps);
  worker = startMailWorker(deps);
});

afterAll(async () => {
  await worker?.stop();
});

async function everyItem(): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client: deps.db.doc }, { TableName: deps.db.table })) items.push(...(page.Items ?? []));
  return items;
}

/** The expected TTL window per item type, in days from the start of the test (the latest rental here ends within 60 days). */
const LATEST_RENTAL_END_DAYS = 60;
const WINDOWS: Record<string, [number, number]> = {
  session: [0, 1],
  transfer: [30, 31],
  request: [365 + 7, 365 + 7 + LATEST_RENTAL_END_DAYS + 2],
  hold: [7, LATEST_RENTAL_END_DAYS + 9],
  unitSlot: [7, LATEST_RENTAL_END_DAYS + 9],
  outbox: [1, 365 + LATEST_RENTAL_END_DAYS + 2],
  requestEvent: [365, 365 + LATEST_RENTAL_END_DAYS + 2],
  payload: [30, 365 + LATEST_RENTAL_END_DAYS + 2],
  bounce: [365, 366],
  signInToken: [0, 1],
  opsSession: [0, 2],
  'login-failures': [0, 1],
  'callup-refusals': [30, 33],
};

describe('retention: every item written carries its expiry', () => {
  it('after a call-up, a refused call-up, a transfer, its e-mails, a confirmation, a decline and a bounce, every item but the listed reference data has a TTL in its window', async () => {
    const start = Math.floor(Date.now() / 1000);
    // A buyer punches out, transfers a vehicle, the cart goes back; another call-up is refused.
    const session = await openSession(app);
    expect((await postCallUp(app, callUpForm({ PASSWORD: 'wrong' }))).status).toBe(401);
    const chosen = { vehicleTypeId: 'estate-passat', locationId: 'ams-sloterdijk', pickup: daysAhead(20), return: daysAhead(25) };
    const transfer = await app.request(`${session}/api/transfer`, {
      method: 'POST',
      body: JSON.stringify(chosen),
      headers: { 'content-type': 'application/json' },
    });
    expect(transfer.status).toBe(201);
    const { requestId, transferUrl } = (await transfer.json()) as TransferAccepted;
    expect((await app.request(transferUrl)).status).toBe(200);
    // Operations confirm it (a unit taken slot by slot) and decline a second one.
    const request = (await getRequest(deps.db, requestId))!;
    const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === 'estate-passat' && u.locationId === 'ams-sloterdijk')!.plate;
    const assigned = await assignUnit(deps.db, { ...request }, plate, operator);
    if (assigned.outcome !== 'done') throw new Error(assigned.outcome);
    expect((await changeStatus(deps.db, assigned.request, 'confirm', operator)).outcome).toBe('done');
    const other = await registerTestRequest(deps, { period: { pickup: daysAhead(40), return: daysAhead(LATEST_RENTAL_END_DAYS - 1) } });
    expect((await changeStatus(deps.db, other, 'decline', operator, new Date(), { reason: 'no-vehicle', note: '' })).outcome).toBe('done');
    await recordBounce(deps.db, { address: 'Bounced@Buyer.example', kind: 'bounce', at: new Date().toISOString(), detail: 'Permanent/General' });
    // Every e-mail sent (its MIME goes to the payload log), housekeeping run.
    await eventually('the e-mails', () => mailsIn((m) => m.subject.includes(requestId) || m.subject.includes(other.id)), (m) => m.length >= 4);
    await worker.drain();
    await runHousekeeping(deps.db, deps.config);

    const items = await everyItem();
    const entities = new Set(items.map((item) => String(item.entity)));
    for (const expected of ['session', 'transfer', 'request', 'hold', 'unitSlot', 'outbox', 'requestEvent', 'payload', 'bounce', 'statusCount']) {
      expect(entities, `an item of type ${expected} was written`).toContain(expected);
    }
    const problems = items.flatMap((item) => {
      const entity = String(item.entity);
      const where = `${entity} ${String(item.pk)} ${String(item.sk)}`;
      if (entity in KEPT_WITHOUT_TTL) return item.expiresAt === undefined ? [] : [`${where}: listed as kept, yet has a TTL`];
      const window = WINDOWS[entity];
      if (!window) return [`${where}: no TTL rule for this item type`];
      if (typeof item.expiresAt !== 'number') return [`${where}: no expiresAt`];
      const days = (item.expiresAt - start) / DAY;
      return days >= window[0] - 0.01 && days <= window[1] + 0.01 ? [] : [`${where}: expires in ${days.toFixed(2)} days, not ${window[0]}–${window[1]}`];
    });
    expect(problems).toEqual([]);
    // The refused call-up goes after 30 days; the one that opened a session and the e-mails after a year.
    const payloads = items.filter((item) => item.entity === 'payload');
    const refused = payloads.filter((item) => String(item.pk).startsWith('CALLUP#'));
    expect(refused.length).toBeGreaterThan(0);
    for (const item of refused) expect(Math.round(((item.expiresAt as number) - start) / DAY)).toBe(30);
    for (const item of payloads.filter((p) => !String(p.pk).startsWith('CALLUP#'))) {
      expect(((item.expiresAt as number) - start) / DAY).toBeGreaterThanOrEqual(365);
    }
  }, 60_000);

  it('keeps a request a year (PERSONAL_DATA_DAYS) after its rental ends, and less when the setting says so', async () => {
    const period = { pickup: daysAhead(10), return: daysAhead(12) };
    const returnDay = Date.parse(`${period.return.slice(0, 10)}T00:00:00Z`) / 1000;
    const kept = await registerTestRequest(deps, { period });
    const item = await deps.db.doc.send(new ScanCommand({ TableName: deps.db.table, FilterExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `REQUEST#${kept.id}` } }));
    const request = item.Items!.find((i) => i.entity === 'request')!;
    expect(request.expiresAt).toBe(returnDay + DAY + 365 * DAY + 7 * DAY);

    const short = await seededStack({ PERSONAL_DATA_DAYS: '30' });
    const brief = await registerTestRequest(short, { period });
    const { Items } = await short.db.doc.send(new ScanCommand({ TableName: short.db.table, FilterExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `REQUEST#${brief.id}` } }));
    expect(Items!.find((i) => i.entity === 'request')!.expiresAt).toBe(returnDay + DAY + 30 * DAY + 7 * DAY);
    for (const outbox of Items!.filter((i) => i.entity === 'outbox')) expect(outbox.expiresAt).toBe(returnDay + DAY + 30 * DAY);
  });

  it('does not count a hold past its expiry, though DynamoDB has not deleted it yet', async () => {
    const period = { pickup: daysAhead(15), return: daysAhead(16) };
    await registerTestRequest(deps, { vehicleTypeId: 'van-transit', period });
    const slots = slotsOf(period);
    const held = (now: Date) => heldAt(deps.db, 'ams-sloterdijk', slots[0], slots.at(-1)!, now).then((h) => h.get(slots[0])?.get('van-transit') ?? 0);
    expect(await held(new Date())).toBeGreaterThan(0);
    expect(await held(new Date(Date.now() + 30 * DAY * 1000))).toBe(0);
  });
});
