import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import type { StreamPoller } from '../../functions/local/stream-poller';
import type { RequestDetail } from '../../functions/operations/api';
import type { ManagedRequest } from '../../functions/requests/lifecycle';
import type { RentalRequest } from '../../functions/requests/request';
import { cancelFormToken, signStatusToken, statusTokenFor } from '../../functions/requests/status-link';
import { LINK_THROTTLE } from '../../functions/store/link-attempts';
import { assignUnit, changeStatus } from '../../functions/store/request-changes';
import { getRequest } from '../../functions/store/requests';
import { daysAhead } from '../support/punchout';
import { addTestStaff, eventually, mailsIn, registerTestRequest, signedIn, startMailWorker, type StoredMail } from '../support/ops';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;
let worker: StreamPoller;
let staff: Record<string, string>;
const operator = { kind: 'staff' as const, email: 'otto@flexfleet.example', name: 'Otto Operator' };
let address = 0;

beforeAll(async () => {
  deps = await seededStack({ TRUSTED_CLIENT_IP_HEADER: 'x-test-client', BRAND_NAME: 'Acme Rent', BRAND_COLOUR: '#aa3300' });
  app = createLocalApp(deps);
  worker = startMailWorker(deps);
  staff = (await signedIn(deps, await addTestStaff(deps, 'operator'))).headers;
});

afterAll(async () => {
  await worker?.stop();
});

/** Each test from its own client address, so the guessing throttle of one does not touch the others. */
function client(): Record<string, string> {
  address++;
  return { 'x-test-client': `198.51.100.${address}` };
}

const token = (request: RentalRequest) => statusTokenFor(deps.secrets.signingKey, request);
const open = (path: string, headers = client()) => app.request(`http://localhost${path}`, { headers });
async function cancel(t: string, fields: Record<string, string>, headers = client()): Promise<Response> {
  return app.request(`http://localhost/r/${t}/cancel`, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
  });
}
const toRequester = (request: RentalRequest) => (m: StoredMail) => m.subject.includes(request.id) && m.destination.to.join().includes(request.requester.email);

async function confirmed(request: RentalRequest): Promise<ManagedRequest> {
  const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === request.vehicleType.id && u.locationId === request.location.id)!.plate;
  const assigned = await assignUnit(deps.db, request, plate, operator);
  if (assigned.outcome !== 'done') throw new Error(assigned.outcome);
  const done = await changeStatus(deps.db, assigned.request, 'confirm', operator);
  if (done.outcome !== 'done') throw new Error(done.outcome);
  return done.request;
}

describe('requester e-mails carry a signed status link', () => {
  it('sends "request received" with the hold time and the link, and a branded confirmation with what to bring, the map, the hours and the link', async () => {
    const request = await registerTestRequest(deps, { period: { pickup: daysAhead(40, 9), return: daysAhead(42, 17) } });
    const [received] = await eventually('the received e-mail', () => mailsIn(toRequester(request)), (m) => m.length > 0);
    expect(received.subject).toContain('Request received');
    expect(received.body.text).toMatch(/held for you until .+20\d\d/);
    expect(received.body.text).toContain('What happens next');
    const link = `http://localhost/r/${token(request)}`;
    expect(received.body.text).toContain(link);
    expect(received.body.html).toContain(`href="${link}"`);

    await confirmed(request);
    const confirmation = (await eventually('the confirmation', () => mailsIn(toRequester(request)), (m) => m.length > 1)).find((m) => m.subject.includes('confirmed'))!;
    expect(confirmation.from).toContain('Acme Rent');
    expect(confirmation.body.text).toContain('Your driving licence');
    expect(confirmation.body.text).toContain('until the pick-up time');
    expect(confirmation.body.text).toContain('https://www.openstreetmap.org/search?query=Orlyplein%2010%2C%201043%20DP%20Amsterdam');
    expect(confirmation.body.text).toContain('Opening hours: Mon–Fri 07:00–20:00, Sat 09:00–17:00, Sun closed');
    expect(confirmation.body.text).toContain(link);
    expect(confirmation.body.html).toContain('#aa3300');
    expect(confirmation.body.text).toContain('Acme Rent reservations');
  });

  it('tells the requester of a declined request to remove the line from the procurement cart', async () => {
    const request = await registerTestRequest(deps, { period: { pickup: daysAhead(43), return: daysAhead(44) } });
    expect((await changeStatus(deps.db, request, 'decline', operator, new Date(), { reason: 'no-vehicle', note: '' })).outcome).toBe('done');
    const mails = await eventually('the decline', () => mailsIn(toRequester(request)), (m) => m.some((x) => x.subject.includes('declined')));
    const decline = mails.find((m) => m.subject.includes('declined'))!;
    expect(decline.body.text).toContain('remove this request\'s line from your cart');
    expect(decline.body.text).toContain(`/r/${token(request)}`);
  });
});

