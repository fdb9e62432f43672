import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import type { TransferAccepted, TransferRefused, VehiclesResponse } from '../../catalog/api';
import { MAX_EXTRAS, MAX_NOTE, priceExtras, withExtras } from '../../catalog/extras';
import { offersAt, priceFor } from '../../catalog/offers';
import { isSelectedFor } from '../../catalog/selection';
import { MAX_LEAD_DAYS, MAX_RENTAL_DAYS, periodProblemField, rentalDays, type PeriodProblem, type RentalPeriod } from '../../catalog/period';
import { localNow, periodProblemAt, timeZoneOf } from '../../catalog/time-zone';
import type { HeldBySlot } from '../../catalog/availability';
import { capacityOf, type Fleet, typeName } from '../../catalog/vehicles';
import { chooseLanguage } from '../../i18n/language';
import { messages, type Messages } from '../../i18n/messages';
import { reviewMessages } from '../../i18n/review-messages';
import { hasControlCharacters } from '../../format/characters';
import type { Connection } from '../../punchout/connection';
import { checkHookUrl } from '../../punchout/hook-url';
import { cxmlCartForm, cxmlOrderMessage } from '../../punchout/cxml-cart';
import { supplierCredential } from '../../punchout/cxml-document';
import { buildCart } from '../../punchout/oci-cart';
import { deliveryAddressFor } from '../../requests/delivery-address';
import { OPEN_STATUSES } from '../../requests/lifecycle';
import { newRequestId, REQUEST_ID, type RentalRequest } from '../../requests/request';
import { keys } from '../../store/keys';
import { recordPayload } from '../../store/payload-log';
import { getRequest, registerRequest, transferFingerprint } from '../../store/requests';
import type { PunchoutSession } from '../../store/sessions';
import type { AppDeps } from '../deps';
import { publicOrigin } from '../public-origin';
import { heldForPeriod } from '../held-for-period';
import { sessionAccessReader } from '../session-access';
import { encodePage } from '../../punchout/charset';
import { sessionExpiredPage } from '../pages/error-page';
import { transferPage } from '../pages/transfer-page';
import { takenAlternatives } from './catalog-alternatives';
import { formActionSources, frameAncestors, framedPageHeaders, newNonce } from '../security';
import { selectedRequest } from '../selected-request';
import { catalogPageRoutes } from './catalog-page';

type Env = { Variables: { session: PunchoutSession; connection: Connection } };

const LocalDateTime = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/));
const PeriodQuery = z.object({ location: z.string().check(z.maxLength(64)), pickup: LocalDateTime, return: LocalDateTime });
const TransferBodySchema = z.object({
  vehicleTypeId: z.string().check(z.maxLength(64)),
  locationId: z.string().check(z.maxLength(64)),
  pickup: LocalDateTime,
  return: LocalDateTime,
  deliveryAddressId: z.optional(z.string().check(z.regex(/^[A-Za-z0-9._-]{1,64}$/))),
  // The review step's note to operations and chosen extras (catalog/extras.ts): ids and counts only, priced here.
  note: z.optional(z.string().check(z.maxLength(MAX_NOTE), z.refine((v) => !hasControlCharacters(v, { lineBreaks: true })))),
  extras: z.optional(
    z
      .array(
        // Only these keys are read: a price or name the page adds is dropped, never used.
        z.object({
          id: z.string().check(z.maxLength(64)),
          // Any number: priceExtras refuses one that is not a whole number within the extra's own maximum, naming it.
          count: z.optional(z.number()),
          returnLocationId: z.optional(z.string().check(z.maxLength(64))),
        }),
      )
      .check(z.maxLength(MAX_EXTRAS)),
  ),
});

