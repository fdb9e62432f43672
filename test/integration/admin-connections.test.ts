import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import type { AuditEntry } from '../../functions/store/audit';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { hashPassword } from '../../functions/punchout/password';
import { seedDemoData } from '../../functions/local/seed';
import { callUpForm } from '../support/punchout';
import { getSession } from '../../functions/store/sessions';
import { addTestStaff, signedIn } from '../support/ops';
import { daysAhead, postCallUp } from '../support/punchout';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;
let admin: Awaited<ReturnType<typeof signedIn>>;
let operator: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
  admin = await signedIn(deps, await addTestStaff(deps, 'admin'));
  operator = await signedIn(deps, await addTestStaff(deps, 'operator'));
});

/** A Spend Cloud-like buyer: requester in email / fname / lname, two delivery addresses, a day unit. */
function newConnection(id: string, overrides: Record<string, unknown> = {}) {
  return {
    id,
    name: `Gemeente ${id}`,
    organisation: { contactEmail: 'inkoop@gemeente.example', language: 'nl', debtorNumber: 'D-7', billing: { xmlInvoices: true } },
    deliveryAddresses: [
      { id: 'stadhuis', label: 'Stadhuis', address: 'Markt 1, Gouda', locationCode: 'SH01', customerNumber: '5001' },
      { id: 'werf', label: 'Gemeentewerf', address: 'Werfweg 9, Gouda', locationCode: 'GW02' },
    ],
    callUpParams: { username: ['username'], password: ['password'], email: ['email'], fullName: [], firstName: ['fname'], lastName: ['lname'], language: ['language'] },
    extraFields: [{ param: 'projectcode', key: 'projectCode', label: { en: 'Project code', nl: 'Projectcode' }, required: false, maxLength: 20, custField: 4 }],
    hookAllowlist: ['https://spend.gemeente.example/punchout/return'],
    allowLoopbackHooks: true,
    buyerOrigins: ['https://spend.gemeente.example'],
    cart: {
      vendorNumber: 'V-9001',
      unit: 'DAY',
      matGroup: 'HUUR',
      categories: { compact: { matGroup: '4310', schemaType: 'UNSPSC', categoryId: '78111808', categoryName: 'Autohuur compact' } },
      deliveryCustField: 3,
    },
    orderChannel: { kind: 'email', address: 'orders@gemeente.example', confirmations: true },
    currency: 'EUR',
    vatPercent: 21,
    contractRates: [],
    defaultLanguage: 'nl',
    ...overrides,
  };
}

const api = (path: string, body?: unknown, who = admin) =>
  app.request(`/ops/api${path}`, { method: body === undefined ? 'GET' : 'POST', headers: who.headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

async function create(id: string, overrides: Record<string, unknown> = {}) {
  const response = await api('/admin/connections', newConnection(id, overrides));
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { connection: { version: number } }).connection;
}

async function makeLogin(id: string, username: string, deliveryAddressId?: string): Promise<string> {
  const response = await api(`/admin/connections/${id}/logins`, { username, ...(deliveryAddressId ? { deliveryAddressId } : {}) });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { password: string }).password;
}

const spendCloudCallUp = (username: string, password: string, extra: Record<string, string> = {}) =>
  new URLSearchParams({ USERNAME: username, PASSWORD: password, HOOK_URL: 'http://localhost:4999/hook', email: 'piet@gemeente.example', fname: 'Piet', lname: 'de Vries', ...extra });