describe('the status page behind the link', () => {
  it('shows that one request, escaped, with no-store and noindex, and nothing of another request', async () => {
    const mine = await registerTestRequest(deps, { period: { pickup: daysAhead(45), return: daysAhead(46) }, extra: { poNumber: '<b>PO-1</b>', costCentre: 'CC' } });
    const other = await registerTestRequest(deps, { period: { pickup: daysAhead(45), return: daysAhead(46) } });
    const response = await open(`/r/${token(mine)}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-robots-tag')).toContain('noindex');
    expect(response.headers.get('referrer-policy')).toBe('same-origin');
    const page = await response.text();
    expect(page).toContain(mine.id);
    expect(page).toContain('waiting for confirmation');
    expect(page).not.toContain(other.id);
    expect(page).not.toContain(mine.requester.email);
    expect(page).not.toContain('<b>PO-1</b>');
  });

  it('answers a forged, an expired and another request\'s re-signed link with the same plain 404', async () => {
    const request = await registerTestRequest(deps, { period: { pickup: daysAhead(47), return: daysAhead(48) } });
    const real = token(request);
    const [, expiry, mac] = real.split('.');
    const expired = signStatusToken(deps.secrets.signingKey, request.id, new Date(Date.now() - 1000));
    const otherId = await registerTestRequest(deps, { period: { pickup: daysAhead(47), return: daysAhead(48) } });
    const swapped = `${otherId.id}.${expiry}.${mac}`;
    const bodies = new Set<string>();
    for (const t of [`${request.id}.${expiry}.${'A'.repeat(22)}`, expired, swapped, 'nonsense']) {
      const response = await open(`/r/${t}`);
      expect(response.status).toBe(404);
      bodies.add((await response.text()).replace(/nonce="[^"]*"/g, ''));
    }
    expect(bodies.size).toBe(1);
    expect([...bodies][0]).toContain('not valid or has expired');
    expect([...bodies][0]).not.toContain(request.id);
  });

  it('throttles an address that keeps guessing links, and only that address', async () => {
    const guesser = client();
    for (let i = 0; i < LINK_THROTTLE.perAddress; i++) expect((await open(`/r/RQ-260101-AAAAAA.zz.${'B'.repeat(22)}`, guesser)).status).toBe(404);
    const request = await registerTestRequest(deps, { period: { pickup: daysAhead(49), return: daysAhead(50) } });
    const refused = await open(`/r/${token(request)}`, guesser);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await open(`/r/${token(request)}`)).status).toBe(200);
  });
});

describe('cancelling from the status page', () => {
  it('cancels before pick-up with the reason, once for a double submit: one e-mail, and operations see the requester did it', async () => {
    const request = await registerTestRequest(deps, { period: { pickup: daysAhead(51, 9), return: daysAhead(53, 17) } });
    await confirmed(request);
    const t = token(request);
    const fields = { form: cancelFormToken(deps.secrets.signingKey, t), reason: 'Trip moved to next month' };
    const [first, second] = await Promise.all([cancel(t, fields), cancel(t, fields)]);
    for (const response of [first, second]) {
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe(`/r/${t}?cancelled=1`);
    }
    const after = (await getRequest(deps.db, request.id)) as ManagedRequest;
    expect(after.status).toBe('cancelled');
    expect(after.decision).toEqual({ reason: 'requester-asked', note: 'Trip moved to next month' });
    const page = await (await open(`/r/${t}?cancelled=1`)).text();
    expect(page).toContain('Your request is cancelled');
    expect(page).toContain('You cancelled it with this link');
    expect(page).not.toContain('<form');

    await eventually('the cancellation', () => mailsIn(toRequester(request)), (m) => m.some((x) => x.subject.includes('cancelled')));
    await worker.drain();
    const cancellations = (await mailsIn(toRequester(request))).filter((m) => m.subject.includes('cancelled'));
    expect(cancellations).toHaveLength(1);
    expect(cancellations[0].body.text).toContain('as you asked with your status link');

    const detail = (await (await app.request(`/ops/api/requests/${request.id}`, { headers: staff })).json()) as RequestDetail;
    const event = detail.events.find((e) => e.action === 'cancelled')!;
    expect(event.actor).toMatchObject({ kind: 'requester', email: request.requester.email });
    expect(event.detail).toContain('Trip moved to next month');
  });

  it('refuses a cancel after the pick-up time, without a reason, or without the form token of this link', async () => {
    const request = await registerTestRequest(deps, { period: { pickup: daysAhead(54, 9), return: daysAhead(56, 17) } });
    const t = token(request);
    const form = cancelFormToken(deps.secrets.signingKey, t);
    expect((await cancel(t, { form, reason: '  ' })).status).toBe(400);
    expect((await cancel(t, { form, reason: 'x'.repeat(301) })).status).toBe(400);
    const otherLink = token(await registerTestRequest(deps, { period: { pickup: daysAhead(54), return: daysAhead(55) } }));
    expect((await cancel(t, { form: cancelFormToken(deps.secrets.signingKey, otherLink), reason: 'no' })).status).toBe(403);
    expect((await cancel(t, { reason: 'no' })).status).toBe(403);
    expect((await app.request(`http://localhost/r/${t}/cancel`, {
      method: 'POST',
      headers: { ...client(), origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ form, reason: 'csrf' }).toString(),
    })).status).toBe(403);

    const afterPickup = createLocalApp({ ...deps, now: () => new Date(Date.parse(`${request.period.pickup}:00Z`) + 3 * 3600_000) });
    const late = await afterPickup.request(`http://localhost/r/${t}/cancel`, {
      method: 'POST',
      headers: { ...client(), 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ form, reason: 'too late' }).toString(),
    });
    expect(late.status).toBe(409);
    expect(await late.text()).toContain('The pick-up time has passed');
    expect(((await getRequest(deps.db, request.id)) as ManagedRequest).status).toBe('requested');
  });
});
