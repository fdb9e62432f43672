import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { plainAmount } from '../../functions/format/money';
import type { RequestDetail } from '../../functions/operations/api';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { e2eStack } from '../support/browser';
import { orderRequest } from '../support/cxml-order';
import { setupRequest } from '../support/cxml';
import { expectInert, HOSTILE, watch } from '../support/inert';
import { addTestStaff, eventually, mailsIn, registerTestRequest, signedIn } from '../support/ops';
import { callUpForm, catalogUrlAt, daysAhead } from '../support/punchout';

/**
 * Markup and script planted in every user-controlled field that reaches a page — by the buyer's
 * system (OCI call-up, cXML set-up and order), the requester (review note, cancel reason), operations
 * (decline note, an e-mailed PO's number) and an admin (connection, delivery address, extra-field
 * label, vehicle type and location names) — stay text in Chromium on every page that shows them:
 * no dialog, no `__pwned` in any frame, no element made of them, no request they would make, no CSP
 * refusal of them as code, and the text shown as typed.
 */

const e2e = e2eStack({ mailWorker: true });
const mailbox = inject('sesEndpoint');

/** What each party plants, by field (each distinct, so a leak names its field). */
const PLANTED = {
  connectionName: `Acme ${HOSTILE.svg}`,
  addressLabel: `Head office ${HOSTILE.img}`,
  poLabel: `PO ${HOSTILE.template} ${HOSTILE.img}`,
  vehicleName: `Estate ${HOSTILE.script}`,
  locationName: `Sloterdijk ${HOSTILE.textarea}`,
  fullName: `Jane ${HOSTILE.img}`,
  // The e-mail format allows none of < > " ( ) , ; — what it allows is tried.
  email: `x{{7*7}}'&y@acme.example`,
  poNumber: HOSTILE.script,
  costCentre: '<s>{{7*7}}',
  hookParam: `"><img src=x onerror=window.__pwned=1>`,
  note: `${HOSTILE.textarea}${HOSTILE.svg} ${HOSTILE.jsUrl} ${HOSTILE.template}`,
  cxmlName: `Joe ${HOSTILE.svg}`,
  cxmlExtrinsic: '<i>{{7*7}}',
  cxmlShipTo: `Dock ${HOSTILE.img}`,
  cookie: `${HOSTILE.script}&c`,
  orderNumber: `45${HOSTILE.img}`,
  orderShipTo: `Havenweg ${HOSTILE.svg}`,
  orderDescription: `Estate ${HOSTILE.textarea}`,
  unmatchedOrderNumber: `U${HOSTILE.img}`,
  mailedOrderNumber: `M${HOSTILE.img}`,
  declineNote: `${HOSTILE.script} ${HOSTILE.jsUrl}`,
  cancelReason: `${HOSTILE.textarea}<img src=x onerror=window.__pwned=1> ${HOSTILE.template}`,
} as const;

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

let admin: Awaited<ReturnType<typeof signedIn>>;
/** The requests each flow made, for the pages that follow. */
const made: { oci?: string; cxml?: string; cxmlPo?: string; mailed?: string } = {};

async function api<T>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${e2e.server.base}/ops/api${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...admin.headers, origin: e2e.server.base },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

async function newPage(options: { javaScriptEnabled?: boolean; console?: boolean } = {}): Promise<{ page: Page; watched: ReturnType<typeof watch> }> {
  const context = await e2e.browser.newContext({ javaScriptEnabled: options.javaScriptEnabled ?? true });
  if (options.console) {
    await context.addCookies([{ name: '__Host-ff_ops', value: admin.cookie.split('=')[1], domain: '127.0.0.1', path: '/', secure: true, httpOnly: true, sameSite: 'Strict' }]);
  }
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  return { page, watched: watch(page, [e2e.server.base, new URL(mailbox).origin]) };
}

