import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted, TransferRefused } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { opsApiRouteRoles, opsApiRoutes } from '../../functions/http/routes/ops-api';
import { createLocalApp } from '../../functions/local/server';
import type { ManagedRequest } from '../../functions/requests/lifecycle';
import { cancelFormToken, statusTokenFor } from '../../functions/requests/status-link';
import { getRequest } from '../../functions/store/requests';
import { setupRequest } from '../support/cxml';
import { orderRequest } from '../support/cxml-order';
import { addTestStaff, signedIn } from '../support/ops';
import { daysAhead, openSession } from '../support/punchout';
import { seededStack } from '../support/stack';
import { scanAll } from './booking-check';

/**
 * The isolation matrix (issue 12, item 2): one test per cell. Connection A is the demo connection
 * (acme-demo, OCI and cXML), B the second one (utrecht-visma, whose login utrecht-werf-oost is bound
 * to the delivery address Werf Oost). Each cell asserts what the intruder sees and that nothing of
 * the victim changed.
 */
const deps: AppDeps = await seededStack({ TRUSTED_CLIENT_IP_HEADER: 'x-test-client' });
const app: Hono = createLocalApp(deps);
/** Every console route, with its role, read from the app itself. */
const consoleRoutes = opsApiRouteRoles(opsApiRoutes(deps));
const adminRoutes = consoleRoutes.filter((r) => r.role === 'admin');
const orderRoutes = consoleRoutes.filter((r) => /order/.test(r.path));

const B_HOOK = 'https://spend.visma.example/punchout/return';
const bCallUp = (username = 'utrecht-visma', password = 'utrecht-secret') => ({
  USERNAME: username,
  PASSWORD: password,
  HOOK_URL: B_HOOK,
  projectcode: 'P-7',
  email: 'piet@utrecht.example',
  fname: 'Piet',
  lname: 'de Vries',
  oci_ponumber: undefined,
  oci_costcenter: undefined,
  oci_usermail: undefined,
  oci_userfullname: undefined,
});
const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
const choice = (startDay: number, extra: Record<string, string> = {}) => ({
  vehicleTypeId: 'compact-polo',
  locationId: 'utr-centraal',
  pickup: daysAhead(startDay),
  return: daysAhead(startDay + 2),
  ...extra,
});

let aSession: string;
let bSession: string;
let bRequest: ManagedRequest;
let operatorHeaders: Record<string, string>;

async function transfer(session: string, body: unknown): Promise<Response> {
  return app.request(`${session}/api/transfer`, json(body));
}

async function bRequestAsStored(): Promise<ManagedRequest> {
  return (await getRequest(deps.db, bRequest.id)) as ManagedRequest;
}

/** What the table holds for a partition: to show that an intruder's call left nothing there. */
async function itemsUnder(pk: string): Promise<string[]> {
  return (await scanAll(deps.db)).filter((i) => i.pk === pk).map((i) => String(i.sk)).sort();
}

beforeAll(async () => {
  aSession = await openSession(app);
  bSession = await openSession(app, bCallUp());
  const made = await transfer(bSession, choice(20, { deliveryAddressId: 'stadskantoor' }));
  expect(made.status).toBe(201);
  bRequest = (await getRequest(deps.db, ((await made.json()) as TransferAccepted).requestId)) as ManagedRequest;
  operatorHeaders = (await signedIn(deps, await addTestStaff(deps, 'operator'))).headers;
});

/** A cXML set-up of connection A: the Status code, and the start URL when it succeeded. */
async function cxmlSetup(operation: string, selected: string): Promise<{ code?: string; text?: string; url?: string }> {
  const xml = await (await app.request('/punchout/cxml', { method: 'POST', body: setupRequest({ operation, selected }), headers: { 'content-type': 'text/xml' } })).text();
  return { code: /<Status code="(\d+)"/.exec(xml)?.[1], text: /<Status [^>]*>([^<]*)<\/Status>/.exec(xml)?.[1], url: /<URL>([^<]*)<\/URL>/.exec(xml)?.[1] };
}

