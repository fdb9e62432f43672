import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted, TransferRefused, VehiclesResponse } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import { runHousekeeping } from '../../functions/jobs/housekeeping';
import { createLocalApp } from '../../functions/local/server';
import type { PlanningResponse, QueueResponse, RequestDetail } from '../../functions/operations/api';
import { hashPassword } from '../../functions/punchout/password';
import type { Connection } from '../../functions/punchout/connection';
import { getConnection, putConnection } from '../../functions/store/connections';
import { putLogin } from '../../functions/store/logins';
import { getRequest } from '../../functions/store/requests';
import { addTestStaff, signedIn } from '../support/ops';
import { daysAhead, openSession } from '../support/punchout';
import { seededStack } from '../support/stack';

/**
 * A connection onboarded in test mode with a contract rate and two delivery addresses, one login
 * per address plus an unbound one: what the requester sees, what is held, what operations list.
 */
let deps: AppDeps;
let app: Hono;
let ops: Record<string, string>;

const CONNECTION: Connection = {
  ...DEMO_CONNECTION.connection,
  id: 'q-onboarding',
  // A cXML credential belongs to one connection (the demo's): this one punches out by OCI only.
  cxml: undefined,
  name: 'Onboarding BV (test)',
  status: 'test',
  deliveryAddresses: [
    { id: 'hq', label: 'Head office', address: 'Kade 1, 1011 AA Amsterdam', locationCode: 'AMS-HQ', customerNumber: 'K-77' },
    { id: 'depot', label: 'Depot', address: 'Weg 9, 3542 AB Utrecht', locationCode: 'UTR-DEP' },
  ],
  cart: { ...DEMO_CONNECTION.connection.cart, deliveryCustField: 3 },
  contractRates: [
    { id: 'onb-15', kind: 'discount', percent: 15, validFrom: '2020-01-01' },
    { id: 'onb-old', kind: 'discount', percent: 5, validFrom: '2019-01-01', validTo: '2019-12-31' },
  ],
};
const PASSWORD = 'onboarding-password-1234';
const open = (username: string) => openSession(app, { USERNAME: username, PASSWORD: PASSWORD });

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const selection = (vehicleTypeId: string, startDay: number, days: number, more: Record<string, string> = {}) => ({
  vehicleTypeId,
  locationId: 'ams-sloterdijk',
  pickup: daysAhead(startDay),
  return: daysAhead(startDay + days),
  ...more,
});

async function offer(session: string, vehicleTypeId: string, period: { pickup: string; return: string }) {
  const body = (await (await app.request(`${session}/api/vehicles?location=ams-sloterdijk&pickup=${period.pickup}&return=${period.return}`)).json()) as VehiclesResponse;
  if (!body.ok) throw new Error(body.message);
  return body.offers.find((o) => o.vehicleTypeId === vehicleTypeId)!;
}

async function transfer(session: string, body: unknown): Promise<{ status: number; body: TransferAccepted & TransferRefused }> {
  const response = await app.request(`${session}/api/transfer`, json(body));
  return { status: response.status, body: (await response.json()) as TransferAccepted & TransferRefused };
}

/** The cart's fields as the transfer page posts them (entities decoded). */
async function cartFields(transferUrl: string): Promise<Record<string, string>> {
  const html = await (await app.request(transferUrl)).text();
  const decode = (v: string) => v.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  return Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], decode(m[2])]));
}

const getOps = async <T>(url: string) => (await (await app.request(url, { headers: ops })).json()) as T;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
  await putConnection(deps.db, CONNECTION);
  const passwordHash = await hashPassword(PASSWORD);
  const createdAt = new Date().toISOString();
  await putLogin(deps.db, { username: 'onb-open', connectionId: CONNECTION.id, passwordHash, createdAt });
  await putLogin(deps.db, { username: 'onb-depot', connectionId: CONNECTION.id, passwordHash, deliveryAddressId: 'depot', createdAt });
  ops = (await signedIn(deps, await addTestStaff(deps, 'operator'))).headers;
});