describe('connection administration: who may', () => {
  const paths = (id: string) => [
    ['GET', '/admin/connections'],
    ['POST', '/admin/connections'],
    ['GET', `/admin/connections/${id}`],
    ['POST', `/admin/connections/${id}`],
    ['POST', `/admin/connections/${id}/disable`],
    ['POST', `/admin/connections/${id}/enable`],
    ['POST', `/admin/connections/${id}/go-live`],
    ['POST', `/admin/connections/${id}/back-to-test`],
    ['POST', `/admin/connections/${id}/logins`],
    ['POST', `/admin/connections/${id}/logins/some-login/rotate`],
    ['POST', `/admin/connections/${id}/logins/some-login/remove`],
    ['POST', `/admin/connections/${id}/order-secret`],
    ['GET', `/admin/connections/${id}/audit`],
  ];

  it('answers 401 without a session, 403 to an operator and 403 to an admin without the CSRF token, and changes nothing', async () => {
    for (const [method, path] of paths(DEMO_CONNECTION.connection.id)) {
      const init = { method, ...(method === 'POST' ? { body: '{}' } : {}) };
      const anonymous = await app.request(`/ops/api${path}`, { ...init, headers: { 'content-type': 'application/json' } });
      expect(anonymous.status, `${method} ${path}`).toBe(401);
      const asOperator = await app.request(`/ops/api${path}`, { ...init, headers: operator.headers });
      expect(asOperator.status, `${method} ${path}`).toBe(403);
      if (method === 'POST') {
        const noCsrf = await app.request(`/ops/api${path}`, { ...init, headers: { cookie: admin.cookie, 'content-type': 'application/json' } });
        expect(noCsrf.status, `${method} ${path}`).toBe(403);
        expect(((await noCsrf.json()) as { error: string }).error).toBe('csrf');
      }
    }
    const stored = (await (await api(`/admin/connections/${DEMO_CONNECTION.connection.id}`)).json()) as { connection: { active: boolean; version: number } };
    expect(stored.connection).toMatchObject({ active: true, version: 1 });
  });
});

describe('connection administration', () => {
  it('creates a connection in test mode and refuses bad input with a 400 naming the field', async () => {
    const created = await create('gouda');
    expect(created).toMatchObject({ version: 1, status: 'test', active: true });
    const bad = async (overrides: Record<string, unknown>, field: string, text: RegExp) => {
      const response = await api('/admin/connections', newConnection('gouda-bad', overrides));
      expect(response.status).toBe(400);
      const body = (await response.json()) as { field: string; message: string };
      expect(body.field).toBe(field);
      expect(body.message).toMatch(text);
    };
    await bad({ hookAllowlist: ['http://spend.gemeente.example/return'] }, 'hookAllowlist.0', /hookAllowlist\.0: expected an https URL/);
    await bad({ hookAllowlist: ['https://spend.gemeente.example/return?x=1'] }, 'hookAllowlist.0', /https URL without query/);
    await bad({ buyerOrigins: ['https://spend.gemeente.example/'] }, 'buyerOrigins.0', /expected an https origin/);
    await bad({ buyerOrigins: ['http://spend.gemeente.example'] }, 'buyerOrigins.0', /expected an https origin/);
    await bad({ cart: { unit: 'KM', categories: {} } }, 'cart.unit', /cart\.unit/);
    await bad({ cart: { unit: 'EA', categories: {}, deliveryCustField: 4 } }, 'cart.deliveryCustField', /CUST_FIELD4 already carries the extra field projectCode/);
    await bad({ organisation: { contactEmail: 'no-address', language: 'nl', billing: { xmlInvoices: false } } }, 'organisation.contactEmail', /organisation\.contactEmail/);
    await bad({ name: 'x\u0000y' }, 'name', /control characters/);
    // A rate card for a vehicle type the fleet does not have.
    await bad(
      { contractRates: [{ id: 'card-1', kind: 'card', vehicleTypeId: 'no-such-type', rates: { day: 1000, week: 5000, month: 20000 }, validFrom: '2026-01-01' }] },
      'contractRates.0.vehicleTypeId',
      /contractRates\.0\.vehicleTypeId: .*no-such-type/,
    );
    expect((await api('/admin/connections', newConnection('gouda'))).status).toBe(409);
    expect((await api('/admin/connections/gouda-bad')).status).toBe(404);
  });

  it('saves an edit made from the current version and refuses one from a stale version with 409', async () => {
    await create('leiden');
    const first = await api('/admin/connections/leiden', { ...newConnection('leiden', { name: 'Gemeente Leiden' }), id: undefined, version: 1 });
    expect(first.status).toBe(200);
    expect(((await first.json()) as { connection: { version: number; name: string } }).connection).toMatchObject({ version: 2, name: 'Gemeente Leiden' });
    // A second admin still looking at version 1.
    const second = await api('/admin/connections/leiden', { ...newConnection('leiden', { name: 'Leiden (old form)' }), id: undefined, version: 1 });
    expect(second.status).toBe(409);
    expect(((await second.json()) as { error: string }).error).toBe('changed');
    const stored = (await (await api('/admin/connections/leiden')).json()) as { connection: { name: string; version: number } };
    expect(stored.connection).toMatchObject({ name: 'Gemeente Leiden', version: 2 });
  });

  it('lists in the audit who changed what from what to what, newest first, and never a password or secret hash', async () => {
    await create('delft', { orderChannel: { kind: 'cxml', confirmations: false } });
    await makeLogin('delft', 'delft-inkoop');
    await api('/admin/connections/delft/logins/delft-inkoop/rotate', { overlapHours: 24 });
    const secret = await api('/admin/connections/delft/order-secret', {});
    expect(secret.status).toBe(200);
    const { sharedSecret, connection } = (await secret.json()) as { sharedSecret: string; connection: { orderChannel: Record<string, unknown> } };
    expect(sharedSecret).toMatch(/^[A-Za-z0-9]{32}$/);
    expect(connection.orderChannel).toEqual({ kind: 'cxml', confirmations: false, sharedSecretSet: true, confirmationSecretSet: false });
    await api('/admin/connections/delft', { ...newConnection('delft', { vatPercent: 9, orderChannel: { kind: 'cxml', confirmations: false } }), id: undefined, version: 2 });
    await api('/admin/connections/delft/disable', {});

    const response = await api('/admin/connections/delft/audit');
    const { entries } = (await response.json()) as { entries: AuditEntry[] };
    expect(entries.map((e) => e.action)).toEqual(['disable', 'edit', 'order-secret', 'login-rotate', 'login-create', 'create']);
    expect(entries[0]).toMatchObject({ actor: { name: 'Ada Admin' }, changes: [{ field: 'active', from: true, to: false }] });
    expect(entries[1].changes).toEqual([{ field: 'vatPercent', from: 21, to: 9 }]);
    expect(entries[2].changes).toEqual([{ field: 'orderChannel.sharedSecretHash', to: '[changed]' }]);
    const text = JSON.stringify(entries);
    expect(text).not.toContain('scrypt$');
    expect(text).not.toContain(sharedSecret);
    expect(text).toContain('[changed]');
    // The edit kept the secret: it is made only by order-secret.
    const stored = (await (await api('/admin/connections/delft')).json()) as { connection: { orderChannel: Record<string, unknown> } };
    expect(stored.connection.orderChannel.sharedSecretSet).toBe(true);
    expect(JSON.stringify(stored)).not.toContain('scrypt$');
  });
});

