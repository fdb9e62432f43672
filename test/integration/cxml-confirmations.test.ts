import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { startStreamPoller, type StreamPoller } from '../../functions/local/stream-poller';
import { createSesClient, sesMailer } from '../../functions/mail/ses-mailer';
import { processStreamRecords, type WorkerDeps } from '../../functions/mail/worker';
import type { OutboxView, RequestDetail } from '../../functions/operations/api';
import { postConfirmation } from '../../functions/orders/confirmation-delivery';
import { UNREACHABLE_TEXT } from '../../functions/orders/confirmation-target';
import { newOrderId, type PurchaseOrder } from '../../functions/orders/order';
import type { ManagedRequest } from '../../functions/requests/lifecycle';
import { runHousekeeping } from '../../functions/jobs/housekeeping';
import { auditOf } from '../../functions/store/audit';
import { getConnection, replaceConnection } from '../../functions/store/connections';
import { matchOrderByHand, recordOrder } from '../../functions/store/orders';
import { getOutboxMessage } from '../../functions/store/outbox';
import { payloadsOf } from '../../functions/store/payload-log';
import { assignUnit, changeStatus } from '../../functions/store/request-changes';
import { getRequest } from '../../functions/store/requests';
import { dtdProblems } from '../support/cxml';
import { addTestStaff, eventually, FAST_RETRY, mailsIn, registerTestRequest, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack } from '../support/stack';

/**
 * A buyer's system as a real local HTTP server, taking our ConfirmationRequests: it answers as
 * `answer` says (cXML 200, cXML 401, HTTP 503, or never), keeps every document it got and, like a
 * real buyer, counts a payloadID once however often it comes.
 */
type Answer = 'ok' | 'unauthorized' | 'unavailable' | 'silent' | 'redirect' | 'html';
let answer: (n: number) => Answer = () => 'ok';
let received: string[] = [];
const hanging: ServerResponse[] = [];

const cxmlAnswer = (code: number, text: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<cXML payloadID="${Date.now()}.1@buyer.example" timestamp="2026-11-23T10:00:00+00:00"><Response><Status code="${code}" text="${text}"/></Response></cXML>`;

function buyer(req: IncomingMessage, res: ServerResponse) {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    received.push(Buffer.concat(chunks).toString('utf8'));
    const how = answer(received.length);
    if (how === 'silent') return void hanging.push(res);
    if (how === 'unavailable') return void res.writeHead(503, { 'content-type': 'text/plain' }).end('Service Unavailable');
    if (how === 'redirect') return void res.writeHead(307, { location: `${buyerUrl}?moved` }).end();
    if (how === 'html') return void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Thanks!</body></html>');
    res.writeHead(200, { 'content-type': 'text/xml' }).end(how === 'ok' ? cxmlAnswer(200, 'OK') : cxmlAnswer(401, 'Unauthorized'));
  });
}

const payloadIdOf = (xml: string) => /<cXML payloadID="([^"]+)"/.exec(xml)![1];
const typeOf = (xml: string) => /<ConfirmationHeader type="(\w+)"/.exec(xml)![1];
/** What the buyer took: one per payloadID. */
const distinct = () => [...new Map(received.map((xml) => [payloadIdOf(xml), xml])).values()];

const SECRET = 'buyer-given secret & <co>';
const TIMEOUT_MS = 400;

let deps: AppDeps;
let app: Hono;
let server: Server;
let workerDeps: WorkerDeps;
let worker: StreamPoller;
let admin: Record<string, string>;
let operator: Record<string, string>;
let connectionId: string;
let buyerUrl: string;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
  server = createServer(buyer);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cxml/confirmations`;
  buyerUrl = url;
  workerDeps = {
    db: deps.db,
    mailer: sesMailer(createSesClient(deps.config)),
    config: deps.config,
    retry: FAST_RETRY,
    secrets: deps.secrets,
    confirmationTimeoutMs: TIMEOUT_MS,
  };
  worker = startStreamPoller(deps.config, (records) => processStreamRecords(workerDeps, records), { intervalMs: 100 });
  admin = (await signedIn(deps, await addTestStaff(deps, 'admin'))).headers;
  operator = (await signedIn(deps, await addTestStaff(deps, 'operator'))).headers;

  // The demo connection takes orders by cXML, wants confirmations, posts them to our test buyer.
  const request = await registerTestRequest(deps, { period: { pickup: daysAhead(300), return: daysAhead(301) } });
  connectionId = request.connectionId;
  const connection = (await getConnection(deps.db, connectionId))!;
  const saved = await replaceConnection(
    deps.db,
    {
      ...connection,
      cxml: { ...connection.cxml, domain: connection.cxml?.domain ?? 'NetworkID', identity: connection.cxml?.identity ?? 'demo-buyer' },
      orderChannel: { kind: 'cxml', confirmations: true, confirmationUrl: url },
      version: connection.version + 1,
    },
    connection.version,
  );
  expect(saved).toBe('saved');
  const set = await app.request(`/ops/api/admin/connections/${connectionId}/confirmation-secret`, { method: 'POST', headers: admin, body: JSON.stringify({ secret: SECRET }) });
  expect(set.status).toBe(200);
});

