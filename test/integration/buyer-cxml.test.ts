import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { verifyPassword } from '../../functions/punchout/password';
import { unseal } from '../../functions/punchout/sealed-secret';
import { getConnection } from '../../functions/store/connections';
import { getRequest } from '../../functions/store/requests';
import { daysAhead } from '../support/punchout';
import { seededStack, startServer } from '../support/stack';

let deps: AppDeps;
let server: { base: string; stop(): Promise<void> };

beforeAll(async () => {
  deps = await seededStack();
  server = await startServer(deps);
});
afterAll(() => server?.stop());

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  body: new URLSearchParams(fields).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  redirect: 'manual' as const,
});

const SETUP = { connection: 'acme-demo', domain: 'NetworkID', identity: 'demo-buyer', secret: 'demo-secret', operation: 'create', email: 'jane.doe@acme.example', firstName: 'Jane', lastName: 'Doe', shipTo: 'RTM-HQ', 'extrinsic:oci_costcenter': 'CC-1042' };

const unescapeHtml = (text: string) => text.replace(/&(lt|gt|quot|#39|amp);/g, (_, n: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[n]!);

/** Punch out through the page's set-up, transfer a rental: the transfer page's form (action and field). */
async function cxmlCart(startDay: number): Promise<{ requestId: string; action: string; field: [string, string] }> {
  const setup = await fetch(`${server.base}/buyer/cxml/setup`, form(SETUP));
  expect(setup.status).toBe(303);
  const start = setup.headers.get('location')!;
  expect(start.startsWith(`${server.base}/punchout/cxml/start/`)).toBe(true);
  const session = (await fetch(start, { redirect: 'manual' })).headers.get('location')!.replace(/\/$/, '');
  const chosen = { vehicleTypeId: 'compact-polo', locationId: 'ams-sloterdijk', pickup: daysAhead(startDay), return: daysAhead(startDay + 3) };
  const accepted = (await (await fetch(`${server.base}${session}/api/transfer`, { method: 'POST', body: JSON.stringify(chosen), headers: { 'content-type': 'application/json' } })).json()) as TransferAccepted;
  const page = await (await fetch(`${server.base}${accepted.transferUrl}`)).text();
  const action = unescapeHtml(/<form id="oci-cart" method="post" action="([^"]*)"/.exec(page)![1]!);
  const [, name, value] = /<input type="hidden" name="([^"]*)" value="([^"]*)">/.exec(page)!;
  return { requestId: accepted.requestId, action, field: [name!, unescapeHtml(value!)] };
}

const postCart = async (field: [string, string]) => (await fetch(`${server.base}/buyer/cxml/cart`, form({ [field[0]]: field[1] }))).text();
const warnings = (page: string) => /id="cart-summary" data-warnings="(\d+)"/.exec(page)?.[1];
const hidden = (page: string, name: string) => unescapeHtml(new RegExp(`<input type="hidden" name="${name}" value="([^"]*)">`).exec(page)![1]!);

describe('the test procurement page in cXML mode', () => {
  it('seeds the demo connection with a cXML order channel: order secret hashed, confirmation secret sealed, confirmations to the page', async () => {
    const channel = (await getConnection(deps.db, 'acme-demo'))!.orderChannel;
    if (channel.kind !== 'cxml') throw new Error(`order channel ${channel.kind}`);
    expect(channel.confirmations).toBe(true);
    expect(channel.confirmationUrl).toBe('http://localhost:3000/buyer/cxml/confirmations');
    expect(await verifyPassword('demo-order-secret', channel.sharedSecretHash)).toBe(true);
    expect(channel.confirmationSecret).not.toContain('demo-confirmation-secret');
    expect(unseal(deps.secrets.signingKey, channel.confirmationSecret!, 'acme-demo')).toBe(DEMO_CONNECTION.confirmationSecret);
  });

  it('sends the set-up, opens the start page, and reads the cart that comes back with no warnings and the BuyerCookie echoed', async () => {
    const { requestId, action, field } = await cxmlCart(30);
    expect(action).toBe(`${server.base}/buyer/cxml/cart`);
    const page = await postCart(field);
    expect(warnings(page)).toBe('0');
    expect(page).toContain('<dd data-fact="cookieEchoed">yes, as sent in the set-up</dd>');
    expect(page).toContain(`<tr data-request="${requestId}">`);
    expect(page).toMatch(/\d{4}-\d\d-\d\dT09:00:00\+0[12]:00<br>/);
    expect(hidden(page, 'cart')).toBe(field[1]);
    expect(hidden(page, 'connectionId')).toBe('acme-demo');
  });

  it('shows a refused set-up with its cXML status and the document sent, the secret redacted', async () => {
    const page = await (await fetch(`${server.base}/buyer/cxml/setup`, form({ ...SETUP, secret: 'not-the-secret-42' }))).text();
    expect(page).toContain('data-code="401"');
    expect(page).toContain('unknown sender or wrong shared secret');
    expect(page).toContain('&lt;SharedSecret&gt;[redacted]&lt;/SharedSecret&gt;');
    expect(page).not.toContain('not-the-secret-42');
  });

  it('escapes everything a cart brings: markup in the message is shown as text, and counted as a warning when a cookie is foreign', async () => {
    const { field } = await cxmlCart(40);
    const hostile = field[1].replace(/<ShortName>[^<]*<\/ShortName>/, '<ShortName>&lt;img src=x onerror=alert(1)&gt;</ShortName>').replace(/<BuyerCookie>[^<]*<\/BuyerCookie>/, '<BuyerCookie>&lt;/dd&gt;&lt;script&gt;alert(2)&lt;/script&gt;</BuyerCookie>');
    const page = await postCart([field[0], hostile]);
    expect(page).not.toContain('<img src=x');
    expect(page).not.toContain('<script>alert(2)');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(warnings(page)).toBe('1');
    expect(page).toContain('The BuyerCookie is not one this buyer sent');
  });

  it('orders the cart with an OrderRequest: Status 200 with our reference, the request shows the PO, and a resend answers the same', async () => {
    const { requestId, field } = await cxmlCart(50);
    const cartPage = await postCart(field);
    const order = { cart: hidden(cartPage, 'cart'), connectionId: 'acme-demo', orderNumber: '4500077001', type: 'new', domain: 'NetworkID', identity: 'demo-buyer', secret: 'demo-order-secret', shipTo: 'RTM-HQ', shipToName: 'Head office' };
    const started = Date.now();
    const answer = await (await fetch(`${server.base}/buyer/cxml/order`, form(order))).text();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(answer).toContain('data-code="200"');
    const reference = /(PO-\d{6}-[0-9A-Z]{6})/.exec(answer)![1];
    expect(answer).toContain(`for request ${requestId}`);
    expect(answer).not.toContain('demo-order-secret');
    const stored = (await getRequest(deps.db, requestId)) as { order?: { orderNumber: string; mismatches: unknown[] } };
    expect(stored.order).toMatchObject({ orderNumber: '4500077001', mismatches: [] });

    const payloadId = hidden(answer, 'resend');
    const again = await (await fetch(`${server.base}/buyer/cxml/order`, form({ resend: payloadId }))).text();
    expect(again).toContain('data-code="200"');
    expect(again).toContain(reference);
  });

  it('receives ConfirmationRequests: checks the demo secret, answers Status 200, lists each payloadID once', async () => {
    const confirmation = (secret: string, payloadId: string) => `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.050/Fulfill.dtd">
<cXML payloadID="${payloadId}" timestamp="2026-11-23T10:00:00+00:00"><Header>
<From><Credential domain="DomainName"><Identity>127.0.0.1</Identity></Credential></From>
<To><Credential domain="NetworkID"><Identity>demo-buyer</Identity></Credential></To>
<Sender><Credential domain="DomainName"><Identity>127.0.0.1</Identity><SharedSecret>${secret}</SharedSecret></Credential><UserAgent>x</UserAgent></Sender></Header>
<Request><ConfirmationRequest><ConfirmationHeader type="accept" noticeDate="2026-11-23T10:00:00+00:00" operation="new" confirmID="C-1"/>
<OrderReference orderID="4500099&lt;1&gt;"><DocumentReference payloadID="order-1@buyer"/></OrderReference></ConfirmationRequest></Request></cXML>`;
    const post = async (body: string) => (await fetch(`${server.base}/buyer/cxml/confirmations`, { method: 'POST', body, headers: { 'content-type': 'text/xml' } })).text();
    expect(await post(confirmation('wrong', 'c-1@supplier'))).toContain('<Status code="401"');
    expect(await post(confirmation('demo-confirmation-secret', 'c-2@supplier'))).toContain('<Status code="200"');
    expect(await post(confirmation('demo-confirmation-secret', 'c-2@supplier'))).toContain('<Status code="200"');
    expect(await post('<cXML><broken>')).toContain('<Status code="400"');
    const list = await (await fetch(`${server.base}/buyer/cxml/confirmations`)).text();
    expect(list.match(/<tr data-type="accept"/g)).toHaveLength(1);
    expect(list).toContain('data-order="4500099&lt;1&gt;" data-copies="2"');
    expect(list).not.toContain('demo-confirmation-secret');
    expect(list).not.toContain('c-1@supplier');
  });
});
