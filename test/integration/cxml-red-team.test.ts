/**
 * The red team's attacks on issue 10 (cXML set-up, purchase orders, OCI 5), replayed: each test
 * sends what they sent and asserts what a buyer's system or operations would observe.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import iconv from 'iconv-lite';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { timeZoneOf } from '../../functions/catalog/time-zone';
import { plainAmount } from '../../functions/format/money';
import type { RequestDetail } from '../../functions/operations/api';
import { payloadLabel } from '../../functions/orders/order-payloads';
import { withOffset } from '../../functions/punchout/cxml-cart';
import { hashPassword } from '../../functions/punchout/password';
import type { ManagedRequest } from '../../functions/requests/lifecycle';
import type { RentalRequest } from '../../functions/requests/request';
import { getConnection, putConnection } from '../../functions/store/connections';
import { keys } from '../../functions/store/keys';
import { ordersOfRequest, unmatchedOrders } from '../../functions/store/orders';
import { payloadsOf } from '../../functions/store/payload-log';
import { getRequest } from '../../functions/store/requests';
import { setupRequest } from '../support/cxml';
import { orderRequest } from '../support/cxml-order';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;
let ops: Record<string, string>;

beforeAll(async () => {
  deps = await seededStack();
  const demo = (await getConnection(deps.db, 'acme-demo'))!;
  await putConnection(deps.db, { ...demo, orderChannel: { kind: 'cxml', confirmations: false, sharedSecretHash: await hashPassword('order-secret') } });
  app = createLocalApp(deps);
  ({ headers: ops } = await signedIn(deps, await addTestStaff(deps, 'operator')));
});

const unescape = (text: string) => text.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

async function post(path: string, body: string | Uint8Array, contentType = 'text/xml') {
  // Bytes go as a Blob: a document in UTF-16 or ISO-8859-1 must reach the app byte for byte.
  const response = await app.request(path, { method: 'POST', body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]), headers: { 'content-type': contentType } });
  const xml = await response.text();
  return { http: response.status, xml, code: /<Status code="(\d+)"/.exec(xml)?.[1], text: unescape(/<Status [^>]*>([^<]*)<\/Status>/.exec(xml)?.[1] ?? '') };
}

async function request(days: number): Promise<RentalRequest> {
  return registerTestRequest(deps, { period: { pickup: daysAhead(days), return: daysAhead(days + 2) } });
}

function orderFor(r: RentalRequest, parts: Parameters<typeof orderRequest>[0] = {}): string {
  const zone = timeZoneOf(r.location);
  return orderRequest({
    total: plainAmount(r.price.net),
    period: { start: withOffset(r.period.pickup, zone), end: withOffset(r.period.return, zone) },
    lines: [{ requestId: r.id, sku: r.vehicleType.sku }],
    ...parts,
  });
}

const refusedToday = async () => payloadsOf(deps.db, keys.refusedCallUps(new Date().toISOString().slice(0, 10)));

describe('finding 1: documents the parser cannot take answer 400 malformed, never a 500', () => {
  const hostile = {
    '101 nested elements': `<cXML payloadID="x">${'<a>'.repeat(101)}${'</a>'.repeat(101)}</cXML>`,
    'an element named __proto__': '<cXML payloadID="1"><__proto__/><Header/></cXML>',
    'an element named constructor': '<cXML payloadID="1"><constructor/><Header/></cXML>',
    'two root elements': '<cXML/><cXML/>',
  };
  for (const path of ['/punchout/cxml', '/cxml/order']) {
    for (const [name, body] of Object.entries(hostile)) {
      it(`${path} answers ${name} with cXML Status 400 and logs the refusal`, async () => {
        const answer = await post(path, `${body}<!-- ${path} ${name} -->`);
        expect(answer.http).toBe(200);
        expect(answer.code).toBe('400');
        expect(answer.xml).not.toMatch(/at .*\.js|Error:/);
        expect((await refusedToday()).some((e) => e.direction === 'in' && e.body.includes(`${path} ${name}`))).toBe(true);
      });
    }
  }
});

describe('finding 5: cXML text decoded as the document says', () => {
  it('decodes numeric character references and an ISO-8859-1 document, storing Müller and Jänsen', async () => {
    const r = await request(40);
    const xml = orderFor(r, { orderId: 'ENC-1' }).replace('Estate car rental', 'M&#252;ller &#x6e; Jänsen').replace('encoding="UTF-8"', 'encoding="ISO-8859-1"');
    const answer = await post('/cxml/order', iconv.encode(xml, 'latin1'));
    expect(answer.code, answer.text).toBe('200');
    const { orders } = await ordersOfRequest(deps.db, r.id);
    expect(orders[0]!.lines[0]!.description).toBe('Müller n Jänsen');
  });

  it('reads a UTF-16 document with a byte-order mark', async () => {
    const r = await request(43);
    const xml = orderFor(r, { orderId: 'ENC-2' }).replace('encoding="UTF-8"', 'encoding="UTF-16"').replace('Estate car rental', 'Jänsen');
    const answer = await post('/cxml/order', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(xml, 'utf-16le')]));
    expect(answer.code, answer.text).toBe('200');
    expect((await ordersOfRequest(deps.db, r.id)).orders[0]!.lines[0]!.description).toBe('Jänsen');
  });

  it('refuses an encoding it does not read by name, and a UTF-16 XXE as entities', async () => {
    const utf7 = await post('/punchout/cxml', '<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE cXML +AFs-+ADw-!ENTITY x SYSTEM +ACI-file:///etc/passwd+ACI-+AD4-+AF0-+AD4-<cXML/>');
    expect(utf7.code).toBe('400');
    expect(utf7.text).toContain('encoding UTF-7 is not supported');
    const xxe = '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE cXML [<!ENTITY x SYSTEM "file:///etc/passwd">]><cXML>&x;</cXML>';
    const utf16 = await post('/punchout/cxml', Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(xxe, 'utf-16le')]));
    expect(utf16.code).toBe('400');
    expect(utf16.text).toContain('ENTITY declarations are not accepted');
  });
});

describe('finding 6: a resent payloadID with other content', () => {
  it('answers 409 and keeps nothing of the second document', async () => {
    const r = await request(46);
    const first = orderFor(r, { payloadId: 'same-id-6@buyer.example', orderId: 'PO-SIX' });
    expect((await post('/cxml/order', first)).code).toBe('200');
    expect((await post('/cxml/order', first)).code).toBe('200');
    const changed = await post('/cxml/order', first.replace('PO-SIX', 'PO-SEVEN'));
    expect(changed.code).toBe('409');
    expect(changed.text).toContain('was received before with other content');
    const { orders } = await ordersOfRequest(deps.db, r.id);
    expect(orders.map((o) => o.orderNumber)).toEqual(['PO-SIX']);
    expect((await getRequest(deps.db, r.id))!.order?.orderNumber).toBe('PO-SIX');
  });
});

describe('finding 7: the payload log never keeps the order secret', () => {
  it('redacts a SharedSecret whose end tag has a space', async () => {
    const r = await request(49);
    const answer = await post('/cxml/order', orderFor(r, { orderId: 'PO-SEVEN-7' }).replace('</SharedSecret>', '</SharedSecret >'));
    expect(answer.code, answer.text).toBe('200');
    const { orders } = await ordersOfRequest(deps.db, r.id);
    const logged = await payloadsOf(deps.db, keys.order(orders[0]!.id).pk);
    expect(logged.length).toBeGreaterThan(0);
    for (const entry of logged) expect(entry.body).not.toContain('order-secret');
  });
});

describe('finding 8: amounts, dates and quantities checked', () => {
  const cases: [string, (xml: string) => string, RegExp][] = [
    ['a negative Total', (x) => x.replace(/(<Total><Money currency="EUR">)[^<]*/, '$1-75.60'), /Total Money is negative/],
    ['a Period start without an offset', (x) => x.replace(/startDate="[^"]*"/, 'startDate="2026-12-20T09:00:00"'), /startDate needs an ISO 8601 date and time with an offset/],
    ['a date-only Period end', (x) => x.replace(/endDate="[^"]*"/, 'endDate="2026-12-22"'), /endDate needs an ISO 8601 date and time with an offset/],
    ['an end before the start', (x) => x.replace(/endDate="[^"]*"/, 'endDate="2000-01-01T09:00:00+01:00"'), /endDate .* is not after its startDate/],
    ['a quantity of 999999999999', (x) => x.replace('quantity="1"', 'quantity="999999999999"'), /quantity must be a whole number from 1 to 999/],
  ];
  for (const [name, change, reason] of cases) {
    it(`refuses ${name} with 400 naming the field, and stores nothing`, async () => {
      const r = await request(52);
      const answer = await post('/cxml/order', change(orderFor(r)));
      expect(answer.code).toBe('400');
      expect(answer.text).toMatch(reason);
      expect((await ordersOfRequest(deps.db, r.id)).orders).toHaveLength(0);
    });
  }
});

