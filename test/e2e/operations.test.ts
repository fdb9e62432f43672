import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import type { StreamPoller } from '../../functions/local/stream-poller';
import { launchBrowser } from '../support/browser';
import { addTestStaff, eventually, mailsIn, registerTestRequest, startMailWorker } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack, startServer } from '../support/stack';

let deps: AppDeps;
let server: { base: string; stop(): Promise<void> };
let worker: StreamPoller;
let browser: Browser;
let operatorEmail: string;

beforeAll(async () => {
  deps = await seededStack();
  operatorEmail = await addTestStaff(deps, 'operator');
  server = await startServer(deps);
  worker = startMailWorker(deps);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await server?.stop();
});

/** A requester punches out from the test procurement system and transfers a cart; returns the request id. */
async function punchOutAndTransfer(page: Page, vehicleTypeId: string, pickup: string, ret: string): Promise<string> {
  await page.goto(`${server.base}/buyer`);
  await page.fill('input[name=oci_ponumber]', '4500099999');
  await page.check('input[name=mode][value=iframe]');
  await page.click('button[type=submit]');
  await page.frameLocator('iframe[name=punchout-frame]').locator('body[data-ready=true]').waitFor();
  const catalog = page.frame({ name: 'punchout-frame' })!;
  await catalog.fill('input[name=pickup]', pickup);
  await catalog.fill('input[name=return]', ret);
  const button = `article.vehicle[data-vehicle-type="${vehicleTypeId}"] button[data-action=request]`;
  await catalog.waitForSelector(`body[data-ready=true] ${button}:not([disabled])`);
  await catalog.click(button);
  // The review step: only its Send transfers.
  await catalog.click('section#review button[data-action=send]');
  await page.waitForURL(`${server.base}/buyer/hook`);
  return (await page.textContent('tr[data-field="NEW_ITEM-EXT_QUOTE_ID[1]"] td.value'))!;
}

/** Sign `email` in as a member does: ask for a link, take it from the local SES mailbox, open it, press the button. */
async function signIn(context: BrowserContext, email: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${server.base}/ops`);
  await page.fill('input[name=email]', email);
  await page.click('button[type=submit]');
  await page.waitForSelector('#link-sent');
  const [signInMail] = await eventually('the sign-in e-mail', () => mailsIn((m) => m.destination.to.join().includes(email)), (m) => m.length > 0);
  const link = /https?:\/\/\S+\/ops\/welcome#token=[A-Za-z0-9_-]+/.exec(signInMail.body.text!)![0];
  expect(link.startsWith(`${server.base}/ops/welcome#token=`)).toBe(true);
  await page.goto(link);
  await page.click('#sign-in');
  await page.waitForURL(`${server.base}/ops`);
  return page;
}