describe('test mode', () => {
  it('a test connection’s transfer holds no vehicle, is marked as a test and stays out of the real queue, its counts and the planning', async () => {
    const session = await open('onb-depot');
    const chosen = selection('premium-5series', 11, 3);
    const before = await offer(session, 'premium-5series', chosen);
    const countsBefore = (await getOps<QueueResponse>('/ops/api/queue')).counts;

    const first = await transfer(session, chosen);
    expect(first.status).toBe(201);
    const again = await transfer(session, chosen);
    expect(again).toMatchObject({ status: 200, body: { requestId: first.body.requestId } });
    expect(await getRequest(deps.db, first.body.requestId)).toMatchObject({ test: true, status: 'requested' });
    // The one vehicle of the type is still free: a test holds nothing.
    expect(before.available).toBe(1);
    expect((await offer(session, 'premium-5series', chosen)).available).toBe(1);

    const real = await getOps<QueueResponse>('/ops/api/queue');
    expect(real.tests).toBe(false);
    expect(real.items.map((i) => i.id)).not.toContain(first.body.requestId);
    expect(real.counts).toEqual(countsBefore);
    const tests = await getOps<QueueResponse>('/ops/api/queue?tests=only');
    expect(tests.items.find((i) => i.id === first.body.requestId)).toMatchObject({ test: true, connection: { id: CONNECTION.id } });
    expect(tests.counts.requested).toBe(1);
    const detail = await getOps<RequestDetail>(`/ops/api/requests/${first.body.requestId}`);
    expect(detail).toMatchObject({ test: true, request: { test: true, deliveryAddress: { id: 'depot', locationCode: 'UTR-DEP' } } });
    const plan = await getOps<PlanningResponse>(`/ops/api/planning?location=ams-sloterdijk&week=${chosen.pickup.slice(0, 10)}`);
    expect(JSON.stringify(plan)).not.toContain(first.body.requestId);
  });

  it('refuses a unit for a test request but confirms it without one, and releases nothing', async () => {
    const session = await open('onb-depot');
    const { body } = await transfer(session, selection('estate-passat', 12, 2));
    const post = (path: string, payload: unknown) => app.request(`/ops/api/requests/${body.requestId}/${path}`, { method: 'POST', headers: ops, body: JSON.stringify(payload) });
    const assign = await post('assignment', { plate: 'GX-104-P', version: 0 });
    expect(assign.status).toBe(409);
    expect(((await assign.json()) as { message: string }).message).toContain('test request');
    const confirm = await post('confirm', { version: 0 });
    expect(confirm.status).toBe(200);
    const tests = await getOps<QueueResponse>('/ops/api/queue?tests=only&status=confirmed');
    expect(tests.items.map((i) => i.id)).toContain(body.requestId);
    expect((await getOps<QueueResponse>('/ops/api/queue?status=confirmed')).items.map((i) => i.id)).not.toContain(body.requestId);
  });

  it('says in the cart’s first line that it is a test, and carries the contract price and the delivery address', async () => {
    const session = await open('onb-depot');
    const chosen = selection('compact-polo', 13, 2);
    const shown = await offer(session, 'compact-polo', chosen);
    const { body } = await transfer(session, chosen);
    const fields = await cartFields(body.transferUrl);
    const longText = fields['NEW_ITEM-LONGTEXT_1:132[]'];
    expect(longText.split('\n')[0]).toMatch(/^TEST: .*not a real reservation/);
    expect(longText).toContain('Contract rate (15% discount)');
    expect(longText).toContain('Depot, Weg 9, 3542 AB Utrecht');
    expect(Number(fields['NEW_ITEM-PRICE[1]'])).toBe(shown.price.net / 100);
    expect(fields['NEW_ITEM-CUST_FIELD3[1]']).toBe('UTR-DEP');
  });

  it('makes requests real once the connection goes live: they hold a vehicle and join the real queue', async () => {
    const admin = (await signedIn(deps, await addTestStaff(deps, 'admin'))).headers;
    const switched = await app.request(`/ops/api/admin/connections/${CONNECTION.id}/go-live`, { method: 'POST', headers: admin, body: '{}' });
    expect(switched.status, await switched.clone().text()).toBe(200);
    expect((await getConnection(deps.db, CONNECTION.id))?.status).toBe('live');
    try {
      const session = await open('onb-depot');
      const chosen = selection('van-transit', 15, 2);
      const before = (await offer(session, 'van-transit', chosen)).available;
      const { status, body } = await transfer(session, chosen);
      expect(status).toBe(201);
      expect((await getRequest(deps.db, body.requestId))?.test).toBeUndefined();
      expect((await offer(session, 'van-transit', chosen)).available).toBe(before - 1);
      expect((await getOps<QueueResponse>('/ops/api/queue')).items.map((i) => i.id)).toContain(body.requestId);
      expect((await getOps<QueueResponse>('/ops/api/queue?tests=only')).items.map((i) => i.id)).not.toContain(body.requestId);
    } finally {
      await putConnection(deps.db, CONNECTION);
    }
  });

  it('lets an unconfirmed test request lapse like any other, though it holds nothing to release', async () => {
    const session = await open('onb-depot');
    const { body } = await transfer(session, selection('suv-tiguan', 14, 2));
    const later = new Date(Date.now() + 30 * 86_400_000);
    const report = await runHousekeeping(deps.db, { holdExpiryDays: 3 }, later);
    expect(report.expired).toContain(body.requestId);
    expect(await getRequest(deps.db, body.requestId)).toMatchObject({ status: 'expired', test: true });
    const tests = await getOps<QueueResponse>('/ops/api/queue?tests=only&status=expired');
    expect(tests.items.map((i) => i.id)).toContain(body.requestId);
    expect(tests.counts.expired).toBeGreaterThanOrEqual(1);
  });

  it('answers an unknown tests filter with a 400 naming the field', async () => {
    const response = await app.request('/ops/api/queue?tests=yes', { headers: ops });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid', field: 'tests' });
  });
});