afterAll(async () => {
  await worker?.stop();
  for (const res of hanging) res.destroy();
  await new Promise<void>((resolve) => server?.close(() => resolve()));
});

beforeEach(async () => {
  await worker.drain();
  answer = () => 'ok';
  received = [];
});

const staff = { kind: 'staff' as const, email: 'otto@flexfleet.example', name: 'Otto' };
let day = 10;

/** A request whose cXML purchase order arrived (through lane A's recordOrder), with a unit assigned. */
async function orderedRequest(): Promise<{ request: ManagedRequest; orderPayloadId: string; plates: string[] }> {
  day += 3;
  const registered = await registerTestRequest(deps, { vehicleTypeId: 'compact-polo', period: { pickup: daysAhead(day), return: daysAhead(day + 1) } });
  const now = new Date();
  const orderPayloadId = `${now.getTime()}.${Math.random().toString(36).slice(2)}@buyer.example`;
  const order: PurchaseOrder = {
    id: newOrderId(now),
    connectionId,
    source: 'cxml',
    payloadId: orderPayloadId,
    orderNumber: `45000${day}`,
    orderDate: '2026-11-23T10:00:00+01:00',
    type: 'new',
    lines: [{ lineNumber: 1, quantity: 1, requestId: registered.id }],
    requestId: registered.id,
    mismatches: [],
    receivedAt: now.toISOString(),
  };
  const recorded = await recordOrder(deps.db, order, { confirmations: true }, now);
  if (recorded.outcome !== 'recorded' || !recorded.request) throw new Error(`order: ${recorded.outcome}`);
  const plates = (await deps.fleet()).units.filter((u) => u.vehicleTypeId === 'compact-polo' && u.locationId === 'ams-sloterdijk').map((u) => u.plate);
  const assigned = await assignUnit(deps.db, recorded.request, plates[0], staff);
  if (assigned.outcome !== 'done') throw new Error(assigned.outcome);
  return { request: assigned.request, orderPayloadId, plates };
}

async function confirm(request: ManagedRequest): Promise<ManagedRequest> {
  const done = await changeStatus(deps.db, request, 'confirm', staff);
  if (done.outcome !== 'done') throw new Error(done.outcome);
  return done.request;
}

const messageId = (request: ManagedRequest) => `${request.id}.${request.version}.order-confirmation`;
const outboxOf = (request: ManagedRequest) => getOutboxMessage(deps.db, `REQUEST#${request.id}`, messageId(request));
const statusOf = async (request: ManagedRequest) => (await outboxOf(request))?.status;

async function detail(request: ManagedRequest): Promise<RequestDetail> {
  return (await (await app.request(`/ops/api/requests/${request.id}`, { headers: operator })).json()) as RequestDetail;
}

