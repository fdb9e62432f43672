/**
 * The buyer's order-confirmation endpoint down for the outbox's whole schedule (issue 12, item 4),
 * beyond test/integration/cxml-confirmations.test.ts (down for one round): every attempt of every
 * automatic round refused, housekeeping run during and after the outage, then the buyer back. The
 * buyer is a real local HTTP server (loopback is allowed in the local stack only, see
 * orders/confirmation-delivery.ts) that keeps every document and, like a real buyer, takes a
 * payloadID once. What counts: the documents it received (always the same payloadID), how many it
 * accepted (exactly one), what the console and the ConfirmationFailed metric (its alarm) showed.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { runHousekeeping } from '../../functions/jobs/housekeeping';
import { createLocalApp } from '../../functions/local/server';
import { startStreamPoller, type StreamPoller } from '../../functions/local/stream-poller';
import type { OutboxMessage } from '../../functions/mail/outbox';
import { createSesClient, sesMailer } from '../../functions/mail/ses-mailer';
import { processStreamRecords } from '../../functions/mail/worker';
import type { OutboxView } from '../../functions/operations/api';
import { newOrderId, type PurchaseOrder } from '../../functions/orders/order';
import type { ManagedRequest } from '../../functions/requests/lifecycle';
import { getConnection, replaceConnection } from '../../functions/store/connections';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { recordOrder } from '../../functions/store/orders';
import { getOutboxMessage } from '../../functions/store/outbox';
import { assignUnit, changeStatus } from '../../functions/store/request-changes';
import { addTestStaff, eventually, FAST_RETRY, mailsIn, registerTestRequest, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack } from '../support/stack';
import { killAllParts, startPart } from '../support/stack-processes';

type Answer = 'down' | 'ok' | 'answer-lost' | 'hold';
/** How the buyer answers its n-th document (1-based). */
let answer: (n: number) => Answer = () => 'ok';
let received: string[] = [];
/** The payloadIDs the buyer's system took in (a repeat is recognised and not taken again). */
let accepted: string[] = [];
const holding: ServerResponse[] = [];

const payloadIdOf = (xml: string) => /<cXML payloadID="([^"]+)"/.exec(xml)![1];
const cxmlOk = `<?xml version="1.0" encoding="UTF-8"?>\n<cXML payloadID="1.1@buyer.example" timestamp="2026-11-23T10:00:00+00:00"><Response><Status code="200" text="OK"/></Response></cXML>`;

function buyer(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const xml = Buffer.concat(chunks).toString('utf8');
    received.push(xml);
    const how = answer(received.length);
    if (how === 'down') return void res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
    if (!accepted.includes(payloadIdOf(xml))) accepted.push(payloadIdOf(xml));
    // Taken in, but the answer never reaches us (the buyer's proxy timed out, the network dropped).
    if (how === 'answer-lost') return void req.socket.destroy();
    // Taken in, the answer not sent yet (the test lets it go).
    if (how === 'hold') return void holding.push(res);
    res.writeHead(200, { 'content-type': 'text/xml' }).end(cxmlOk);
  });
}

let deps: AppDeps;
let app: Hono;
let server: Server;
let worker: StreamPoller;
let operator: Record<string, string>;
let connectionId: string;
/** The EMF lines the worker wrote (what CloudWatch turns into the metric the alarm watches). */
let written: string[] = [];

