import type { Browser, Page } from 'playwright-core';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { launchBrowser } from '../support/browser';
import type { StreamPoller } from '../../functions/local/stream-poller';
import { payloadsOf } from '../../functions/store/payload-log';
import { addTestStaff, eventually, registerTestRequest, signedIn, startMailWorker } from '../support/ops';
import { daysAhead, openSession } from '../support/punchout';
import { DESKTOP, PHONE, screenshot } from '../support/screenshots';
import { seededStack, startServer } from '../support/stack';
import { signedInConsole } from '../support/console-page';

/**
 * The queue a clerk scans (issue 11 red team): compact rows on a desktop, a card per request on a
 * phone, and what the requester added on the review step (extras, note, one-way return) visible in
 * the row, in bulk confirm's question and in the request's detail.
 */

let deps: AppDeps;
let app: Hono;
let server: { base: string; stop(): Promise<void> };
let browser: Browser;
let operator: Awaited<ReturnType<typeof signedIn>>;
let marked: string;
let worker: StreamPoller;
const NOTE = 'Driver: Piet Jansen\nFlight KL1234 lands 09:40';
const MARKER = '+2 extras · note · one-way → Utrecht Centraal';

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
  server = await startServer(deps);
  worker = startMailWorker(deps);
  browser = await launchBrowser();
  operator = await signedIn(deps, await addTestStaff(deps, 'operator'));
  // A morning's queue: a dozen open requests, and one with extras, a note and a one-way return (through the review's API).
  for (let i = 0; i < 12; i++) await registerTestRequest(deps, { period: { pickup: daysAhead(5 + i, 9), return: daysAhead(6 + i, 17) } });
  const sid = await openSession(app, { oci_usermail: 'marker@acme.example' });
  const response = await app.request(`${sid}/api/transfer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      vehicleTypeId: 'compact-polo',
      locationId: 'ams-sloterdijk',
      pickup: daysAhead(4, 9),
      return: daysAhead(5, 9),
      note: NOTE,
      extras: [{ id: 'child-seat', count: 2 }, { id: 'one-way', returnLocationId: 'utr-centraal' }],
    }),
  });
  if (response.status !== 201) throw new Error(`transfer: ${response.status} ${await response.text()}`);
  marked = ((await response.json()) as TransferAccepted).requestId;
}, 120_000);

afterAll(async () => {
  await worker?.stop();
  await browser?.close();
  await server?.stop();
});

const consoleAt = (viewport: { width: number; height: number }) => signedInConsole(browser, operator.cookie, viewport);

async function openQueue(page: Page): Promise<void> {
  await page.goto(`${server.base}/ops#/queue`);
  await page.waitForSelector(`body[data-ready=true] tr[data-request-id="${marked}"]`);
}

/** Rows wholly inside the first screen, and their heights. */
function rowsOnFirstScreen(page: Page): Promise<{ visible: number; heights: number[]; scrollWidth: number }> {
  return page.evaluate(() => {
    const rows = [...document.querySelectorAll<HTMLElement>('.queue-table tbody tr')];
    const boxes = rows.map((r) => r.getBoundingClientRect());
    return {
      visible: boxes.filter((b) => b.bottom <= window.innerHeight && b.top >= 0).length,
      heights: boxes.map((b) => Math.round(b.height)),
      scrollWidth: document.documentElement.scrollWidth,
    };
  });
}