describe('finding 3: an update or delete must name an order we hold', () => {
  it('records an update of an unknown PO number, flags it and leaves the real order summary untouched', async () => {
    const r = await request(55);
    expect((await post('/cxml/order', orderFor(r, { orderId: 'REAL-1' }))).code).toBe('200');
    for (const type of ['update', 'delete'] as const) {
      const answer = await post('/cxml/order', orderFor(r, { orderId: `FAKE-${type}`, type }));
      expect(answer.code).toBe('200');
      expect(answer.text).toContain(`we hold no order FAKE-${type}`);
    }
    const after = (await getRequest(deps.db, r.id)) as ManagedRequest;
    expect(after.order).toMatchObject({ orderNumber: 'REAL-1', type: 'new' });
    expect(after.order!.cancellationRequested).toBeUndefined();
    const { orders } = await ordersOfRequest(deps.db, r.id);
    const fakes = orders.filter((o) => o.orderNumber.startsWith('FAKE-'));
    expect(fakes).toHaveLength(2);
    for (const fake of fakes) expect(fake.mismatches.map((m) => m.field)).toContain('orderNumber');
    // A real update of the order we hold still replaces it.
    expect((await post('/cxml/order', orderFor(r, { orderId: 'REAL-1', type: 'update' }))).code).toBe('200');
    expect(((await getRequest(deps.db, r.id)) as ManagedRequest).order).toMatchObject({ orderNumber: 'REAL-1', type: 'update' });
  });
});

