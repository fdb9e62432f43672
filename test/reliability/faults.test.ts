/**
 * Faults under recovery (issue 12, item 4), beyond test/integration/faults.test.ts (mocked
 * DynamoDB conflicts and throttling) and ops-mail-faults.test.ts / cxml-confirmations.test.ts
 * (mocked SES, a buyer answering 503): here the faults are real ones on a real network hop
 * (test/support/fault-proxy.ts in front of DynamoDB Local and the local SES) and real process
 * deaths (the web process and the mail worker as their own processes, killed with SIGKILL at a
 * chosen moment). What counts is what a requester, operations and a buyer system see afterwards:
 * the requests in the table, the e-mails in the local mailbox, the availability in the catalog.
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted, VehiclesResponse } from '../../functions/catalog/api';
import { createDeps, type AppDeps } from '../../functions/http/deps';
import { runHousekeeping } from '../../functions/jobs/housekeeping';
import { createLocalApp } from '../../functions/local/server';
import type { OutboxView, RequestDetail } from '../../functions/operations/api';
import { allRequestsByStatus, requestRecord } from '../../functions/store/queue';
import { type Exchange, dynamoError, type FaultProxy, passThrough, startFaultProxy, type Verdict } from '../support/fault-proxy';
import { freePort } from '../support/free-port';
import { addTestStaff, eventually, mailsIn, registerTestRequest, signedIn, startMailWorker } from '../support/ops';
import { callUpForm, daysAhead } from '../support/punchout';
import { seededStack } from '../support/stack';
import { killAllParts, type PartProcess, startPart } from '../support/stack-processes';
import { opsMailbox, sesFaultStack } from '../support/ses-fault-stack';

afterAll(() => killAllParts());

const json = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});
const isTransaction = (x: Exchange) => x.target.endsWith('.TransactWriteItems');
const mailsTo = async (address: string, about?: string) =>
  (await mailsIn((m) => m.destination.to.includes(address) && (!about || (m.body.text ?? '').includes(about)))).length;

async function callUp(base: string, email: string): Promise<string> {
  const response = await fetch(`${base}/punchout/oci`, { method: 'POST', body: callUpForm({ oci_usermail: email }), redirect: 'manual' });
  expect(response.status, await response.clone().text()).toBe(303);
  return new URL(response.headers.get('location')!, base).pathname.replace(/\/$/, '');
}

async function available(app: Hono, session: string, choice: { vehicleTypeId: string; locationId: string; pickup: string; return: string }): Promise<number> {
  const q = new URLSearchParams({ location: choice.locationId, pickup: choice.pickup, return: choice.return });
  const body = (await (await app.request(`${session}/api/vehicles?${q}`)).json()) as VehiclesResponse;
  if (!body.ok) throw new Error(JSON.stringify(body));
  return body.offers.find((o) => o.vehicleTypeId === choice.vehicleTypeId)!.available;
}

describe('the web process killed mid-transfer', () => {
  let deps: AppDeps;
  let app: Hono;
  let proxy: FaultProxy;
  let port: number;
  let base: string;
  let web: PartProcess;
  const mailbox = opsMailbox();

  beforeAll(async () => {
    deps = await seededStack({ OPS_MAILBOX: mailbox });
    app = createLocalApp(deps);
    proxy = await startFaultProxy(deps.config.dynamoEndpoint!);
    port = await freePort();
    base = `http://127.0.0.1:${port}`;
    web = await startPart('web', deps.config, { port, dynamoEndpoint: proxy.url });
  }, 60_000);
  afterAll(async () => {
    await web?.kill();
    await proxy?.close();
  });

  /** Kill the web process at the transfer's transaction: after DynamoDB took it (`committed`) or before it got there. */
  async function transferKilled(session: string, choice: object, when: 'committed' | 'before'): Promise<void> {
    proxy.handle = async (x): Promise<Verdict> => {
      if (!isTransaction(x)) return x.forward();
      if (when === 'committed') await x.forward();
      await web.kill();
      return 'destroy';
    };
    await expect(fetch(`${base}${session}/api/transfer`, json(choice))).rejects.toThrow();
    proxy.handle = passThrough;
    web = await startPart('web', deps.config, { port, dynamoEndpoint: proxy.url });
  }

  it.each([
    ['after DynamoDB committed the transaction', 'committed', 20],
    ['before the transaction reached DynamoDB', 'before', 26],
  ] as const)('killed %s: the retried transfer gives one request, one hold, one e-mail to operations, and the hold lapses on time', async (_, when, day) => {
    const requester = `req-${randomUUID().slice(0, 8)}@acme.example`;
    const session = await callUp(base, requester);
    const choice = { vehicleTypeId: 'suv-xc90', locationId: 'utr-centraal', pickup: daysAhead(day), return: daysAhead(day + 2) };
    const before = await available(app, session, choice);
    await transferKilled(session, choice, when);
    const stored = async () => (await allRequestsByStatus(deps.db, 'requested')).filter((r) => r.requester.email === requester);
    expect(await stored()).toHaveLength(when === 'committed' ? 1 : 0);

    // The requester presses the button again, on the restarted process.
    const retried = await fetch(`${base}${session}/api/transfer`, json(choice));
    expect(retried.status).toBe(when === 'committed' ? 200 : 201);
    const { requestId, transferUrl } = (await retried.json()) as TransferAccepted;
    const requests = await stored();
    expect(requests.map((r) => r.id)).toEqual([requestId]);
    expect(await available(app, session, choice)).toBe(before - 1);
    const cart = await fetch(`${base}${transferUrl}`);
    expect(cart.status).toBe(200);
    expect(await cart.text()).toContain('NEW_ITEM-');

    const worker = startMailWorker(deps);
    try {
      await eventually('the notice to operations', () => mailsTo(mailbox, requestId), (n) => n >= 1);
      await worker.drain();
    } finally {
      await worker.stop();
    }
    expect(await mailsTo(mailbox, requestId)).toBe(1);

    // Unconfirmed, the hold lapses by the policy (never later), and the vehicle is free again.
    const record = (await requestRecord(deps.db, requestId))!;
    const lapse = new Date(Math.min(Date.parse(record.request.createdAt) + deps.config.holdExpiryDays * 86_400_000, Date.parse(`${choice.pickup}:00Z`) - 3 * 3600_000));
    expect((await runHousekeeping(deps.db, deps.config, new Date(lapse.getTime() - 60_000))).expired).not.toContain(requestId);
    expect((await runHousekeeping(deps.db, deps.config, lapse)).expired).toContain(requestId);
    expect(await available(app, session, choice)).toBe(before);
  }, 120_000);
});

