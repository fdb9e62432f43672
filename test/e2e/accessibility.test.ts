import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { type AxeReport, countsLine, keyboardWalk, runAxe } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { setupRequest } from '../support/cxml';
import { statusTokenFor } from '../../functions/requests/status-link';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { callUpForm, catalogUrlAt, daysAhead } from '../support/punchout';
import { DESKTOP, PHONE, screenshot } from '../support/screenshots';
import { seededStack, startServer } from '../support/stack';

let deps: AppDeps;
let server: { base: string; stop(): Promise<void> };
let browser: Browser;
let admin: Awaited<ReturnType<typeof signedIn>>;
let requestId: string;
let statusToken: string;
const reports: AxeReport[] = [];
const DEMO_ID = DEMO_CONNECTION.connection.id;
const SIZES = [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const;

beforeAll(async () => {
  deps = await seededStack();
  server = await startServer(deps);
  browser = await launchBrowser();
  admin = await signedIn(deps, await addTestStaff(deps, 'admin'));
  const request = await registerTestRequest(deps, { period: { pickup: daysAhead(10, 9), return: daysAhead(12, 17) } });
  requestId = request.id;
  statusToken = statusTokenFor(deps.secrets.signingKey, request);
});

afterAll(async () => {
  // The per-page figures for the closing note: counts of violated rules by impact.
  if (reports.length) console.log(`axe-core results (rules violated, by impact):\n${reports.map(countsLine).join('\n')}`);
  await browser?.close();
  await server?.stop();
});

/** axe on the page as it is now; the page's figures are kept for the summary; serious and critical ones are returned. */
async function axe(target: Parameters<typeof runAxe>[0], name: string): Promise<string[]> {
  const report = await runAxe(target, name);
  reports.push(report);
  if (report.all.length) console.log(report.all.join('\n'));
  return report.blocking;
}

/** Tab through the page: every operable control reached, each with a visible focus indicator. */
async function keyboard(page: Page, name: string, maxTabs?: number): Promise<string[]> {
  const walk = await keyboardWalk(page, maxTabs);
  return [...walk.unreached.map((e) => `${name}: Tab never reaches ${e}`), ...walk.noFocusStyle.map((e) => `${name}: no visible focus on ${e}`)];
}

/** An OCI call-up as the buyer's browser posts it; returns the catalog's URL (the session's start page). */
const ociCatalogUrl = () => catalogUrlAt(server.base, callUpForm());

/** A cXML set-up of `operation`: the start URL the buyer's system opens. */
async function cxmlStartUrl(operation: string, selected?: string): Promise<string> {
  const answer = await (await fetch(`${server.base}/punchout/cxml`, { method: 'POST', body: setupRequest({ operation, selected }), headers: { 'content-type': 'text/xml' } })).text();
  const url = /<URL>([^<]*)<\/URL>/.exec(answer)?.[1];
  if (!url) throw new Error(answer);
  return url;
}

/** A request transferred through the session's API, as the catalog does; returns the session path and the request id. */
async function transferred(catalogUrl: string, body: Record<string, unknown>): Promise<{ session: string; id: string }> {
  const start = await fetch(catalogUrl, { redirect: 'manual' });
  const session = new URL(start.headers.get('location') ?? catalogUrl, server.base).pathname.replace(/\/$/, '');
  const response = await fetch(`${server.base}${session}/api/transfer`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  if (response.status !== 201) throw new Error(`transfer answered ${response.status}: ${await response.text()}`);
  return { session, id: ((await response.json()) as TransferAccepted).requestId };
}

async function consoleContext(viewport: { width: number; height: number }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport });
  await context.addCookies([{ name: '__Host-ff_ops', value: admin.cookie.split('=')[1], domain: '127.0.0.1', path: '/', secure: true, httpOnly: true, sameSite: 'Strict' }]);
  return context;
}

