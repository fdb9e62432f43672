import { createHash } from 'node:crypto';
import { Hono } from 'hono';
import { type CallUpRefusedReason, emitMetric } from '../../metrics';
import { newOrderId, type PurchaseOrder } from '../../orders/order';
import { orderRequestId } from '../../orders/order-match';
import { cxmlDocument, type CxmlStatusCode, cxmlStatus, newPayloadId, parseCxml } from '../../punchout/cxml-document';
import { orderAcceptedText, orderResponseBody, readOrderRequest } from '../../punchout/cxml-order';
import { decodeCxmlBody } from '../../punchout/cxml-encoding';
import { readCredentials, redactSharedSecrets } from '../../punchout/cxml-setup';
import { verifyPassword } from '../../punchout/password';
import { connectionByCxmlCredential } from '../../store/cxml-credentials';
import { keys } from '../../store/keys';
import { loginGate, recordLoginFailure } from '../../store/login-attempts';
import { recordOrder } from '../../store/orders';
import { recordExchange } from '../../store/payload-log';
import { getRequest } from '../../store/requests';
import { clientAddress } from '../client-address';
import type { AppDeps } from '../deps';
import { publicOrigin } from '../public-origin';

const XML_HEADERS = { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' };

/**
 * Purchase orders from cXML buyers (../shared/CXML.md, "Purchase order"): the buyer's system posts
 * an OrderRequest after its own approval, authenticated by its Sender credential and the order
 * channel's shared secret. We answer once the order is stored: a cXML Response at HTTP 200 whose
 * Status carries the result (200 with our reference, 400 malformed, 401 credentials, 403 not
 * allowed, 429 throttled, 500 busy: try again). A resend of the same payloadID stores nothing and
 * gets the same Status. Only a body over the size limit gets a plain 413 (app.ts; never read).
 */
export function cxmlOrderRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const { db, config } = deps;

  app.post('/order', async (c) => {
    const now = deps.now();
    // Bytes, not c.req.text(): the document's own encoding decides how they read (cxml-encoding.ts).
    const decoded = decodeCxmlBody(new Uint8Array(await c.req.arrayBuffer()), c.req.header('content-type'));
    const text = decoded.text;
    const logged = redactSharedSecrets(text);
    const host = new URL(publicOrigin(c, config) ?? 'https://localhost').hostname;
    const envelope = (body: string) => cxmlDocument(body, { payloadId: newPayloadId(now, host), now });

    /** A refusal: counted, the document in and our answer out logged with the day's refused call-ups, answered. */
    const refuse = async (code: CxmlStatusCode, reason: string, metric: CallUpRefusedReason, connectionId?: string) => {
      emitMetric('OrderRefused', 1, { reason: metric });
      const xml = envelope(`<Response>${cxmlStatus(code, reason)}</Response>`);
      const entry = { kind: 'order' as const, owner: keys.refusedCallUps(now.toISOString().slice(0, 10)), connectionId, status: code, contentType: 'text/xml' };
      // A throttled attempt is not logged: a flood must not fill the table.
      if (metric !== 'throttled') {
        await recordExchange(db, entry, logged, xml, now);
      }
      return c.body(xml, 200, XML_HEADERS);
    };

    if (!decoded.ok) return refuse(400, decoded.reason, 'fields');
    const parsed = parseCxml(text);
    if (!parsed.ok) return refuse(400, parsed.refusal.reason, 'fields');
    const read = readCredentials(parsed.root);
    if ('problem' in read) return refuse(read.problem.code, read.problem.reason, read.problem.code === 401 ? 'credentials' : 'fields');
    const { identities, sharedSecret } = read.credentials;

    // Guessing is throttled like set-up and OCI logins, per identity and client address.
    const address = clientAddress(c, config);
    const throttleName = `cxml-order:${identities[0]!.identity}`;
    const gate = await loginGate(db, throttleName, address, now);
    if (!gate.open) return refuse(429, `too many failed attempts; try again in ${gate.retryAfterSeconds} seconds`, 'throttled');
    const connection = await connectionByCxmlCredential(db, identities);
    const channel = connection?.orderChannel.kind === 'cxml' ? connection.orderChannel : undefined;
    // The secret is checked even when the sender is unknown or takes no cXML orders (against a decoy): same time, same answer.
    // A success is remembered a short while per container, keyed with the stored hash (punchout/verification-cache.ts).
    if (!(await verifyPassword(sharedSecret!, channel?.sharedSecretHash, connection && { username: `cxml-order:${connection.id}` })) || !connection || !channel) {
      await recordLoginFailure(db, throttleName, address, now);
      return refuse(401, 'unknown sender or wrong shared secret for purchase orders', 'credentials', connection?.id);
    }
    if (!connection.active) return refuse(403, 'this connection is switched off; send the order to the supplier another way', 'disabled', connection.id);
    const document = readOrderRequest(parsed.root);
    if ('problem' in document) return refuse(document.problem.code, document.problem.reason, 'fields', connection.id);

    const candidate = orderRequestId(document.order);
    const request = candidate ? await getRequest(db, candidate) : undefined;
    const order: PurchaseOrder = {
      ...document.order,
      id: newOrderId(now),
      connectionId: connection.id,
      source: 'cxml',
      // Another connection's request id never matches: the order is listed unmatched instead.
      ...(request && request.connectionId === connection.id ? { requestId: request.id } : {}),
      mismatches: [],
      receivedAt: now.toISOString(),
    };
    // The document as logged (secret redacted): a resend must be this, byte for byte.
    const documentSha256 = createHash('sha256').update(logged).digest('hex');
    const entry = { kind: 'order' as const, owner: keys.order(order.id).pk, connectionId: connection.id, status: 200, contentType: 'text/xml' };
    let xml = '';
    const result = await recordOrder(
      db,
      order,
      {
        documentSha256,
        confirmations: channel.confirmations,
        // The answer says what became of the order once it is matched (a test order, an update of a PO we do not hold).
        respond: (matched) => {
          const answer = orderResponseBody(orderAcceptedText(matched));
          xml = envelope(answer);
          return { answer, payloads: [{ ...entry, direction: 'in', body: logged }, { ...entry, direction: 'out', body: xml }] };
        },
      },
      now,
    );
    // Not a refusal: lost to concurrent writes. Nothing was stored; the buyer's system sends it again.
    if (result.outcome === 'busy') return c.body(envelope(`<Response>${cxmlStatus(500, 'the order could not be stored just now; nothing was kept, please send it again')}</Response>`), 200, XML_HEADERS);
    if (result.outcome === 'recorded') return c.body(xml, 200, XML_HEADERS);

    const first = { ...entry, owner: keys.order(result.order.id).pk, ...(result.order.requestId ? { requestId: result.order.requestId } : {}) };
    // The same payloadID with other content: the buyer's system reused an id; nothing of it is taken.
    if (result.documentSha256 && result.documentSha256 !== documentSha256) {
      emitMetric('OrderRefused', 1, { reason: 'fields' });
      const conflict = envelope(
        `<Response>${cxmlStatus(409, `payloadID ${document.order.payloadId} was received before with other content (our order ${result.order.id}); nothing of this document was kept. Send a changed order with a new payloadID (type="update")`)}</Response>`,
      );
      await recordExchange(db, { ...first, status: 409 }, logged, conflict, now);
      return c.body(conflict, 200, XML_HEADERS);
    }
    // A resend: the same Status as the first time, in a new envelope; logged with the first order.
    const again = envelope(result.answer ?? orderResponseBody(orderAcceptedText(result.order)));
    await recordExchange(db, first, logged, again, now);
    return c.body(again, 200, XML_HEADERS);
  });

  return app;
}