describe('logins and the call-up', () => {
  it('keeps the old password working for the overlap after a rotation, refuses it after, and accepts the new one at once', async () => {
    await create('zeist');
    const old = await makeLogin('zeist', 'zeist-inkoop');
    expect(old).toMatch(/^[A-Za-z0-9]{24}$/);
    expect((await postCallUp(app, spendCloudCallUp('zeist-inkoop', old))).status).toBe(303);

    const rotation = await api('/admin/connections/zeist/logins/zeist-inkoop/rotate', { overlapHours: 48 });
    expect(rotation.status).toBe(200);
    const { password, login } = (await rotation.json()) as { password: string; login: Record<string, unknown> };
    expect(password).not.toBe(old);
    expect(login).not.toHaveProperty('passwordHash');
    expect(login).not.toHaveProperty('previousHash');
    expect((await postCallUp(app, spendCloudCallUp('zeist-inkoop', password))).status).toBe(303);
    expect((await postCallUp(app, spendCloudCallUp('zeist-inkoop', old))).status).toBe(303);

    const at = (hours: number) => createLocalApp({ ...deps, now: () => new Date(Date.now() + hours * 3600_000) });
    expect((await postCallUp(at(47), spendCloudCallUp('zeist-inkoop', old))).status).toBe(303);
    expect((await postCallUp(at(49), spendCloudCallUp('zeist-inkoop', old))).status).toBe(401);
    expect((await postCallUp(at(49), spendCloudCallUp('zeist-inkoop', password))).status).toBe(303);

    // Without overlap the old password stops at once; a removed login stops too.
    const again = (await (await api('/admin/connections/zeist/logins/zeist-inkoop/rotate', { overlapHours: 0 })).json()) as { password: string };
    expect((await postCallUp(app, spendCloudCallUp('zeist-inkoop', password))).status).toBe(401);
    expect((await postCallUp(app, spendCloudCallUp('zeist-inkoop', again.password))).status).toBe(303);
    expect((await api('/admin/connections/zeist/logins/zeist-inkoop/rotate', { overlapHours: 721 })).status).toBe(400);
    expect((await api('/admin/connections/zeist/logins/zeist-inkoop/remove', {})).status).toBe(200);
    expect((await postCallUp(app, spendCloudCallUp('zeist-inkoop', again.password))).status).toBe(401);
  });

  it('refuses a disabled connection with a page in the requester’s language sending them to their procurement department, and lets it in again once re-enabled', async () => {
    await create('ede');
    const password = await makeLogin('ede', 'ede-inkoop');
    expect((await api('/admin/connections/ede/disable', {})).status).toBe(200);
    const refused = await postCallUp(app, spendCloudCallUp('ede-inkoop', password, { language: 'NL' }));
    expect(refused.status).toBe(403);
    const page = await refused.text();
    expect(page).toContain('lang="nl"');
    expect(page).toContain('Neem contact op met uw afdeling inkoop');
    expect(page).not.toContain('HOOK_URL');
    const english = await postCallUp(app, spendCloudCallUp('ede-inkoop', password, { language: 'EN' }));
    expect(await english.text()).toContain('Please contact your procurement department');
    // A wrong password still gets the ordinary 401: a disabled connection is shown only to its own logins.
    expect((await postCallUp(app, spendCloudCallUp('ede-inkoop', 'wrong-password'))).status).toBe(401);

    // Support sees it among the connection's refused call-ups.
    const health = (await (await api('/admin/connections/ede/health')).json()) as { refusals: { byReason: Record<string, number> } };
    expect(health.refusals.byReason.disabled).toBe(2);

    expect((await api('/admin/connections/ede/enable', {})).status).toBe(200);
    expect((await postCallUp(app, spendCloudCallUp('ede-inkoop', password))).status).toBe(303);
  });

  it('reads the requester under the connection’s own parameter names', async () => {
    await create('hilversum');
    const password = await makeLogin('hilversum', 'hilversum-inkoop');
    const response = await postCallUp(app, spendCloudCallUp('hilversum-inkoop', password));
    expect(response.status).toBe(303);
    const token = response.headers.get('location')!.split('/')[2];
    const session = await getSession(deps.db, deps.secrets.signingKey, token);
    expect(session).toMatchObject({ requester: { email: 'piet@gemeente.example', fullName: 'Piet de Vries' }, loginUsername: 'hilversum-inkoop' });
    expect(session!.unknownParams).toEqual({});
    // The OCI names mean nothing to this connection: its own e-mail parameter is missing.
    const oci = new URLSearchParams({ USERNAME: 'hilversum-inkoop', PASSWORD: password, HOOK_URL: 'http://localhost:4999/hook', oci_usermail: 'a@b.example', oci_userfullname: 'A B' });
    const refused = await postCallUp(app, oci);
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain('EMAIL');
  });

  it('puts the location code of the address a login is bound to into the cart, in the unit and coding the connection chose', async () => {
    await create('gouda-cart');
    const password = await makeLogin('gouda-cart', 'gouda-werf', 'werf');
    const response = await postCallUp(app, spendCloudCallUp('gouda-werf', password, { projectcode: 'P-77' }));
    expect(response.status).toBe(303);
    const session = response.headers.get('location')!.replace(/\/$/, '');
    const token = session.split('/')[2];
    expect(await getSession(deps.db, deps.secrets.signingKey, token)).toMatchObject({ loginUsername: 'gouda-werf', deliveryAddressId: 'werf' });

    const transfer = await app.request(`${session}/api/transfer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vehicleTypeId: 'compact-polo', locationId: 'ams-sloterdijk', pickup: daysAhead(20), return: daysAhead(23) }),
    });
    expect(transfer.status, await transfer.clone().text()).toBe(201);
    const { transferUrl } = (await transfer.json()) as TransferAccepted;
    const html = await (await app.request(transferUrl)).text();
    const fields = Object.fromEntries([...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1], m[2]]));
    expect(fields).toMatchObject({
      'NEW_ITEM-CUST_FIELD3[1]': 'GW02',
      'NEW_ITEM-CUST_FIELD4[1]': 'P-77',
      'NEW_ITEM-UNIT[1]': 'DAY',
      'NEW_ITEM-QUANTITY[1]': '3.000',
      'NEW_ITEM-VENDOR[1]': 'V-9001',
      'NEW_ITEM-MATGROUP[1]': '4310',
      'NEW_ITEM-EXT_SCHEMA_TYPE[1]': 'UNSPSC',
      'NEW_ITEM-EXT_CATEGORY[1]': 'Autohuur compact',
    });
    // PRICE is per day: three days at it make the rental's net price (to the tenth of a cent).
    const longText = html.match(/name="NEW_ITEM-LONGTEXT_1:132\[\]" value="([^"]*)"/)![1];
    expect(longText).toContain('Gemeentewerf, Werfweg 9, Gouda (locatiecode GW02)');
    const perDay = Number(fields['NEW_ITEM-PRICE[1]']);
    expect(perDay).toBeGreaterThan(0);
    expect(fields['NEW_ITEM-PRICE[1]']).toMatch(/^\d+\.\d{3}$/);

    // A bound login cannot order for another address.
    const other = await app.request(`${session}/api/transfer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vehicleTypeId: 'compact-polo', locationId: 'ams-sloterdijk', pickup: daysAhead(30), return: daysAhead(31), deliveryAddressId: 'stadhuis' }),
    });
    expect(other.status).toBe(400);
  });

  it('refuses a login bound to an address the connection does not have, and an edit that removes an address a login is bound to', async () => {
    await create('oss');
    expect((await api('/admin/connections/oss/logins', { username: 'oss-x', deliveryAddressId: 'nowhere' })).status).toBe(400);
    await makeLogin('oss', 'oss-werf', 'werf');
    const edit = await api('/admin/connections/oss', { ...newConnection('oss', { deliveryAddresses: [newConnection('oss').deliveryAddresses[0]] }), id: undefined, version: 1 });
    expect(edit.status).toBe(400);
    expect(((await edit.json()) as { message: string }).message).toContain('oss-werf');
    expect((await api('/admin/connections/oss/logins', { username: 'oss-werf' })).status).toBe(409);
  });
});

