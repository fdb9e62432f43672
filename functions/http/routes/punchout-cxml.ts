import { Hono } from 'hono';
import { verifyPassword } from '../../punchout/password';
import { checkHookUrl, SAPEVENT } from '../../punchout/hook-url';
import { cxmlDocument, type CxmlStatusCode, cxmlStatus, newPayloadId, parseCxml } from '../../punchout/cxml-document';
import { decodeCxmlBody } from '../../punchout/cxml-encoding';
import { readCredentials, readSetupRequest, redactSharedSecrets, setupResponseBody } from '../../punchout/cxml-setup';
import { connectionByCxmlCredential } from '../../store/cxml-credentials';
import { countCallUpRefusal } from '../../store/callup-stats';
import { type CallUpRefusedReason, emitMetric } from '../../metrics';
import { createCxmlStart, takeCxmlStart } from '../../store/cxml-starts';
import { keys } from '../../store/keys';
import { getRequest } from '../../store/requests';
import { loginGate, recordLoginFailure } from '../../store/login-attempts';
import { recordExchange } from '../../store/payload-log';
import { createSession } from '../../store/sessions';
import { clientAddress } from '../client-address';
import type { AppDeps } from '../deps';
import { publicOrigin } from '../public-origin';

const XML_HEADERS = { 'content-type': 'text/xml; charset=utf-8', 'cache-control': 'no-store' };

/** Why a BrowserFormPost URL is not one we post a cart to, in the buyer administrator's words. */
function browserFormPostProblem(value: string): string {
  if (value.toUpperCase() === SAPEVENT) return 'the BrowserFormPost URL SAPEVENT:POST is for OCI from SAP GUI, not for cXML';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'the BrowserFormPost URL is not a URL';
  }
  // `http://localhost@evil.example/` is a user name "localhost" at evil.example: say so, it is the point of the trick.
  if (url.username || url.password) return `the BrowserFormPost URL carries a user name or password before "@" (its host is ${url.hostname}); send the plain https address`;
  return 'the BrowserFormPost URL is not an https URL';
}

/**
 * cXML punch-out set-up (../shared/CXML.md): the buyer's system posts a PunchOutSetupRequest, we
 * answer with a single-use start URL that opens a catalog session. Every answer is a cXML Response
 * at HTTP 200 whose Status carries the result (400 malformed, 401 credentials, 403 not allowed),
 * as buyers' systems read it; only a body over the size limit gets a plain 413 (it is never read).
 */
