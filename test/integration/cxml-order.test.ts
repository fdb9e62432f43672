import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import type { OrderDetail, OrderMatched, OrdersResponse, RequestDetail } from '../../functions/operations/api';
import { timeZoneOf } from '../../functions/catalog/time-zone';
import { plainAmount } from '../../functions/format/money';
import { withOffset } from '../../functions/punchout/cxml-cart';
import { hashPassword } from '../../functions/punchout/password';
import type { ManagedRequest } from '../../functions/requests/lifecycle';
import type { RentalRequest } from '../../functions/requests/request';
import { getConnection, putConnection } from '../../functions/store/connections';
import { keys } from '../../functions/store/keys';
import { ordersOfRequest } from '../../functions/store/orders';
import { payloadsOf } from '../../functions/store/payload-log';
import { getRequest } from '../../functions/store/requests';
import { dtdProblems } from '../support/cxml';
import { orderRequest, type TestLine } from '../support/cxml-order';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;
let ops: Record<string, string>;
const HQ = DEMO_CONNECTION.connection.deliveryAddresses[0]!;

beforeAll(async () => {
  deps = await seededStack();
  const demo = (await getConnection(deps.db, 'acme-demo'))!;
  // Orders over cXML with their own secret (not the set-up secret `demo-secret`); no confirmations here.
  await putConnection(deps.db, { ...demo, orderChannel: { kind: 'cxml', confirmations: false, sharedSecretHash: await hashPassword('order-secret') } });
  app = createLocalApp(deps);
  ({ headers: ops } = await signedIn(deps, await addTestStaff(deps, 'operator')));
});

async function postOrder(body: string, headers: Record<string, string> = {}) {
  const response = await app.request('/cxml/order', { method: 'POST', body, headers: { 'content-type': 'text/xml; charset=utf-8', ...headers } });
  const xml = await response.text();
  return {
    http: response.status,
    xml,
    code: /<Status code="(\d+)"/.exec(xml)?.[1],
    text: /<Status [^>]*>([^<]*)<\/Status>/.exec(xml)?.[1],
    reference: /(PO-\d{6}-[0-9A-Z]{6})/.exec(xml)?.[1],
  };
}

/** A request of the demo connection for its head office, as a transfer registers it. */
async function demoRequest(days = 10): Promise<ManagedRequest> {
  const request = await registerTestRequest(deps, { period: { pickup: daysAhead(days), return: daysAhead(days + 3) } });
  await deps.db.doc.send(
    new UpdateCommand({ TableName: deps.db.table, Key: keys.request(request.id), UpdateExpression: 'SET deliveryAddress = :a', ExpressionAttributeValues: { ':a': HQ } }),
  );
  return { ...request, deliveryAddress: HQ };
}

/** The OrderRequest a buyer's system makes of our cart for `request`: its net total, period, address and SKU. */
function orderFor(request: RentalRequest, parts: Parameters<typeof orderRequest>[0] = {}, line: TestLine = {}): string {
  const zone = timeZoneOf(request.location);
  return orderRequest({
    total: plainAmount(request.price.net),
    period: { start: withOffset(request.period.pickup, zone), end: withOffset(request.period.return, zone) },
    addressId: HQ.locationCode,
    lines: [{ requestId: request.id, sku: request.vehicleType.sku, ...line }],
    ...parts,
  });
}

const api = (path: string, init: RequestInit = {}) => app.request(`/ops/api${path}`, { ...init, headers: { ...ops, 'content-type': 'application/json', ...(init.headers ?? {}) } });
const stored = async (id: string) => (await getRequest(deps.db, id)) as ManagedRequest;

