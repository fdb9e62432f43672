import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { TransferAccepted, TransferRefused, VehiclesResponse } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import { payloadsOf } from '../../functions/store/payload-log';
import { getRequest } from '../../functions/store/requests';
import { checkCart } from '../../functions/punchout/oci-cart-check';
import { callUpForm, daysAhead, openSession } from '../support/punchout';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
});

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const selection = (vehicleTypeId: string, startDay: number, days: number, locationId = 'ams-sloterdijk') => ({
  vehicleTypeId,
  locationId,
  pickup: daysAhead(startDay),
  return: daysAhead(startDay + days),
});

async function offer(session: string, vehicleTypeId: string, period: { pickup: string; return: string }, location = 'ams-sloterdijk') {
  const response = await app.request(`${session}/api/vehicles?location=${location}&pickup=${period.pickup}&return=${period.return}`);
  const body = (await response.json()) as VehiclesResponse;
  if (!body.ok) throw new Error(body.message);
  return body.offers.find((o) => o.vehicleTypeId === vehicleTypeId)!;
}

describe('transfer: registration and hold', () => {
  it('registers the request, holds the vehicle and lowers the availability for that period only', async () => {
    const session = await openSession(app);
    const chosen = selection('estate-passat', 10, 5);
    expect((await offer(session, 'estate-passat', chosen)).available).toBe(2);
    const response = await app.request(`${session}/api/transfer`, json(chosen));
    expect(response.status).toBe(201);
    const { requestId, transferUrl } = (await response.json()) as TransferAccepted;
    expect(transferUrl).toBe(`${session}/transfer/${requestId}`);
    const request = await getRequest(deps.db, requestId);
    expect(request).toMatchObject({
      status: 'requested',
      connectionId: 'acme-demo',
      requester: { email: 'jane.doe@acme.example', fullName: 'Jane Doe' },
      vehicleType: { id: 'estate-passat' },
      location: { id: 'ams-sloterdijk' },
      period: { pickup: chosen.pickup, return: chosen.return },
      extra: { poNumber: '4500012345', costCentre: 'CC-1042' },
      price: { rentalDays: 5, currency: 'EUR', vatPercent: 21 },
    });
    expect((await offer(session, 'estate-passat', chosen)).available).toBe(1);
    expect((await offer(session, 'estate-passat', selection('estate-passat', 20, 2))).available).toBe(2);
  });

  it('makes one request of a double click or a resubmitted form', async () => {
    const session = await openSession(app);
    const chosen = selection('compact-polo', 12, 3);
    const responses = await Promise.all([1, 2, 3].map(() => app.request(`${session}/api/transfer`, json(chosen))));
    const bodies = (await Promise.all(responses.map((r) => r.json()))) as TransferAccepted[];
    expect(new Set(bodies.map((b) => b.requestId)).size).toBe(1);
    expect(responses.map((r) => r.status).sort()).toEqual([200, 200, 201]);
    const again = await app.request(`${session}/api/transfer`, json(chosen));
    expect(((await again.json()) as TransferAccepted).requestId).toBe(bodies[0].requestId);
    expect((await offer(session, 'compact-polo', chosen)).available).toBe(3);
  });

  it('lets exactly one of 20 concurrent requesters have the last vehicle; the others get a 409 with alternatives', async () => {
    const chosen = selection('suv-xc90', 14, 3);
    const sessions = await Promise.all(Array.from({ length: 20 }, () => openSession(app)));
    const responses = await Promise.all(sessions.map((s) => app.request(`${s}/api/transfer`, json(chosen))));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const refusal = (await responses[statuses.indexOf(409)].json()) as TransferRefused;
    expect(refusal.error).toBe('taken');
    expect(refusal.message).toContain('just reserved the last vehicle');
    expect(refusal.alternatives!.length).toBeGreaterThan(0);
    expect(refusal.alternatives!.every((a) => a.available > 0)).toBe(true);
    // The same type at the other desk first, then the first later date it is free here, then similar types here (catalog-alternatives.ts).
    expect(refusal.alternatives![0]).toMatchObject({ kind: 'elsewhere', vehicleTypeId: 'suv-xc90', locationId: 'utr-centraal' });
    expect(refusal.alternatives![1]).toMatchObject({ kind: 'later', vehicleTypeId: 'suv-xc90', locationId: 'ams-sloterdijk' });
    const similar = refusal.alternatives!.find((a) => a.kind === 'similar')!;
    expect(similar.locationId).toBe('ams-sloterdijk');
    expect(DEMO_FLEET.vehicleTypes.find((t) => t.id === similar.vehicleTypeId)!.category).toBe('suv');
    expect((await offer(sessions[0], 'suv-xc90', chosen)).available).toBe(0);
  });

  it('refuses a transfer on an expired session and holds nothing', async () => {
    let clock = new Date();
    const timed = await seededStack({ SESSION_MINUTES: '30' }, () => clock);
    const timedApp = createLocalApp(timed);
    const session = await openSession(timedApp);
    clock = new Date(Date.now() + 31 * 60_000);
    const chosen = selection('premium-5series', 16, 2);
    const response = await timedApp.request(`${session}/api/transfer`, json(chosen));
    expect(response.status).toBe(410);
    expect(((await response.json()) as TransferRefused).error).toBe('session-expired');
    clock = new Date();
    const fresh = await openSession(timedApp);
    const free = await timedApp.request(`${fresh}/api/vehicles?location=ams-sloterdijk&pickup=${chosen.pickup}&return=${chosen.return}`);
    const body = (await free.json()) as VehiclesResponse;
    expect(body.ok && body.offers.find((o) => o.vehicleTypeId === 'premium-5series')!.available).toBe(1);
  });

  it('answers a period in the past with a 400 that says so', async () => {
    const session = await openSession(app);
    const response = await app.request(`${session}/api/transfer`, json({ ...selection('compact-polo', 1, 1), pickup: '2020-01-01T09:00' }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as TransferRefused).message).toBe('The pick-up time has passed.');
  });

  it('never shows one session’s request to another session', async () => {
    const owner = await openSession(app);
    const other = await openSession(app);
    const { requestId } = (await (await app.request(`${owner}/api/transfer`, json(selection('compact-clio', 18, 2)))).json()) as TransferAccepted;
    expect((await app.request(`${other}/transfer/${requestId}`)).status).toBe(404);
  });
});

