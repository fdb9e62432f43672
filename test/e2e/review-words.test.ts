import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { catalogUrlAt } from '../support/punchout';
import { e2eStack } from '../support/browser';
import { DESKTOP, PHONE, screenshot } from '../support/screenshots';

/**
 * What a Dutch requester reads on the review and in the cart (issue 11 red team): the vehicle's
 * Dutch name, the dates with the location's zone named as the card names it, and a price that says
 * rental + extras = total. A browser in New York: nothing may follow the browser's zone.
 */

const e2e = e2eStack();

async function dutchCatalog(viewport: { width: number; height: number }): Promise<Page> {
  const form = new URLSearchParams({
    USERNAME: DEMO_CONNECTION.username,
    PASSWORD: DEMO_CONNECTION.password,
    HOOK_URL: `${e2e.server.base}/buyer/hook?sap-client=100`,
    oci_usermail: 'jan.jansen@acme.example',
    oci_userfullname: 'Jan Jansen',
    '~OkCode': 'ADDI',
    '~TARGET': '_top',
    'sap-language': 'NL',
  });
  const catalogUrl = await catalogUrlAt(e2e.server.base, form);
  const context = await e2e.browser.newContext({ viewport, timezoneId: 'America/New_York', locale: 'en-US' });
  context.setDefaultTimeout(15_000);
  const page = await context.newPage();
  await page.goto(catalogUrl);
  await page.waitForSelector('body[data-ready=true]');
  return page;
}

for (const [size, viewport] of [
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const) {
  describe(`the review and the cart in Dutch, on a ${size}`, () => {
    it('names the vehicle in Dutch, gives the dates with Europe/Amsterdam as the card does, and the cart says huur + extra’s = total', { timeout: 90_000 }, async () => {
      const page = await dutchCatalog(viewport);
      const button = 'article.vehicle[data-vehicle-type="compact-polo"] button[data-action=request]';
      await page.waitForSelector(`${button}:not([disabled])`);
      expect(await page.textContent('article.vehicle[data-vehicle-type="compact-polo"] h2')).toBe('Compacte hatchback');
      await page.click(button);
      const review = page.locator('section#review');
      await review.waitFor();
      expect(await review.locator('[data-review=vehicle] strong').textContent()).toBe('Compacte hatchback');
      const period = (await review.locator('[data-review=period]').textContent())!;
      expect(period).toContain('(Europe/Amsterdam)');
      expect(period).not.toMatch(/GMT|CET|CEST|\bEST\b/);
      await review.locator('#extra-child-seat').check();
      await screenshot(page, 'review-dutch');
      await review.locator('button[data-action=send]').click();
      await page.waitForURL(`${e2e.server.base}/buyer/hook`);
      await page.waitForSelector('#cart-fields');
      const field = async (name: string) => (await page.textContent(`#cart-fields tr[data-field="${name}"] td.value`))!;
      expect(await field('NEW_ITEM-DESCRIPTION[1]')).toMatch(/^Compacte hatchback, \d+ dag(en)?$/);
      const longText = (await field('NEW_ITEM-LONGTEXT_1:132[]')).replace(/\s+/g, ' ');
      expect(longText).toContain('Voertuighuur: Compacte hatchback');
      expect(longText).toMatch(/huur [\d.]+ EUR \+ extra’s 10\.00 EUR = [\d.]+ EUR excl\. btw/);
      expect(longText).toContain('zelfde vestiging');
      await page.context().close();
    });
  });
}
