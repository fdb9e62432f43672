import { Hono, type Context } from 'hono';
import type { Language } from '../../i18n/language';
import { type CallUpRefusedReason, emitMetric } from '../../metrics';
import { deliveryAddressOf } from '../../punchout/connection';
import { checkHookUrl, type SAPEVENT } from '../../punchout/hook-url';
import type { OciCart } from '../../punchout/oci-cart';
import { callUpLanguage, callUpParams, type CallUpProblem, PASSWORD_PARAMS, readBasics, readCallUp } from '../../punchout/oci-callup';
import {
  answerQuantityCheck,
  ociFunction,
  productVehicleType,
  quantityCheckPeriod,
  quantityCheckPeriods,
  readQuantityCheck,
  readSearchString,
  readValidate,
  searchCart,
  searchVehicleTypes,
  validateCart,
  validateVerdict,
} from '../../punchout/oci-functions';
import { encodePage } from '../../punchout/charset';
import { localNow, timeZoneOf } from '../../catalog/time-zone';
import { ociItemsPage } from '../pages/oci-items-page';
import { formActionSources, frameAncestors, framedPageHeaders, newNonce } from '../security';
import { slotsOf } from '../../catalog/period';
import { heldAt } from '../../store/holds';
import { countCallUpRefusal } from '../../store/callup-stats';
import { loginAccepts, loginReader } from '../../store/logins';
import { keys } from '../../store/keys';
import { recordLoginFailure } from '../../store/login-attempts';
import { payloadPut, recordPayload } from '../../store/payload-log';
import { getRequest } from '../../store/requests';
import { REQUEST_ID } from '../../requests/request';
import { createSession } from '../../store/sessions';
import { clientAddress } from '../client-address';
import { rememberNewSession } from '../session-access';
import type { AppDeps } from '../deps';
import { formEntries } from '../form';
import { callUpErrorPage, type CallUpRefusal } from '../pages/error-page';

const PASSWORDS = new Set(PASSWORD_PARAMS);
const KEPT_HEADERS = ['content-type', 'user-agent', 'referer', 'origin', 'accept-language'];
const REASON: Record<CallUpRefusal['kind'], CallUpRefusedReason> = {
  disabled: 'disabled',
  fields: 'fields',
  credentials: 'credentials',
  'hook-not-allowed': 'hook-not-allowed',
  throttled: 'throttled',
};

/**
 * What of a call-up the payload log keeps: the first 60 parameters, each cut at 2,048 characters
 * (the longest any known parameter may be), and a count of what was left out. A flood of unknown
 * parameters costs a few KB of log, not the body's 64 KB.
 */
const RECORD_CAP = { params: 60, value: 2048 };

/** The call-up as received, for the payload log: parameters in order, passwords redacted. */
function callUpRecord(c: Context, entries: [string, string][]): string {
  const headers = Object.fromEntries(KEPT_HEADERS.map((h) => [h, c.req.header(h)?.slice(0, 512)]).filter(([, v]) => v));
  const cut = (text: string) => (text.length > RECORD_CAP.value ? `${text.slice(0, RECORD_CAP.value)}…[${text.length} characters]` : text);
  const params = entries
    .slice(0, RECORD_CAP.params)
    .map(([name, value]) => [cut(name), PASSWORDS.has(name.trim().toLowerCase()) ? '[redacted]' : cut(value)]);
  const omitted = entries.length > RECORD_CAP.params ? { omittedParams: entries.length - RECORD_CAP.params } : {};
  return JSON.stringify({ method: c.req.method, path: c.req.path, headers, params, ...omitted });
}