/** In the catalog: a period, a vehicle type, the review with `note`, Send. */
async function requestWithNote(page: Page, note: string, day: number): Promise<void> {
  await page.waitForSelector('body[data-ready=true]');
  await page.fill('input[name=pickup]', daysAhead(day));
  await page.fill('input[name=return]', daysAhead(day + 2));
  const button = 'article.vehicle[data-vehicle-type="estate-octavia"] button[data-action=request]';
  await page.waitForSelector(`body[data-ready=true] ${button}:not([disabled])`);
  await page.click(button);
  await page.fill('#review-note', note);
}

beforeAll(async () => {
  admin = await signedIn(e2e.deps, await addTestStaff(e2e.deps, 'admin'));
  // The admin's words: the connection's name, a delivery address label, an extra field's label; a vehicle type's and a location's name.
  const { connection } = await api<{ connection: Record<string, unknown> & { version: number; extraFields: { key: string; label: { en: string; nl: string } }[]; deliveryAddresses: { id: string; label: string }[] } }>('/admin/connections/acme-demo');
  const edit = {
    ...connection,
    name: PLANTED.connectionName,
    extraFields: connection.extraFields.map((f) => (f.key === 'poNumber' ? { ...f, label: { en: PLANTED.poLabel, nl: PLANTED.poLabel } } : f)),
    deliveryAddresses: connection.deliveryAddresses.map((a) => (a.id === 'rotterdam-hq' ? { ...a, label: PLANTED.addressLabel } : a)),
  };
  for (const key of ['id', 'createdAt', 'updatedAt', 'hasOrderSecret', 'hasCxmlSecret']) delete (edit as Record<string, unknown>)[key];
  await api(`/admin/connections/acme-demo`, edit);
  const type = await api<Record<string, unknown> & { names?: { en: string; nl: string } }>('/admin/vehicle-types/estate-octavia');
  await api('/admin/vehicle-types/estate-octavia', { ...type, id: undefined, name: PLANTED.vehicleName, ...(type.names ? { names: { en: PLANTED.vehicleName, nl: PLANTED.vehicleName } } : {}) });
  const location = await api<Record<string, unknown>>('/admin/locations/ams-sloterdijk');
  await api('/admin/locations/ams-sloterdijk', { ...location, id: undefined, name: PLANTED.locationName });
}, 30_000);