describe('cXML purchase orders at POST /cxml/order', () => {
  it('answers an order for a request with Status 200 and our reference within 5 seconds, in a document valid against the cXML DTD', async () => {
    const request = await demoRequest();
    const body = orderFor(request, { orderId: '4500012345' });
    expect(await dtdProblems(body)).toBe('');
    const started = performance.now();
    const answer = await postOrder(body);
    const ms = performance.now() - started;
    console.info(`order answered in ${Math.round(ms)} ms`);
    expect(ms).toBeLessThan(5000);
    expect(answer.http).toBe(200);
    expect(answer.code).toBe('200');
    expect(answer.text).toBe(`OK: order 4500012345 recorded as ${answer.reference} for request ${request.id}`);
    expect(await dtdProblems(answer.xml)).toBe('');

    // The request shows "order received: PO number, date", with nothing flagged.
    const detail = (await (await api(`/requests/${request.id}`)).json()) as RequestDetail;
    expect(detail.request.order).toMatchObject({ orderId: answer.reference, orderNumber: '4500012345', orderDate: '2026-11-23T10:00:00+01:00', source: 'cxml', type: 'new', mismatches: [] });
    expect(detail.events.map((e) => e.action)).toContain('order-received');
    // The console shows the order with the document in (secret redacted) and our answer out.
    const order = (await (await api(`/orders/${answer.reference}`)).json()) as OrderDetail;
    expect(order.order).toMatchObject({ requestId: request.id, connectionName: 'Acme Logistics (demo)', total: { amount: plainAmount(request.price.net), currency: 'EUR' } });
    expect(order.payloads.map((p) => p.direction).sort()).toEqual(['in', 'out']);
    expect(order.payloads.find((p) => p.direction === 'in')!.body).toContain('<SharedSecret>[redacted]</SharedSecret>');
    expect(JSON.stringify(order.payloads)).not.toContain('order-secret');
    const listed = (await (await api(`/orders?request=${request.id}`)).json()) as OrdersResponse;
    expect(listed.orders.map((o) => o.id)).toEqual([answer.reference]);
  });

  it('flags every difference between the order and its request for operations, and still accepts the order', async () => {
    const request = await demoRequest(12);
    const answer = await postOrder(
      orderFor(request, { total: '1.00', addressId: 'ELSEWHERE', period: { start: '2030-01-01T09:00:00+01:00', end: '2030-01-02T09:00:00+01:00' } }, { sku: 'FF-OTHER' }),
    );
    expect(answer.code).toBe('200');
    const { order } = await stored(request.id);
    expect(order!.mismatches.map((m) => m.field).sort()).toEqual(['amount', 'deliveryAddress', 'period', 'vehicle']);
    expect(order!.mismatches.find((m) => m.field === 'amount')).toEqual({ field: 'amount', expected: plainAmount(request.price.net), received: '1.00' });
  });

  it('treats the same period given at another offset as the same rental', async () => {
    const request = await demoRequest(14);
    const zone = timeZoneOf(request.location);
    const utc = (local: string) => new Date(withOffset(local, zone)).toISOString().replace('.000Z', 'Z');
    await postOrder(orderFor(request, { period: { start: utc(request.period.pickup), end: utc(request.period.return) } }));
    expect((await stored(request.id)).order!.mismatches).toEqual([]);
  });

  it('stores one order when the same payloadID is sent five times at once, and answers each the same', async () => {
    const request = await demoRequest(16);
    const body = orderFor(request, { payloadId: `resend-${Date.now()}@buyer.example` });
    const answers = await Promise.all(Array.from({ length: 5 }, () => postOrder(body)));
    expect(answers.map((a) => a.code)).toEqual(['200', '200', '200', '200', '200']);
    expect(new Set(answers.map((a) => a.text)).size).toBe(1);
    expect((await ordersOfRequest(deps.db, request.id)).orders).toHaveLength(1);
    expect((await stored(request.id)).version).toBe(1);
    // And once more later: the same answer, still one order.
    const later = await postOrder(body);
    expect(later.text).toBe(answers[0]!.text);
    expect((await ordersOfRequest(deps.db, request.id)).orders).toHaveLength(1);
  });

  it("accepts an order naming another connection's request as unmatched, and never attaches it to that request", async () => {
    const theirs = await demoRequest(18);
    await deps.db.doc.send(
      new UpdateCommand({ TableName: deps.db.table, Key: keys.request(theirs.id), UpdateExpression: 'SET connectionId = :c', ExpressionAttributeValues: { ':c': 'utrecht-visma' } }),
    );
    const answer = await postOrder(orderFor(theirs));
    expect(answer.code).toBe('200');
    expect(answer.text).toMatch(/not matched to a request/);
    expect(answer.text).not.toContain(theirs.id);
    const after = await stored(theirs.id);
    expect(after.order).toBeUndefined();
    expect(after.version ?? 0).toBe(0);
    expect((await ordersOfRequest(deps.db, theirs.id)).orders).toEqual([]);
    const unmatched = (await (await api('/orders?unmatched=1')).json()) as OrdersResponse;
    const listed = unmatched.orders.find((o) => o.id === answer.reference)!;
    expect(listed.requestId).toBeUndefined();
    expect(listed.connectionId).toBe('acme-demo');
    // Operations cannot attach it to the other connection's request either.
    const refused = await api(`/orders/${answer.reference}/match`, { method: 'POST', body: JSON.stringify({ requestId: theirs.id, version: 0 }) });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { message: string }).message).toMatch(/another connection/);
    expect((await stored(theirs.id)).order).toBeUndefined();
  });

  it('lists an order naming no request of ours as unmatched, and operations attach it by hand with the same checks', async () => {
    const request = await demoRequest(20);
    const answer = await postOrder(orderFor(request, { total: '9.99' }, { requestId: 'THEIR-LINE-7' }));
    expect(answer.text).toMatch(/not matched to a request/);
    const unmatched = (await (await api('/orders?unmatched=1')).json()) as OrdersResponse;
    expect(unmatched.orders.map((o) => o.id)).toContain(answer.reference);

    const stale = await api(`/orders/${answer.reference}/match`, { method: 'POST', body: JSON.stringify({ requestId: request.id, version: 7 }) });
    expect(stale.status).toBe(409);
    const matched = await api(`/orders/${answer.reference}/match`, { method: 'POST', body: JSON.stringify({ requestId: request.id, version: 0 }) });
    expect(matched.status).toBe(200);
    const body = (await matched.json()) as OrderMatched;
    expect(body.order.requestId).toBe(request.id);
    expect(body.order.mismatches.map((m) => m.field)).toEqual(['amount']);
    expect((await stored(request.id)).order).toMatchObject({ orderId: answer.reference, mismatches: [{ field: 'amount' }] });
    const after = (await (await api('/orders?unmatched=1')).json()) as OrdersResponse;
    expect(after.orders.map((o) => o.id)).not.toContain(answer.reference);
    const again = await api(`/orders/${answer.reference}/match`, { method: 'POST', body: JSON.stringify({ requestId: request.id, version: 1 }) });
    expect(again.status).toBe(409);
  });

  it('replaces the request\'s order with an update, and marks a delete as a cancellation request for operations', async () => {
    const request = await demoRequest(22);
    await postOrder(orderFor(request, { orderId: 'PO-77', total: '1.00' }));
    expect((await stored(request.id)).order!.mismatches.map((m) => m.field)).toEqual(['amount']);
    const update = await postOrder(orderFor(request, { orderId: 'PO-77', type: 'update' }));
    expect(update.text).toMatch(/^OK: change of order PO-77 recorded as PO-/);
    expect((await stored(request.id)).order).toMatchObject({ orderNumber: 'PO-77', type: 'update', mismatches: [] });
    const withdrawn = await postOrder(orderFor(request, { orderId: 'PO-77', type: 'delete' }));
    expect(withdrawn.text).toMatch(/^OK: withdrawal of order PO-77/);
    expect((await stored(request.id)).order).toMatchObject({ type: 'delete', cancellationRequested: true });
    expect((await ordersOfRequest(deps.db, request.id)).orders.map((o) => o.type)).toEqual(['delete', 'update', 'new']);
  });

  it('flags an order for a declined request', async () => {
    const request = await demoRequest(24);
    await deps.db.doc.send(
      new UpdateCommand({ TableName: deps.db.table, Key: keys.request(request.id), UpdateExpression: 'SET #s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':s': 'declined' } }),
    );
    await postOrder(orderFor(request));
    expect((await stored(request.id)).order!.mismatches).toEqual([{ field: 'status', expected: 'requested or confirmed', received: 'declined' }]);
  });
});

