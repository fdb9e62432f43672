import { Hono } from 'hono';
import type { CatalogBoot, CatalogSelection, FirstOffers } from '../../catalog/api';
import { offersAt } from '../../catalog/offers';
import { defaultPeriod, MAX_RENTAL_DAYS, rentalDays, type RentalPeriod } from '../../catalog/period';
import { localNow } from '../../catalog/time-zone';
import type { Fleet } from '../../catalog/vehicles';
import { catalogSelection } from '../../catalog/selection';
import type { Connection } from '../../punchout/connection';
import { checkHookUrl } from '../../punchout/hook-url';
import { cxmlCartForm, cxmlEmptyOrderMessage } from '../../punchout/cxml-cart';
import { supplierCredential } from '../../punchout/cxml-document';
import { emptyCart } from '../../punchout/empty-cart';
import { deliveryOptions } from '../../requests/delivery-address';
import type { RentalRequest } from '../../requests/request';
import type { Db } from '../../store/db';
import type { PunchoutSession } from '../../store/sessions';
import { html, jsonScript } from '../../mail/html';
import type { AppDeps } from '../deps';
import { inspectPage } from '../pages/inspect-page';
import { layout } from '../pages/layout';
import { publicOrigin } from '../public-origin';
import { formActionSources, frameAncestors, framedPageHeaders, newNonce } from '../security';
import { heldForPeriod } from '../held-for-period';
import { selectedRequest } from '../selected-request';

type Env = { Variables: { session: PunchoutSession; connection: Connection } };

const selectionOf = (request: RentalRequest | undefined, session: PunchoutSession, sid: string): CatalogSelection | undefined =>
  request && session.cxml && session.cxml.operation !== 'create' ? catalogSelection(request, session.cxml.operation, `/s/${sid}/transfer/${request.id}`) : undefined;

/**
 * What the page shows first: the earlier request's location and period (cXML edit), else the first location and
 * tomorrow 09:00 for a day on its clock (web/catalog/main.tsx picks the same); read now, as GET api/vehicles would.
 */
async function firstOffers(db: Db, fleet: Fleet, connection: Connection, now: Date, selected?: { locationId: string; period: RentalPeriod }): Promise<FirstOffers | undefined> {
  const location = fleet.locations.find((l) => l.id === selected?.locationId) ?? fleet.locations[0];
  if (!location) return undefined;
  const deskNow = localNow(location.timeZone, now);
  const period = selected?.period ?? defaultPeriod(deskNow);
  const found = await heldForPeriod(db, fleet, location.id, period, now);
  if (!('held' in found)) return undefined;
  return { locationId: location.id, period, localNow: deskNow, rentalDays: rentalDays(period), offers: offersAt(fleet, connection, location.id, period, found.held) };
}

/** The catalog page `/s/<sid>/`: its boot data and the bundle. Mounted by catalogRoutes after the session middleware. */
export function catalogPageRoutes(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>();
  const { db, config } = deps;
  app.get('/:sid/', async (c) => {
    const { session, connection } = c.var;
    const nonce = newNonce();
    // The way back after the session expires, to the checked HOOK_URL / BrowserFormPost URL: an empty OCI cart, or for
    // cXML a PunchOutOrderMessage without items (BuyerCookie, zero total). The form may post there.
    const hook = checkHookUrl(session.hookUrl, connection, config.localStack);
    // Not for an edit set-up: an empty message there would take the earlier item out of the buyer's cart.
    const exit = !hook.ok || (session.cxml && session.cxml.operation !== 'create')
      ? undefined
      : session.cxml
        ? cxmlCartForm(
            cxmlEmptyOrderMessage(connection, session.cxml, supplierCredential(connection.cxml, new URL(publicOrigin(c, config) ?? 'https://localhost').hostname), session.language, deps.now()),
            String(hook.url),
            connection,
          )
        : emptyCart({ ...session, hook: hook.url });
    const headers = framedPageHeaders({ nonce, frameAncestors: frameAncestors(connection, config.localStack), formAction: exit ? formActionSources(exit.action) : [] });
    // The common case (no earlier request selected): the first offers are read alongside the fleet.
    const plain = !session.cxml?.selectedRequestId;
    const [request, fleet] = await Promise.all([plain ? undefined : selectedRequest(db, session), deps.fleet()]);
    const selection = selectionOf(request, session, c.req.param('sid'));
    // inspect: a read-only page without the catalog (and its booking controls) at all.
    if (session.cxml?.operation === 'inspect') return c.html(inspectPage(selection, connection.name, session.language, nonce).value, 200, headers);
    const offers = await firstOffers(db, fleet, connection, deps.now(), selection && { locationId: selection.location.id, period: selection.period });
    const delivery = deliveryOptions(connection, session.deliveryAddressId);
    const boot: CatalogBoot = {
      language: session.language,
      requesterName: session.requester.fullName,
      connectionName: connection.name,
      references: connection.extraFields
        .filter((f) => session.extra[f.key])
        .map((f) => ({ label: f.label[session.language], value: session.extra[f.key] })),
      locations: fleet.locations,
      vehicleTypes: fleet.vehicleTypes.map(({ listRates: _rates, ...type }) => type),
      now: deps.now().toISOString(),
      maxRentalDays: MAX_RENTAL_DAYS,
      productId: session.productId,
      apiBase: `/s/${c.req.param('sid')}/api`,
      test: connection.status === 'test',
      deliveryAddresses: delivery.addresses,
      deliveryAddressFixed: delivery.fixed,
      extras: fleet.extras ?? [],
      missingReferences: connection.extraFields.filter((f) => !session.extra[f.key]).map((f) => f.label[session.language]),
      ...(selection ? { selection } : {}),
      ...(offers ? { offers } : {}),
      session: { expiresAt: new Date(session.expiresAt * 1000).toISOString(), ...(exit ? { exit } : {}) },
    };
    const page = layout({
      lang: session.language,
      title: `${connection.name} · FlexFleet`,
      nonce,
      head: html`<link rel="stylesheet" href="/assets/${deps.assets['catalog.css'] ?? 'catalog.css'}">
<script type="module" src="/assets/${deps.assets['catalog.js'] ?? 'catalog.js'}"></script>`,
      body: html`<div id="app"></div>${jsonScript('boot', boot)}`,
      baseStyles: false,
    });
    return c.html(page.value, 200, headers);
  });

  return app;
}