export function punchoutCxmlRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const { db, config } = deps;

  app.post('/', async (c) => {
    const now = deps.now();
    // Bytes, not c.req.text(): the document's own encoding decides how they read (cxml-encoding.ts).
    const decoded = decodeCxmlBody(new Uint8Array(await c.req.arrayBuffer()), c.req.header('content-type'));
    const text = decoded.text;
    const logged = redactSharedSecrets(text);
    const host = new URL(publicOrigin(c, config) ?? 'https://localhost').hostname;

    /** Log the document in and our answer, then answer. */
    const answer = async (code: CxmlStatusCode, body: string, owner: string, connectionId?: string) => {
      const xml = cxmlDocument(body, { payloadId: newPayloadId(now, host), now });
      const entry = { kind: 'callup' as const, owner, connectionId, status: code, contentType: 'text/xml' };
      await recordExchange(db, entry, logged, xml, now);
      return c.body(xml, 200, XML_HEADERS);
    };
    const refuse = async (code: CxmlStatusCode, reason: string, connectionId?: string, metric: CallUpRefusedReason = code === 401 ? 'credentials' : code === 403 ? 'hook-not-allowed' : 'fields') => {
      // Counted like OCI call-up refusals: the metric (alarmed) and the connection's health.
      emitMetric('CallUpRefused', 1, { reason: metric });
      await countCallUpRefusal(db, connectionId, metric, now);
      return answer(code, `<Response>${cxmlStatus(code, reason)}</Response>`, keys.refusedCallUps(now.toISOString().slice(0, 10)), connectionId);
    };

    if (!decoded.ok) return refuse(400, decoded.reason);
    const parsed = parseCxml(text);
    if (!parsed.ok) return refuse(400, parsed.refusal.reason);
    const read = readCredentials(parsed.root);
    if ('problem' in read) return refuse(read.problem.code, read.problem.reason);
    const { identities, sharedSecret } = read.credentials;

    // Guessing is throttled like OCI logins, per identity and client address.
    const address = clientAddress(c, config);
    const throttleName = `cxml:${identities[0]!.identity}`;
    const gate = await loginGate(db, throttleName, address, now);
    if (!gate.open) emitMetric('CallUpRefused', 1, { reason: 'throttled' });
    if (!gate.open) return c.body(cxmlDocument(`<Response>${cxmlStatus(429, `too many failed attempts; try again in ${gate.retryAfterSeconds} seconds`)}</Response>`, { payloadId: newPayloadId(now, host), now }), 200, XML_HEADERS);
    const connection = await connectionByCxmlCredential(db, identities);
    // The secret is checked even when the sender is unknown (against a decoy): same time, same answer.
    // A success is remembered a short while per container, keyed with the stored hash (punchout/verification-cache.ts).
    if (!(await verifyPassword(sharedSecret!, connection?.cxml?.sharedSecretHash, connection && { username: `cxml-setup:${connection.id}` })) || !connection) {
      await recordLoginFailure(db, throttleName, address, now);
      return refuse(401, 'unknown sender or wrong shared secret', connection?.id);
    }
    if (!connection.active) return refuse(403, 'this punch-out connection is switched off; ask the supplier', connection.id, 'disabled');
    const setup = readSetupRequest(parsed.root, connection, c.req.header('accept-language'));
    if ('problem' in setup) return refuse(setup.problem.code, setup.problem.reason, connection.id);
    const selected = setup.cxml.selectedRequestId && (await getRequest(db, setup.cxml.selectedRequestId));
    if (setup.cxml.selectedRequestId && (!selected || selected.connectionId !== connection.id)) {
      return refuse(400, 'the SelectedItem names no request of this connection', connection.id);
    }
    const hook = setup.callUp.hookUrl.toUpperCase() === SAPEVENT ? ({ ok: false, reason: 'malformed' } as const) : checkHookUrl(setup.callUp.hookUrl, connection, config.localStack);
    if (!hook.ok && hook.reason === 'malformed') return refuse(400, browserFormPostProblem(setup.callUp.hookUrl), connection.id);
    if (!hook.ok) return refuse(403, 'the BrowserFormPost URL is not registered for this connection', connection.id);
    const origin = publicOrigin(c, config);
    if (!origin) return refuse(500, 'the catalog has no public address configured', connection.id);

    const { start, token } = await createCxmlStart(db, deps.secrets.signingKey, { connectionId: connection.id, callUp: setup.callUp, cxml: setup.cxml, deliveryAddressId: setup.deliveryAddressId }, now);
    return answer(200, setupResponseBody(`${origin}/punchout/cxml/start/${token}`), keys.cxmlStart(start.id).pk, connection.id);
  });

  /** The start URL, opened by the user's browser: once, within minutes; it opens a catalog session. */
  app.get('/start/:token', async (c) => {
    const now = deps.now();
    const start = await takeCxmlStart(db, deps.secrets.signingKey, c.req.param('token'), now);
    if (!start) {
      return c.text('This punch-out link was used already or has expired. Please punch out again from your purchasing system.', 410, { 'cache-control': 'no-store' });
    }
    const { token } = await createSession(db, deps.secrets.signingKey, start.connectionId, start.callUp, config.sessionMinutes, now, {
      deliveryAddressId: start.deliveryAddressId,
      cxml: start.cxml,
    });
    return c.redirect(`/s/${token}/`, 303);
  });

  return app;
}
