/**
 * DynamoDB that does not answer at all (issue 12, item 4): the socket stays open, no error, no
 * reply — the fault a timeout exists for. test/reliability/faults.test.ts covers calls that fail
 * (errors, dropped connections, throttling); here a real network hop (test/support/fault-proxy.ts)
 * holds the calls of a call-up, an availability check, a transfer and a confirmation. What the
 * user must see: the plain "took too long" within the request deadline (functions/http/deadline.ts),
 * no 500, no stack trace; what must be true after: nothing half-written (a transfer is registered
 * whole and found again by the requester's retry, or not at all; no hold without its request), and
 * once DynamoDB answers again everything works, each e-mail sent once.
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted, VehiclesResponse } from '../../functions/catalog/api';
import { createDeps, type AppDeps } from '../../functions/http/deps';
import { runHousekeeping } from '../../functions/jobs/housekeeping';
import { createLocalApp } from '../../functions/local/server';
import type { RequestDetail } from '../../functions/operations/api';
import { allRequestsByStatus, requestRecord } from '../../functions/store/queue';
import { type Exchange, type FaultProxy, hangOn, startFaultProxy } from '../support/fault-proxy';
import { cheapenDemoSecrets } from '../support/fuzz';
import { addTestStaff, eventually, mailsIn, registerTestRequest, signedIn, startMailWorker } from '../support/ops';
import { callUpForm, daysAhead, postCallUp } from '../support/punchout';
import { seededStack } from '../support/stack';
import { checkBookings } from './booking-check';

/** Short, so a hang is answered in seconds; the product's default is 12 s. */
const DEADLINE_MS = 2_500;
/** What the deadline's answer may take beyond it on a loaded machine. */
const SLACK_MS = 1_500;

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});
const isTransaction = (x: Exchange) => x.target.endsWith('.TransactWriteItems');
const anything = () => true;
const TRACE = /\n\s+at [\w.<>]+ \(|\.ts:\d+|TimeoutError|RequestTimeout|DeadlinePassed|socket/i;

let real: AppDeps;
let deps: AppDeps;
let app: Hono;
let proxy: FaultProxy;
let operator: Record<string, string>;
const mailbox = `ops-${randomUUID().slice(0, 8)}@flexfleet.example`;

beforeAll(async () => {
  real = await seededStack({ OPS_MAILBOX: mailbox, REQUEST_DEADLINE_MS: String(DEADLINE_MS) });
  // The password check is not what is tested: cheap hashes keep the call-up well inside the deadline.
  await cheapenDemoSecrets(real);
  proxy = await startFaultProxy(real.config.dynamoEndpoint!);
  deps = createDeps({ ...real.config, dynamoEndpoint: proxy.url }, real.secrets);
  app = createLocalApp(deps);
  operator = (await signedIn(real, await addTestStaff(real, 'operator'))).headers;
  // Warm: the fleet cache and the verification cache are filled, as in a container that served before.
  expect((await postCallUp(app, callUpForm())).status).toBe(303);
});
afterAll(() => proxy?.close());

/** `request` while the calls `which` picks hang: answered in time, 503, the plain sentence. Returns the answer's text. */
async function answeredInTime(request: () => Promise<Response> | Response, which: (x: Exchange) => boolean, release: 'late' | 'drop'): Promise<{ text: string; held: number }> {
  const hang = hangOn(proxy, which);
  const started = Date.now();
  let response: Response;
  let held = 0;
  try {
    response = await request();
  } finally {
    held = hang.held().length;
    await hang.release(release);
  }
  const elapsed = Date.now() - started;
  const text = await response.text();
  expect(held, 'a call was held').toBeGreaterThan(0);
  expect(response.status, text).toBe(503);
  expect(text).toContain('took too long');
  expect(text).not.toMatch(TRACE);
  expect(response.headers.get('retry-after')).toBe('5');
  expect(elapsed).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
  expect(elapsed).toBeLessThan(DEADLINE_MS + SLACK_MS);
  return { text, held };
}

/** Let the SDK's own retries of a released call finish, so the table is what it will stay. */
const settle = () => new Promise((r) => setTimeout(r, 1_500));

async function sessionOf(email: string): Promise<string> {
  const response = await postCallUp(app, callUpForm({ oci_usermail: email }));
  expect(response.status, await response.clone().text()).toBe(303);
  return response.headers.get('location')!.replace(/\/$/, '');
}

async function available(session: string, choice: { vehicleTypeId: string; locationId: string; pickup: string; return: string }): Promise<number> {
  const q = new URLSearchParams({ location: choice.locationId, pickup: choice.pickup, return: choice.return });
  const body = (await (await app.request(`${session}/api/vehicles?${q}`)).json()) as VehiclesResponse;
  if (!body.ok) throw new Error(JSON.stringify(body));
  return body.offers.find((o) => o.vehicleTypeId === choice.vehicleTypeId)!.available;
}

const requestsOf = async (email: string) => (await allRequestsByStatus(real.db, 'requested')).filter((r) => r.requester.email === email);
const mailsTo = async (address: string, about: string) => (await mailsIn((m) => m.destination.to.includes(address) && (m.body.text ?? '').includes(about))).length;

describe('a DynamoDB call that never answers', () => {
  it('at call-up: the buyer gets "took too long" within the deadline, and the same call-up works once DynamoDB answers', async () => {
    const email = `req-${randomUUID().slice(0, 8)}@acme.example`;
    await answeredInTime(() => postCallUp(app, callUpForm({ oci_usermail: email })), anything, 'drop');
    await settle();
    expect((await postCallUp(app, callUpForm({ oci_usermail: email }))).status).toBe(303);
  });

  it('at availability: the catalog gets a JSON "took too long" within the deadline, and the same figures once DynamoDB answers', async () => {
    const session = await sessionOf(`req-${randomUUID().slice(0, 8)}@acme.example`);
    const choice = { vehicleTypeId: 'suv-xc90', locationId: 'utr-centraal', pickup: daysAhead(30), return: daysAhead(32) };
    const before = await available(session, choice);
    const q = new URLSearchParams({ location: choice.locationId, pickup: choice.pickup, return: choice.return });
    const { text } = await answeredInTime(() => app.request(`${session}/api/vehicles?${q}`), anything, 'drop');
    expect(JSON.parse(text)).toMatchObject({ error: 'timeout' });
    await settle();
    expect(await available(session, choice)).toBe(before);
  });

  it.each([
    ['answered late (DynamoDB committed after the deadline)', 'late', 40],
    ['dropped (it never reached DynamoDB)', 'drop', 44],
  ] as const)('at transfer, its transaction %s: registered whole and found by the retry, or not at all; one request, one hold, one e-mail each', async (_, release, day) => {
    const email = `req-${randomUUID().slice(0, 8)}@acme.example`;
    const session = await sessionOf(email);
    const choice = { vehicleTypeId: 'suv-xc90', locationId: 'utr-centraal', pickup: daysAhead(day), return: daysAhead(day + 2) };
    const before = await available(session, choice);
    const { text } = await answeredInTime(() => app.request(`${session}/api/transfer`, json(choice)), isTransaction, release);
    expect(JSON.parse(text)).toMatchObject({ error: 'timeout' });
    await settle();
    // Never half-written: the request with its hold, or neither.
    expect(await checkBookings(real.db)).toEqual([]);
    const stored = await requestsOf(email);
    expect(stored).toHaveLength(release === 'late' ? 1 : 0);
    expect(await available(session, choice)).toBe(before - stored.length);

    // The requester presses the button again, as the message asks.
    const retried = await app.request(`${session}/api/transfer`, json(choice));
    expect(retried.status).toBe(release === 'late' ? 200 : 201);
    const { requestId } = (await retried.json()) as TransferAccepted;
    expect((await requestsOf(email)).map((r) => r.id)).toEqual([requestId]);
    expect(await available(session, choice)).toBe(before - 1);
    expect(await checkBookings(real.db)).toEqual([]);

    const worker = startMailWorker(real);
    try {
      await eventually('the notice to operations', () => mailsTo(mailbox, requestId), (n) => n >= 1);
      await eventually('the receipt to the requester', () => mailsTo(email, requestId), (n) => n >= 1);
      await worker.drain();
    } finally {
      await worker.stop();
    }
    expect(await mailsTo(mailbox, requestId)).toBe(1);
    expect(await mailsTo(email, requestId)).toBe(1);

    // Unconfirmed, its hold lapses by the policy: housekeeping with a clock past the expiry frees the vehicle.
    const record = (await requestRecord(real.db, requestId))!;
    const lapse = Math.min(Date.parse(record.request.createdAt) + real.config.holdExpiryDays * 86_400_000, Date.parse(`${choice.pickup}:00Z`) - 3 * 3600_000);
    expect((await runHousekeeping(real.db, real.config, new Date(lapse + 60_000))).expired).toContain(requestId);
    expect(await available(session, choice)).toBe(before);
    expect(await checkBookings(real.db)).toEqual([]);
  }, 60_000);

  it.each([
    ['answered late', 'late', 120],
    ['dropped', 'drop', 124],
  ] as const)('at confirm, its transaction %s: the operator gets "took too long", the retry confirms once, one e-mail to the requester', async (_, release, day) => {
    const request = await registerTestRequest(real, { vehicleTypeId: 'compact-polo', period: { pickup: daysAhead(day), return: daysAhead(day + 1) } });
    const plate = (await real.fleet()).units.find((u) => u.vehicleTypeId === 'compact-polo' && u.locationId === 'ams-sloterdijk')!.plate;
    expect((await app.request(`/ops/api/requests/${request.id}/assignment`, json({ plate, version: 0 }, operator))).status).toBe(200);
    const detail = async () => (await (await app.request(`/ops/api/requests/${request.id}`, { headers: operator })).json()) as RequestDetail;
    const { version } = (await detail()).request;
    await answeredInTime(() => app.request(`/ops/api/requests/${request.id}/confirm`, json({ version }, operator)), isTransaction, release);
    await settle();
    const status = (await requestRecord(real.db, request.id))!.request.status;
    expect(status).toBe(release === 'late' ? 'confirmed' : 'requested');

    // The operator looks again (the console reloads the request) and confirms if it still needs it.
    const now = (await detail()).request;
    if (now.status === 'requested') expect((await app.request(`/ops/api/requests/${request.id}/confirm`, json({ version: now.version }, operator))).status).toBe(200);
    expect((await requestRecord(real.db, request.id))!.request.status).toBe('confirmed');
    expect(await checkBookings(real.db)).toEqual([]);

    const worker = startMailWorker(real);
    const confirmations = async () => (await requestRecord(real.db, request.id))!.outbox.filter((m) => m.kind === 'request-confirmed');
    try {
      await eventually('the confirmation e-mail sent', confirmations, (all) => all.length === 1 && all[0].status === 'sent');
      await worker.drain();
    } finally {
      await worker.stop();
    }
    expect(await confirmations()).toHaveLength(1);
    expect((await mailsIn((m) => m.destination.to.includes(request.requester.email) && m.subject.startsWith('Reservation confirmed'))).length).toBe(1);
  }, 60_000);
});