describe('accessibility: axe-core (WCAG 2.1 A/AA) in Chromium, keyboard alone, visible focus', () => {
  it.each(SIZES)('the catalog has no serious or critical violation on a %s, and every control is reached by Tab with a visible focus', { timeout: 120_000 }, async (size, viewport) => {
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(10_000);
    await page.goto(await ociCatalogUrl());
    await page.waitForSelector('body[data-ready=true] article.vehicle');
    const found = [...(await axe(page, `catalog (${size})`)), ...(await keyboard(page, `catalog (${size})`, 250))];
    await screenshot(page, 'a11y-catalog');
    await page.close();
    expect(found).toEqual([]);
  });

  it('the review a vehicle opens has no serious or critical violation, at desktop and phone size, and works by keyboard', { timeout: 120_000 }, async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    // A script error in the catalog shows in the output, not only as a review that never opens.
    page.on('pageerror', (error) => console.log(`catalog script error: ${error.message}`));
    page.setDefaultTimeout(10_000);
    await page.goto(await ociCatalogUrl());
    await page.waitForSelector('body[data-ready=true] article.vehicle');
    await page.fill('input[name=pickup]', daysAhead(30, 9));
    await page.fill('input[name=return]', daysAhead(32, 17));
    const request = 'article.vehicle button[data-action=request]:not([disabled])';
    await page.waitForSelector(`body[data-ready=true] ${request}`);
    // Nothing listens at the demo HOOK_URL: should the click transfer at once, the browser lands here.
    await page.route('http://localhost:4999/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: '<html lang="en"><title>hook</title><main><h1>cart received</h1></main></html>' }));
    await page.waitForSelector('body[data-ready=true]');
    await page.locator('article.vehicle[data-vehicle-type="compact-polo"] button[data-action=request]:not([disabled])').click();
    await page.waitForSelector('section#review').catch(async (error) => {
      await screenshot(page, 'a11y-review-not-opened');
      throw error;
    });
    const found: string[] = [];
    for (const [size, viewport] of SIZES) {
      await page.setViewportSize(viewport);
      // The send button arms itself 600 ms after the review opens (a mis-tap guard): walk once it is operable.
      await page.waitForSelector('section#review button[data-action=send]:not([disabled])');
      found.push(...(await axe(page, `review (${size})`)), ...(await keyboard(page, `review (${size})`, 150)));
      await screenshot(page, 'a11y-review');
    }
    await page.close();
    expect(found).toEqual([]);
  });

  it('the transfer page and the cXML inspect page have no serious or critical violation', { timeout: 120_000 }, async () => {
    const oci = await transferred(await ociCatalogUrl(), { vehicleTypeId: 'compact-polo', locationId: 'ams-sloterdijk', pickup: daysAhead(40, 9), return: daysAhead(41, 17), deliveryAddressId: 'rotterdam-hq' });
    // The page posts its form to the HOOK_URL at once: that navigation is cancelled, so the page stays as users see it.
    const context = await browser.newContext({ viewport: DESKTOP });
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    await page.route('http://localhost:4999/**', (route) => route.abort('aborted'));
    await page.goto(`${server.base}${oci.session}/transfer/${oci.id}`, { waitUntil: 'commit' });
    await page.waitForSelector('form#oci-cart button');
    await screenshot(page, 'a11y-transfer');
    const found = [...(await axe(page, 'transfer page')), ...(await keyboard(page, 'transfer page'))];
    await context.close();

    const cxml = await transferred(await cxmlStartUrl('create'), { vehicleTypeId: 'estate-passat', locationId: 'utr-centraal', pickup: daysAhead(44, 9), return: daysAhead(46, 17), deliveryAddressId: 'rotterdam-hq' });
    const inspect = await browser.newPage({ viewport: PHONE });
    inspect.setDefaultTimeout(10_000);
    await inspect.goto(await cxmlStartUrl('inspect', cxml.id));
    await inspect.waitForSelector('h1');
    found.push(...(await axe(inspect, 'inspect page')), ...(await keyboard(inspect, 'inspect page')));
    await screenshot(inspect, 'a11y-inspect');
    await inspect.close();
    expect(found).toEqual([]);
  });

  it('the test procurement page in OCI and cXML mode has no serious or critical violation and works by keyboard', { timeout: 180_000 }, async () => {
    const found: string[] = [];
    for (const [size, viewport] of SIZES) {
      const page = await browser.newPage({ viewport });
      page.setDefaultTimeout(10_000);
      for (const [mode, path] of [
        ['OCI', '/buyer'],
        ['cXML', '/buyer?protocol=cxml'],
      ] as const) {
        await page.goto(`${server.base}${path}`);
        await page.locator('form:visible').first().waitFor();
        found.push(...(await axe(page, `test procurement page, ${mode} (${size})`)), ...(await keyboard(page, `test procurement page, ${mode} (${size})`, 120)));
        await screenshot(page, `a11y-buyer-${mode.toLowerCase()}`);
      }
      // The page that shows the cart it received (the HOOK_URL), as after a transfer.
      await page.evaluate(() => {
        const form = Object.assign(document.createElement('form'), { method: 'post', action: '/buyer/hook' });
        for (const [name, value] of [['NEW_ITEM-DESCRIPTION[1]', 'Estate, e.g. Skoda Octavia Combi'], ['NEW_ITEM-QUANTITY[1]', '1'], ['NEW_ITEM-PRICE[1]', '212.40'], ['NEW_ITEM-CURRENCY[1]', 'EUR'], ['~OkCode', 'ADDI']])
          form.append(Object.assign(document.createElement('input'), { type: 'hidden', name, value }));
        document.body.append(form);
        form.submit();
      });
      await page.waitForSelector('#cart-fields');
      found.push(...(await axe(page, `test procurement page, cart received (${size})`)), ...(await keyboard(page, `test procurement page, cart received (${size})`, 120)));
      await screenshot(page, 'a11y-buyer-hook');
      await page.close();
    }
    expect(found).toEqual([]);
  });

  it.each(SIZES)('the requester status page the e-mailed link opens has no serious or critical violation on a %s, and its cancel form works by keyboard', { timeout: 60_000 }, async (size, viewport) => {
    const page = await browser.newPage({ viewport });
    page.setDefaultTimeout(10_000);
    await page.goto(`${server.base}/r/${statusToken}`);
    // The request itself, with its cancel form (not the page for a link that does not work).
    await page.waitForSelector('textarea#reason');
    expect(await page.textContent('h1')).toContain(requestId);
    const found = [...(await axe(page, `requester status page (${size})`)), ...(await keyboard(page, `requester status page (${size})`))];
    await screenshot(page, 'a11y-requester-status');
    await page.close();
    expect(found).toEqual([]);
  });

  it.each(SIZES)('every console page has no serious or critical violation on a %s, with keyboard reach and visible focus', { timeout: 240_000 }, async (size, viewport) => {
    const found: string[] = [];
    const signIn = await browser.newPage({ viewport });
    await signIn.goto(`${server.base}/ops`);
    await signIn.waitForSelector('input[name=email]');
    found.push(...(await axe(signIn, `console sign-in (${size})`)), ...(await keyboard(signIn, `console sign-in (${size})`)));
    await signIn.close();

    const context = await consoleContext(viewport);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    const pages: [string, string, string][] = [
      ['queue', 'queue', '/queue'],
      ['request detail', 'detail', `/requests/${encodeURIComponent(requestId)}`],
      ['planning', 'planning', '/planning'],
      ['orders', 'orders', '/orders'],
      ['connections', 'connections', '/connections'],
      ['connection (health, payload log)', 'connection', `/connections/${DEMO_ID}`],
      ['connection form', 'connection-form', `/connections/${DEMO_ID}/edit`],
      ['new connection form', 'connection-new', '/connections/new'],
      ['fleet', 'fleet', '/fleet'],
      ['staff', 'staff', '/staff'],
    ];
    for (const [name, slug, hash] of pages) {
      await page.goto(`${server.base}/ops#${hash}`);
      await page.waitForSelector('body[data-ready=true] main.ops-main > *');
      found.push(...(await axe(page, `console ${name} (${size})`)), ...(await keyboard(page, `console ${name} (${size})`, 300)));
      await screenshot(page, `a11y-console-${slug}`);
    }
    await context.close();
    expect(found).toEqual([]);
  });
});
