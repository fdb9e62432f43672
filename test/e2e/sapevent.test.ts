import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import type { TransferAccepted } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { getConnection, putConnection } from '../../functions/store/connections';
import { launchBrowser } from '../support/browser';
import { callUpForm, daysAhead } from '../support/punchout';
import { seededStack, startServer } from '../support/stack';

let deps: AppDeps;
let server: { base: string; stop(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  deps = await seededStack();
  // The demo connection registers SAPEVENT:POST, as a connection for SAP GUI's embedded browser does.
  const demo = (await getConnection(deps.db, 'acme-demo'))!;
  await putConnection(deps.db, { ...demo, hookAllowlist: [...demo.hookAllowlist, 'SAPEVENT:POST'] });
  server = await startServer(deps);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Punch out with HOOK_URL=SAPEVENT:POST and register a request: the transfer page's URL. */
async function sapeventTransferUrl(): Promise<string> {
  const callUp = await fetch(`${server.base}/punchout/oci`, {
    method: 'POST',
    body: callUpForm({ HOOK_URL: 'SAPEVENT:POST' }),
    redirect: 'manual',
  });
  expect(callUp.status).toBe(303);
  const session = new URL(callUp.headers.get('location')!, server.base).pathname.replace(/\/$/, '');
  const transfer = await fetch(`${server.base}${session}/api/transfer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ vehicleTypeId: 'estate-passat', locationId: 'ams-sloterdijk', pickup: daysAhead(30), return: daysAhead(32) }),
  });
  expect(transfer.status).toBe(201);
  return `${server.base}${((await transfer.json()) as TransferAccepted).transferUrl}`;
}

/**
 * Watch a page for what a user of SAP GUI would suffer: CSP violations (the event the page sees and
 * Chromium's console message) and the navigations the browser was asked for (the form submission).
 */
async function watch(page: Page) {
  const violations: string[] = [];
  const navigations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  await page.exposeFunction('reportViolation', (text: string) => violations.push(text));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (event) =>
      (window as unknown as { reportViolation(text: string): void }).reportViolation(`${event.violatedDirective} ${event.blockedURI}`),
    );
  });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Page.enable');
  cdp.on('Page.frameRequestedNavigation', (event) => navigations.push(event.url));
  return { violations, navigations };
}

describe('HOOK_URL=SAPEVENT:POST in Chromium', () => {
  it('submits the cart form to SAPEVENT:POST without a Content Security Policy violation', async () => {
    const url = await sapeventTransferUrl(); 
    const page = await browser.newPage();
    const { violations, navigations } = await watch(page);
    const response = await page.goto(url, { waitUntil: 'commit', timeout: 10000 });
    expect(response!.status()).toBe(200);
    // The page submits itself at once; the browser is asked to go to sapevent:POST, and nothing is refused.
    await expect.poll(() => navigations.some((n) => /^sapevent:post$/i.test(n)), { timeout: 5000 }).toBe(true);
    await page.waitForTimeout(300);
    expect(violations).toEqual([]);
    expect(await page.getAttribute('form#oci-cart', 'action')).toBe('SAPEVENT:POST');
    // Exactly that scheme is added, nothing wider.
    expect(response!.headers()['content-security-policy']).toMatch(/; form-action 'self' sapevent:;/);
    await page.close();
  });
});