describe('transfer page', () => {
  it('posts an OCI cart to the HOOK_URL, logs it, and passes the OCI check', async () => {
    // A buyer whose charset is ISO-8859-1 posts its call-up in it too (ë is the byte 0xEB).
    const body = callUpForm({ http_content_charset: 'iso-8859-1', oci_userfullname: 'Zoë Janssen' }).toString().replace('Zo%C3%AB', 'Zo%EB');
    const callUp = await app.request('/punchout/oci', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(callUp.status).toBe(303);
    const session = callUp.headers.get('location')!.replace(/\/$/, '');
    const { transferUrl, requestId } = (await (await app.request(`${session}/api/transfer`, json(selection('van-transit', 9, 5)))).json()) as TransferAccepted;
    const page = await app.request(transferUrl);
    expect(page.headers.get('content-type')).toBe('text/html; charset=iso-8859-1');
    expect(page.headers.get('content-security-policy')).toContain('form-action');
    const html = Buffer.from(await page.arrayBuffer()).toString('latin1');
    expect(html).toContain('<form id="oci-cart" method="post" action="http://localhost:4999/hook" target="_top" accept-charset="iso-8859-1">');
    expect(html).toContain('<input type="hidden" name="sap-client" value="100">');
    expect(html).toContain('Zoë Janssen');
    const fields = [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]] as [string, string]);
    const check = checkCart(fields);
    expect(check.itemWarnings).toEqual([]);
    expect(Object.fromEntries(fields)['NEW_ITEM-EXT_QUOTE_ID[1]']).toBe(requestId);
    const [logged] = await payloadsOf(deps.db, `REQUEST#${requestId}`);
    expect(logged).toMatchObject({ kind: 'cart', direction: 'out', requestId });
    expect(JSON.parse(logged.body).action).toBe('http://localhost:4999/hook');
  });
});