describe('the queue a clerk scans, in Chromium', () => {
  it('fits at least 7 requests on the first 1280×800 screen, each row two short lines, without sideways scrolling', { timeout: 90_000 }, async () => {
    const { context, page, problems } = await consoleAt(DESKTOP);
    await openQueue(page);
    const measured = await rowsOnFirstScreen(page);
    const median = [...measured.heights].sort((a, b) => a - b)[Math.floor(measured.heights.length / 2)];
    console.log(`queue rows on the first screen at 1280×800: ${measured.visible} (row height median ${median} px, ${Math.floor(800 / median)} rows per 800 px)`);
    await screenshot(page, 'queue-compact');
    expect(measured.visible).toBeGreaterThanOrEqual(7);
    expect(median).toBeLessThanOrEqual(72);
    expect(measured.scrollWidth).toBeLessThanOrEqual(1280);
    // The table fits its box: the action button is on screen, not in a sideways scroller.
    expect(await page.locator('.queue .table-scroll').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    const button = (await page.locator('.queue-table tbody tr').first().locator('button[data-action=row-confirm]').boundingBox())!;
    expect(button.x + button.width).toBeLessThanOrEqual(1280);
    // The pick-up date stays on one line.
    const when = page.locator('.queue-table tbody tr').first().locator('td.c-when .line').first();
    expect((await when.boundingBox())!.height).toBeLessThan(24);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows each request as a card on a 390 px phone: filters folded, the first card and its action button on the first screen, no sideways scrolling', { timeout: 90_000 }, async () => {
    const { context, page, problems } = await consoleAt(PHONE);
    await openQueue(page);
    expect(await page.locator('details.queue-filters').evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    const first = page.locator('.queue-table tbody tr').first();
    const button = first.locator('button[data-action=row-confirm]');
    const box = (await button.boundingBox())!;
    const layout = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth, innerHeight: window.innerHeight }));
    const measured = await rowsOnFirstScreen(page);
    console.log(`queue at 390×844: ${measured.visible} card(s) wholly on the first screen, card height ${measured.heights[0]} px, first action button bottom at ${Math.round(box.y + box.height)} px`);
    await screenshot(page, 'queue-compact');
    expect(layout.scrollWidth).toBeLessThanOrEqual(layout.innerWidth);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(layout.innerWidth);
    expect(box.y + box.height).toBeLessThanOrEqual(layout.innerHeight);
    // The filters unfold on demand.
    await page.click('details.queue-filters > summary');
    expect(await page.locator('select[name=location]').isVisible()).toBe(true);
    expect(problems).toEqual([]);
    await context.close();
  });

  it('marks a row with what the requester added, and bulk confirm lists it before confirming', { timeout: 90_000 }, async () => {
    const { context, page, problems } = await consoleAt(DESKTOP);
    await openQueue(page);
    const row = page.locator(`tr[data-request-id="${marked}"]`);
    expect(await row.locator('.marker').textContent()).toBe(MARKER);
    const plain = page.locator('.queue-table tbody tr:not(:has(.marker))').first();
    const plainId = await plain.getAttribute('data-request-id');
    await row.locator('input[name=select]').check();
    await plain.locator('input[name=select]').check();
    await page.click('button[data-action=bulk-confirm]');
    const step = page.locator('[data-step=bulk-confirm]');
    await step.waitFor();
    expect(await step.locator('li').count()).toBe(1);
    expect(await step.locator(`li[data-request="${marked}"]`).textContent()).toContain(MARKER);
    expect(await step.locator(`li[data-request="${marked}"]`).textContent()).toContain('Piet Jansen');
    await screenshot(page, 'queue-bulk-confirm-ask');
    // Nothing confirmed yet; confirming goes on from here.
    expect(await row.getAttribute('data-request-id')).toBe(marked);
    await page.click('button[data-action=bulk-confirm-yes]');
    const done = page.locator('.bulk-results .notice[data-confirmed]');
    await done.waitFor();
    expect(await done.getAttribute('data-confirmed')).toBe('2');
    expect(await done.locator(`li[data-request="${plainId}"]`).getAttribute('data-outcome')).toBe('confirmed');
    expect(problems).toEqual([]);
    await context.close();
  });

  it('shows the requester\'s note with its line breaks, each extra with count and price, and the one-way return on the request page', { timeout: 90_000 }, async () => {
    for (const viewport of [DESKTOP, PHONE]) {
      const { context, page, problems } = await consoleAt(viewport);
      await page.goto(`${server.base}/ops#/requests/${marked}`);
      await page.waitForSelector('body[data-ready=true] section.detail');
      const fact = (label: string) => page.locator(`.facts dt:text-is("${label}")`).locator('xpath=following-sibling::dd[1]');
      const note = fact('Note from the requester');
      expect(await note.innerText()).toBe(NOTE);
      expect((await note.boundingBox())!.height).toBeGreaterThan(30);
      expect(await fact('Extra: Child seat × 2').innerText()).toBe('€20.00 excl. VAT');
      expect(await fact('Extra: One-way return to Utrecht Centraal').innerText()).toBe('€49.00 excl. VAT');
      expect(await fact('Return').innerText()).toMatch(/, at Utrecht Centraal \(one-way return\)$/);
      expect(await fact('Price').innerText()).toContain('(1 day)');
      await screenshot(page, 'request-additions');
      expect(problems).toEqual([]);
      await context.close();
    }
  });

  it('renders the request\'s e-mails in the console without a single CSP report (their inline styles become nonce\'d rules)', { timeout: 90_000 }, async () => {
    // The operations notice and the 'request received' e-mail, both sent and logged.
    await eventually('two e-mails logged', async () => (await payloadsOf(deps.db, `REQUEST#${marked}`)).filter((p) => p.kind === 'email').length, (n) => n >= 2);
    const { context, page, problems } = await consoleAt(DESKTOP);
    const reports: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy|style-src/i.test(m.text())) reports.push(m.text());
    });
    await page.goto(`${server.base}/ops#/requests/${marked}`);
    await page.waitForSelector('body[data-ready=true] details.payload[data-kind=email]');
    const mails = page.locator('details.payload[data-kind=email] > summary');
    for (let i = 0; i < (await mails.count()); i++) await mails.nth(i).click();
    await expect.poll(() => page.locator('.payload-mail[data-rendered=true] iframe.mail-frame').count()).toBeGreaterThanOrEqual(2);
    await page.waitForTimeout(500);
    expect(reports).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
