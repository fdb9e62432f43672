import { describe, expect, it } from 'vitest';
import type { CatalogBoot } from '../../functions/catalog/api';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { putConnection } from '../../functions/store/connections';
import { e2eStack } from '../support/browser';
import { callUpForm, catalogUrlAt, daysAhead } from '../support/punchout';

/**
 * The catalog's first screen comes with its page: the offers for the first location and the default period
 * are read when the page is served (same rules as GET api/vehicles), so no second round trip stands between
 * the requester and the first vehicle. Every later choice still asks the API.
 */
const e2e = e2eStack();

const USABLE = 'body[data-ready=true] article.vehicle button[data-action=request]:not([disabled])';

async function bootOf(url: string): Promise<CatalogBoot> {
  const page = await (await fetch(url)).text();
  const json = /<script type="application\/json" id="boot"[^>]*>([\s\S]*?)<\/script>/.exec(page)?.[1];
  if (!json) throw new Error('no boot data in the catalog page');
  return JSON.parse(json) as CatalogBoot;
}

describe('catalog: the first screen without a second round trip', () => {
  it('shows vehicles with prices and enabled request buttons while the availability API is unreachable, and asks it once the period changes', async () => {
    const page = await e2e.browser.newPage();
    const asked: string[] = [];
    let blocked = true;
    await page.route('**/api/vehicles?**', (route) => {
      asked.push(route.request().url());
      return blocked ? route.abort() : route.continue();
    });
    await page.goto(await catalogUrlAt(e2e.server.base, callUpForm()));
    await page.waitForSelector(USABLE);
    expect(asked).toEqual([]);
    expect(await page.$$eval('article.vehicle:not([hidden]) .price-total', (cells) => cells.filter((c) => /\d/.test(c.textContent ?? '')).length)).toBeGreaterThan(0);
    expect(await page.isVisible('.period-notice')).toBe(false);

    blocked = false;
    await page.fill('input[name=pickup]', daysAhead(9));
    await page.fill('input[name=return]', daysAhead(11));
    await page.waitForSelector(USABLE);
    await expect.poll(() => asked.length).toBeGreaterThan(0);
    expect(asked.at(-1)).toContain(`pickup=${encodeURIComponent(daysAhead(9))}`);
    await page.close();
  });

  it('reads the prices in the page afresh for every load: a connection edit shows at once', async () => {
    const url = await catalogUrlAt(e2e.server.base, callUpForm());
    const before = await bootOf(url);
    expect(before.offers?.offers.length).toBeGreaterThan(0);
    const { connection } = DEMO_CONNECTION;
    try {
      await putConnection(e2e.deps.db, { ...connection, vatPercent: 9, contractRates: [] });
      const after = await bootOf(url);
      expect(after.offers?.offers.map((o) => o.price.vatPercent)).toEqual(before.offers?.offers.map(() => 9));
      expect(after.offers?.offers.every((o) => o.price.contract === undefined)).toBe(true);
      expect(before.offers?.offers.some((o) => o.price.contract !== undefined)).toBe(true);
    } finally {
      await putConnection(e2e.deps.db, connection);
    }
  });

  it('answers the page with the same offers as the API for the same location and period', async () => {
    const url = await catalogUrlAt(e2e.server.base, callUpForm());
    const { offers: first, apiBase } = await bootOf(url);
    expect(first).toBeDefined();
    const query = new URLSearchParams({ location: first!.locationId, pickup: first!.period.pickup, return: first!.period.return });
    const api = (await (await fetch(new URL(`${apiBase}/vehicles?${query}`, e2e.server.base))).json()) as { ok: true; rentalDays: number; offers: unknown[] };
    expect({ rentalDays: first!.rentalDays, offers: first!.offers }).toEqual({ rentalDays: api.rentalDays, offers: api.offers });
  });
});