describe('DynamoDB failing on the wire', () => {
  let deps: AppDeps;
  let app: Hono;
  let proxy: FaultProxy;
  let real: AppDeps;
  let operator: Record<string, string>;
  const mailbox = opsMailbox();

  beforeAll(async () => {
    real = await seededStack({ OPS_MAILBOX: mailbox });
    proxy = await startFaultProxy(real.config.dynamoEndpoint!);
    deps = createDeps({ ...real.config, dynamoEndpoint: proxy.url }, real.secrets);
    app = createLocalApp(deps);
    operator = (await signedIn(real, await addTestStaff(real, 'operator'))).headers;
  });
  afterAll(() => proxy?.close());

  it('a transfer whose transaction went through but whose answer was lost (connection dropped, then a 500) is registered once and answered as accepted', async () => {
    const requester = `req-${randomUUID().slice(0, 8)}@acme.example`;
    const session = new URL((await app.request('/punchout/oci', { method: 'POST', body: callUpForm({ oci_usermail: requester }), headers: { 'content-type': 'application/x-www-form-urlencoded' } })).headers.get('location')!, 'http://x').pathname.replace(/\/$/, '');
    const choice = { vehicleTypeId: 'van-minibus', locationId: 'utr-centraal', pickup: daysAhead(50), return: daysAhead(51) };
    const before = await available(app, session, choice);
    let transactions = 0;
    proxy.handle = async (x) => {
      if (!isTransaction(x)) return x.forward();
      const answer = await x.forward();
      transactions++;
      if (transactions === 1) return 'destroy';
      if (transactions === 2) return dynamoError(500, 'InternalServerError', 'Internal server error');
      return answer;
    };
    try {
      const response = await app.request(`${session}/api/transfer`, json(choice));
      expect(response.status, await response.clone().text()).toBeLessThan(300);
      const { requestId } = (await response.json()) as TransferAccepted;
      expect(transactions).toBeGreaterThanOrEqual(2);
      const mine = (await allRequestsByStatus(real.db, 'requested')).filter((r) => r.requester.email === requester);
      expect(mine.map((r) => r.id)).toEqual([requestId]);
    } finally {
      proxy.handle = passThrough;
    }
    expect(await available(app, session, choice)).toBe(before - 1);
  });

  it('a confirmation throttled on every attempt is refused plainly with nothing changed, and goes through once DynamoDB recovers: one e-mail', async () => {
    const request = await registerTestRequest(real, { vehicleTypeId: 'compact-polo', period: { pickup: daysAhead(60), return: daysAhead(61) } });
    const plate = (await real.fleet()).units.find((u) => u.vehicleTypeId === 'compact-polo' && u.locationId === 'ams-sloterdijk')!.plate;
    expect((await app.request(`/ops/api/requests/${request.id}/assignment`, json({ plate, version: 0 }, operator))).status).toBe(200);
    const version = ((await (await app.request(`/ops/api/requests/${request.id}`, { headers: operator })).json()) as RequestDetail).request.version;
    proxy.handle = async (x) => (isTransaction(x) ? dynamoError(400, 'ProvisionedThroughputExceededException', 'Rate of requests exceeds the allowed throughput.') : x.forward());
    try {
      const refused = await app.request(`/ops/api/requests/${request.id}/confirm`, json({ version }, operator));
      expect(refused.status).toBeGreaterThanOrEqual(500);
      expect(await refused.text()).not.toMatch(/exceeds the allowed|\.ts:\d+|\n\s+at /);
    } finally {
      proxy.handle = passThrough;
    }
    expect((await requestRecord(real.db, request.id))!.request.status).toBe('requested');
    const confirmed = await app.request(`/ops/api/requests/${request.id}/confirm`, json({ version }, operator));
    expect(confirmed.status).toBe(200);
    const worker = startMailWorker(real);
    const toRequester = async () => (await requestRecord(real.db, request.id))!.outbox.filter((m) => m.audience === 'requester');
    try {
      await eventually('the confirmation e-mail sent', toRequester, (all) => all.some((m) => m.kind === 'request-confirmed' && m.status === 'sent'));
      await worker.drain();
    } finally {
      await worker.stop();
    }
    const messages = await toRequester();
    expect(messages.filter((m) => m.kind === 'request-confirmed')).toHaveLength(1);
    expect(messages.every((m) => m.status === 'sent')).toBe(true);
    // One e-mail in the mailbox per message (the assignment's and the confirmation's), none twice.
    expect(await mailsTo(request.requester.email)).toBe(messages.length);
  });

  it("the worker's write after SES accepted an e-mail is throttled, then lost on the wire: the e-mail is in the mailbox once and marked sent", async () => {
    const request = await registerTestRequest(real, { period: { pickup: daysAhead(70), return: daysAhead(71) } });
    let faults = 0;
    proxy.handle = async (x) => {
      if (!isTransaction(x) || faults >= 4) return x.forward();
      faults++;
      if (faults < 4) return dynamoError(400, 'ThrottlingException', 'Rate exceeded');
      await x.forward();
      return 'destroy';
    };
    const worker = startMailWorker(deps);
    try {
      const outbox = `${request.id}.0.ops-new-request`;
      const status = async () => (await requestRecord(real.db, request.id))!.outbox.find((m) => m.id === outbox)?.status;
      await eventually('the notice marked sent', status, (s) => s === 'sent', 20_000);
      await worker.drain();
    } finally {
      await worker.stop();
      proxy.handle = passThrough;
    }
    expect(faults).toBe(4);
    expect(await mailsTo(mailbox, request.id)).toBe(1);
  });
});