describe('refused purchase orders: a cXML status naming the problem, nothing stored', () => {
  async function refusedWithNothingStored(body: string, code: string, reason: RegExp, request: RentalRequest) {
    const answer = await postOrder(body);
    expect(answer.http).toBe(200);
    expect(answer.code).toBe(code);
    expect(answer.text).toMatch(reason);
    expect(answer.reference).toBeUndefined();
    expect(await dtdProblems(answer.xml)).toBe('');
    expect((await stored(request.id)).order).toBeUndefined();
    expect((await ordersOfRequest(deps.db, request.id)).orders).toEqual([]);
    return answer;
  }

  it('refuses a wrong shared secret, the set-up secret, and an unknown sender with 401, and logs them redacted', async () => {
    const request = await demoRequest(30);
    await refusedWithNothingStored(orderFor(request, { secret: 'wrong' }), '401', /unknown sender or wrong shared secret/, request);
    await refusedWithNothingStored(orderFor(request, { secret: 'demo-secret' }), '401', /wrong shared secret/, request);
    await refusedWithNothingStored(orderFor(request, { identity: 'nobody' }), '401', /unknown sender/, request);
    const logged = await payloadsOf(deps.db, keys.refusedCallUps(new Date().toISOString().slice(0, 10)));
    const orders = logged.filter((p) => p.kind === 'order' && p.direction === 'in');
    expect(orders.length).toBeGreaterThanOrEqual(3);
    expect(orders.every((p) => p.body.includes('<SharedSecret>[redacted]</SharedSecret>'))).toBe(true);
    expect(JSON.stringify(orders)).not.toContain('demo-secret');
  });

  it('refuses an XXE attempt with 400 and reads nothing', async () => {
    const request = await demoRequest(32);
    const xxe = orderFor(request, { doctype: '<!DOCTYPE cXML [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' }).replace('Estate car rental', '&xxe;');
    const answer = await refusedWithNothingStored(xxe, '400', /ENTITY/, request);
    expect(answer.xml).not.toContain('root:');
  });

  it('refuses malformed XML, a 10,000-character orderID, 51 lines and a Money without a point, each with 400 naming it', async () => {
    const request = await demoRequest(34);
    await refusedWithNothingStored(orderFor(request).replace('</OrderRequest>', ''), '400', /not well-formed/, request);
    await refusedWithNothingStored(orderFor(request, { orderId: 'X'.repeat(10_000) }), '400', /orderID is longer than 64 characters/, request);
    const many = orderRequest({ lines: Array.from({ length: 51 }, () => ({ requestId: request.id })) });
    await refusedWithNothingStored(many, '400', /more than 50 ItemOut/, request);
    await refusedWithNothingStored(orderFor(request, { total: '1.234,50' }), '400', /Total Money is not a decimal amount/, request);
  });

  it('refuses a body over 64 KB unread with 413', async () => {
    const response = await app.request('/cxml/order', { method: 'POST', body: `<cXML>${' '.repeat(65 * 1024)}</cXML>`, headers: { 'content-type': 'text/xml' } });
    expect(response.status).toBe(413);
  });

  it('stops someone guessing the secret, while the order itself is never stored', async () => {
    const request = await demoRequest(36);
    const address = { 'x-forwarded-for': '203.0.113.77' };
    // At most ten wrong guesses per identity in five minutes (earlier tests here guessed some already).
    const codes: (string | undefined)[] = [];
    for (let i = 0; i < 11 && codes.at(-1) !== '429'; i++) codes.push((await postOrder(orderFor(request, { secret: `guess-${i}` }), address)).code);
    expect(codes.at(-1)).toBe('429');
    expect(codes.length).toBeLessThanOrEqual(11);
    expect(codes.slice(0, -1).every((code) => code === '401')).toBe(true);
    // Now even the right secret is not tried.
    const throttled = await postOrder(orderFor(request), address);
    expect(throttled.code).toBe('429');
    expect((await stored(request.id)).order).toBeUndefined();
  });
});
