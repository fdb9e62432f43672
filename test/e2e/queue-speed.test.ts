import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { launchBrowser } from '../support/browser';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack, startServer } from '../support/stack';

let deps: AppDeps;
let server: { base: string; stop(): Promise<void> };
let browser: Browser;
let operator: Awaited<ReturnType<typeof signedIn>>;
/** Clicks and key presses per request, measured below: the old way (open, unit, confirm, back) and the queue's own. */
const figures: { before?: number; after?: number } = {};

beforeAll(async () => {
  deps = await seededStack();
  server = await startServer(deps);
  browser = await launchBrowser();
  operator = await signedIn(deps, await addTestStaff(deps, 'operator'));
});

afterAll(async () => {
  if (figures.before !== undefined || figures.after !== undefined) console.log(`clicks per request: before ${figures.before ?? '?'}, after ${figures.after ?? '?'}`);
  await browser?.close();
  await server?.stop();
});

async function consoleAt(width: number): Promise<{ context: BrowserContext; page: Page; problems: string[] }> {
  const context = await browser.newContext({ viewport: { width, height: width < 600 ? 844 : 800 } });
  await context.addCookies([{ name: '__Host-ff_ops', value: operator.cookie.split('=')[1], domain: '127.0.0.1', path: '/', secure: true, httpOnly: true, sameSite: 'Strict' }]);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  return { context, page, problems };
}

/** The clerk's hands: every click and key press goes through here and is counted. */
function hands(page: Page) {
  let count = 0;
  return {
    click: async (selector: string) => {
      count++;
      await page.click(selector);
    },
    press: async (key: string) => {
      count++;
      await page.keyboard.press(key);
    },
    get count() {
      return count;
    },
  };
}

describe('clicks per request for the clerk, in Chromium', () => {
  it('counts the old way: open the request from the queue, pick a free unit, confirm, back to the queue', { timeout: 90_000 }, async () => {
    const day = 60;
    const request = await registerTestRequest(deps, { period: { pickup: daysAhead(day, 9), return: daysAhead(day + 2, 17) } });
    const { context, page, problems } = await consoleAt(1280);
    const clerk = hands(page);
    await page.goto(`${server.base}/ops#/queue?date=${daysAhead(day, 9).slice(0, 10)}`);
    await page.waitForSelector(`body[data-ready=true] tr[data-request-id="${request.id}"]`);
    await clerk.click(`tr[data-request-id="${request.id}"] a.ref`);
    await page.waitForSelector('body[data-ready=true] section.detail[data-status=requested] button.unit.free');
    await clerk.click('button.unit.free');
    await page.waitForSelector('body[data-ready=true] button.unit.assigned');
    await clerk.click('button[data-action=confirm]');
    await page.waitForSelector('body[data-ready=true] section.detail[data-status=confirmed]');
    await clerk.click('a[href="#/queue"]');
    await page.waitForSelector('body[data-ready=true] section.queue');
    figures.before = clerk.count;
    expect(clerk.count).toBe(4);
    expect(problems).toEqual([]);
    await context.close();
  });
});