describe('order confirmations to the buyer system', () => {
  it('confirming a request with a cXML order posts one accept, valid against Fulfill.dtd, and the console shows the answer', async () => {
    const { request, orderPayloadId } = await orderedRequest();
    const confirmed = await confirm(request);
    await eventually('the accept delivered', () => statusOf(confirmed), (s) => s === 'sent');
    expect(received).toHaveLength(1);
    const [xml] = received;
    expect(await dtdProblems(xml)).toBe('');
    expect(typeOf(xml)).toBe('accept');
    expect(xml).toContain('operation="new"');
    expect(xml).toContain(`<DocumentReference payloadID="${orderPayloadId}"/>`);
    expect(xml).toContain('<SharedSecret>buyer-given secret &amp; &lt;co&gt;</SharedSecret>');

    const view = (await detail(confirmed)).outbox.find((m: OutboxView) => m.kind === 'order-confirmation')!;
    expect(view).toMatchObject({ status: 'sent', confirmation: { type: 'accept', operation: 'new', payloadId: payloadIdOf(xml) }, buyerAnswer: { code: 200, text: 'OK' } });
    // The payload log keeps the document (secret redacted) and the buyer's answer.
    const logged = (await payloadsOf(deps.db, `REQUEST#${request.id}`)).filter((p) => p.kind === 'order' && (p as { outboxId?: string }).outboxId);
    expect(logged.map((p) => p.direction).sort()).toEqual(['in', 'out']);
    expect(logged.find((p) => p.direction === 'out')!.body).toContain('<SharedSecret>[redacted]</SharedSecret>');
    expect(JSON.stringify(logged)).not.toContain('buyer-given secret');
    // The requester's confirmation e-mail carries the PO number.
    const mails = await eventually('the confirmation e-mail', () => mailsIn((m) => m.subject.includes(request.id) && m.subject.startsWith('Reservation confirmed')), (m) => m.length === 1);
    expect(mails[0].body.text).toMatch(new RegExp(`Purchase order number \\(as your procurement system sent it to us\\): ${request.order!.orderNumber}`));
  });

  it('a vehicle change after it sends a detail and a cancellation a reject, each an update of the one before', async () => {
    const { request, plates } = await orderedRequest();
    const confirmed = await confirm(request);
    await eventually('the accept delivered', () => statusOf(confirmed), (s) => s === 'sent');
    const changed = await assignUnit(deps.db, confirmed, plates[1], staff);
    if (changed.outcome !== 'done') throw new Error(changed.outcome);
    await eventually('the detail delivered', () => statusOf(changed.request), (s) => s === 'sent');
    const cancelled = await changeStatus(deps.db, changed.request, 'cancel', staff, new Date(), { reason: 'order-withdrawn', note: 'Called 06-12345678' });
    if (cancelled.outcome !== 'done') throw new Error(cancelled.outcome);
    await eventually('the reject delivered', () => statusOf(cancelled.request), (s) => s === 'sent');

    const [accept, detailDoc, reject] = received;
    expect(received.map(typeOf)).toEqual(['accept', 'detail', 'reject']);
    for (const xml of received) expect(await dtdProblems(xml), typeOf(xml)).toBe('');
    expect(detailDoc).toContain(`<DocumentReference payloadID="${payloadIdOf(accept)}"/>`);
    expect(detailDoc).toContain(`Vehicle now assigned: ${plates[1]}`);
    expect(reject).toContain('operation="update"');
    expect(reject).toContain(`<DocumentReference payloadID="${payloadIdOf(detailDoc)}"/>`);
    expect(reject).toContain('Purchase order withdrawn');
    expect(reject).not.toContain('06-12345678');
  });

  it('declining sends a reject, valid against Fulfill.dtd', async () => {
    const { request } = await orderedRequest();
    const declined = await changeStatus(deps.db, request, 'decline', staff, new Date(), { reason: 'no-vehicle', note: '' });
    if (declined.outcome !== 'done') throw new Error(declined.outcome);
    await eventually('the reject delivered', () => statusOf(declined.request), (s) => s === 'sent');
    expect(received.map(typeOf)).toEqual(['reject']);
    expect(await dtdProblems(received[0])).toBe('');
    expect(received[0]).toContain('operation="new"');
  });

  /** A confirmed request without an order, then its cXML order arriving with `total`. */
  async function lateOrder(total?: { amount: string; currency: string }) {
    day += 3;
    const registered = await registerTestRequest(deps, { vehicleTypeId: 'compact-polo', period: { pickup: daysAhead(day), return: daysAhead(day + 1) } });
    const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === 'compact-polo' && u.locationId === 'ams-sloterdijk')!.plate;
    const assigned = await assignUnit(deps.db, registered, plate, staff);
    if (assigned.outcome !== 'done') throw new Error(assigned.outcome);
    await confirm(assigned.request);
    const now = new Date();
    const order: PurchaseOrder = {
      id: newOrderId(now), connectionId, source: 'cxml', payloadId: `${now.getTime()}.late@buyer.example`, orderNumber: `45000${day}`,
      orderDate: '2026-11-23T10:00:00+01:00', type: 'new', lines: [], requestId: registered.id, mismatches: [], receivedAt: now.toISOString(),
      ...(total ? { total } : {}),
    };
    const recorded = await recordOrder(deps.db, order, { confirmations: true }, now);
    if (recorded.outcome !== 'recorded' || !recorded.request) throw new Error(recorded.outcome);
    return { order, request: recorded.request, net: registered.price.net };
  }

  it('an order arriving for a request already confirmed is accepted to the buyer', async () => {
    const { order, request } = await lateOrder();
    expect(request.order!.mismatches).toEqual([]);
    await eventually('the accept delivered', () => statusOf(request), (s) => s === 'sent');
    expect(received.map(typeOf)).toEqual(['accept']);
    expect(received[0]).toContain(`<DocumentReference payloadID="${order.payloadId}"/>`);
    expect(await dtdProblems(received[0])).toBe('');
  });

  it('an unmatched order attached by hand to a confirmed request is accepted to the buyer', async () => {
    day += 3;
    const registered = await registerTestRequest(deps, { vehicleTypeId: 'compact-polo', period: { pickup: daysAhead(day), return: daysAhead(day + 1) } });
    const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === 'compact-polo' && u.locationId === 'ams-sloterdijk')!.plate;
    const assigned = await assignUnit(deps.db, registered, plate, staff);
    if (assigned.outcome !== 'done') throw new Error(assigned.outcome);
    await confirm(assigned.request);
    const now = new Date();
    const order: PurchaseOrder = {
      id: newOrderId(now), connectionId, source: 'cxml', payloadId: `${now.getTime()}.unmatched@buyer.example`, orderNumber: `45001${day}`,
      orderDate: '2026-11-23T10:00:00+01:00', type: 'new', lines: [], mismatches: [], receivedAt: now.toISOString(),
    };
    const recorded = await recordOrder(deps.db, order, { confirmations: true }, now);
    expect(recorded).toMatchObject({ outcome: 'recorded' });
    expect(received).toEqual([]);
    const matched = await matchOrderByHand(deps.db, order.id, registered.id, staff, new Date(), { confirmations: true });
    if (matched.outcome !== 'matched') throw new Error(matched.outcome);
    await eventually('the accept delivered', () => statusOf(matched.request), (s) => s === 'sent');
    expect(received.map(typeOf)).toEqual(['accept']);
    expect(received[0]).toContain(`<DocumentReference payloadID="${order.payloadId}"/>`);
  });

  it('an order that differs from the confirmed request is not accepted by itself: operations decide', async () => {
    const { request } = await lateOrder({ amount: '1.00', currency: 'EUR' });
    expect(request.order!.mismatches.map((m) => m.field)).toEqual(['amount']);
    await worker.drain();
    expect(await outboxOf(request)).toBeUndefined();
    expect(received).toEqual([]);
  });

  it('is posted exactly once when the stream delivers the same record again and again', async () => {
    const { request } = await orderedRequest();
    const confirmed = await confirm(request);
    const record = {
      eventName: 'INSERT' as const,
      dynamodb: { SequenceNumber: '1', NewImage: { pk: { S: `REQUEST#${request.id}` }, sk: { S: `OUTBOX#${messageId(confirmed)}` }, entity: { S: 'outbox' }, status: { S: 'pending' } } },
    };
    // Replayed at once, while the poller may be taking it too.
    const replays = await Promise.all([processStreamRecords(workerDeps, [record, record]), processStreamRecords(workerDeps, [record])]);
    expect(replays.flatMap((r) => r.batchItemFailures)).toEqual([]);
    await eventually('the accept delivered', () => statusOf(confirmed), (s) => s === 'sent');
    await worker.drain();
    expect(received).toHaveLength(1);
  });

  it('a buyer down (503) and up again gets the same document, taken once', async () => {
    // Down for a whole round of attempts, then up: the next round (housekeeping) delivers.
    answer = (n) => (n <= FAST_RETRY.attemptsPerRound ? 'unavailable' : 'ok');
    const { request } = await orderedRequest();
    const confirmed = await confirm(request);
    await eventually('the round failed', () => outboxOf(confirmed), (m) => m?.status === 'failed');
    const failed = (await outboxOf(confirmed))!;
    expect(failed.nextAttemptAt).toBeDefined();
    expect(failed.lastError).toContain('503');
    await runHousekeeping(deps.db, deps.config, new Date(Date.parse(failed.nextAttemptAt!) + 1000));
    await eventually('the accept delivered', () => statusOf(confirmed), (s) => s === 'sent');
    expect(received).toHaveLength(FAST_RETRY.attemptsPerRound + 1);
    expect(new Set(received).size).toBe(1);
    expect(distinct()).toHaveLength(1);
  });

  it('a buyer that refuses (401) leaves it failed and visible, and the console retries it', async () => {
    answer = () => 'unauthorized';
    const { request } = await orderedRequest();
    const confirmed = await confirm(request);
    await eventually('the refusal', () => outboxOf(confirmed), (m) => m?.status === 'failed');
    // A 4xx is not retried by itself: a person must look.
    expect(received).toHaveLength(1);
    const problems = (await (await app.request('/ops/api/outbox/problems', { headers: operator })).json()) as { messages: OutboxView[] };
    const shown = problems.messages.find((m) => m.id === messageId(confirmed))!;
    expect(shown).toMatchObject({ status: 'failed', kind: 'order-confirmation', buyerAnswer: { code: 401, text: 'Unauthorized' } });
    expect(shown.nextAttemptAt).toBeUndefined();
    expect(shown.lastError).toContain('401');

    answer = () => 'ok';
    const retried = await app.request('/ops/api/outbox/retry', { method: 'POST', headers: operator, body: JSON.stringify({ owner: shown.owner, id: shown.id }) });
    expect(retried.status).toBe(200);
    await eventually('the accept delivered', () => statusOf(confirmed), (s) => s === 'sent');
    expect(received).toHaveLength(2);
    expect(payloadIdOf(received[1])).toBe(payloadIdOf(received[0]));
    expect((await outboxOf(confirmed))!.buyerAnswer).toMatchObject({ code: 200 });
  });

  it('a buyer that never answers is stopped at the time limit, each attempt, and the message waits for the next round', async () => {
    answer = () => 'silent';
    const { request } = await orderedRequest();
    const started = Date.now();
    const confirmed = await confirm(request);
    await eventually('the round failed', () => outboxOf(confirmed), (m) => m?.status === 'failed');
    const elapsed = Date.now() - started;
    const failed = (await outboxOf(confirmed))!;
    expect(received).toHaveLength(FAST_RETRY.attemptsPerRound);
    expect(failed.lastError).toBe(`No answer within ${TIMEOUT_MS / 1000} s`);
    expect(failed.nextAttemptAt).toBeDefined();
    // Three attempts of at most TIMEOUT_MS each, the pauses and the stream's polling: not 3 × 15 s.
    expect(elapsed).toBeLessThan(FAST_RETRY.attemptsPerRound * TIMEOUT_MS + 5000);
    expect(elapsed).toBeGreaterThanOrEqual(FAST_RETRY.attemptsPerRound * TIMEOUT_MS);
  });
});