/** The outbox worker in this process (fast retries, a 400 ms limit per post). */
function startWorker(): StreamPoller {
  const workerDeps = { db: deps.db, mailer: sesMailer(createSesClient(deps.config)), config: deps.config, retry: FAST_RETRY, secrets: deps.secrets, confirmationTimeoutMs: 400 };
  return startStreamPoller(deps.config, (records) => processStreamRecords(workerDeps, records), { intervalMs: 100 });
}

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
  server = createServer(buyer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cxml/confirmations`;
  worker = startWorker();
  const admin = (await signedIn(deps, await addTestStaff(deps, 'admin'))).headers;
  operator = (await signedIn(deps, await addTestStaff(deps, 'operator'))).headers;
  // The demo connection takes orders by cXML and wants confirmations, posted to the test buyer. (No unconfirmed
  // request here: housekeeping with a clock days ahead would lapse it while its e-mail is on the way.)
  connectionId = DEMO_CONNECTION.connection.id;
  const connection = (await getConnection(deps.db, connectionId))!;
  const cxml = { ...connection.cxml, domain: connection.cxml?.domain ?? 'NetworkID', identity: connection.cxml?.identity ?? 'demo-buyer' };
  const saved = await replaceConnection(deps.db, { ...connection, cxml, orderChannel: { kind: 'cxml', confirmations: true, confirmationUrl: url }, version: connection.version + 1 }, connection.version);
  expect(saved).toBe('saved');
  expect((await app.request(`/ops/api/admin/connections/${connectionId}/confirmation-secret`, { method: 'POST', headers: admin, body: JSON.stringify({ secret: 's3cret' }) })).status).toBe(200);
});

afterAll(async () => {
  killAllParts();
  for (const res of holding) res.destroy();
  await worker?.stop();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

beforeEach(async () => {
  await worker.drain();
  received = [];
  accepted = [];
  written = [];
  vi.stubEnv('LOG_LEVEL', 'info');
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  // The log lines that come with LOG_LEVEL=info: not wanted in the test's output.
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
  vi.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

const staff = { kind: 'staff' as const, email: 'otto@flexfleet.example', name: 'Otto' };
const alarmPoints = () => written.filter((line) => line.includes('"ConfirmationFailed":1') && line.includes('"_aws"')).length;

/** A request whose cXML order arrived, with a unit assigned, confirmed by operations: its ConfirmationRequest is in the outbox. */
async function confirmedOrder(day: number): Promise<ManagedRequest> {
  const registered = await registerTestRequest(deps, { vehicleTypeId: 'compact-polo', period: { pickup: daysAhead(day), return: daysAhead(day + 1) } });
  const now = new Date();
  const order: PurchaseOrder = {
    id: newOrderId(now), connectionId, source: 'cxml', payloadId: `${now.getTime()}.${day}@buyer.example`, orderNumber: `45009${day}`,
    orderDate: '2026-11-23T10:00:00+01:00', type: 'new', lines: [{ lineNumber: 1, quantity: 1, requestId: registered.id }], requestId: registered.id,
    mismatches: [], receivedAt: now.toISOString(),
  };
  const recorded = await recordOrder(deps.db, order, { confirmations: true }, now);
  if (recorded.outcome !== 'recorded' || !recorded.request) throw new Error(`order: ${recorded.outcome}`);
  const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === 'compact-polo' && u.locationId === 'ams-sloterdijk')!.plate;
  const assigned = await assignUnit(deps.db, recorded.request, plate, staff);
  if (assigned.outcome !== 'done') throw new Error(assigned.outcome);
  const confirmed = await changeStatus(deps.db, assigned.request, 'confirm', staff);
  if (confirmed.outcome !== 'done') throw new Error(confirmed.outcome);
  return confirmed.request;
}

const messageOf = (request: ManagedRequest) => () => getOutboxMessage(deps.db, `REQUEST#${request.id}`, `${request.id}.${request.version}.order-confirmation`) as Promise<OutboxMessage>;
/** Two housekeeping runs at once (two scheduled invocations overlapping) at `at`: how many re-queued between them. */
const housekeepingTwiceAt = async (at: Date) => (await Promise.all([runHousekeeping(deps.db, deps.config, at), runHousekeeping(deps.db, deps.config, at)])).reduce((n, r) => n + r.requeued, 0);
const problems = async () => ((await (await app.request('/ops/api/outbox/problems', { headers: operator })).json()) as { messages: OutboxView[] }).messages;
const confirmationMails = (request: ManagedRequest) => mailsIn((m) => m.destination.to.includes(request.requester.email) && m.subject.startsWith('Reservation confirmed'));

describe("the buyer's order-confirmation endpoint down", () => {
  it('for every attempt of every automatic round: each round failed and shown, the alarm counting each; housekeeping during and after re-queues it once per round and then leaves it to a person, whose retry after the outage delivers it once', async () => {
    answer = () => 'down';
    const request = await confirmedOrder(20);
    const message = messageOf(request);
    for (let round = 1; round <= FAST_RETRY.autoRounds; round++) {
      const failed = await eventually(`round ${round} failed`, message, (m) => m.status === 'failed' && m.rounds === round);
      expect(received).toHaveLength(round * FAST_RETRY.attemptsPerRound);
      expect(failed.lastError).toContain('503');
      expect(alarmPoints()).toBe(round);
      const shown = (await problems()).find((m) => m.id === failed.id);
      expect(shown).toMatchObject({ status: 'failed', kind: 'order-confirmation' });
      expect(shown!.lastError).toContain('503');
      if (round < FAST_RETRY.autoRounds) {
        // Housekeeping before the next attempt is due leaves it alone; when due, one of two overlapping runs re-queues it.
        expect(shown!.nextAttemptAt).toBeDefined();
        expect(await housekeepingTwiceAt(new Date(Date.parse(failed.nextAttemptAt!) - 500))).toBe(0);
        expect(await housekeepingTwiceAt(new Date(Date.parse(failed.nextAttemptAt!) + 1000))).toBe(1);
      } else {
        // The schedule is spent: no automatic attempt any more, a person decides.
        expect(shown!.nextAttemptAt).toBeUndefined();
      }
    }
    // Housekeeping a day later, still down, and again after the buyer is back: nothing re-queued, nothing lost.
    expect(await housekeepingTwiceAt(new Date(Date.now() + 86_400_000))).toBe(0);
    answer = () => 'ok';
    expect(await housekeepingTwiceAt(new Date(Date.now() + 2 * 86_400_000))).toBe(0);
    await worker.drain();
    expect((await message()).status).toBe('failed');
    const documents = FAST_RETRY.autoRounds * FAST_RETRY.attemptsPerRound;
    expect(received).toHaveLength(documents);
    expect(accepted).toEqual([]);

    // The operator retries from the console: delivered once; a second press and later housekeeping send nothing.
    const retry = () => app.request('/ops/api/outbox/retry', { method: 'POST', headers: operator, body: JSON.stringify({ owner: `REQUEST#${request.id}`, id: `${request.id}.${request.version}.order-confirmation` }) });
    expect((await retry()).status).toBe(200);
    await eventually('delivered', message, (m) => m.status === 'sent');
    expect((await retry()).status).toBeGreaterThanOrEqual(400);
    expect(await housekeepingTwiceAt(new Date(Date.now() + 3 * 86_400_000))).toBe(0);
    await worker.drain();
    expect(received).toHaveLength(documents + 1);
    expect(new Set(received.map(payloadIdOf)).size).toBe(1);
    expect(new Set(received).size).toBe(1);
    expect(accepted).toHaveLength(1);
    const id = (await message()).id;
    expect((await problems()).some((m) => m.id === id)).toBe(false);
    expect(alarmPoints()).toBe(FAST_RETRY.autoRounds);
    // The requester's e-mail about the confirmation went once, outage or not.
    expect(await eventually('the confirmation e-mail', () => confirmationMails(request), (m) => m.length >= 1)).toHaveLength(1);
  }, 120_000);

  it('for a round, then back with its first answer lost: the next round re-sends the same document, the buyer takes it once, and housekeeping afterwards sends nothing', async () => {
    const n = FAST_RETRY.attemptsPerRound;
    answer = (i) => (i <= n ? 'down' : i === n + 1 ? 'answer-lost' : 'ok');
    const request = await confirmedOrder(24);
    const message = messageOf(request);
    const failed = await eventually('the round failed', message, (m) => m.status === 'failed' && m.rounds === 1);
    expect(alarmPoints()).toBe(1);
    expect(await housekeepingTwiceAt(new Date(Date.parse(failed.nextAttemptAt!) + 1000))).toBe(1);
    await eventually('delivered', message, (m) => m.status === 'sent');
    for (let day = 1; day <= 3; day++) expect(await housekeepingTwiceAt(new Date(Date.now() + day * 86_400_000))).toBe(0);
    await worker.drain();
    expect(received).toHaveLength(n + 2);
    expect(new Set(received).size).toBe(1);
    expect(accepted).toHaveLength(1);
    expect(alarmPoints()).toBe(1);
    expect(await eventually('the confirmation e-mail', () => confirmationMails(request), (m) => m.length >= 1)).toHaveLength(1);
  }, 60_000);

  it('while the worker posting it is killed (the buyer took it in, the answer lost): after the lease housekeeping posts the same document again by itself, and the buyer has it once', async () => {
    // The outbox worker as its own process, so it can die in the middle of the post.
    await worker.stop();
    answer = () => 'hold';
    const part = await startPart('worker', deps.config, { publicBaseUrl: deps.config.publicBaseUrl });
    let request: ManagedRequest;
    try {
      request = await confirmedOrder(28);
      await eventually('the post at the buyer', async () => received.length, (n) => n === 1, 20_000);
    } finally {
      await part.kill();
      for (const res of holding.splice(0)) res.destroy();
      answer = () => 'ok';
      worker = startWorker();
    }
    const message = messageOf(request);
    expect((await message()).status).toBe('sending');
    // Within the lease nothing happens (the worker might still be at it); after it, the same document goes again.
    expect(await housekeepingTwiceAt(new Date(Date.now() + 60_000))).toBe(0);
    await runHousekeeping(deps.db, deps.config, new Date(Date.now() + 11 * 60_000));
    await eventually('delivered', message, (m) => m.status === 'sent');
    for (let day = 1; day <= 2; day++) expect(await housekeepingTwiceAt(new Date(Date.now() + day * 86_400_000))).toBe(0);
    await worker.drain();
    expect(received).toHaveLength(2);
    expect(new Set(received).size).toBe(1);
    expect(accepted).toHaveLength(1);
    expect((await problems()).some((m) => m.id === `${request.id}.${request.version}.order-confirmation`)).toBe(false);
  }, 60_000);
});