describe('a table written before issue 9', () => {
  it('still lets a connection with its password on the connection item call up, also after an admin saved it in today’s shape', async () => {
    const old = {
      id: 'legacy-co', name: 'Legacy Co', status: 'live', username: 'legacy-srm', passwordHash: await hashPassword('legacy-password-123'),
      hookAllowlist: ['https://srm.legacy.example/sap/'], allowLoopbackHooks: true, buyerOrigins: [], extraFields: [], vendorNumber: '100234',
      currency: 'EUR', vatPercent: 21, discountPercent: 5, defaultLanguage: 'en', contactEmail: 'sap@legacy.example',
    };
    await deps.db.doc.send(new PutCommand({ TableName: deps.db.table, Item: { pk: 'CONNECTION#legacy-co', sk: 'CONNECTION', entity: 'connection', ...old } }));
    await deps.db.doc.send(new PutCommand({ TableName: deps.db.table, Item: { pk: 'LOGIN#legacy-srm', sk: 'LOGIN', entity: 'login', connectionId: 'legacy-co' } }));
    const form = new URLSearchParams({ USERNAME: 'legacy-srm', PASSWORD: 'legacy-password-123', HOOK_URL: 'http://localhost:4999/hook', oci_usermail: 'a@legacy.example', oci_userfullname: 'A B' });
    expect((await postCallUp(app, form)).status).toBe(303);
    form.set('PASSWORD', 'wrong-password-123');
    expect((await postCallUp(app, form)).status).toBe(401);
    const read = (await (await api('/admin/connections/legacy-co')).json()) as { connection: Record<string, unknown> };
    expect(read.connection).toMatchObject({ version: 0, cart: { vendorNumber: '100234', unit: 'EA' }, organisation: { contactEmail: 'sap@legacy.example' } });
    expect(read.connection).not.toHaveProperty('passwordHash');

    const edit = await api('/admin/connections/legacy-co', {
      ...newConnection('legacy-co', { callUpParams: { username: ['username'], password: ['password'], email: ['oci_usermail'], fullName: ['oci_userfullname'], firstName: [], lastName: [], language: [] } }),
      id: undefined,
      version: 0,
    });
    expect(edit.status, await edit.clone().text()).toBe(200);
    form.set('PASSWORD', 'legacy-password-123');
    expect((await postCallUp(app, form)).status).toBe(303);
    const listed = (await (await api('/admin/connections')).json()) as { connections: { id: string }[] };
    expect(listed.connections.map((c) => c.id)).toContain('legacy-co');
    const logins = (await (await api('/admin/connections/legacy-co')).json()) as { logins: { username: string }[] };
    expect(logins.logins.map((l) => l.username)).toEqual(['legacy-srm']);
  });
});

