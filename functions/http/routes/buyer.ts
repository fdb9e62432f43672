import { Hono } from 'hono';
import { checkCart } from '../../punchout/oci-cart-check';
import type { AppDeps } from '../deps';
import { formEntries } from '../form';
import { html, jsonScript } from '../../mail/html';
import { layout } from '../pages/layout';
import { DEMO_CONNECTIONS } from '../../local/demo-connections';
import { listConnections } from '../../store/connections';
import { listLogins } from '../../store/logins';
import { DEFAULT_CXML_EXTRINSICS } from '../../punchout/connection';
import { publicOrigin } from '../public-origin';
import { buyerCxmlRoutes } from './buyer-cxml';

/** A connection as the test procurement page offers it: parameter names and fields, no secrets but the demo passwords the README publishes. */
export interface BuyerConnection {
  id: string;
  name: string;
  status: 'test' | 'live';
  active: boolean;
  /** The call-up parameter this connection reads each value from (the first of its names). */
  params: { username: string; password: string; email?: string; fullName?: string; firstName?: string; lastName?: string; language?: string };
  extraFields: { param: string; label: string; required: boolean; maxLength: number }[];
  logins: { username: string; label?: string; deliveryAddress?: string; demoPassword?: string }[];
  /** HOOK_URL prefixes it accepts (a loopback HOOK_URL also, when `loopbackHooks`). */
  hookAllowlist: string[];
  loopbackHooks: boolean;
  /** cXML punch-out, when the connection has a cXML credential: the README's demo secrets prefilled. */
  cxml?: {
    domain: string;
    identity: string;
    secretSet: boolean;
    demoSecret?: string;
    /** The Extrinsic names its requester is sent in (the first of each). */
    extrinsics: { email: string; firstName: string; lastName: string };
    deliveryAddresses: { locationCode: string; label: string }[];
  };
}

/** The boot data of the test procurement page (web/buyer). */
export interface BuyerBoot {
  callUpUrl: string;
  hookUrl: string;
  /** cXML mode: the page's own set-up sender, and the BrowserFormPost URL it asks for. */
  cxmlSetupUrl: string;
  cxmlCartUrl: string;
  defaults: { connectionId: string; email: string; fullName: string };
  connections: BuyerConnection[];
}

/** The README's demo logins: their passwords may be prefilled (only hashes are stored). */
const DEMO_PASSWORDS = new Map(DEMO_CONNECTIONS.flatMap((d) => [d, ...(d.moreLogins ?? [])]).map((l) => [l.username, l.password]));
/** The README's demo cXML secrets, by connection. */
const DEMO_SECRETS = new Map(DEMO_CONNECTIONS.map((d) => [d.connection.id, d]));

/** Every connection with its logins, as the page needs them. */
export async function buyerConnections(deps: AppDeps): Promise<BuyerConnection[]> {
  const connections = await listConnections(deps.db);
  return Promise.all(
    connections.map(async (c) => {
      const logins = await listLogins(deps.db, c.id);
      const p = c.callUpParams;
      return {
        id: c.id,
        name: c.name,
        status: c.status,
        active: c.active,
        params: { username: p.username[0], password: p.password[0], email: p.email[0], fullName: p.fullName[0], firstName: p.firstName[0], lastName: p.lastName[0], language: p.language[0] },
        extraFields: c.extraFields.map((f) => ({ param: f.param, label: f.label.en, required: f.required, maxLength: f.maxLength })),
        logins: logins.map((l) => ({
          username: l.username,
          label: l.label,
          deliveryAddress: c.deliveryAddresses.find((a) => a.id === l.deliveryAddressId)?.label,
          demoPassword: DEMO_PASSWORDS.get(l.username),
        })),
        hookAllowlist: c.hookAllowlist,
        loopbackHooks: c.allowLoopbackHooks,
        ...(c.cxml
          ? {
              cxml: {
                domain: c.cxml.domain,
                identity: c.cxml.identity,
                secretSet: Boolean(c.cxml.sharedSecretHash),
                demoSecret: DEMO_SECRETS.get(c.id)?.cxmlSharedSecret,
                extrinsics: {
                  email: (c.cxml.extrinsics ?? DEFAULT_CXML_EXTRINSICS).email[0] ?? 'UserEmail',
                  firstName: (c.cxml.extrinsics ?? DEFAULT_CXML_EXTRINSICS).firstName[0] ?? 'FirstName',
                  lastName: (c.cxml.extrinsics ?? DEFAULT_CXML_EXTRINSICS).lastName[0] ?? 'LastName',
                },
                deliveryAddresses: c.deliveryAddresses.map((a) => ({ locationCode: a.locationCode, label: a.label })),
              },
            }
          : {}),
      };
    }),
  );
}