describe('finding 9: a test order never stands for a live request', () => {
  it('leaves a deploymentMode="test" order unmatched and flagged, and matches it to a test request', async () => {
    const live = await request(58);
    const answer = await post('/cxml/order', orderFor(live, { orderId: 'TEST-ON-LIVE', deploymentMode: 'test' }));
    expect(answer.code).toBe('200');
    expect(answer.text).toContain('a test order (deploymentMode="test") is not matched to a live request');
    expect(((await getRequest(deps.db, live.id)) as ManagedRequest).order).toBeUndefined();
    const unmatched = (await unmatchedOrders(deps.db)).orders.find((o) => o.orderNumber === 'TEST-ON-LIVE')!;
    expect(unmatched.requestId).toBeUndefined();
    expect(unmatched.mismatches.map((m) => m.field)).toEqual(expect.arrayContaining(['deploymentMode']));

    const trial = await request(61);
    await deps.db.doc.send(new UpdateCommand({ TableName: deps.db.table, Key: keys.request(trial.id), UpdateExpression: 'SET #t = :t', ExpressionAttributeNames: { '#t': 'test' }, ExpressionAttributeValues: { ':t': true } }));
    expect((await post('/cxml/order', orderFor(trial, { orderId: 'TEST-ON-TEST', deploymentMode: 'test' }))).code).toBe('200');
    expect(((await getRequest(deps.db, trial.id)) as ManagedRequest).order?.orderNumber).toBe('TEST-ON-TEST');
  });
});

describe('finding 10: the request page shows the purchase order and our answer', () => {
  it('lists the OrderRequest and our answer among the request’s payloads, labelled as such', async () => {
    const r = await request(64);
    expect((await post('/cxml/order', orderFor(r, { orderId: 'SHOWN-10' }))).code).toBe('200');
    const detail = (await (await app.request(`/ops/api/requests/${r.id}`, { headers: ops })).json()) as RequestDetail;
    const labels = detail.payloads.map((p) => payloadLabel(p));
    expect(labels).toEqual(expect.arrayContaining(['purchase order (received)', 'our answer to the order']));
    expect(detail.payloads.find((p) => payloadLabel(p) === 'purchase order (received)')!.body).toContain('SHOWN-10');
  });
});

describe('finding 12: smaller ones', () => {
  it('reads no more than 32 KB from an anonymous caller at the PDF upload path', async () => {
    const response = await app.request('/ops/api/requests/RQ-261123-AAAAAA/order', {
      method: 'POST',
      body: new Uint8Array(100 * 1024),
      headers: { 'content-type': 'multipart/form-data; boundary=x', 'content-length': String(100 * 1024) },
    });
    expect(response.status).toBe(413);
  });

  it('names the user-name trick in a BrowserFormPost URL', async () => {
    const answer = await post('/punchout/cxml', setupRequest({ url: 'http://localhost@evil.example/' }));
    expect(answer.code).toBe('400');
    expect(answer.text).toContain('carries a user name or password before "@" (its host is evil.example)');
  });
});
