import { beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { payloadsOf } from '../../functions/store/payload-log';
import { getRequest } from '../../functions/store/requests';
import { e2eStack } from '../support/browser';
import { addTestStaff, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { DESKTOP, PHONE, screenshot } from '../support/screenshots';

/**
 * One session, one open request (issue 11, item 2), as a requester does it: transfer, go back to the
 * catalog in the same session, choose another vehicle, transfer again. The first request is replaced
 * and its hold released; the buyer page gets one cart per transfer; the console links the two.
 */

let operator: Awaited<ReturnType<typeof signedIn>>;
const e2e = e2eStack();

beforeAll(async () => {
  operator = await signedIn(e2e.deps, await addTestStaff(e2e.deps, 'operator'));
});

const card = (type: string) => `article.vehicle[data-vehicle-type="${type}"]`;
const choose = (type: string) => `${card(type)} button[data-action=request]`;

async function periodSet(catalog: Page, pickup: string, ret: string): Promise<void> {
  await catalog.waitForSelector('body[data-ready=true]');
  // On a phone the period and filters are folded away: unfold them as the requester would.
  if (await catalog.locator('details.controls-fold:not([open]) > summary').count()) await catalog.click('details.controls-fold > summary');
  await catalog.fill('input[name=pickup]', pickup);
  await catalog.fill('input[name=return]', ret);
  await catalog.waitForSelector('body[data-ready=true]');
}

/** Choose a vehicle, send it from the review, and land on the buyer page with its cart: the request id from the cart. */
async function transfer(catalog: Page, type: string): Promise<string> {
  await catalog.waitForSelector(`${choose(type)}:not([disabled])`);
  await catalog.click(choose(type));
  const review = catalog.locator('section#review');
  await review.waitFor();
  await review.locator('button[data-action=send]').click();
  await catalog.waitForURL(`${e2e.server.base}/buyer/hook`);
  await catalog.waitForSelector('#cart-fields');
  return (await catalog.textContent('#cart-fields tr[data-field="NEW_ITEM-EXT_QUOTE_ID[1]"] td.value'))!.trim();
}

async function available(catalog: Page, type: string): Promise<string> {
  await catalog.waitForSelector(`${card(type)} .availability.is-available, ${card(type)} .availability:not(:empty)`);
  await expect.poll(() => catalog.textContent(`${card(type)} .availability`)).not.toBe('…');
  return (await catalog.textContent(`${card(type)} .availability`))!;
}

for (const [size, viewport] of [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const) {
  describe(`changing one's mind after a transfer, on a ${size}`, () => {
    it('replaces the first request: its hold is released, the console shows "replaced by" and "replaces", one cart per transfer', { timeout: 120_000 }, async () => {
      const day = size === 'phone' ? 33 : 37;
      const pickup = daysAhead(day);
      const ret = daysAhead(day + 2);
      const context: BrowserContext = await e2e.browser.newContext({ viewport });
      context.setDefaultTimeout(15_000);
      const buyer = await context.newPage();
      await buyer.goto(`${e2e.server.base}/buyer`);
      await buyer.check('input[name=mode][value=window]');
      const [catalog] = await Promise.all([buyer.waitForEvent('popup'), buyer.click('button[type=submit]')]);
      await catalog.waitForSelector('body[data-ready=true]');
      const catalogUrl = catalog.url();
      await periodSet(catalog, pickup, ret);
      const before = await available(catalog, 'compact-polo');

      const first = await transfer(catalog, 'compact-polo');
      await screenshot(catalog, 'replace-first-cart');
      // Back in the same session: the catalog shows one Polo fewer (held for the first request).
      await catalog.goto(catalogUrl);
      await periodSet(catalog, pickup, ret);
      const held = await available(catalog, 'compact-polo');
      expect(held).not.toBe(before);

      const second = await transfer(catalog, 'estate-octavia');
      expect(second).not.toBe(first);
      await screenshot(catalog, 'replace-second-cart');

      // The first request: cancelled as replaced, its hold given back; the second names it.
      const old = (await getRequest(e2e.deps.db, first))!;
      const now = (await getRequest(e2e.deps.db, second))!;
      expect(old).toMatchObject({ status: 'cancelled', replacedBy: second });
      expect(now).toMatchObject({ status: 'requested', replaces: first });
      await catalog.goto(catalogUrl);
      await periodSet(catalog, pickup, ret);
      expect(await available(catalog, 'compact-polo')).toBe(before);

      // One cart per transfer, each for its own request.
      const carts = async (id: string) => (await payloadsOf(e2e.deps.db, `REQUEST#${id}`)).filter((p) => p.kind === 'cart').length;
      expect([await carts(first), await carts(second)]).toEqual([1, 1]);

      // The console links the two both ways.
      await context.addCookies([{ name: '__Host-ff_ops', value: operator.cookie.split('=')[1], domain: '127.0.0.1', path: '/', secure: true, httpOnly: true, sameSite: 'Strict' }]);
      const ops = await context.newPage();
      const fact = (label: string) => ops.locator(`.facts dt:text-is("${label}")`).locator('xpath=following-sibling::dd[1]');
      await ops.goto(`${e2e.server.base}/ops#/requests/${first}`);
      await ops.waitForSelector('body[data-ready=true] section.detail[data-status=cancelled]');
      expect(await fact('Replaced by').textContent()).toBe(second);
      await ops.goto(`${e2e.server.base}/ops#/requests/${second}`);
      await ops.waitForSelector('body[data-ready=true] section.detail[data-status=requested]');
      expect(await fact('Replaces').textContent()).toBe(first);
      await screenshot(ops, 'replace-console-detail');
      await ops.goto(`${e2e.server.base}/ops#/queue?q=${second}`);
      await ops.waitForSelector(`body[data-ready=true] tr[data-request-id="${second}"]`);
      expect(await ops.locator(`tr[data-request-id="${second}"] .replaces`).textContent()).toBe(`replaces ${first}`);
      await context.close();
    });
  });
}