describe('the local stack started on data seeded before issue 9', () => {
  it('writes the demo connections again in today’s shape, so the console lists them and their logins still work', async () => {
    const { connection } = DEMO_CONNECTION;
    const legacy = { id: connection.id, name: connection.name, status: 'test', username: DEMO_CONNECTION.username, passwordHash: await hashPassword(DEMO_CONNECTION.password),
      hookAllowlist: connection.hookAllowlist, allowLoopbackHooks: true, buyerOrigins: [], extraFields: connection.extraFields, currency: 'EUR', vatPercent: 21, discountPercent: 10, defaultLanguage: 'en', contactEmail: 'x@acme.example' };
    await deps.db.doc.send(new PutCommand({ TableName: deps.db.table, Item: { pk: `CONNECTION#${connection.id}`, sk: 'CONNECTION', entity: 'connection', ...legacy } }));
    await deps.db.doc.send(new PutCommand({ TableName: deps.db.table, Item: { pk: `LOGIN#${DEMO_CONNECTION.username}`, sk: 'LOGIN', entity: 'login', connectionId: connection.id } }));
    expect(await seedDemoData(deps.db)).toBe(false);
    const listed = (await (await api('/admin/connections')).json()) as { connections: { id: string; version: number; deliveryAddresses: unknown[] }[] };
    expect(listed.connections.find((c) => c.id === connection.id)).toMatchObject({ version: 1, deliveryAddresses: connection.deliveryAddresses });
    expect((await postCallUp(app, callUpForm())).status).toBe(303);
  });
});

