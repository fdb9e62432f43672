import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { DEMO_CONNECTION, SECOND_CONNECTION } from '../../functions/local/demo-connections';
import type { ConnectionChecklist, ConnectionHealth, PayloadSearchResponse } from '../../functions/operations/connection-support';
import { putConnection } from '../../functions/store/connections';
import { addTestStaff, signedIn } from '../support/ops';
import { callUpForm, daysAhead, openSession, postCallUp } from '../support/punchout';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;
let admin: Awaited<ReturnType<typeof signedIn>>;
let operator: Awaited<ReturnType<typeof signedIn>>;

const demo = DEMO_CONNECTION.connection.id;
async function get<T>(path: string, who = admin): Promise<{ status: number; body: T }> {
  const response = await app.request(`/ops/api/admin/connections/${path}`, { headers: who.headers });
  return { status: response.status, body: (await response.json()) as T };
}

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
  admin = await signedIn(deps, await addTestStaff(deps, 'admin'));
  operator = await signedIn(deps, await addTestStaff(deps, 'operator'));
});

describe('a connection’s health, test checklist and payload search', () => {
  it('shows no call-up, cart or order and an empty checklist before the first round trip', async () => {
    const { status, body } = await get<ConnectionChecklist>(`${demo}/checklist`);
    expect(status).toBe(200);
    expect(body.steps.map((s) => [s.step, s.done])).toEqual([
      ['callup', false],
      ['cart', false],
      ['order', false],
    ]);
    const health = (await get<ConnectionHealth>(`${demo}/health`)).body;
    expect(health.lastCallUp).toBeUndefined();
    expect(health.lastOrder).toBeUndefined();
  });

  it('ticks the call-up and the cart with their times, and counts refused call-ups by reason', async () => {
    const started = new Date().toISOString();
    expect((await postCallUp(app, callUpForm({ PASSWORD: 'wrong-password' }))).status).toBe(401);
    expect((await postCallUp(app, callUpForm({ HOOK_URL: 'https://evil.example/steal' }))).status).toBe(403);
    const session = await openSession(app, { oci_ponumber: '4500077777', oci_usermail: 'piet.support@acme.example' });
    const transfer = await app.request(`${session}/api/transfer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vehicleTypeId: 'compact-polo', locationId: 'ams-sloterdijk', pickup: daysAhead(12), return: daysAhead(14), deliveryAddressId: 'rotterdam-hq' }),
    });
    expect(transfer.status).toBe(201);
    const { requestId, transferUrl } = (await transfer.json()) as TransferAccepted;
    expect((await app.request(transferUrl)).status).toBe(200);

    const checklist = (await get<ConnectionChecklist>(`${demo}/checklist`)).body;
    const [callUp, cart, order] = checklist.steps;
    expect(callUp).toMatchObject({ step: 'callup', done: true });
    expect(callUp.at! >= started).toBe(true);
    expect(cart).toMatchObject({ step: 'cart', done: true, requestId });
    expect(order).toMatchObject({ step: 'order', done: false });

    const health = (await get<ConnectionHealth>(`${demo}/health`)).body;
    expect(health.lastAcceptedCallUp).toMatchObject({ kind: 'callup', status: 303 });
    expect(health.lastCart).toMatchObject({ kind: 'cart', requestId });
    expect(health.lastOrder).toBeUndefined();
    expect(health.refusals.byReason).toMatchObject({ credentials: 1, 'hook-not-allowed': 1, fields: 0, throttled: 0 });
    expect(health.refusals.total).toBe(2);
    expect(health.refusals.days).toBe(30);
  });

  it('finds a request’s call-up and cart by its PO number, its requester’s e-mail or its request id, raw', async () => {
    const byPo = (await get<PayloadSearchResponse>(`${demo}/payloads?q=4500077777`)).body;
    const kinds = byPo.entries.map((e) => e.kind);
    expect(kinds).toContain('callup');
    expect(kinds).toContain('cart');
    const requestId = byPo.entries.find((e) => e.kind === 'cart')!.requestId!;
    const callUp = byPo.entries.find((e) => e.kind === 'callup')!;
    expect(callUp.body).toContain('4500077777');
    expect(callUp.body).not.toContain(DEMO_CONNECTION.password);

    const byMail = (await get<PayloadSearchResponse>(`${demo}/payloads?q=${encodeURIComponent('PIET.SUPPORT@acme.example')}`)).body;
    expect(byMail.entries.map((e) => e.id)).toContain(callUp.id);
    const byRequest = (await get<PayloadSearchResponse>(`${demo}/payloads?q=${requestId}`)).body;
    expect(byRequest.entries.map((e) => e.id)).toEqual(expect.arrayContaining([callUp.id, ...byPo.entries.filter((e) => e.requestId === requestId).map((e) => e.id)]));
    expect((await get<PayloadSearchResponse>(`${demo}/payloads?q=nothing-like-this`)).body.entries).toEqual([]);
  });

  it('never shows one connection the payloads of another', async () => {
    const other = (await get<PayloadSearchResponse>(`${SECOND_CONNECTION.connection.id}/payloads?q=4500077777`)).body;
    expect(other.entries).toEqual([]);
    const all = (await get<PayloadSearchResponse>(`${SECOND_CONNECTION.connection.id}/payloads`)).body;
    expect(all.entries.every((e) => e.connectionId === SECOND_CONNECTION.connection.id)).toBe(true);
  });

  it('searches within dates: nothing before today’s entries, 400 naming the field for a reversed or too long range', async () => {
    expect((await get<PayloadSearchResponse>(`${demo}/payloads?q=4500077777&from=2026-01-01&to=2026-01-31`)).body.entries).toEqual([]);
    const reversed = await get<{ field: string; message: string }>(`${demo}/payloads?from=2026-02-10&to=2026-02-01`);
    expect(reversed.status).toBe(400);
    expect(reversed.body.field).toBe('from');
    const tooLong = await get<{ field: string; message: string }>(`${demo}/payloads?from=2026-01-01&to=2026-02-02`);
    expect(tooLong.status).toBe(400);
    expect(tooLong.body).toMatchObject({ field: 'to', message: expect.stringContaining('31 days') });
    expect((await get(`${demo}/payloads?from=2026-01-01&to=2026-01-31`)).status).toBe(200);
    const badDate = await get<{ field: string }>(`${demo}/payloads?from=2026-02-30`);
    expect(badDate.status).toBe(400);
    expect(badDate.body.field).toBe('from');
    expect((await get(`${demo}/payloads?q=${'x'.repeat(201)}`)).status).toBe(400);
  });

  it('searches at most 31 days: to 31 days after from is searched (both days), 32 days is a 400 saying so', async () => {
    const month = await get<PayloadSearchResponse>(`${demo}/payloads?from=2026-10-20&to=2026-11-20`);
    expect(month.status).toBe(200);
    expect(month.body).toMatchObject({ from: '2026-10-20', to: '2026-11-20' });
    const longer = await get<{ field: string; message: string }>(`${demo}/payloads?from=2026-10-20&to=2026-11-21`);
    expect(longer.status).toBe(400);
    expect(longer.body).toMatchObject({ field: 'to', message: expect.stringContaining('at most 31 days after from (both days are searched)') });
  });

  it('refuses a search term with a line separator, a control or an invisible character with a 400 naming q', async () => {
    for (const q of ['4500\u2028077777', '4500\u0085', 'x\u0000', 'piet\u200b@acme.example', '\u202e4500']) {
      const refused = await get<{ field: string; message: string }>(`${demo}/payloads?q=${encodeURIComponent(q)}`);
      expect(refused.status, JSON.stringify(q)).toBe(400);
      expect(refused.body).toMatchObject({ field: 'q', message: expect.stringContaining('q: control characters') });
    }
  });

  it('answers 404 for an unknown connection and 403 to an operator', async () => {
    for (const path of ['no-such/health', 'no-such/checklist', 'no-such/payloads', 'no-such/audit']) expect((await get(path)).status).toBe(404);
    expect((await get(`${demo}/health`, operator)).status).toBe(403);
  });
});

describe('the connection sheet', () => {
  const sheet = (id: string, query = '', headers: Record<string, string> = { cookie: admin.cookie }) => app.request(`/ops/admin/connections/${id}/sheet${query}`, { headers });

  it('is for signed-in admins only', async () => {
    expect((await sheet(demo, '', {})).status).toBe(401);
    expect((await sheet(demo, '', { cookie: operator.cookie })).status).toBe(403);
    expect((await sheet('no-such')).status).toBe(404);
    expect((await sheet(demo, '?lang=de')).status).toBe(400);
  });

  it('lists what the buyer’s administrator enters, from the configured address, with no password in it', async () => {
    const response = await sheet(demo, '?lang=en');
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    const page = await response.text();
    expect(page).toContain(`<code id="punchout-url">${deps.config.publicBaseUrl}/punchout/oci</code>`);
    expect(page).toContain('POST');
    for (const text of ['oci_usermail', 'oci_ponumber', 'CUST_FIELD5', DEMO_CONNECTION.username, 'https://srm.acme.example/sap/bc/srm/', 'RTM-HQ', 'C-1001', '@page', 'Subject: FlexFleet punch-out connection']) {
      expect(page).toContain(text);
    }
    expect(page).not.toContain(DEMO_CONNECTION.password);
    expect(page).not.toContain('scrypt$');
  });

  it('speaks Dutch with lang=nl, with the onboarding e-mail in both languages', async () => {
    const page = await (await sheet(SECOND_CONNECTION.connection.id, '?lang=nl')).text();
    expect(page).toContain('<html lang="nl">');
    expect(page).toContain('Koppelingsblad punch-out');
    expect(page).toContain('Stuur inkooporders (pdf) per e-mail naar orders@utrecht.example');
    expect(page).toContain('per afleveradres een eigen login');
    expect(page).toContain('one login per delivery address');
    // Spend Cloud's names for the requester.
    expect(page).toContain('<code>fname</code>');
  });

  it('escapes every value the admin typed', async () => {
    const evil = '<script>alert(1)</script>';
    await putConnection(deps.db, {
      ...DEMO_CONNECTION.connection,
      id: 'evil-co',
      cxml: undefined,
      name: `Evil ${evil}`,
      deliveryAddresses: [{ id: 'x', label: evil, address: `"><img src=x onerror=alert(1)>`, locationCode: evil }],
      hookAllowlist: [`https://x.example/${evil}`],
    });
    const page = await (await sheet('evil-co')).text();
    expect(page).not.toContain(evil);
    expect(page).not.toContain('<img src=x');
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});
