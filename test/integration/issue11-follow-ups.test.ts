import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted, TransferRefused } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import type { StreamPoller } from '../../functions/local/stream-poller';
import type { ManagedRequest } from '../../functions/requests/lifecycle';
import { cancelFormToken, statusTokenFor } from '../../functions/requests/status-link';
import { payloadsOf } from '../../functions/store/payload-log';
import { assignUnit, changeStatus } from '../../functions/store/request-changes';
import { getRequest } from '../../functions/store/requests';
import { eventually, mailsIn, startMailWorker, type StoredMail } from '../support/ops';
import { callUpForm, daysAhead, openSession, postCallUp } from '../support/punchout';
import { seededStack } from '../support/stack';

/** Issue 11's red-team follow-ups: one-way return named everywhere, Dutch names, clear refusals, the requester's cancel. */

let deps: AppDeps;
let app: Hono;
let worker: StreamPoller;
let n = 0;
const operator = { kind: 'staff' as const, email: 'otto@flexfleet.example', name: 'Otto Operator' };

beforeAll(async () => {
  deps = await seededStack({ TRUSTED_CLIENT_IP_HEADER: 'x-test-client' });
  app = createLocalApp(deps);
  worker = startMailWorker(deps);
});

afterAll(async () => {
  await worker?.stop();
});

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const period = (start: number, days: number, locationId = 'ams-sloterdijk') => ({ locationId, pickup: daysAhead(start), return: daysAhead(start + days) });

/** A session of its own requester (their own e-mails), in `language`. */
async function session(language: 'en' | 'nl'): Promise<{ sid: string; email: string }> {
  n++;
  const email = `followup-${n}-${Date.now()}@acme.example`;
  const sid = await openSession(app, { oci_usermail: email, ...(language === 'nl' ? { 'sap-language': 'N' } : {}) });
  return { sid, email };
}

async function oneWayRequest(language: 'en' | 'nl', start: number): Promise<{ sid: string; email: string; request: ManagedRequest }> {
  const s = await session(language);
  const response = await app.request(
    `${s.sid}/api/transfer`,
    json({ vehicleTypeId: 'compact-polo', ...period(start, 3), extras: [{ id: 'child-seat' }, { id: 'one-way', returnLocationId: 'utr-centraal' }] }),
  );
  expect(response.status).toBe(201);
  const { requestId } = (await response.json()) as TransferAccepted;
  return { ...s, request: (await getRequest(deps.db, requestId))! };
}

async function cartOf(sid: string, requestId: string): Promise<Record<string, string>> {
  expect((await app.request(`${sid}/transfer/${requestId}`)).status).toBe(200);
  const [logged] = await payloadsOf(deps.db, `REQUEST#${requestId}`);
  return Object.fromEntries((JSON.parse(logged.body) as { fields: [string, string][] }).fields);
}

const to = (email: string) => (m: StoredMail) => m.destination.to.join().includes(email);
const about = (id: string) => (m: StoredMail) => m.subject.includes(id);

async function confirm(request: ManagedRequest): Promise<ManagedRequest> {
  const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === request.vehicleType.id && u.locationId === request.location.id)!.plate;
  const assigned = await assignUnit(deps.db, request, plate, operator);
  if (assigned.outcome !== 'done') throw new Error(assigned.outcome);
  const done = await changeStatus(deps.db, assigned.request, 'confirm', operator);
  if (done.outcome !== 'done') throw new Error(done.outcome);
  return done.request;
}

async function requesterCancel(request: ManagedRequest, reason: string, client: string): Promise<Response> {
  const token = statusTokenFor(deps.secrets.signingKey, request);
  return app.request(`http://localhost/r/${token}/cancel`, {
    method: 'POST',
    headers: { 'x-test-client': client, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ reason, form: cancelFormToken(deps.secrets.signingKey, token) }).toString(),
  });
}

