import { describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { formatMoney } from '../../functions/format/money';
import { getRequest } from '../../functions/store/requests';
import { e2eStack } from '../support/browser';
import { daysAhead } from '../support/punchout';
import { DESKTOP, PHONE, screenshot } from '../support/screenshots';

const e2e = e2eStack();

const card = (type: string) => `article.vehicle[data-vehicle-type="${type}"]`;
const choose = (type: string) => `${card(type)} button[data-action=request]`;

/** Punch out from the test procurement page into a new window at the given size; the catalog with a period chosen. */
async function catalogAt(viewport: { width: number; height: number }, pickup: string, ret: string, form: Record<string, string> = {}): Promise<{ context: BrowserContext; catalog: Page }> {
  const context = await e2e.browser.newContext({ viewport });
  // A step that cannot happen fails naming itself, well within the test's time.
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  await page.goto(`${e2e.server.base}/buyer`);
  for (const [name, value] of Object.entries(form)) await page.fill(`input[name="${name}"]`, value);
  await page.check('input[name=mode][value=window]');
  const [catalog] = await Promise.all([page.waitForEvent('popup'), page.click('button[type=submit]')]);
  await catalog.waitForSelector('body[data-ready=true]');
  // On a phone the period and filters are folded away: unfold them as the requester would.
  if (await catalog.locator('details.controls-fold:not([open]) > summary').count()) await catalog.click('details.controls-fold > summary');
  await catalog.fill('input[name=pickup]', pickup);
  await catalog.fill('input[name=return]', ret);
  await catalog.waitForSelector('body[data-ready=true]');
  return { context, catalog };
}

async function cartFields(page: Page): Promise<Record<string, string>> {
  await page.waitForSelector('#cart-fields');
  const rows = await page.$$eval('#cart-fields tbody tr', (trs) =>
    trs.map((tr) => [tr.getAttribute('data-field')!, tr.querySelector('td.value')!.textContent!] as [string, string]),
  );
  return Object.fromEntries(rows);
}

const money = (cents: number) => formatMoney(cents, 'EUR', 'en');

describe('review before transfer', () => {
  it('on a phone: choosing opens the review, a second tap does not transfer, Back changes nothing, and Send carries the extras but not the note', async () => {
    const pickup = daysAhead(24);
    // A PO number but no cost centre: the review names the missing reference.
    const { context, catalog } = await catalogAt(PHONE, pickup, daysAhead(27), { oci_ponumber: '4500012345' });
    const availability = await catalog.textContent(`${card('compact-polo')} .availability`);
    await catalog.waitForSelector(`${choose('compact-polo')}:not([disabled])`);
    await catalog.locator(choose('compact-polo')).scrollIntoViewIfNeeded();
    const button = (await catalog.locator(choose('compact-polo')).boundingBox())!;
    const at = { x: button.x + button.width / 2, y: button.y + button.height / 2 };
    // A hurried double tap: the second tap lands where "Choose" was, while the review opens.
    await catalog.mouse.click(at.x, at.y);
    await catalog.mouse.click(at.x, at.y);
    await catalog.mouse.click(at.x, at.y, { delay: 50 });
    const review = catalog.locator('section#review');
    await review.waitFor();
    expect(catalog.url()).toContain('/s/');
    expect(await review.locator('[data-review=vehicle]').textContent()).toContain('Compact hatchback');
    expect(await review.locator('[data-review=location]').textContent()).toContain('Amsterdam Sloterdijk');
    expect(await review.locator('[data-review=period]').textContent()).toContain('Pick-up:');
    expect(await review.locator('[data-review=references] li').allTextContents()).toEqual(['PO number: 4500012345', 'Cost centre: missing']);
    // Fits the phone: nothing wider than the screen.
    const widths = await catalog.evaluate(() => {
      const sheet = document.querySelector('#review')!;
      return { page: document.documentElement.scrollWidth, sheet: sheet.scrollWidth, viewport: window.innerWidth };
    });
    expect(widths.page).toBeLessThanOrEqual(widths.viewport);
    expect(widths.sheet).toBeLessThanOrEqual(widths.viewport);
    await screenshot(catalog, 'review');

    await review.locator('button[data-action=back]').click();
    await review.waitFor({ state: 'hidden' });
    expect(await catalog.textContent(`${card('compact-polo')} .availability`)).toBe(availability);

    await catalog.click(choose('compact-polo'));
    await review.waitFor();
    await review.locator('#extra-child-seat').check();
    await review.locator('#extra-child-seat-count').fill('2');
    await review.locator('#extra-extra-driver').check();
    await review.locator('#extra-one-way').check();
    await review.locator('#extra-one-way-return').selectOption('utr-centraal');
    await review.locator('#review-note').fill('Driver: Piet Jansen, flight KL1234 lands 09:40');
    // 3 days: child seats 2 × 10.00, extra driver 3 × 5.00, one-way 49.00 (net), on top of the rental.
    expect(await review.locator('[data-price="extra-child-seat"]').textContent()).toBe(money(2000));
    expect(await review.locator('[data-price="extra-extra-driver"]').textContent()).toBe(money(1500));
    expect(await review.locator('[data-price="extra-one-way"]').textContent()).toBe(money(4900));
    const total = await review.locator('[data-price=total]').textContent();
    await screenshot(catalog, 'review-with-extras');

    await review.locator('button[data-action=send]').click();
    await catalog.waitForURL(`${e2e.server.base}/buyer/hook`);
    const fields = await cartFields(catalog);
    const longText = fields['NEW_ITEM-LONGTEXT_1:132[]'];
    expect(longText).toContain('Child seat × 2: EUR 20.00 excl. VAT');
    expect(longText).toContain('Extra driver: EUR 15.00 excl. VAT');
    expect(longText).toContain('One-way return to Utrecht Centraal: EUR 49.00 excl. VAT');
    expect(longText).not.toContain('KL1234');
    const request = await getRequest(e2e.deps.db, fields['NEW_ITEM-EXT_QUOTE_ID[1]']);
    expect(request!.note).toBe('Driver: Piet Jansen, flight KL1234 lands 09:40');
    expect(request!.extras!.map((e) => e.id)).toEqual(['extra-driver', 'child-seat', 'one-way']);
    // What the review showed is what the request costs.
    expect(total).toBe(money(request!.price.gross));
    await context.close();
  }, 60_000);

  it('on a desktop with the keyboard alone: Enter opens it, Escape and the browser back close it, Tab stays inside it and Enter on Send transfers', async () => {
    const { context, catalog } = await catalogAt(DESKTOP, daysAhead(33), daysAhead(35));
    await catalog.waitForSelector(`${choose('estate-octavia')}:not([disabled])`);
    await catalog.focus(choose('estate-octavia'));
    await catalog.keyboard.press('Enter');
    const review = catalog.locator('section#review');
    await review.waitFor();
    expect(await catalog.evaluate(() => document.activeElement?.id)).toBe('review-title');
    await screenshot(catalog, 'review');
    await catalog.keyboard.press('Escape');
    await review.waitFor({ state: 'hidden' });
    expect(await catalog.evaluate(() => document.activeElement?.closest('article')?.getAttribute('data-vehicle-type'))).toBe('estate-octavia');

    // The browser's back (a phone's back gesture) closes the review and stays in the catalog.
    await catalog.keyboard.press('Enter');
    await review.waitFor();
    await catalog.goBack();
    await review.waitFor({ state: 'hidden' });
    expect(catalog.url()).toContain('/s/');

    await catalog.keyboard.press('Enter');
    await review.waitFor();
    await catalog.waitForSelector('section#review button[data-action=send]:not([disabled])');
    const visited: string[] = [];
    for (let i = 0; i < 30; i++) {
      await catalog.keyboard.press('Tab');
      const focus = await catalog.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        return { inside: !!el.closest('#review'), id: el.id, action: el.dataset.action ?? '', visible: getComputedStyle(el).outlineStyle !== 'none' };
      });
      expect(focus.inside).toBe(true);
      expect(focus.visible).toBe(true);
      visited.push(focus.id || focus.action);
      if (focus.id === 'extra-child-seat') await catalog.keyboard.press('Space');
      if (focus.action === 'send') break;
    }
    expect(visited).toEqual(expect.arrayContaining(['extra-extra-driver', 'extra-child-seat', 'review-note', 'back', 'send']));
    await catalog.keyboard.press('Enter');
    await catalog.waitForURL(`${e2e.server.base}/buyer/hook`);
    const fields = await cartFields(catalog);
    expect(fields['NEW_ITEM-LONGTEXT_1:132[]']).toContain('Child seat: EUR 10.00 excl. VAT');
    await context.close();
  }, 60_000);
});