describe('connection input the outsider test found accepted', () => {
  /** The 400 of a create with `overrides`: status, `field` and message. */
  const refusal = async (id: string, overrides: Record<string, unknown>) => {
    const response = await api('/admin/connections', newConnection(id, overrides));
    return { status: response.status, body: (await response.json()) as { field?: string; message: string } };
  };

  it('refuses status or active in a create with a 400 naming the field, so a new connection always starts in test mode and active', async () => {
    const live = await refusal('starts-live', { status: 'live', active: true });
    expect(live).toMatchObject({ status: 400, body: { field: 'status', message: expect.stringContaining('go-live') } });
    const inactive = await refusal('starts-inactive', { active: false });
    expect(inactive).toMatchObject({ status: 400, body: { field: 'active' } });
    expect((await api('/admin/connections/starts-live')).status).toBe(404);
    expect(await create('starts-plain')).toMatchObject({ status: 'test', active: true });
  });

  it('refuses a wildcard host in a buyer origin or a HOOK_URL prefix, naming the field, and takes a punycode host', async () => {
    expect(await refusal('wild-1', { buyerOrigins: ['https://*.example'] })).toMatchObject({ status: 400, body: { field: 'buyerOrigins.0', message: expect.stringContaining('no wildcards') } });
    expect(await refusal('wild-2', { hookAllowlist: ['https://*.example/'] })).toMatchObject({ status: 400, body: { field: 'hookAllowlist.0', message: expect.stringContaining('no wildcards') } });
    expect(await refusal('wild-3', { buyerOrigins: ['https://spend.gemeente.example', 'https://a_b.example'] })).toMatchObject({ status: 400, body: { field: 'buyerOrigins.1' } });
    await create('punycode', { buyerOrigins: ['https://xn--bcher-kva.example'], hookAllowlist: ['https://xn--bcher-kva.example/oci/'] });
  });

  it('takes line breaks in the invoice address, refuses other control characters there and line breaks in a delivery address (one cart line), naming the full path of the field', async () => {
    const organisation = (invoiceAddress: string) => ({ contactEmail: 'inkoop@gemeente.example', language: 'nl', billing: { invoiceAddress, xmlInvoices: true } });
    const made = await create('multi-line', {
      organisation: organisation('Gemeente Gouda\r\nPostbus 1086\n2800 BB Gouda'),
    });
    expect(made).toMatchObject({ organisation: { billing: { invoiceAddress: 'Gemeente Gouda\r\nPostbus 1086\n2800 BB Gouda' } } });
    const bell = await refusal('multi-line-2', { organisation: organisation('Postbus 1\u0007') });
    expect(bell).toMatchObject({ status: 400, body: { field: 'organisation.billing.invoiceAddress', message: expect.stringContaining('organisation.billing.invoiceAddress: control') } });
    expect(await refusal('multi-line-3', { organisation: organisation('Postbus 1\u2028Gouda') })).toMatchObject({ status: 400, body: { field: 'organisation.billing.invoiceAddress' } });
    const address = { id: 'stadhuis', label: 'Stadhuis', address: 'Markt 1\nGouda', locationCode: 'SH01' };
    expect(await refusal('multi-line-4', { deliveryAddresses: [address] })).toMatchObject({ status: 400, body: { field: 'deliveryAddresses.0.address' } });
    expect(await refusal('multi-line-6', { deliveryAddresses: [{ ...address, address: 'Markt 1', label: 'Stad\u200bhuis' }] })).toMatchObject({ status: 400, body: { field: 'deliveryAddresses.0.label' } });
    expect(await refusal('multi-line-5', { name: 'Gemeente\nGouda' })).toMatchObject({ status: 400, body: { field: 'name' } });
  });

  it('refuses names that are blank, invisible or hold bidi or zero-width characters, in connections and login labels, naming the field', async () => {
    for (const name of ['   ', '\u200b\u200b', 'Acme \u202egnp.exe', 'Ac\u200dme', '\ufeffAcme', 'Acme \u2066x\u2069', '\u00a0']) {
      expect(await refusal('hidden', { name }), JSON.stringify(name)).toMatchObject({ status: 400, body: { field: 'name' } });
    }
    const extra = { param: 'projectcode', key: 'projectCode', label: { en: 'Project\u200b', nl: 'Projectcode' }, required: false, maxLength: 20 };
    expect(await refusal('hidden', { extraFields: [extra] })).toMatchObject({ status: 400, body: { field: 'extraFields.0.label.en' } });
    await create('hidden-labels');
    const label = await api('/admin/connections/hidden-labels/logins', { username: 'hidden-srm', label: 'Inkoop \u202eteam' });
    expect(label.status).toBe(400);
    expect(await label.json()).toMatchObject({ field: 'label' });
  });

  it('refuses requester or language parameter names that are the login or password parameter, or each other, naming the field', async () => {
    const params = (change: Record<string, string[]>) => ({
      callUpParams: { username: ['username'], password: ['password'], email: ['email'], fullName: [], firstName: ['fname'], lastName: ['lname'], language: ['language'], ...change },
    });
    expect(await refusal('collide', params({ email: ['password'] }))).toMatchObject({
      status: 400,
      body: { field: 'callUpParams.email.0', message: expect.stringContaining('already the password parameter') },
    });
    expect(await refusal('collide', params({ language: ['USERNAME'] }))).toMatchObject({ status: 400, body: { field: 'callUpParams.language.0' } });
    expect(await refusal('collide', params({ lastName: ['fname'] }))).toMatchObject({ status: 400, body: { field: 'callUpParams.lastName.0' } });
    expect(await refusal('collide', params({ language: ['email'] }))).toMatchObject({ status: 400, body: { field: 'callUpParams.language.0' } });
  });

  it('shows a change of the password parameter names in the audit as it is, and still no hash', async () => {
    const made = await create('audit-params');
    const body = newConnection('audit-params', { callUpParams: { username: ['username'], password: ['~password'], email: ['email'], fullName: [], firstName: ['fname'], lastName: ['lname'], language: ['language'] } });
    const { id: _id, ...fields } = body;
    const edited = await api('/admin/connections/audit-params', { ...fields, version: made.version });
    expect(edited.status, await edited.clone().text()).toBe(200);
    await makeLogin('audit-params', 'audit-params-srm');
    const { entries } = (await (await api('/admin/connections/audit-params/audit')).json()) as { entries: AuditEntry[] };
    expect(entries.find((e) => e.action === 'edit')?.changes).toContainEqual({ field: 'callUpParams.password', from: ['password'], to: ['~password'] });
    expect(JSON.stringify(entries)).not.toContain('scrypt');
  });

  it('answers 404 for the audit of a connection that does not exist, as for its other pages', async () => {
    const response = await api('/admin/connections/no-such-connection/audit');
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: 'not-found' });
  });
});