describe('one post to the buyer', () => {
  it('does not follow a redirect (the secret would go where nobody registered it): refused, for a person to look at', async () => {
    answer = () => 'redirect';
    const outcome = await postConfirmation(buyerUrl, '<cXML/>', { timeoutMs: TIMEOUT_MS, localStack: true });
    expect(outcome).toMatchObject({ result: 'refused', code: 307, text: 'HTTP 307 without a cXML Status' });
    expect(received).toHaveLength(1);
  });

  it('an HTTP 200 without a cXML Status is not taken for a confirmation received', async () => {
    answer = () => 'html';
    expect(await postConfirmation(buyerUrl, '<cXML/>', { timeoutMs: TIMEOUT_MS, localStack: true })).toMatchObject({ result: 'refused', code: 200 });
  });

  it('a buyer that is not listening is worth another try', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    // Retryable, in plain words: the socket's own error (ECONNREFUSED) would let an administrator map our ports.
    const outcome = await postConfirmation(`http://127.0.0.1:${port}/c`, '<cXML/>', { timeoutMs: TIMEOUT_MS, localStack: true });
    expect(outcome).toMatchObject({ result: 'retryable', text: UNREACHABLE_TEXT });
    expect(outcome.text).not.toContain('ECONNREFUSED');
  });
});

