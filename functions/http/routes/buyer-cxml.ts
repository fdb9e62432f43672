import { randomBytes, randomUUID } from 'node:crypto';
import { Hono } from 'hono';
import { attributeOf, child, cxmlDocument, cxmlStatus, type CxmlStatusCode, newPayloadId, parseCxml, textOf } from '../../punchout/cxml-document';
import { checkCxmlCart } from '../../punchout/cxml-cart-check';
import { redactSharedSecrets } from '../../punchout/cxml-setup';
import { DEMO_CONNECTIONS } from '../../local/demo-connections';
import { ORDER_REQUEST_TYPES, type OrderRequestType, orderRequestDocument, setupRequestDocument } from '../../local/test-buyer-cxml';
import { getConnection } from '../../store/connections';
import type { AppDeps } from '../deps';
import { formEntries } from '../form';
import { publicOrigin } from '../public-origin';
import { cartPage, confirmationsPage, type ExchangeView, exchangePage, type ReceivedConfirmation } from './buyer-cxml-pages';

/** How long the test buyer waits for our own endpoints: the same hard stop as every outgoing call. */
const CALL_TIMEOUT_MS = 15_000;
/** What the page remembers, newest kept: it is a test page in one local process, not a store. */
const KEEP = 100;
/** The most characters of any value the page's forms send (the documents themselves are size-limited by the app). */
const FIELD_MAX = 2048;
const XML_HEADERS = { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' };

/** A set-up this buyer sent: what its cart and order need to know again. */
export interface SentSetup {
  buyerCookie: string;
  connectionId: string;
  buyer: { domain: string; identity: string };
  shipTo?: { addressId: string; name: string };
  exchange: ExchangeView;
  sentAt: string;
}

/** Kept in this process's memory (the test procurement page exists only in the local stack): the newest KEEP of each. */
class BuyerMemory {
  readonly setups = new Map<string, SentSetup>();
  readonly orders = new Map<string, { document: string; connectionId: string }>();
  readonly confirmations: ReceivedConfirmation[] = [];

  remember<T>(map: Map<string, T>, key: string, value: T): void {
    map.set(key, value);
    if (map.size > KEEP) map.delete(map.keys().next().value!);
  }
}

/** The demo secrets the README publishes, by connection id. */
const DEMO_SECRETS = new Map(DEMO_CONNECTIONS.map((d) => [d.connection.id, d]));

/** A cXML answer read: its status and the start URL, if any. */
function readAnswer(text: string): { code: string; text: string; reason: string; startUrl?: string } {
  const parsed = parseCxml(text);
  if (!parsed.ok) return { code: '', text: 'unreadable answer', reason: parsed.refusal.reason };
  const response = child(parsed.root, 'Response');
  const status = child(response, 'Status');
  return {
    code: attributeOf(status, 'code') ?? '',
    text: attributeOf(status, 'text') ?? '',
    reason: textOf(status) ?? '',
    startUrl: textOf(child(child(child(response, 'PunchOutSetupResponse'), 'StartPage'), 'URL')),
  };
}

/** POST a cXML document to our own app (not in-process: the local server is a separate listener in Lambda's shape). */
async function post(url: string, document: string): Promise<{ ok: true; status: number; body: string } | { ok: false; error: string }> {
  try {
    const response = await fetch(url, { method: 'POST', body: document, headers: { 'content-type': 'text/xml; charset=utf-8' }, signal: AbortSignal.timeout(CALL_TIMEOUT_MS), redirect: 'manual' });
    return { ok: true, status: response.status, body: await response.text() };
  } catch (error) {
    return { ok: false, error: (error as Error).name === 'TimeoutError' ? `no answer within ${CALL_TIMEOUT_MS / 1000} s` : (error as Error).message };
  }
}

/**
 * The test procurement system's cXML mode (local stack only): it sends a PunchOutSetupRequest for
 * a connection and opens the start page, reads the cart that comes back to its BrowserFormPost URL
 * with what a buyer would object to, orders it with an OrderRequest, and receives the
 * ConfirmationRequests our outbox sends, as a buyer's system would.
 */
export function buyerCxmlRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const memory = new BuyerMemory();
  const origin = (c: Parameters<typeof publicOrigin>[0]) => publicOrigin(c, deps.config) ?? new URL(c.req.url).origin;

  app.post('/setup', async (c) => {
    const form = new Map<string, string>();
    const extrinsics: [string, string][] = [];
    for (const [name, value] of await formEntries(c.req.raw)) {
      if (value.length > FIELD_MAX) return c.text(`The field ${name} is longer than ${FIELD_MAX} characters.`, 400);
      if (name.startsWith('extrinsic:')) {
        if (value.trim()) extrinsics.push([name.slice('extrinsic:'.length), value.trim()]);
      } else form.set(name, value.trim());
    }
    const get = (name: string) => form.get(name) ?? '';
    const connection = await getConnection(deps.db, get('connection'));
    if (!connection) return c.text('Choose a connection: the field connection names none.', 400);
    const operation = (['create', 'edit', 'inspect'] as const).find((o) => o === get('operation')) ?? 'create';
    const address = connection.deliveryAddresses.find((a) => a.locationCode === get('shipTo') || a.id === get('shipTo'));
    const buyer = { domain: get('domain') || 'NetworkID', identity: get('identity') };
    const buyerCookie = randomUUID();
    const now = deps.now();
    const base = origin(c);
    const requester = { email: get('email'), firstName: get('firstName'), lastName: get('lastName') };
    const names = connection.cxml?.extrinsics;
    const document = setupRequestDocument({
      payloadId: newPayloadId(now, 'test-buyer.local'),
      now,
      buyer,
      secret: get('secret'),
      operation,
      buyerCookie,
      browserFormPostUrl: get('browserFormPost') || `${base}/buyer/cxml/cart`,
      requester,
      extrinsics: [
        [names?.email[0] ?? 'UserEmail', requester.email],
        [names?.firstName[0] ?? 'FirstName', requester.firstName],
        [names?.lastName[0] ?? 'LastName', requester.lastName],
        ...extrinsics,
      ].filter(([, v]) => v) as [string, string][],
      shipTo: address ? { addressId: address.locationCode, name: address.label } : undefined,
      selectedRequestId: get('selectedRequestId') || undefined,
      test: connection.status === 'test',
    });
    const sent = await post(`${base}/punchout/cxml`, document);
    const exchange: ExchangeView = { title: 'PunchOutSetupRequest', sent: redactSharedSecrets(document), answer: sent.ok ? sent.body : undefined, error: sent.ok ? undefined : sent.error };
    const answer = sent.ok ? readAnswer(sent.body) : undefined;
    // Only our own start page is opened: the answer names where the browser goes next.
    if (answer?.code === '200' && answer.startUrl?.startsWith(`${base}/punchout/cxml/start/`)) {
      memory.remember(memory.setups, buyerCookie, {
        buyerCookie,
        connectionId: connection.id,
        buyer,
        shipTo: address ? { addressId: address.locationCode, name: address.label } : undefined,
        exchange,
        sentAt: now.toISOString(),
      });
      return c.redirect(answer.startUrl, 303);
    }
    return c.html(exchangePage({ ...exchange, heading: 'Set-up refused', code: answer?.code, statusText: answer?.text, reason: answer?.reason ?? exchange.error }).value, 200, { 'cache-control': 'no-store' });
  });

  app.post('/cart', async (c) => {
    const received = await formEntries(c.req.raw);
    const check = checkCxmlCart(received, { sentBuyerCookie: (cookie) => memory.setups.has(cookie) });
    const setup = check.buyerCookie ? memory.setups.get(check.buyerCookie) : undefined;
    const connectionId = setup?.connectionId ?? '';
    const orderNumber = `45${String(randomBytes(4).readUInt32BE() % 100_000_000).padStart(8, '0')}`;
    return c.html(cartPage(check, { setup, orderNumber, orderSecret: DEMO_SECRETS.get(connectionId)?.orderSharedSecret ?? '' }).value, 200, { 'cache-control': 'no-store' });
  });

  app.post('/order', async (c) => {
    const form = new Map<string, string>();
    for (const [name, value] of await formEntries(c.req.raw)) {
      if (value.length > 60_000) return c.text(`The field ${name} is too long.`, 400);
      form.set(name, value);
    }
    const get = (name: string) => form.get(name)?.trim() ?? '';
    const now = deps.now();
    let document: string;
    let connectionId = get('connectionId');
    let payloadId = get('resend');
    const resend = memory.orders.get(payloadId);
    if (payloadId) {
      // The same document again, payloadID and all: a buyer retrying after a lost answer.
      if (!resend) return c.text('That order is no longer remembered: send a new one from a cart.', 400);
      document = resend.document;
      connectionId = resend.connectionId;
    } else {
      const check = checkCxmlCart([['cxml-urlencoded', get('cart')]], { sentBuyerCookie: () => true });
      if (!check.items.length) return c.text('The cart field holds no cXML cart with items.', 400);
      const type: OrderRequestType = ORDER_REQUEST_TYPES.find((t) => t === get('type')) ?? 'new';
      payloadId = newPayloadId(now, 'test-buyer.local');
      document = orderRequestDocument({
        payloadId,
        now,
        buyer: { domain: get('domain') || 'NetworkID', identity: get('identity') },
        secret: get('secret'),
        orderId: get('orderNumber'),
        type,
        cart: check,
        shipTo: get('shipTo') ? { addressId: get('shipTo'), name: get('shipToName') || get('shipTo') } : undefined,
        billTo: get('billTo') || 'Accounts payable',
        test: check.deploymentMode === 'test',
      });
    }
    memory.remember(memory.orders, payloadId, { document, connectionId });
    const sent = await post(`${origin(c)}/cxml/order`, document);
    const answer = sent.ok ? readAnswer(sent.body) : undefined;
    return c.html(
      exchangePage({
        title: 'OrderRequest',
        heading: answer?.code === '200' ? 'Purchase order accepted' : 'Purchase order not accepted',
        sent: redactSharedSecrets(document),
        answer: sent.ok ? sent.body : undefined,
        error: sent.ok ? (sent.status === 200 ? undefined : `HTTP ${sent.status}`) : sent.error,
        code: answer?.code,
        statusText: answer?.text,
        reason: answer?.reason,
        resend: payloadId,
      }).value,
      200,
      { 'cache-control': 'no-store' },
    );
  });

  app.post('/confirmations', async (c) => {
    const now = deps.now();
    const text = await c.req.text();
    const reply = (code: CxmlStatusCode, reason?: string) =>
      c.body(cxmlDocument(`<Response>${cxmlStatus(code, reason)}</Response>`, { payloadId: newPayloadId(now, 'test-buyer.local'), now }), 200, XML_HEADERS);
    const parsed = parseCxml(text);
    if (!parsed.ok) return reply(400, parsed.refusal.reason);
    const root = parsed.root;
    const payloadId = attributeOf(root, 'payloadID') ?? '';
    const request = child(child(root, 'Request'), 'ConfirmationRequest');
    if (!request || !payloadId) return reply(400, 'not a ConfirmationRequest with a payloadID');
    const sender = child(child(child(root, 'Header'), 'Sender'), 'Credential');
    const to = child(child(child(root, 'Header'), 'To'), 'Credential');
    const toIdentity = textOf(child(to, 'Identity')) ?? '';
    // The buyer checks our secret when it knows it: the demo connections' secret is published.
    const demo = DEMO_CONNECTIONS.find((d) => d.connection.cxml?.identity.toLowerCase() === toIdentity.toLowerCase());
    const secretChecked = Boolean(demo?.confirmationSecret);
    if (demo?.confirmationSecret && textOf(child(sender, 'SharedSecret')) !== demo.confirmationSecret) return reply(401, 'wrong shared secret');
    const earlier = memory.confirmations.find((r) => r.payloadId === payloadId);
    if (earlier) {
      // A buyer dedupes by payloadID: a resend is answered alike and counted, not listed twice.
      earlier.copies += 1;
      return reply(200);
    }
    const header = child(request, 'ConfirmationHeader');
    const reference = child(request, 'OrderReference');
    memory.confirmations.unshift({
      payloadId,
      receivedAt: now.toISOString(),
      type: attributeOf(header, 'type') ?? '',
      operation: attributeOf(header, 'operation') ?? '',
      confirmId: attributeOf(header, 'confirmID') ?? '',
      orderId: attributeOf(reference, 'orderID') ?? '',
      orderPayloadId: attributeOf(child(reference, 'DocumentReference'), 'payloadID') ?? '',
      buyer: toIdentity,
      secretChecked,
      copies: 1,
      xml: redactSharedSecrets(text),
    });
    memory.confirmations.splice(KEEP);
    return reply(200);
  });

  app.get('/confirmations', (c) => c.html(confirmationsPage(memory.confirmations).value, 200, { 'cache-control': 'no-store' }));

  return app;
}