describe('connection A against connection B', () => {
  it('A’s session cannot open the cart (transfer page) of B’s request, and nothing is logged under it', async () => {
    const before = await itemsUnder(`REQUEST#${bRequest.id}`);
    const response = await app.request(`${aSession}/transfer/${bRequest.id}`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(bRequest.id);
    expect(await itemsUnder(`REQUEST#${bRequest.id}`)).toEqual(before);
  });

  it('A’s session cannot replace or cancel B’s open request by transferring', async () => {
    const response = await transfer(aSession, { ...choice(20), locationId: 'ams-sloterdijk' });
    expect(response.status).toBe(201);
    const stored = await bRequestAsStored();
    expect(stored.status).toBe('requested');
    expect(stored.replacedBy).toBeUndefined();
  });

  it('A cannot order for one of B’s delivery addresses', async () => {
    const response = await transfer(aSession, choice(22, { deliveryAddressId: 'stadskantoor' }));
    expect(response.status).toBe(400);
    expect(((await response.json()) as TransferRefused).field).toBe('deliveryAddressId');
  });

  it('a cXML edit set-up of A naming B’s request is refused, and no start link is given', async () => {
    const setup = await cxmlSetup('edit', bRequest.id);
    expect(setup.code).toBe('400');
    expect(setup.text).toContain('names no request of this connection');
    expect(setup.url).toBeUndefined();
  });

  it('a cXML inspect set-up of A naming B’s request is refused, and no start link is given', async () => {
    const setup = await cxmlSetup('inspect', bRequest.id);
    expect(setup.code).toBe('400');
    expect(setup.url).toBeUndefined();
  });

  it('a cXML purchase order of A naming B’s request is kept unmatched and leaves B’s request as it was', async () => {
    const before = await bRequestAsStored();
    const body = orderRequest({ secret: 'demo-order-secret', lines: [{ requestId: bRequest.id, sku: bRequest.vehicleType.sku }] });
    const xml = await (await app.request('/cxml/order', { method: 'POST', body, headers: { 'content-type': 'text/xml; charset=utf-8' } })).text();
    expect(/<Status code="(\d+)"/.exec(xml)?.[1]).toBe('200');
    const reference = /(PO-\d{6}-[0-9A-Z]{6})/.exec(xml)?.[1];
    expect(reference).toBeDefined();
    const order = (await scanAll(deps.db)).find((i) => i.pk === `ORDER#${reference}` && i.sk === 'ORDER')!;
    expect(order.connectionId).toBe('acme-demo');
    expect(order.requestId).toBeUndefined();
    expect(await bRequestAsStored()).toEqual(before);
  });

  it('B’s session, as stored in the table, is no usable URL token: a table read yields no session', async () => {
    const sessions = (await scanAll(deps.db)).filter((i) => i.entity === 'session' && i.connectionId === 'utrecht-visma');
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) {
      const response = await app.request(`/s/${String(session.id)}/transfer/${bRequest.id}`);
      expect(response.status).toBe(410);
    }
  });
});

describe('sessions of one connection', () => {
  it('a session cannot open the cart of another session’s request', async () => {
    const other = await openSession(app);
    const made = await transfer(other, { ...choice(30), locationId: 'ams-sloterdijk' });
    const { requestId } = (await made.json()) as TransferAccepted;
    expect((await app.request(`${aSession}/transfer/${requestId}`)).status).toBe(404);
  });

  it('a transfer in one session never replaces the open request of another session', async () => {
    const first = await openSession(app);
    const second = await openSession(app);
    const a = (await (await transfer(first, { ...choice(32), locationId: 'ams-sloterdijk' })).json()) as TransferAccepted;
    expect((await transfer(second, { ...choice(33), locationId: 'ams-sloterdijk' })).status).toBe(201);
    expect((await getRequest(deps.db, a.requestId))?.status).toBe('requested');
  });
});

