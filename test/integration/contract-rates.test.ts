import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted, VehiclesResponse } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import { createLocalApp } from '../../functions/local/server';
import { addTestStaff, signedIn } from '../support/ops';
import { daysAhead, postCallUp } from '../support/punchout';
import { seededStack } from '../support/stack';

/**
 * Contract rates entered in the console, end to end: the admin API refuses rates it could not
 * apply unambiguously; the catalog, the request and the cart carry the rate valid on the pick-up day.
 */
let deps: AppDeps;
let app: Hono;
let admin: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
  admin = await signedIn(deps, await addTestStaff(deps, 'admin'));
});

const api = (path: string, body: unknown) => app.request(`/ops/api${path}`, { method: 'POST', headers: admin.headers, body: JSON.stringify(body) });

function connection(id: string, contractRates: unknown[]) {
  return {
    id,
    name: `Rates ${id}`,
    organisation: { contactEmail: 'inkoop@rates.example', language: 'en', billing: { xmlInvoices: false } },
    deliveryAddresses: [{ id: 'main', label: 'Main office', address: 'Plein 1, Amsterdam', locationCode: 'MAIN' }],
    callUpParams: { username: ['username'], password: ['password'], email: ['oci_usermail'], fullName: ['oci_userfullname'], firstName: [], lastName: [], language: [] },
    extraFields: [],
    hookAllowlist: ['https://srm.rates.example/sap/'],
    allowLoopbackHooks: true,
    buyerOrigins: [],
    cart: { unit: 'EA', categories: {}, deliveryCustField: 2 },
    orderChannel: { kind: 'none' },
    currency: 'EUR',
    vatPercent: 21,
    contractRates,
    defaultLanguage: 'en',
  };
}

/** Day `n` from today, as the catalog's pick-up date (the demo locations are on Amsterdam time; a day's margin either side). */
const day = (n: number) => daysAhead(n).slice(0, 10);

async function onboard(id: string, contractRates: unknown[]): Promise<string> {
  const created = await api('/admin/connections', connection(id, contractRates));
  expect(created.status, await created.clone().text()).toBe(201);
  const login = await api(`/admin/connections/${id}/logins`, { username: `${id}-user` });
  expect(login.status).toBe(201);
  const { password } = (await login.json()) as { password: string };
  const callUp = await postCallUp(
    app,
    new URLSearchParams({ USERNAME: `${id}-user`, PASSWORD: password, HOOK_URL: 'http://localhost:4999/hook', oci_usermail: 'kim@rates.example', oci_userfullname: 'Kim Rates' }),
  );
  expect(callUp.status).toBe(303);
  return callUp.headers.get('location')!.replace(/\/$/, '');
}

async function offerOn(session: string, pickupDay: number, days = 2) {
  const query = `location=ams-sloterdijk&pickup=${daysAhead(pickupDay)}&return=${daysAhead(pickupDay + days)}`;
  const body = (await (await app.request(`${session}/api/vehicles?${query}`)).json()) as VehiclesResponse;
  if (!body.ok) throw new Error(body.message);
  return body.offers.find((o) => o.vehicleTypeId === 'estate-octavia')!.price;
}

const list = DEMO_FLEET.vehicleTypes.find((t) => t.id === 'estate-octavia')!.listRates;

describe('contract rates entered in the console', () => {
  it('refuses a rate ending before it starts and two discounts starting on the same day, naming the rate', async () => {
    const backwards = await api('/admin/connections', connection('rates-bad-1', [{ id: 'r1', kind: 'discount', percent: 10, validFrom: '2026-05-01', validTo: '2026-04-30' }]));
    expect(backwards.status).toBe(400);
    expect(await backwards.json()).toMatchObject({ field: 'contractRates.0.validTo', message: expect.stringContaining('contractRates.0.validTo: expected a date on or after validFrom') });
    const tie = await api(
      '/admin/connections',
      connection('rates-bad-2', [
        { id: 'r1', kind: 'discount', percent: 10, validFrom: '2026-01-01' },
        { id: 'r2', kind: 'discount', percent: 20, validFrom: '2026-01-01' },
      ]),
    );
    expect(tie.status).toBe(400);
    expect(((await tie.json()) as { message: string }).message).toContain('contractRates.1.validFrom: starts on the same day as contract rate r1');
  });

  it('prices a rental picked up on a rate’s last day at that rate for all its days, and one picked up the day after at the next', async () => {
    const session = await onboard('rates-edge', [
      { id: 'until-day-10', kind: 'discount', percent: 20, validFrom: day(-30), validTo: day(10) },
      { id: 'card-from-11', kind: 'card', vehicleTypeId: 'estate-octavia', rates: { day: 1000, week: 6000, month: 20000 }, validFrom: day(11) },
    ]);
    const lastDay = await offerOn(session, 10, 3);
    expect(lastDay).toMatchObject({ net: 3 * Math.round(list.day * 0.8), listNet: 3 * list.day, contract: { id: 'until-day-10', kind: 'discount', percent: 20 } });
    const dayAfter = await offerOn(session, 11, 3);
    expect(dayAfter).toMatchObject({ net: 3000, contract: { id: 'card-from-11', kind: 'card' } });
  });

  it('carries the catalog’s contract price into the request and the cart, naming the rate in the long text', async () => {
    const session = await onboard('rates-cart', [{ id: 'ten', kind: 'discount', percent: 10, validFrom: day(-1) }]);
    const shown = await offerOn(session, 8, 2);
    expect(shown.contract).toMatchObject({ id: 'ten', percent: 10 });
    const response = await app.request(`${session}/api/transfer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vehicleTypeId: 'estate-octavia', locationId: 'ams-sloterdijk', pickup: daysAhead(8), return: daysAhead(10) }),
    });
    expect(response.status).toBe(201);
    const { transferUrl } = (await response.json()) as TransferAccepted;
    const html = await (await app.request(transferUrl)).text();
    const field = (name: string) => html.match(new RegExp(`name="${name.replace(/[[\]]/g, '\\$&')}" value="([^"]*)"`))?.[1];
    expect(Number(field('NEW_ITEM-PRICE[1]'))).toBe(shown.net / 100);
    expect(field('NEW_ITEM-LONGTEXT_1:132[]')).toContain('Contract rate (10% discount)');
    expect(field('NEW_ITEM-CUST_FIELD2[1]')).toBe('MAIN');
  });
});