describe('from punch-out to confirmation e-mail, in Chromium', () => {
  it('an operator signs in by e-mailed link, assigns a unit, confirms, and the requester’s e-mail is in the local mailbox', { timeout: 90_000 }, async () => {
    const buyer = await browser.newPage();
    const pickup = daysAhead(21, 10);
    const requestId = await punchOutAndTransfer(buyer, 'electric-enyaq', pickup, daysAhead(24, 16));
    expect(requestId).toMatch(/^RQ-/);
    await buyer.close();

    // Sign in: ask for a link, take it from the local SES mailbox, open it, press the button.
    const context = await browser.newContext();
    const console_ = await signIn(context, operatorEmail);
    const [cookie] = await context.cookies();
    expect(cookie).toMatchObject({ name: '__Host-ff_ops', httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });

    // The queue shows the new request; open it.
    await console_.waitForSelector(`body[data-ready=true] tr[data-request-id="${requestId}"]`);
    await console_.click(`tr[data-request-id="${requestId}"] a.ref`);
    await console_.waitForSelector('body[data-ready=true] section.detail[data-status=requested]');
    expect(await console_.textContent('section.detail')).toContain('4500099999');

    // Assign the first free unit, then confirm.
    const plate = (await console_.getAttribute('button.unit.free', 'data-plate'))!;
    await console_.click(`button.unit[data-plate="${plate}"]`);
    await console_.waitForSelector(`body[data-ready=true] button.unit.assigned[data-plate="${plate}"]`);
    await console_.click('button[data-action=confirm]');
    await console_.waitForSelector('body[data-ready=true] section.detail[data-status=confirmed]');

    // The requester's confirmation, once, with the plate and the calendar entry (the "request received" e-mail of the transfer aside).
    const toRequester = (m: { subject: string; destination: { to: string[] } }) =>
      m.subject.includes(requestId) && m.destination.to.join().includes('jane.doe@acme.example') && !m.subject.startsWith('Request received');
    const [mail] = await eventually('the confirmation e-mail', () => mailsIn(toRequester), (m) => m.length > 0);
    await worker.drain();
    expect(await mailsIn(toRequester)).toHaveLength(1);
    expect(mail.subject).toContain('Reservation confirmed');
    expect(mail.body.text).toContain(plate);
    expect(mail.body.text).toContain('4500099999');
    const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
    expect(Buffer.from(ics.content, 'base64').toString('utf8')).toContain('METHOD:REQUEST');

    // The console shows the e-mail as sent in the request's log.
    await console_.reload();
    await console_.waitForSelector('body[data-ready=true] tr[data-outbox$="request-confirmed"][data-status=sent]');
    await console_.click('a[href="#/planning"]');
    await console_.fill('input[name=week]', pickup.slice(0, 10));
    await console_.dispatchEvent('input[name=week]', 'change');
    await console_.waitForSelector(`svg.planning g.booking.confirmed[data-request-id="${requestId}"]`);
    await context.close();
  });
});

describe('the console polls only while it is seen (issue 8, finding 13)', () => {
  it('asks for the queue every 10 s in a visible tab, nothing while hidden, and at once when shown again', { timeout: 90_000 }, async () => {
    const context = await browser.newContext();
    const email = await addTestStaff(deps, 'operator');
    const page = await signIn(context, email);
    // Playwright's clock: timers run on demand, so minutes of polling take no real time.
    await page.clock.install();
    await page.reload();
    await page.waitForSelector('body[data-ready=true] section.queue');
    let asked = 0;
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/ops/api/queue') asked++;
    });
    // In-flight answers land within real time; the clock only decides when the next ask is due.
    const pause = () => new Promise((resolve) => setTimeout(resolve, 500));

    await page.clock.runFor(30_000);
    await expect.poll(() => asked).toBeGreaterThanOrEqual(3);

    const setVisibility = (state: 'hidden' | 'visible') =>
      page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { value: s, configurable: true });
        document.dispatchEvent(new Event('visibilitychange'));
      }, state);
    await setVisibility('hidden');
    await pause();
    asked = 0;
    await page.clock.runFor(120_000);
    await pause();
    expect(asked).toBe(0);

    await setVisibility('visible');
    await expect.poll(() => asked).toBe(1);
    await page.clock.runFor(10_000);
    await expect.poll(() => asked).toBe(2);
    await context.close();
  });
});

describe('the queue past one page (issue 8, finding 13)', () => {
  it('shows more requests page by page with the Show more button, each once', { timeout: 90_000 }, async () => {
    const day = 90;
    const made = await Promise.all(
      [8, 10, 12].map((hour) => registerTestRequest(deps, { period: { pickup: daysAhead(day, hour), return: daysAhead(day + 1, 17) } })),
    );
    const date = daysAhead(day, 8).slice(0, 10);
    const context = await browser.newContext();
    const page = await signIn(context, await addTestStaff(deps, 'operator'));
    await page.goto(`${server.base}/ops#/queue?date=${date}&limit=2`);
    const rows = 'section.queue tbody tr[data-request-id]';
    await expect.poll(() => page.locator(rows).count()).toBe(2);
    const more = page.locator('button[data-action=more]');
    await expect.poll(() => more.isVisible()).toBe(true);
    await more.click();
    await expect.poll(() => page.locator(rows).count()).toBe(3);
    await expect.poll(() => more.isVisible()).toBe(false);
    const shown = await page.locator(rows).evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-request-id')));
    expect(shown.sort()).toEqual(made.map((r) => r.id).sort());
    await context.close();
  });
});