describe('contract rates in the catalog', () => {
  it('shows the connection’s contract price, names the rate and the list price, and the request keeps that price', async () => {
    const session = await open('onb-depot');
    const chosen = selection('estate-octavia', 16, 3);
    const shown = await offer(session, 'estate-octavia', chosen);
    expect(shown.price.contract).toEqual({ id: 'onb-15', kind: 'discount', percent: 15, validFrom: '2020-01-01' });
    // Three days at the list day rate, less 15 % (the estate's list rates are in the demo fleet).
    const list = DEMO_FLEET.vehicleTypes.find((t) => t.id === 'estate-octavia')!.listRates;
    expect(shown.price.listNet).toBe(3 * list.day);
    expect(shown.price.net).toBe(3 * Math.round(list.day * 0.85));
    const { body } = await transfer(session, chosen);
    expect((await getRequest(deps.db, body.requestId))?.price).toEqual(shown.price);
  });
});

describe('delivery address', () => {
  it('refuses a bound login an address other than its own, naming the field, and gives its request its own address', async () => {
    const session = await open('onb-depot');
    const chosen = selection('compact-clio', 17, 2);
    const refused = await transfer(session, { ...chosen, deliveryAddressId: 'hq' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid', field: 'deliveryAddressId' });
    expect(refused.body.message).toContain('one delivery address');
    const accepted = await transfer(session, chosen);
    expect(accepted.status).toBe(201);
    expect((await getRequest(deps.db, accepted.body.requestId))?.deliveryAddress).toEqual(CONNECTION.deliveryAddresses[1]);
  });

  it('asks an unbound login of a connection with several addresses to choose one, and stores the one chosen', async () => {
    const session = await open('onb-open');
    const catalog = await (await app.request(`${session}/`)).text();
    expect(catalog).toContain('"deliveryAddressFixed":false');
    expect(catalog).toContain('"test":true');
    const chosen = selection('compact-clio', 19, 2);
    const none = await transfer(session, chosen);
    expect(none).toMatchObject({ status: 400, body: { field: 'deliveryAddressId', message: 'Please choose the delivery address for this vehicle.' } });
    const unknown = await transfer(session, { ...chosen, deliveryAddressId: 'elsewhere' });
    expect(unknown).toMatchObject({ status: 400, body: { field: 'deliveryAddressId' } });
    const malformed = await transfer(session, { ...chosen, deliveryAddressId: 'x'.repeat(65) });
    expect(malformed).toMatchObject({ status: 400, body: { field: 'deliveryAddressId' } });
    const accepted = await transfer(session, { ...chosen, deliveryAddressId: 'hq' });
    expect(accepted.status).toBe(201);
    expect((await getRequest(deps.db, accepted.body.requestId))?.deliveryAddress).toMatchObject({ id: 'hq', label: 'Head office', locationCode: 'AMS-HQ', customerNumber: 'K-77' });
  });
});