describe('a one-way return names its return location on every return line', () => {
  it('says "at Utrecht Centraal (one-way return)" in the cart, the received e-mail, the operations notice and the status page, never "same location"', async () => {
    const { sid, email, request } = await oneWayRequest('en', 100);
    const longText = (await cartOf(sid, request.id))['NEW_ITEM-LONGTEXT_1:132[]'];
    expect(longText).toMatch(/Return: [^\n]+, at Utrecht Centraal \(one-way return\)/);
    expect(longText).not.toContain('same location');
    // The price reads as rental + extras = total, not as a day rate.
    const rental = ((request.price.net - request.price.extrasNet!) / 100).toFixed(2);
    expect(longText.replace(/\n/g, ' ')).toContain(`rental ${rental} EUR + extras 59.00 EUR = ${(request.price.net / 100).toFixed(2)} EUR excl. VAT`);

    const [received] = await eventually('the received e-mail', () => mailsIn(to(email)), (m) => m.length > 0);
    expect(received.body.text).toMatch(/Return: [^\n]+, at Utrecht Centraal \(one-way return\)/);
    expect(received.body.text).not.toContain('same location');
    const [notice] = await eventually('the operations notice', () => mailsIn((m) => about(request.id)(m) && m.subject.startsWith('New request')), (m) => m.length > 0);
    expect(notice.body.text).toMatch(/Return: [^\n]+, at Utrecht Centraal \(one-way return\)/);

    const page = await (await app.request(`http://localhost/r/${statusTokenFor(deps.secrets.signingKey, request)}`, { headers: { 'x-test-client': '203.0.113.7' } })).text();
    expect(page).toContain('at Utrecht Centraal (one-way return)');
    expect(page).not.toContain('same location');
  });

  it('keeps "same location" for a return where it was picked up', async () => {
    const { sid } = await session('en');
    const response = await app.request(`${sid}/api/transfer`, json({ vehicleTypeId: 'compact-polo', ...period(110, 2) }));
    const { requestId } = (await response.json()) as TransferAccepted;
    expect((await cartOf(sid, requestId))['NEW_ITEM-LONGTEXT_1:132[]']).toMatch(/Return: [^\n]+, same location/);
  });
});

describe('a Dutch requester reads the Dutch vehicle name', () => {
  it('stores the Dutch name at transfer: the cart DESCRIPTION, long text and the Dutch e-mail say "Compacte hatchback", and the return "bij Utrecht Centraal"', async () => {
    const { sid, email, request } = await oneWayRequest('nl', 120);
    expect(request.vehicleType.name).toBe('Compacte hatchback');
    const cart = await cartOf(sid, request.id);
    expect(cart['NEW_ITEM-DESCRIPTION[1]']).toBe('Compacte hatchback, 3 dagen');
    const longText = cart['NEW_ITEM-LONGTEXT_1:132[]'];
    expect(longText).toContain('Voertuighuur: Compacte hatchback');
    expect(longText).toMatch(/Terugbrengen: [^\n]+, bij Utrecht Centraal \(enkele reis\)/);
    expect(longText).not.toContain('Compact hatchback');
    const [received] = await eventually('the Dutch received e-mail', () => mailsIn(to(email)), (m) => m.length > 0);
    expect(received.subject).toContain('Compacte hatchback');
    expect(received.body.text).toContain('Volkswagen Polo (Compacte hatchback)');
    expect(received.body.text).toMatch(/Terugbrengen: [^\n]+, bij Utrecht Centraal \(enkele reis\)/);
    expect(received.body.text).not.toContain('zelfde vestiging');
  });
});

describe('a Dutch background search names the vehicles in Dutch', () => {
  it('gives OCI 5 BACKGROUND_SEARCH items the Dutch names for a Dutch call-up', async () => {
    const response = await postCallUp(app, callUpForm({ oci_usermail: undefined, oci_userfullname: undefined, FUNCTION: 'BACKGROUND_SEARCH', SEARCHSTRING: 'Polo', 'sap-language': 'N' }));
    expect(response.status).toBe(200);
    const fields = Object.fromEntries([...(await response.text()).matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]));
    expect(fields['NEW_ITEM-DESCRIPTION[1]']).toBe('Compacte hatchback, 1 dag');
  });
});