describe('the mail worker killed mid-batch, and SES down', () => {
  const stack = sesFaultStack();
  const { worker, register } = stack;
  const noticeOf = (id: string) => `${id}.0.ops-new-request`;
  const statusOf = async (id: string) => (await requestRecord(stack.deps.db, id))!.outbox.find((m) => m.id === noticeOf(id))?.status;

  it('loses no e-mail and sends none twice: the sent ones stay sent, the unclaimed ones go after the restart, the ones in flight wait for a person, who resends each once', async () => {
    // The worker caught up with the table (the seeded fleet's records), then stopped; six requests come in; it starts
    // again and reads the stream from its start, as Lambda's event source does after a crash.
    let part = await worker();
    const first = await register(79);
    await eventually('the worker caught up', () => statusOf(first.id), (s) => s === 'sent', 30_000);
    await part.kill();
    const requests = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => register(80 + i)));
    // Every e-mail of these requests (the notice to operations, anything to the requester), by outbox id.
    const messages = new Map<string, { requestId: string; to: string }>();
    for (const r of requests) {
      for (const m of (await requestRecord(stack.deps.db, r.id))!.outbox) messages.set(m.id, { requestId: r.id, to: m.audience === 'operations' ? stack.mailbox : m.to! });
    }
    const messageStatus = async (id: string) => (await requestRecord(stack.deps.db, messages.get(id)!.requestId))!.outbox.find((m) => m.id === id)?.status;
    const inMailbox = (id: string) => mailsTo(messages.get(id)!.to, messages.get(id)!.requestId);
    // SES holds every send until the test lets it through (within the SES client's 5 s, or the worker gives it up as uncertain).
    const held: { x: Exchange; release: (v: Verdict) => void }[] = [];
    stack.ses.handle = (x) => new Promise<Verdict>((release) => held.push({ x, release }));
    // SESv2 SendEmail carries the MIME base64 in Content.Raw.Data; its X-FlexFleet-Outbox header names the message.
    const idOf = (exchange: Exchange) => {
      const mime = Buffer.from((JSON.parse(exchange.body.toString('utf8')) as { Content: { Raw: { Data: string } } }).Content.Raw.Data, 'base64').toString('utf8');
      return /^X-FlexFleet-Outbox: (\S+)/m.exec(mime)![1];
    };
    let done = '';
    let accepted = '';
    let lost: string[] = [];
    part = await worker();
    try {
      // One stream batch is sent all at once: wait until no more sends arrive (a batch may hold some of the six).
      await eventually('sends in flight at SES', async () => held.length, (n) => n >= 2, 10_000);
      await new Promise((r) => setTimeout(r, 300));
      // The first goes through and is marked sent; the next reaches SES but the worker dies before it hears back; the rest never get there.
      held[0].release(await held[0].x.forward());
      done = idOf(held[0].x);
      await eventually('marked sent', () => messageStatus(done), (s) => s === 'sent', 3_000);
      await held[1].x.forward();
      accepted = idOf(held[1].x);
      await part.kill();
      lost = held.slice(2).map((h) => idOf(h.x));
    } finally {
      stack.ses.handle = passThrough;
      await part.kill();
    }
    const unclaimed = [...messages.keys()].filter((id) => ![done, accepted, ...lost].includes(id));

    // While the worker is down, one more request comes in; then the worker comes back.
    const late = await register(90);
    part = await worker();
    try {
      for (const id of unclaimed) await eventually('the waiting e-mails sent', () => messageStatus(id), (s) => s === 'sent', 30_000);
      await eventually('the late notice sent', () => statusOf(late.id), (s) => s === 'sent', 30_000);
      await new Promise((r) => setTimeout(r, 1_000));
    } finally {
      await part.kill();
    }
    for (const id of [done, accepted, ...unclaimed]) expect(await inMailbox(id), id).toBe(1);
    for (const id of lost) expect(await inMailbox(id), id).toBe(0);
    for (const id of [accepted, ...lost]) expect(await messageStatus(id)).toBe('sending');

    // The lease runs out: operations see each of them, outcome unknown, and resend the ones the stack.mailbox lacks.
    expect((await runHousekeeping(stack.deps.db, stack.deps.config, new Date(Date.now() + 11 * 60_000))).uncertain).toBe(1 + lost.length);
    const problems = ((await (await stack.app.request('/ops/api/outbox/problems', { headers: stack.admin })).json()) as { messages: OutboxView[] }).messages;
    expect(problems.filter((m) => m.status === 'uncertain').map((m) => m.id).sort()).toEqual([accepted, ...lost].sort());
    for (const id of lost) {
      const body = JSON.stringify({ owner: `REQUEST#${messages.get(id)!.requestId}`, id });
      expect((await stack.app.request('/ops/api/outbox/resend-uncertain', { method: 'POST', headers: stack.admin, body })).status).toBe(200);
    }
    part = await worker();
    try {
      for (const id of lost) await eventually('the resent e-mail', () => messageStatus(id), (s) => s === 'sent', 30_000);
    } finally {
      await part.kill();
    }
    for (const id of messages.keys()) expect(await inMailbox(id), id).toBe(1);
    expect(await mailsTo(stack.mailbox, late.id)).toBe(1);
  }, 150_000);

  it('SES refusing connections (process down) fails the round, and after SES is back the automatic round sends each e-mail once', async () => {
    await stack.ses.down();
    const part = await worker();
    try {
      const requests = [await register(100), await register(102)];
      for (const r of requests) await eventually('failed, for a later round', () => statusOf(r.id), (s) => s === 'failed', 30_000);
      await stack.ses.up();
      expect((await runHousekeeping(stack.deps.db, stack.deps.config, new Date(Date.now() + 5_000))).requeued).toBeGreaterThanOrEqual(2);
      for (const r of requests) await eventually('sent', () => statusOf(r.id), (s) => s === 'sent', 30_000);
      await runHousekeeping(stack.deps.db, stack.deps.config, new Date(Date.now() + 3600_000));
      await new Promise((r) => setTimeout(r, 1_000));
      for (const r of requests) expect(await mailsTo(stack.mailbox, r.id)).toBe(1);
    } finally {
      await part.kill();
      await stack.ses.up().catch(() => undefined);
    }
  }, 90_000);
});