describe('the connection secrets for cXML', () => {
  it('the confirmation secret is stored sealed, shown only as set, and audited without its value', async () => {
    const stored = (await getConnection(deps.db, connectionId))!;
    expect(stored.orderChannel.kind === 'cxml' && stored.orderChannel.confirmationSecret).toMatch(/^v1\./);
    expect(JSON.stringify(stored)).not.toContain('buyer-given');
    const view = (await (await app.request(`/ops/api/admin/connections/${connectionId}`, { headers: admin })).json()) as { connection: { orderChannel: Record<string, unknown> } };
    expect(view.connection.orderChannel).toMatchObject({ kind: 'cxml', confirmationSecretSet: true, confirmationUrl: expect.stringContaining('/cxml/confirmations') });
    expect(JSON.stringify(view)).not.toMatch(/confirmationSecret"|v1\.|buyer-given/);
    const audit = await auditOf(deps.db, `connection#${connectionId}`);
    const entry = audit.find((e) => e.action === 'confirmation-secret')!;
    expect(entry.changes).toEqual([{ field: 'orderChannel.confirmationSecret', to: '[changed]' }]);
    expect(JSON.stringify(audit)).not.toMatch(/v1\.|buyer-given/);
  });

  it('a confirmation secret is refused with a 400 naming it when empty or with control characters, and only admins may set it', async () => {
    const post = (body: unknown, who = admin) => app.request(`/ops/api/admin/connections/${connectionId}/confirmation-secret`, { method: 'POST', headers: who, body: JSON.stringify(body) });
    for (const secret of ['', ' padded', 'line\nbreak', 'x'.repeat(257)]) {
      const refused = await post({ secret });
      expect(refused.status, JSON.stringify(secret)).toBe(400);
      expect(((await refused.json()) as { field?: string }).field).toBe('secret');
    }
    expect((await post({ secret: 'fine' }, operator)).status).toBe(403);
  });

  it('the confirmation secret is refused 409 for a connection that does not take orders by cXML', async () => {
    const connection = (await getConnection(deps.db, connectionId))!;
    const other = { ...connection, id: `${connectionId}-mail`, cxml: undefined, orderChannel: { kind: 'email' as const, address: 'po@acme.example', confirmations: true }, version: 1 };
    const { createConnection } = await import('../../functions/store/connections');
    await createConnection(deps.db, other);
    const refused = await app.request(`/ops/api/admin/connections/${other.id}/confirmation-secret`, { method: 'POST', headers: admin, body: JSON.stringify({ secret: 'abc' }) });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toMatch(/does not take orders by cXML/);
    const noCxml = await app.request(`/ops/api/admin/connections/${other.id}/cxml-secret`, { method: 'POST', headers: admin });
    expect(noCxml.status).toBe(409);
  });

  it('the cXML set-up secret is generated, shown once, stored as its hash and audited as changed', async () => {
    const made = await app.request(`/ops/api/admin/connections/${connectionId}/cxml-secret`, { method: 'POST', headers: admin });
    expect(made.status).toBe(200);
    const { sharedSecret, connection } = (await made.json()) as { sharedSecret: string; connection: { cxml: Record<string, unknown> } };
    expect(sharedSecret.length).toBeGreaterThanOrEqual(32);
    expect(connection.cxml).toMatchObject({ sharedSecretSet: true });
    expect(JSON.stringify(connection)).not.toContain(sharedSecret);
    const stored = (await getConnection(deps.db, connectionId))!;
    expect(stored.cxml!.sharedSecretHash).toMatch(/^scrypt\$/);
    const again = (await (await app.request(`/ops/api/admin/connections/${connectionId}`, { headers: admin })).text());
    expect(again).not.toContain(sharedSecret);
    const entry = (await auditOf(deps.db, `connection#${connectionId}`)).find((e) => e.action === 'cxml-secret')!;
    expect(entry.changes.map((change) => [change.field, change.to])).toEqual([['cxml.sharedSecretHash', '[changed]']]);
  });

  it('an edit keeps the confirmation secret, unless the confirmation URL moves to another host', async () => {
    const edit = async (confirmationUrl: string) => {
      const current = (await (await app.request(`/ops/api/admin/connections/${connectionId}`, { headers: admin })).json()) as { connection: Record<string, unknown> & { version: number } };
      const { id: _i, status: _s, active: _a, version, createdAt: _c, updatedAt: _u, ...rest } = current.connection as Record<string, unknown>;
      const cxml = rest.cxml as Record<string, unknown>;
      const body = { ...rest, version, cxml: { domain: cxml.domain, identity: cxml.identity }, orderChannel: { kind: 'cxml', confirmations: true, confirmationUrl } };
      const saved = await app.request(`/ops/api/admin/connections/${connectionId}`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
      expect(saved.status, await saved.clone().text()).toBe(200);
      const stored = (await getConnection(deps.db, connectionId))!;
      return stored.orderChannel.kind === 'cxml' ? stored.orderChannel : undefined;
    };
    const url = ((await getConnection(deps.db, connectionId))!.orderChannel as { confirmationUrl: string }).confirmationUrl;
    expect((await edit(`${url}?same-host`))?.confirmationSecret).toMatch(/^v1\./);
    expect((await edit('https://elsewhere.example/confirmations'))?.confirmationSecret).toBeUndefined();
    // Put back for any later test: the original URL and a secret.
    await edit(url);
    await app.request(`/ops/api/admin/connections/${connectionId}/confirmation-secret`, { method: 'POST', headers: admin, body: JSON.stringify({ secret: SECRET }) });
  });
});

describe('requests without a cXML order', () => {
  it('send the buyer nothing when confirmed', async () => {
    const registered = await registerTestRequest(deps, { vehicleTypeId: 'compact-polo', period: { pickup: daysAhead(250), return: daysAhead(251) } });
    const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === 'compact-polo' && u.locationId === 'ams-sloterdijk')!.plate;
    const assigned = await assignUnit(deps.db, registered, plate, staff);
    if (assigned.outcome !== 'done') throw new Error(assigned.outcome);
    const confirmed = await confirm(assigned.request);
    await worker.drain();
    expect(await outboxOf(confirmed)).toBeUndefined();
    expect(received).toEqual([]);
    expect((await getRequest(deps.db, registered.id))!.status).toBe('confirmed');
  });
});