describe('the transfer says what is wrong in words that fit', () => {
  it('names the extra\'s real maximum for a count of -1, 0 or 1.5, says extras must be a list, and that a type is not offered at the location', async () => {
    const { sid } = await session('en');
    const base = { vehicleTypeId: 'compact-polo', ...period(130, 2) };
    const cases: [unknown, string, string][] = [
      [{ extras: [{ id: 'child-seat', count: -1 }] }, 'extras[0].count', 'Choose a whole number between 1 and 3 of this extra.'],
      [{ extras: [{ id: 'child-seat', count: 0 }] }, 'extras[0].count', 'Choose a whole number between 1 and 3 of this extra.'],
      [{ extras: [{ id: 'child-seat', count: 1.5 }] }, 'extras[0].count', 'Choose a whole number between 1 and 3 of this extra.'],
      [{ extras: [{ id: 'child-seat', count: 101 }] }, 'extras[0].count', 'Choose a whole number between 1 and 3 of this extra.'],
      [{ extras: { id: 'child-seat' } }, 'extras', 'extras must be a list.'],
      [{ note: 'Driver:\tAnna' }, 'note', 'The note may not contain tabs, control or invisible characters (zero-width, direction marks).'],
    ];
    for (const [extra, field, message] of cases) {
      const response = await app.request(`${sid}/api/transfer`, json({ ...base, ...(extra as object) }));
      expect({ status: response.status, ...((await response.json()) as TransferRefused) }).toEqual({ status: 400, error: 'invalid', field, message });
    }
    // The demo fleet has no 9-seat minibus at Utrecht Centraal (or whatever is missing there): find a type not offered.
    const fleet = await deps.fleet();
    const offered = new Set(fleet.units.filter((u) => u.locationId === 'utr-centraal').map((u) => u.vehicleTypeId));
    const missing = fleet.vehicleTypes.find((v) => !offered.has(v.id));
    const unknown = await app.request(`${sid}/api/transfer`, json({ ...base, vehicleTypeId: missing?.id ?? 'no-such-type', ...period(130, 2, 'utr-centraal') }));
    expect(unknown.status).toBe(400);
    expect((await unknown.json()) as TransferRefused).toMatchObject({
      field: 'vehicleTypeId',
      message: `${missing?.name ?? 'no-such-type'} is not offered at Utrecht Centraal. Please choose a vehicle shown for this location.`,
    });
  });
});

describe('the requester cancels with their status link', () => {
  it('refuses a reason with a bidi override, a zero-width space or a tab, with the note\'s wording, and stores nothing', async () => {
    const { request } = await oneWayRequest('en', 140);
    for (const [i, reason] of ['Plans \u202echanged', 'Plans\u200bchanged', 'Plans\tchanged'].entries()) {
      const response = await requesterCancel(request, reason, `203.0.113.${20 + i}`);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('The reason may not contain tabs, control or invisible characters (zero-width, direction marks).');
    }
    expect((await getRequest(deps.db, request.id))!.status).toBe('requested');
    // Line breaks stay fine.
    expect((await requesterCancel(request, 'Plans changed.\nSorry!', '203.0.113.30')).status).toBe(303);
    expect((await getRequest(deps.db, request.id))!.status).toBe('cancelled');
  });

  it('e-mails operations when the requester cancels a CONFIRMED reservation, and the cancellation e-mail offers the link to view only', async () => {
    const { email, request } = await oneWayRequest('en', 150);
    const confirmed = await confirm(request);
    expect((await requesterCancel(confirmed, 'Meeting moved', '203.0.113.40')).status).toBe(303);
    const [notice] = await eventually(
      'the operations notice of the cancel',
      () => mailsIn((m) => about(request.id)(m) && m.subject.startsWith('Cancelled by the requester')),
      (m) => m.length > 0,
    );
    expect(notice.destination.to).toEqual([deps.config.opsMailbox]);
    expect(notice.body.text).toContain('reason: Meeting moved');
    expect(notice.body.text).toContain(`unit ${confirmed.assignment!.plate} is free again`);
    expect(notice.body.text).toMatch(/Return: [^\n]+, at Utrecht Centraal \(one-way return\)/);

    const cancellation = await eventually('the cancellation e-mail', () => mailsIn((m) => to(email)(m) && m.subject.startsWith('Reservation cancelled')), (m) => m.length > 0);
    expect(cancellation[0].body.text).toContain('it can no longer be changed or cancelled');
    expect(cancellation[0].body.text).not.toContain('cancel it before pick-up');
  });

  it('sends operations no such notice for a request not yet confirmed (the queue shows it)', async () => {
    const { request } = await oneWayRequest('en', 160);
    expect((await requesterCancel(request, 'Not needed', '203.0.113.50')).status).toBe(303);
    await eventually('the cancellation e-mail', () => mailsIn((m) => about(request.id)(m) && m.subject.startsWith('Reservation cancelled')), (m) => m.length > 0);
    expect(await mailsIn((m) => about(request.id)(m) && m.subject.startsWith('Cancelled by the requester'))).toEqual([]);
  });
});