describe('a login bound to one delivery address', () => {
  it('cannot order for another address of its connection: 400 naming the field, nothing stored', async () => {
    const session = await openSession(app, bCallUp('utrecht-werf-oost', 'utrecht-werf-secret'));
    const before = (await scanAll(deps.db)).filter((i) => i.entity === 'request').length;
    const response = await transfer(session, choice(24, { deliveryAddressId: 'stadskantoor' }));
    expect(response.status).toBe(400);
    expect((await response.json()) as TransferRefused).toMatchObject({ error: 'invalid', field: 'deliveryAddressId' });
    expect((await scanAll(deps.db)).filter((i) => i.entity === 'request').length).toBe(before);
  });

  it('orders for its own address when it names none', async () => {
    const session = await openSession(app, bCallUp('utrecht-werf-oost', 'utrecht-werf-secret'));
    const response = await transfer(session, choice(26));
    expect(response.status).toBe(201);
    const request = await getRequest(deps.db, ((await response.json()) as TransferAccepted).requestId);
    expect(request?.deliveryAddress?.id).toBe('werf-oost');
  });
});

describe('the console order API is for staff only', () => {
  it.each(orderRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s answers 401 to a caller with a catalog session and no console session', async (_, route) => {
    const path = `/ops/api${route.path.replace(':id', 'PO-261123-ABCDEF').replace(':orderId', 'PO-261123-ABCDEF')}`;
    const response = await app.request(path, {
      method: route.method,
      headers: { 'content-type': 'application/json', cookie: `__Host-ff_ops=${aSession.slice(3)}` },
      ...(route.method === 'GET' ? {} : { body: JSON.stringify({ requestId: bRequest.id }) }),
    });
    expect(response.status).toBe(401);
  });
});

describe('an operator on the admin routes', () => {
  it('finds admin routes in the app', () => {
    expect(adminRoutes.length).toBeGreaterThanOrEqual(10);
  });

  it.each(adminRoutes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s answers 403 to an operator and changes nothing', async (_, route) => {
    const before = (await scanAll(deps.db)).filter((i) => !String(i.pk).startsWith('OPSSESSION#') && !String(i.pk).startsWith('PAYLOAD')).length;
    const path = `/ops/api${route.path.replace(/:([A-Za-z]+)/g, (_m, name: string) => (name === 'id' ? 'acme-demo' : `x-${name}`))}`;
    const response = await app.request(path, {
      method: route.method,
      headers: operatorHeaders,
      ...(route.method === 'GET' ? {} : { body: JSON.stringify({}) }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { error: string }).error).toBe('forbidden');
    expect((await scanAll(deps.db)).filter((i) => !String(i.pk).startsWith('OPSSESSION#') && !String(i.pk).startsWith('PAYLOAD')).length).toBe(before);
  });
});

describe('a requester’s status link', () => {
  const client = (n: number) => ({ 'x-test-client': `203.0.113.${n}` });

  it('opens its own request and shows nothing of another', async () => {
    const page = await (await app.request(`/r/${statusTokenFor(deps.secrets.signingKey, bRequest)}`, { headers: client(1) })).text();
    expect(page).toContain(bRequest.id);
    const aRequest = (await scanAll(deps.db)).find((i) => i.entity === 'request' && i.connectionId === 'acme-demo')!;
    expect(page).not.toContain(String(aRequest.id));
  });

  it('with another request’s id in place of its own is refused with the plain 404', async () => {
    const aRequest = (await scanAll(deps.db)).find((i) => i.entity === 'request' && i.connectionId === 'acme-demo')! as unknown as ManagedRequest;
    const token = statusTokenFor(deps.secrets.signingKey, bRequest);
    const forged = token.replace(bRequest.id, aRequest.id);
    expect(forged).not.toBe(token);
    const response = await app.request(`/r/${forged}`, { headers: client(2) });
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain(aRequest.id);
  });

  it('does not cancel another request with its cancel form token', async () => {
    const session = await openSession(app);
    const made = (await (await transfer(session, { ...choice(40), locationId: 'ams-sloterdijk' })).json()) as TransferAccepted;
    const victim = (await getRequest(deps.db, made.requestId)) as ManagedRequest;
    const mine = statusTokenFor(deps.secrets.signingKey, bRequest);
    const theirs = statusTokenFor(deps.secrets.signingKey, victim);
    const response = await app.request(`/r/${theirs}/cancel`, {
      method: 'POST',
      headers: { ...client(3), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ form: cancelFormToken(deps.secrets.signingKey, mine), reason: 'Not mine' }).toString(),
    });
    expect(response.status).toBe(403);
    expect((await getRequest(deps.db, victim.id))?.status).toBe('requested');
  });
});