/** OCI call-up (GET or POST): check the connection and the requester, open a session, show the catalog. */
export function punchoutRoutes(deps: AppDeps): Hono {
  const app = new Hono();
  const { db, config } = deps;
  const findLoginBehindGate = loginReader(db);

  /** The request a product id names, when it is a request id. */
  const productRequest = async (productId: string | undefined) => (productId && REQUEST_ID.test(productId) ? getRequest(db, productId) : undefined);

  app.on(['GET', 'POST'], '/oci', async (c) => {
    const entries = await formEntries(c.req.raw);
    const params = callUpParams(entries);
    const acceptLanguage = c.req.header('accept-language');
    const body = callUpRecord(c, entries);
    const now = deps.now();
    const fn = ociFunction(params);

    const refuse = async (status: 400 | 401 | 403 | 429, language: Language, refusal: CallUpRefusal, connectionId?: string) => {
      const reason = REASON[refusal.kind];
      emitMetric('CallUpRefused', 1, { reason });
      await Promise.all([
        countCallUpRefusal(db, connectionId, reason, now),
        // A throttled attempt is not logged: a flood must not fill the table.
        refusal.kind !== 'throttled' &&
          recordPayload(
            db,
            { kind: 'callup', direction: 'in', owner: keys.refusedCallUps(now.toISOString().slice(0, 10)), connectionId, status, contentType: 'application/json', body },
            now,
          ),
      ]);
      const headers: Record<string, string> = { 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'", 'cache-control': 'no-store' };
      if (refusal.kind === 'throttled') headers['retry-after'] = String(refusal.retryAfterSeconds);
      // A QUANTITYCHECK is asked by the buyer's system, not a person: it gets JSON naming the problem.
      if (fn === 'QUANTITYCHECK') return c.json({ error: refusal.kind, ...(refusal.kind === 'fields' ? { problems: refusal.problems } : {}) }, status, headers);
      return c.html(callUpErrorPage(language, refusal).value, status, headers);
    };

    const basics = readBasics(params);
    const guessLanguage = callUpLanguage(params, acceptLanguage, 'en');
    if (basics.problems.length) return refuse(400, guessLanguage, { kind: 'fields', problems: basics.problems });

    const username = basics.username!;
    const address = clientAddress(c, config);
    const { gate, found, connectionId } = await findLoginBehindGate(username, address, now);
    if (!gate.open) return refuse(429, guessLanguage, { kind: 'throttled', retryAfterSeconds: gate.retryAfterSeconds }, connectionId);
    // The password is checked even when the username is unknown (against a decoy): same time, same answer.
    // During a rotation's overlap the previous password is accepted too (store/logins.ts).
    if (!(await loginAccepts(found?.login, basics.password!, now)) || !found) {
      await recordLoginFailure(db, username, address, now);
      return refuse(401, guessLanguage, { kind: 'credentials' }, found?.connection.id);
    }
    const { login, connection } = found;
    const language = callUpLanguage(params, acceptLanguage, connection.defaultLanguage, connection.callUpParams.language);
    // Switched off by us: the requester learns whom to ask; only a caller with a valid login sees this.
    if (!connection.active) return refuse(403, language, { kind: 'disabled' }, connection.id);
    if (fn === 'QUANTITYCHECK') {
      const { check, problems } = readQuantityCheck(params);
      if (!check) return refuse(400, language, { kind: 'fields', problems }, connection.id);
      // Our cart's EXT_PRODUCT_ID is the request id: asked about, it means that request's vehicle type (an unknown type has none).
      check.productId = productVehicleType(check.productId, await productRequest(check.productId), connection) ?? '';
      const fleet = await deps.fleet();
      const periods = quantityCheckPeriods(fleet, now);
      const held = new Map(
        await Promise.all(
          fleet.locations.map(async (l) => {
            const slots = slotsOf(periods.get(l.id)!);
            return [l.id, await heldAt(db, l.id, slots[0]!, slots.at(-1)!, now)] as const;
          }),
        ),
      );
      const answer = answerQuantityCheck(fleet, check, held, periods);
      const owner = keys.connectionPayloads(connection.id);
      await Promise.all([
        recordPayload(db, { kind: 'callup', direction: 'in', owner, connectionId: connection.id, status: 200, contentType: 'application/json', body }, now),
        recordPayload(db, { kind: 'callup', direction: 'out', owner, connectionId: connection.id, status: 200, contentType: 'application/json', body: JSON.stringify(answer) }, now),
      ]);
      return c.json(answer, 200, { 'cache-control': 'no-store' });
    }
    const { callUp, problems } = readCallUp(params, connection, language);
    // DETAIL's PRODUCTID is our cart's EXT_PRODUCT_ID, the request id: show that request's vehicle type (this connection's only).
    if (fn === 'DETAIL' && callUp.productId) callUp.productId = productVehicleType(callUp.productId, await productRequest(callUp.productId), connection);
    /**
     * BACKGROUND_SEARCH and VALIDATE answer items as an OCI form on the URL called: no session and
     * nothing stored for a person, so the requester's fields are not needed. The call-up and the
     * items go to the payload log (the request's, for a VALIDATE of this connection's request).
     */
    const answerItems = async (read: { problems: CallUpProblem[] }, items: (hook: URL | typeof SAPEVENT) => Promise<{ cart: OciCart; owner?: string; requestId?: string }>) => {
      if (read.problems.length) return refuse(400, language, { kind: 'fields', problems: read.problems }, connection.id);
      const hook = checkHookUrl(callUp.hookUrl, connection, config.localStack);
      if (!hook.ok) return refuse(hook.reason === 'malformed' ? 400 : 403, language, hook.reason === 'malformed' ? { kind: 'fields', problems: [{ field: 'HOOK_URL', problem: 'malformed' }] } : { kind: 'hook-not-allowed' }, connection.id);
      const { cart, owner = keys.connectionPayloads(connection.id), requestId } = await items(hook.url);
      const entry = { owner, connectionId: connection.id, ...(requestId ? { requestId } : {}), status: 200, contentType: 'application/json' };
      await Promise.all([
        recordPayload(db, { ...entry, kind: 'callup', direction: 'in', body }, now),
        recordPayload(db, { ...entry, kind: 'cart', direction: 'out', body: JSON.stringify(cart) }, now),
      ]);
      const nonce = newNonce();
      return c.body(encodePage(ociItemsPage(cart, language, nonce, { autoSubmit: fn === 'VALIDATE' }).value, cart.charset), 200, {
        'content-type': `text/html; charset=${cart.charset}`,
        ...framedPageHeaders({ nonce, frameAncestors: frameAncestors(connection, config.localStack), formAction: formActionSources(cart.action) }),
      });
    };
    if (fn === 'BACKGROUND_SEARCH') {
      const search = readSearchString(params);
      return answerItems(search, async (hook) => {
        const fleet = await deps.fleet();
        const period = quantityCheckPeriod(timeZoneOf(fleet.locations[0] ?? {}), now);
        return { cart: searchCart(searchVehicleTypes(fleet, search.searchString!), connection, { ...callUp, hook }, period, language) };
      });
    }
    if (fn === 'VALIDATE') {
      const read = readValidate(params);
      return answerItems(read, async (hook) => {
        const [fleet, request] = await Promise.all([deps.fleet(), getRequest(db, read.question!.requestId)]);
        const verdict = validateVerdict(request, connection, fleet);
        const nowLocal = localNow(timeZoneOf(request?.location ?? fleet.locations[0] ?? {}), now);
        const cart = validateCart(read.question!, verdict, connection, { ...callUp, hook }, language, nowLocal);
        // Only this connection's request keeps the exchange in its own log; another's is never touched.
        return verdict.kind === 'unknown' ? { cart } : { cart, owner: keys.request(verdict.request.id).pk, requestId: verdict.request.id };
      });
    }
    if (problems.length) return refuse(400, language, { kind: 'fields', problems }, connection.id);
    const hook = checkHookUrl(callUp.hookUrl, connection, config.localStack);
    if (!hook.ok && hook.reason === 'malformed') {
      return refuse(400, language, { kind: 'fields', problems: [{ field: 'HOOK_URL', problem: 'malformed' }] }, connection.id);
    }
    if (!hook.ok) return refuse(403, language, { kind: 'hook-not-allowed' }, connection.id);

    const { session, token } = await createSession(
      db,
      deps.secrets.signingKey,
      connection.id,
      callUp,
      config.sessionMinutes,
      now,
      {
        username: login.username,
        // A binding to an address that was since removed binds to nothing.
        deliveryAddressId: deliveryAddressOf(connection, login.deliveryAddressId)?.id,
      },
      // The call-up's log entry commits with its session: no session without its entry, one round trip.
      (session) =>
        payloadPut(
          db,
          { kind: 'callup', direction: 'in', owner: keys.session(session.id).pk, connectionId: connection.id, sessionId: session.id, status: 303, contentType: 'application/json', body },
          now,
        ),
    );
    rememberNewSession(db, session);
    return c.redirect(`/s/${token}/`, 303);
  });

  return app;
}