describe('planted markup and script stay text in Chromium', () => {
  it('OCI call-up values, admin names and the review note: catalog, review, transfer page, cart received', { timeout: 60_000 }, async () => {
    const form = callUpForm({
      HOOK_URL: `${e2e.server.base}/buyer/hook?sap-client=100&memo=${encodeURIComponent(PLANTED.hookParam)}`,
      oci_userfullname: PLANTED.fullName,
      oci_usermail: PLANTED.email,
      oci_ponumber: PLANTED.poNumber,
      oci_costcenter: PLANTED.costCentre,
    });
    const catalogUrl = await catalogUrlAt(e2e.server.base, form);
    const { page, watched } = await newPage();
    await page.goto(catalogUrl);
    await requestWithNote(page, PLANTED.note, 40);
    await expectInert(page, watched, 'catalog with its review', [PLANTED.fullName, PLANTED.connectionName, PLANTED.vehicleName, PLANTED.locationName, PLANTED.addressLabel, PLANTED.poLabel, PLANTED.poNumber, PLANTED.costCentre]);
    expect(await page.inputValue('#review-note')).toBe(PLANTED.note);

    // The transfer page is left at once by its form; kept on screen here by holding the cart back.
    const transfer = page.waitForResponse((r) => /\/transfer\/RQ-/.test(r.url()));
    // A 204 answer to the form's post leaves the page where it is.
    await page.route('**/buyer/hook**', (route) => route.fulfill({ status: 204 }));
    await page.click('section#review button[data-action=send]');
    const transferUrl = (await transfer).url();
    made.oci = /\/transfer\/(RQ-[0-9A-Z-]+)/.exec(transferUrl)![1];
    await page.waitForSelector('#oci-cart');
    await expectInert(page, watched, 'transfer page');
    const values = await page.$$eval('#oci-cart input[type=hidden]', (inputs) => inputs.map((i) => (i as HTMLInputElement).value));
    expect(values).toEqual(expect.arrayContaining([PLANTED.poNumber, PLANTED.costCentre, PLANTED.hookParam]));

    // The cart as the test procurement page receives it.
    await page.unroute('**/buyer/hook**');
    await page.goto(transferUrl);
    await page.waitForURL(`${e2e.server.base}/buyer/hook`);
    await expectInert(page, watched, 'OCI cart received', [PLANTED.poNumber, PLANTED.costCentre, PLANTED.hookParam, PLANTED.fullName, PLANTED.email, PLANTED.addressLabel]);
    await page.context().close();
  });

  it('cXML set-up and order values: catalog, cart received, inspect page', { timeout: 60_000 }, async () => {
    const contact = `<Contact role="endUser"><Name xml:lang="en">${xmlText(PLANTED.cxmlName)}</Name><Email>joe@acme.example</Email></Contact>`;
    const setup = (operation: string, selected?: string) =>
      setupRequest({
        operation,
        selected,
        url: `${e2e.server.base}/buyer/cxml/cart`,
        contact,
        extrinsics: `<Extrinsic name="costCentre">${xmlText(PLANTED.cxmlExtrinsic)}</Extrinsic>`,
        shipTo: `<ShipTo><Address addressID="RTM-HQ"><Name xml:lang="en">${xmlText(PLANTED.cxmlShipTo)}</Name></Address></ShipTo>`,
      }).replace('<BuyerCookie>cookie-&amp;-42</BuyerCookie>', `<BuyerCookie>${xmlText(PLANTED.cookie)}</BuyerCookie>`);
    const startUrl = async (xml: string) => {
      const response = await fetch(`${e2e.server.base}/punchout/cxml`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: xml });
      const text = await response.text();
      const url = /<URL>([^<]+)<\/URL>/.exec(text)?.[1];
      if (!url) throw new Error(`set-up answered ${response.status}: ${text}`);
      return url.replace(/&amp;/g, '&');
    };

    const { page, watched } = await newPage();
    await page.goto(await startUrl(setup('create')));
    await requestWithNote(page, 'cXML', 44);
    await expectInert(page, watched, 'catalog from a cXML set-up', [PLANTED.cxmlName, PLANTED.cxmlExtrinsic, PLANTED.connectionName]);
    await page.click('section#review button[data-action=send]');
    await page.waitForURL(`${e2e.server.base}/buyer/cxml/cart`);
    await expectInert(page, watched, 'cXML cart received', [PLANTED.cookie, PLANTED.cxmlName, PLANTED.cxmlExtrinsic, PLANTED.vehicleName]);
    made.cxml = (await page.getAttribute('#cart-items tbody tr', 'data-request'))!;

    // The order, with a hostile number, ShipTo and item description.
    made.cxmlPo = PLANTED.orderNumber;
    const request = await api<RequestDetail>(`/requests/${made.cxml}`);
    const order = orderRequest({ orderId: xmlText(PLANTED.orderNumber), secret: 'demo-order-secret', total: plainAmount(request.request.price.net), lines: [{ requestId: made.cxml, sku: request.request.vehicleType.sku, unitPrice: plainAmount(request.request.price.net) }] })
      .replace('<Street>Havenweg 1</Street>', `<Street>${xmlText(PLANTED.orderShipTo)}</Street>`)
      .replace('Estate car rental', xmlText(PLANTED.orderDescription));
    const answer = await fetch(`${e2e.server.base}/cxml/order`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: order });
    expect(await answer.text()).toContain('code="200"');
    // One naming no request: listed on the console's orders page.
    const unmatched = orderRequest({ orderId: xmlText(PLANTED.unmatchedOrderNumber), secret: 'demo-order-secret', lines: [{ sku: 'FF-NONE' }] }).replace('Estate car rental', xmlText(PLANTED.orderDescription));
    const unmatchedAnswer = await fetch(`${e2e.server.base}/cxml/order`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: unmatched });
    expect(await unmatchedAnswer.text()).toContain('code="200"');

    await page.goto(await startUrl(setup('inspect', made.cxml)));
    await page.waitForSelector('main[data-selection=inspect]');
    await expectInert(page, watched, 'inspect page', [PLANTED.vehicleName, PLANTED.locationName, PLANTED.addressLabel]);
    await page.context().close();
  });

  it("the decline note, the requester's cancel reason and an e-mailed PO's number: the requester's status page", { timeout: 60_000 }, async () => {
    // Declined with a note (the OCI request).
    const oci = await api<RequestDetail>(`/requests/${made.oci}`);
    await api(`/requests/${made.oci}/decline`, { version: oci.request.version ?? 0, reason: 'other', note: PLANTED.declineNote });
    // An e-mailed PO on a request of its own.
    const mailed = await registerTestRequest(e2e.deps, { period: { pickup: daysAhead(46, 9), return: daysAhead(47, 17) }, extra: { poNumber: PLANTED.poNumber, costCentre: PLANTED.costCentre } });
    made.mailed = mailed.id;
    const form = new FormData();
    for (const [name, value] of Object.entries({ orderNumber: PLANTED.mailedOrderNumber, orderDate: new Date().toISOString().slice(0, 10), amount: plainAmount(mailed.price.net), version: '0' })) form.append(name, value);
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), `${HOSTILE.img}.pdf`);
    const upload = await fetch(`${e2e.server.base}/ops/api/requests/${mailed.id}/order`, { method: 'POST', headers: { cookie: admin.cookie, 'x-csrf-token': admin.csrf, origin: e2e.server.base }, body: form });
    expect(upload.status, await upload.clone().text()).toBe(201);

    const link = async (requestId: string) => {
      const [mail] = await eventually('the request-received e-mail', () => mailsIn((m) => m.subject.includes(requestId) && /\/r\//.test(m.body.text ?? '')), (m) => m.length > 0);
      return /https?:\/\/\S+\/r\/[A-Za-z0-9._-]+/.exec(mail.body.text!)![0];
    };
    // The cXML request: its status page with the order, then the requester cancels with a hostile reason.
    for (const javaScriptEnabled of [false, true]) {
      const { page, watched } = await newPage({ javaScriptEnabled });
      await page.goto(await link(made.oci!));
      // The page names the reason (from a list); the note is in the e-mail.
      await expectInert(page, watched, 'status page of the declined request');
      await page.goto(await link(made.mailed));
      await expectInert(page, watched, 'status page of the request with an e-mailed PO', [PLANTED.mailedOrderNumber]);
      await page.context().close();
    }
    const { page, watched } = await newPage();
    await page.goto(await link(made.cxml!));
    await page.fill('#reason', PLANTED.cancelReason);
    await page.click('button[type=submit]');
    await page.waitForURL(/\?cancelled=1$/);
    await expectInert(page, watched, 'status page after the cancel', [PLANTED.orderNumber]);
    await page.context().close();
  });

  it('the console: queue, request details with the payload log and rendered e-mails, orders, planning, connections', { timeout: 90_000 }, async () => {
    const { page, watched } = await newPage({ console: true });
    const go = async (hash: string, ready: string) => {
      await page.goto(`${e2e.server.base}/ops#${hash}`);
      await page.waitForSelector(`body[data-ready=true] ${ready}`);
    };
    for (const [id, status, day, shown] of [
      [made.oci!, 'declined', 40, [PLANTED.fullName, PLANTED.connectionName]],
      [made.cxml!, 'cancelled', 44, [PLANTED.cxmlName, PLANTED.orderNumber]],
      [made.mailed!, 'requested', 46, [PLANTED.mailedOrderNumber]],
    ] as const) {
      await go(`/queue?status=${status}&date=${daysAhead(day).slice(0, 10)}`, `tr[data-request-id="${id}"]`);
      await expectInert(page, watched, `queue of ${status} requests`, [...shown]);
    }
    for (const [id, shown] of [
      [made.oci!, [PLANTED.fullName, PLANTED.email, PLANTED.note, PLANTED.declineNote, PLANTED.poNumber, PLANTED.costCentre, PLANTED.connectionName, PLANTED.hookParam, PLANTED.addressLabel, PLANTED.poLabel]],
      [made.cxml!, [PLANTED.cxmlName, PLANTED.cxmlExtrinsic, PLANTED.cookie, PLANTED.cancelReason, PLANTED.orderNumber, PLANTED.orderShipTo, PLANTED.orderDescription]],
      [made.mailed!, [PLANTED.mailedOrderNumber, PLANTED.poLabel, PLANTED.poNumber, PLANTED.costCentre]],
    ] as const) {
      await go(`/requests/${id}`, `section.detail`);
      // Every payload opened: the readable views, and each e-mail rendered in its frame.
      for (const summary of await page.$$('details.payload > summary')) await summary.click();
      if (id !== made.mailed) await page.waitForSelector('.payload-mail[data-rendered=true] iframe.mail-frame');
      await expectInert(page, watched, `request detail ${id}`, [...shown]);
    }
    await go('/orders', 'main');
    await expectInert(page, watched, 'orders', [PLANTED.unmatchedOrderNumber, PLANTED.orderDescription, PLANTED.connectionName]);
    await go(`/planning?location=ams-sloterdijk&week=${daysAhead(44).slice(0, 10)}`, 'main');
    await expectInert(page, watched, 'planning', [PLANTED.vehicleName, PLANTED.locationName]);
    await go('/connections', 'main');
    await expectInert(page, watched, 'connections', [PLANTED.connectionName]);
    await go('/connections/acme-demo', 'main');
    await expectInert(page, watched, 'connection detail', [PLANTED.connectionName, PLANTED.addressLabel, PLANTED.poLabel]);
    await go('/fleet', 'main');
    await expectInert(page, watched, 'fleet', [PLANTED.vehicleName, PLANTED.locationName]);
    // The connection sheet, its login's password filled in from the link's fragment.
    await page.goto(`${e2e.server.base}/ops/admin/connections/acme-demo/sheet?lang=en#${new URLSearchParams({ login: DEMO_CONNECTION.username, password: HOSTILE.img })}`);
    await page.waitForSelector('#logins');
    await expectInert(page, watched, 'connection sheet', [PLANTED.connectionName, PLANTED.addressLabel, PLANTED.poLabel, HOSTILE.img]);
    // The test procurement page lists the connections with their fields.
    await page.goto(`${e2e.server.base}/buyer`);
    await page.waitForSelector('form.callup');
    await expectInert(page, watched, 'test procurement page', [PLANTED.connectionName, PLANTED.poLabel]);
    await page.context().close();
  });

  it('the e-mails opened in the local mailbox', { timeout: 60_000 }, async () => {
    const mails = await mailsIn((m) => [made.oci, made.cxml, made.mailed].some((id) => m.subject.includes(id!)));
    expect(mails.length).toBeGreaterThanOrEqual(4);
    const { page, watched } = await newPage();
    await page.goto(`${mailbox}/`);
    await page.waitForFunction((count) => document.querySelectorAll('.email').length >= count, mails.length);
    // Each e-mail's HTML view, shown.
    for (const mail of mails) if (mail.body.html) await page.evaluate((id) => document.getElementById(`${id}-html`)?.style.removeProperty('display'), mail.messageId);
    await expectInert(page, watched, 'local mailbox', [PLANTED.declineNote, PLANTED.cancelReason, PLANTED.note, PLANTED.fullName, PLANTED.email, PLANTED.cxmlName, PLANTED.orderNumber, PLANTED.connectionName, PLANTED.addressLabel, PLANTED.poLabel, PLANTED.vehicleName, PLANTED.locationName]);
    await page.context().close();
  });
});
