import { Hono } from 'hono';
import { checkCart } from '../../punchout/oci-cart-check';
import type { AppDeps } from '../deps';
import { formEntries } from '../form';
import { html, jsonScript } from '../../mail/html';
import { layout } from '../pages/layout';
import { DEMO_CONNECTION } from '../../local/demo-connections';

/** The boot data of the test procurement page (web/buyer). */
export interface BuyerBoot {
  callUpUrl: string;
  hookUrl: string;
  defaults: { username: string; password: string; email: string; fullName: string };
  extraFields: { param: string; label: string }[];
}

/**
 * A test procurement system, mounted only in the local stack: it fills in a call-up, punches
 * out, and shows the cart that comes back, field by field, with what breaks the OCI rules.
 */
export function buyerRoutes(deps: AppDeps): Hono {
  const app = new Hono();

  app.get('/', (c) => {
    const origin = new URL(c.req.url).origin;
    const boot: BuyerBoot = {
      callUpUrl: '/punchout/oci',
      hookUrl: `${origin}/buyer/hook?sap-client=100`,
      defaults: { username: DEMO_CONNECTION.username, password: DEMO_CONNECTION.password, email: 'jane.doe@acme.example', fullName: 'Jane Doe' },
      extraFields: DEMO_CONNECTION.connection.extraFields.map((f) => ({ param: f.param, label: f.label.en })),
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
