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

/**
 * The page builds the cards of its first screen before it is usable and the rest right after its first frame;
 * each body shape is drawn once (a symbol) and every card's picture refers to it. Nothing of the list may go
 * missing for the keyboard, a screen reader, the filters or the sort.
 */
describe('catalog: the whole list after the first screen', () => {
  const settled = 'body[data-ready=true] .vehicles[aria-busy=false]';

  it('gives every vehicle type its card, in the recommended order, and Tab reaches every enabled request button', async () => {
    const url = await catalogUrlAt(e2e.server.base, callUpForm());
    const { vehicleTypes, offers } = await bootOf(url);
    const page = await e2e.browser.newPage();
    await page.goto(url);
    await page.waitForSelector(settled);
    expect(await page.$$eval('article.vehicle', (cards) => cards.map((c) => c.getAttribute('data-vehicle-type')))).toEqual(vehicleTypes.map((v) => v.id));
    const stationed = new Set(offers!.offers.map((o) => o.vehicleTypeId));
    expect(await page.$$eval('article.vehicle:not([hidden])', (cards) => cards.map((c) => c.getAttribute('data-vehicle-type')))).toEqual(vehicleTypes.filter((v) => stationed.has(v.id)).map((v) => v.id));
    const enabled = await page.$$eval('article.vehicle:not([hidden]) button[data-action=request]:not([disabled])', (buttons) => buttons.map((b) => b.closest('article')!.getAttribute('data-vehicle-type')));
    expect(enabled.length).toBeGreaterThan(6);
    await page.focus('#sort');
    const reached: string[] = [];
    for (let i = 0; i < enabled.length; i++) {
      await page.keyboard.press('Tab');
      reached.push(await page.evaluate(() => document.activeElement?.closest('article.vehicle')?.getAttribute('data-vehicle-type') ?? `not a card: ${document.activeElement?.tagName}`));
    }
    expect(reached).toEqual(enabled);
    await page.close();
  });

  it('sorts every card by price, not only those of the first screen', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(await catalogUrlAt(e2e.server.base, callUpForm()));
    await page.waitForSelector(settled);
    const priced = await page.locator('article.vehicle:not([hidden]) .price-total').count();
    expect(priced).toBeGreaterThan(6);
    await page.selectOption('#sort', 'price-high');
    const gross = await page.$$eval('article.vehicle:not([hidden])', (cards) =>
      cards.map((card) => Number((card.querySelector('.price-total')?.textContent ?? '').replace(/[^\d]/g, ''))),
    );
    expect(gross).toHaveLength(priced);
    expect(gross).toEqual([...gross].sort((a, b) => b - a));
    await page.close();
  });

  it('draws each body shape once and every card shows its vehicle in its colour, hidden from assistive technology', async () => {
    const url = await catalogUrlAt(e2e.server.base, callUpForm());
    const { vehicleTypes } = await bootOf(url);
    const page = await e2e.browser.newPage();
    await page.goto(url);
    await page.waitForSelector(settled);
    const symbols = await page.$$eval('svg symbol', (all) => all.map((s) => s.id));
    expect(symbols.sort()).toEqual([...new Set(vehicleTypes.map((v) => `vehicle-art-${v.art.body}`))].sort());
    const pictures = await page.$$eval('article.vehicle', (cards) =>
      cards.map((card) => {
        const svg = card.querySelector('svg.vehicle-art')!;
        const use = svg.querySelector('use')!;
        const target = document.getElementById(use.getAttribute('href')!.slice(1));
        const body = target?.querySelector('path[fill=currentColor]');
        return { id: card.getAttribute('data-vehicle-type'), hidden: svg.getAttribute('aria-hidden'), colour: body ? getComputedStyle(use).color : 'no drawing', drawn: (use as SVGUseElement).getBBox().width > 0 || (card as HTMLElement).hidden };
      }),
    );
    const rgb = (hex: string) => `rgb(${[1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)).join(', ')})`;
    expect(pictures).toEqual(vehicleTypes.map((v) => ({ id: v.id, hidden: 'true', colour: rgb(v.art.colour), drawn: true })));
    await page.close();
  });
});