/** A body field as the 400 names it: `extras[1].count`. */
const fieldOf = (path: readonly PropertyKey[]) => path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i ? '.' : ''}${String(key)}`)).join('') || 'body';

function periodMessage(t: Messages, problem: PeriodProblem, period: RentalPeriod): string {
  if (problem === 'return-before-pickup') return t.periodReturnBeforePickup;
  if (problem === 'in-the-past') return t.periodInThePast;
  if (problem === 'too-long') return t.periodTooLong(MAX_RENTAL_DAYS);
  if (problem === 'too-far-ahead') return t.periodTooFarAhead(MAX_LEAD_DAYS);
  if (problem === 'pickup-not-on-the-clock') return t.periodNotOnTheClock(period.pickup);
  if (problem === 'return-not-on-the-clock') return t.periodNotOnTheClock(period.return);
  return t.periodInvalid;
}

/** The requester's catalog, its API and the cart transfer, all under `/s/<session token>/`. */
export function catalogRoutes(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>();
  const { db, config } = deps;

  // The session id is in every URL here and the answers carry a connection's prices, the
  // requester's name and request ids: no browser or proxy may keep any of them.
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('cache-control', 'no-store');
  });

  const readAccess = sessionAccessReader(db, deps.secrets.signingKey);
  const expired = (c: Context) => {
    const language = chooseLanguage([], c.req.header('accept-language'), 'en');
    if (c.req.path.includes('/api/')) {
      const refused: TransferRefused = { error: 'session-expired', message: messages(language).sessionExpired };
      return c.json(refused, 410);
    }
    return c.html(sessionExpiredPage(language).value, 410, { 'cache-control': 'no-store' });
  };

  /**
   * The availability, the catalog's hottest call: registered before the session middleware below (Hono
   * runs handlers in registration order, and this one answers), so the holds are read in the same
   * round trip as its session and connection (http/session-access.ts), not after them.
   */
  app.get('/:sid/api/vehicles', async (c) => {
    const query = PeriodQuery.safeParse(c.req.query());
    type Look = { problem: 'invalid' } | { problem: PeriodProblem; period: RentalPeriod } | { fleet: Fleet; location: string; period: RentalPeriod; held: HeldBySlot };
    const look = async (): Promise<Look> => {
      if (!query.success) return { problem: 'invalid' };
      const { location, ...period } = query.data;
      const fleet = await deps.fleet();
      const found = await heldForPeriod(db, fleet, location, period, deps.now());
      return 'held' in found ? { fleet, location, period, held: found.held } : found;
    };
    const access = await readAccess(c.req.param('sid'), deps.now(), look);
    if (!access) return expired(c);
    const { session, connection, alongside: found } = access;
    const t = messages(session.language);
    if ('problem' in found) {
      const message = 'period' in found ? periodMessage(t, found.problem, found.period) : t.periodInvalid;
      return c.json<VehiclesResponse>({ ok: false, problem: found.problem, message }, 400);
    }
    const offers = offersAt(found.fleet, connection, found.location, found.period, found.held);
    return c.json<VehiclesResponse>({ ok: true, rentalDays: rentalDays(found.period), offers });
  });

  app.use('/:sid/*', async (c, next) => {
    const access = await readAccess(c.req.param('sid'), deps.now());
    if (!access) return expired(c);
    c.set('session', access.session);
    c.set('connection', access.connection);
    await next();
  });

  app.route('/', catalogPageRoutes(deps));

  app.post('/:sid/api/transfer', async (c) => {
    const { session, connection } = c.var;
    const t = messages(session.language);
    const refuse = (status: 400 | 403 | 409 | 410 | 503, body: TransferRefused) => c.json(body, status);
    if (session.cxml?.operation === 'inspect') return refuse(403, { error: 'read-only', message: t.selectionInspectExplain });
    const parsed = TransferBodySchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const field = fieldOf(issue?.path ?? []);
      const r = reviewMessages(session.language).problems;
      const message =
        field === 'deliveryAddressId' ? t.deliveryAddressUnknown
        : field === 'note' ? (issue.code === 'too_big' ? r.note(MAX_NOTE) : r.noteCharacters)
        : field === 'extras' ? (issue.code === 'too_big' ? r.tooMany(MAX_EXTRAS) : r.notAList)
        : field.startsWith('extras[') ? r.unknown
        : t.periodInvalid;
      return refuse(400, { error: 'invalid', field, message });
    }
    const { vehicleTypeId, locationId, deliveryAddressId, note: rawNote, extras: choices, ...period } = parsed.data;
    const note = rawNote?.replace(/\r\n?/g, '\n').trim() || undefined;
    const delivery = deliveryAddressFor(connection, session.deliveryAddressId, deliveryAddressId);
    if (!delivery.ok) {
      const message = { required: t.deliveryAddressRequired, unknown: t.deliveryAddressUnknown, bound: t.deliveryAddressBound }[delivery.problem];
      return refuse(400, { error: 'invalid', field: 'deliveryAddressId', message });
    }
    const fleet = await deps.fleet();
    const type = fleet.vehicleTypes.find((v) => v.id === vehicleTypeId);
    const location = fleet.locations.find((l) => l.id === locationId);
    const problem = location ? periodProblemAt(period, location.timeZone, deps.now()) : 'invalid';
    if (problem) return refuse(400, { error: 'invalid', field: periodProblemField(problem), message: periodMessage(t, problem, period) });
    const capacity = capacityOf(fleet, locationId, vehicleTypeId);
    if (!type || !location || capacity === 0) {
      // Not a period problem: say the type is not offered at this location (or unknown).
      const message = location ? reviewMessages(session.language).problems.typeNotHere(type ? typeName(type, session.language) : vehicleTypeId, location.name) : t.periodInvalid;
      return refuse(400, { error: 'invalid', field: 'vehicleTypeId', message });
    }
    // Never the page's prices: the fleet's extras, checked for this pick-up location and priced for this period.
    const priced = priceExtras(fleet.extras ?? [], choices ?? [], { locationId, rentalDays: rentalDays(period), language: session.language, locations: fleet.locations });
    if (!priced.ok) return refuse(400, { error: 'invalid', field: priced.field, message: priced.message });

    const now = deps.now();
    const request: RentalRequest = {
      id: newRequestId(now),
      status: 'requested',
      connectionId: connection.id,
      connectionName: connection.name,
      sessionId: session.id,
      requester: session.requester,
      language: session.language,
      // The name in the session's language, as the card showed it: the cart and the requester's e-mails follow.
      vehicleType: { id: type.id, sku: type.sku, name: typeName(type, session.language), example: type.example, category: type.category },
      location,
      period,
      price: withExtras(priceFor(type, connection, period), priced.net),
      ...(priced.extras.length ? { extras: priced.extras } : {}),
      ...(note ? { note } : {}),
      // Test mode: marked everywhere, no vehicle held (store/requests.ts), out of the real queue.
      ...(connection.status === 'test' ? { test: true } : {}),
      ...(delivery.address ? { deliveryAddress: { ...delivery.address } } : {}),
      extra: session.extra,
      unknownParams: session.unknownParams,
      createdAt: now.toISOString(),
      updatedAt: now.toISOString(),
    };
    // edit, and the earlier selection chosen again: that request's cart, not a second request holding a second vehicle.
    const selected = session.cxml?.operation === 'edit' ? await selectedRequest(db, session) : undefined;
    if (selected && OPEN_STATUSES.includes(selected.status) && transferFingerprint(selected) === transferFingerprint(request)) {
      const accepted: TransferAccepted = { requestId: selected.id, transferUrl: `/s/${c.req.param('sid')}/transfer/${selected.id}` };
      return c.json(accepted, 200);
    }
    // One session, one open request: the earlier one (or the request an edit selected) is replaced in the same transaction.
    const result = await registerRequest(db, request, capacity, session.expiresAt, now, { selectedRequestId: selected?.id, sessionRead: session });
    if (result.outcome === 'created' || result.outcome === 'repeated') {
      const accepted: TransferAccepted = { requestId: result.request.id, transferUrl: `/s/${c.req.param('sid')}/transfer/${result.request.id}` };
      return c.json(accepted, result.outcome === 'created' ? 201 : 200);
    }
    if (result.outcome === 'session-expired') return refuse(410, { error: 'session-expired', message: t.sessionExpired });
    if (result.outcome === 'busy') return refuse(503, { error: 'busy', message: t.busy });
    const alternatives = await takenAlternatives(db, fleet, connection, { vehicleTypeId, locationId }, period);
    return refuse(409, { error: 'taken', message: alternatives.length ? t.taken : t.takenNoAlternatives, alternatives });
  });

  app.get('/:sid/transfer/:requestId', async (c) => {
    const { session, connection } = c.var;
    const requestId = c.req.param('requestId') ?? '';
    const request = REQUEST_ID.test(requestId) ? await getRequest(db, requestId) : undefined;
    // This session's own request, or the one its cXML edit/inspect set-up selected (same connection).
    if (!request || (request.sessionId !== session.id && !isSelectedFor(request, session))) return c.notFound();
    // A request this session replaced (the back button, a second tab): the cart of the one that replaced it, never the cancelled one's.
    if (request.status === 'cancelled' && request.replacedBy && REQUEST_ID.test(request.replacedBy)) {
      return c.redirect(`/s/${c.req.param('sid')}/transfer/${request.replacedBy}`, 303);
    }
    const hook = checkHookUrl(session.hookUrl, connection, config.localStack);
    if (!hook.ok) return c.html(sessionExpiredPage(session.language).value, 410);
    const now = deps.now();
    // A cXML session gets its cart as a PunchOutOrderMessage in one field (punchout/cxml-cart.ts), an OCI one as OCI fields.
    const cxmlMessage = session.cxml && cxmlOrderMessage(request, connection, session.cxml, supplierCredential(connection.cxml, new URL(publicOrigin(c, config) ?? 'https://localhost').hostname), now);
    const cart = cxmlMessage
      ? cxmlCartForm(cxmlMessage, String(hook.url), connection)
      : buildCart(request, connection, { ...session, hook: hook.url }, localNow(timeZoneOf(request.location), now));
    await recordPayload(
      db,
      {
        kind: 'cart',
        direction: 'out',
        owner: keys.request(request.id).pk,
        connectionId: connection.id,
        sessionId: session.id,
        requestId: request.id,
        contentType: cxmlMessage ? 'text/xml' : 'application/json',
        body: cxmlMessage || JSON.stringify(cart),
      },
      now,
    );
    const nonce = newNonce();
    const page = transferPage(cart, session.language, request.id, nonce);
    const formAction = formActionSources(cart.action);
    return c.body(encodePage(page.value, cart.charset), 200, {
      'content-type': `text/html; charset=${cart.charset}`,
      ...framedPageHeaders({ nonce, frameAncestors: frameAncestors(connection, config.localStack), formAction }),
    });
  });

  return app;
}