/**
 * A test procurement system, mounted only in the local stack: it fills in a call-up for any
 * connection and login, punches out, and shows the cart that comes back, field by field, with what
 * breaks the OCI rules. Its cXML mode (buyer-cxml.ts) does the same over cXML, then orders the cart
 * and receives the order confirmations.
 */
export function buyerRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  app.get('/', async (c) => {
    const origin = new URL(c.req.url).origin;
    const boot: BuyerBoot = {
      callUpUrl: '/punchout/oci',
      hookUrl: `${origin}/buyer/hook?sap-client=100`,
      cxmlSetupUrl: '/buyer/cxml/setup',
      cxmlCartUrl: `${publicOrigin(c, deps.config) ?? origin}/buyer/cxml/cart`,
      defaults: { connectionId: DEMO_CONNECTIONS[0].connection.id, email: 'jane.doe@acme.example', fullName: 'Jane Doe' },
      connections: await buyerConnections(deps),
    };
    const page = layout({
      lang: 'en',
      title: 'Test procurement system',
      head: html`<link rel="stylesheet" href="/assets/${deps.assets['buyer.css'] ?? 'buyer.css'}">
<script type="module" src="/assets/${deps.assets['buyer.js'] ?? 'buyer.js'}"></script>`,
      body: html`<div id="app"></div>${jsonScript('boot', boot)}`,
      baseStyles: false,
    });
    return c.html(page.value);
  });

  app.route('/cxml', buyerCxmlRoutes(deps));

  /** The same list as JSON, for scripts driving the local stack. */
  app.get('/connections', async (c) => c.json({ connections: await buyerConnections(deps) }, 200, { 'cache-control': 'no-store' }));

  app.post('/hook', async (c) => {
    const received = await formEntries(c.req.raw);
    const { fields, itemWarnings } = checkCart(received);
    const warningCount = fields.reduce((n, f) => n + f.warnings.length, 0) + itemWarnings.length;
    const body = html`<main>
<h1>Cart received</h1>
<p class="notice ${warningCount ? '' : 'ok'}" id="cart-summary" data-warnings="${warningCount}">
${fields.length} fields received; ${warningCount ? `${warningCount} OCI warning(s)` : 'no OCI warnings'}.</p>
${itemWarnings.map((w) => html`<p class="warn item-warning">Item ${w.item}: ${w.warning}</p>`)}
<table id="cart-fields"><thead><tr><th scope="col">Field</th><th scope="col">Value</th><th scope="col">Length</th><th scope="col">Warnings</th></tr></thead>
<tbody>${fields.map(
      (f) => html`<tr data-field="${f.name}"><th scope="row"><code>${f.name}</code></th><td class="value">${f.value}</td><td>${f.value.length}</td>
<td class="warn">${f.warnings.join(' ')}</td></tr>`,
    )}</tbody></table>
<p><a href="/buyer">Punch out again</a></p></main>`;
    return c.html(layout({ lang: 'en', title: 'Cart received', body }).value);
  });

  return app;
}
