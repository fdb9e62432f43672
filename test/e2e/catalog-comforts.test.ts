import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { e2eStack } from '../support/browser';
import { callUpForm, catalogUrlAt, daysAhead } from '../support/punchout';
import { DESKTOP, PHONE, screenshot } from '../support/screenshots';

/**
 * Catalog comforts in Chromium: sort by price, names in the session's language, the period on the
 * location's clock whatever the browser's zone, the weekend rate and its rule from card to cart,
 * and a phone layout whose filters fold away.
 */
const e2e = e2eStack();

/** The demo connection's call-up as the test procurement system sends it (its hook on this page's server); returns the catalog's address. */
const callUp = (extra: Record<string, string> = {}) => catalogUrlAt(e2e.server.base, callUpForm({ HOOK_URL: `${e2e.server.base}/buyer/hook?sap-client=100`, ...extra }));

/** A browser in New York: the catalog must still show and take Amsterdam's wall time. */
async function openCatalog(viewport: { width: number; height: number }, extra: Record<string, string> = {}): Promise<Page> {
  const context = await e2e.browser.newContext({ viewport, timezoneId: 'America/New_York', locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(await callUp(extra));
  await page.waitForSelector('body[data-ready=true]');
  return page;
}

const cents = (text: string) => Number(text.replace(/[^\d]/g, ''));

describe('catalog comforts in Chromium', () => {
  it('on a phone the filters fold away, the first vehicle shows on the first screen, and the summary says what is chosen', async () => {
    const page = await openCatalog(PHONE, { 'sap-language': 'NL' });
    expect(await page.$eval('details.controls-fold', (d) => (d as HTMLDetailsElement).open)).toBe(false);
    expect(await page.isVisible('input[name=pickup]')).toBe(false);
    const top = await page.$eval('article.vehicle', (card) => card.getBoundingClientRect().top);
    expect(top).toBeLessThan(PHONE.height);
    const summary = (await page.textContent('summary.controls-summary'))!;
    expect(summary).toContain('Filters en periode');
    expect(summary).toContain('plaatselijke tijd in Amsterdam Sloterdijk (Europe/Amsterdam)');
    await screenshot(page, 'catalog-phone-folded');

    await page.click('summary.controls-summary');
    expect(await page.isVisible('input[name=pickup]')).toBe(true);
    await screenshot(page, 'catalog-phone-filters-open');
    await page.context().close();
  });

  it('shows vehicle names and descriptions in the session’s language', async () => {
    const page = await openCatalog(DESKTOP, { 'sap-language': 'NL' });
    const polo = 'article.vehicle[data-vehicle-type="compact-polo"]';
    expect(await page.textContent(`${polo} h2`)).toBe('Compacte hatchback');
    expect(await page.textContent(`${polo} .description`)).toBe('Makkelijk te parkeren, prima voor de stad en korte ritten.');
    await page.context().close();
    const english = await openCatalog(DESKTOP);
    expect(await english.textContent(`${polo} h2`)).toBe('Compact hatchback');
    expect(await english.textContent(`${polo} .description`)).toBe('Easy to park, fine for town and short trips.');
    await english.context().close();
  });

  it('reads the period out on the location’s clock, whatever the browser’s time zone', async () => {
    const page = await openCatalog(DESKTOP);
    // Desktop: the controls are always open and the fold's summary line is not shown.
    expect(await page.isVisible('input[name=pickup]')).toBe(true);
    expect(await page.isVisible('summary.controls-summary')).toBe(false);
    const pickup = daysAhead(12, 8);
    const ret = daysAhead(13, 18);
    await page.fill('input[name=pickup]', pickup);
    await page.fill('input[name=return]', ret);
    await page.waitForSelector('body[data-ready=true]');
    const wall = (local: string) =>
      new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(new Date(`${local}:00Z`));
    expect(await page.textContent('#period-readout')).toBe(`${wall(pickup)} to ${wall(ret)}, local time in Amsterdam Sloterdijk (Europe/Amsterdam)`);
    await page.context().close();
  });

  it('sorts the vehicles by price, lowest or highest first', async () => {
    const page = await openCatalog(DESKTOP);
    await page.selectOption('select[name=sort]', 'price-low');
    const totals = () => page.$$eval('article.vehicle:not([hidden]) .price-total', (els) => els.map((el) => el.textContent!));
    const low = (await totals()).map(cents);
    expect(low.length).toBeGreaterThan(3);
    expect(low).toEqual([...low].sort((a, b) => a - b));
    await page.selectOption('select[name=sort]', 'price-high');
    const high = (await totals()).map(cents);
    expect(high).toEqual([...low].sort((a, b) => b - a));
    await screenshot(page, 'catalog-sorted-by-price');
    await page.context().close();
  });

  it('shows the weekend rate with its rule on the card, and the cart carries the same price', async () => {
    const page = await openCatalog(DESKTOP);
    const polo = 'article.vehicle[data-vehicle-type="compact-polo"]';
    // A weekday period: the rule is stated as on offer, the days are charged.
    const tuesday = nextTuesday();
    await page.fill('input[name=pickup]', `${tuesday}T09:00`);
    await page.fill('input[name=return]', `${tuesday}T18:00`);
    await page.waitForSelector(`body[data-ready=true] ${polo} .weekend-rate[data-weekend=offered]`);
    expect(await page.textContent(`${polo} .weekend-rate`)).toBe('Weekend rate €77.22 excl. VAT: pick-up from Friday 12:00, return by Monday 09:00, local time at the location.');

    await page.click('button[data-preset=weekend]');
    await page.waitForSelector(`body[data-ready=true] ${polo} .weekend-rate[data-weekend=applies]`);
    expect(await page.textContent(`${polo} .price-breakdown`)).toContain('weekend rate');
    // €39 a day, weekend 2.2 days = €85.80, 10% contract discount: €77.22 net, €93.44 with VAT.
    expect(await page.textContent(`${polo} .price-net`)).toBe('€77.22');
    expect(await page.textContent(`${polo} .price-total`)).toBe('€93.44');
    await screenshot(page, 'catalog-weekend-rate');

    await page.click(`${polo} button[data-action=request]`);
    const send = page.locator('section#review button[data-action=send]');
    if (await send.isVisible().catch(() => false)) await send.click();
    await page.waitForURL(`${e2e.server.base}/buyer/hook`);
    const fields = Object.fromEntries(
      await page.$$eval('#cart-fields tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-field')!, tr.querySelector('td.value')!.textContent!])),
    );
    expect(fields['NEW_ITEM-PRICE[1]']).toBe('77.220');
    expect(fields['NEW_ITEM-LONGTEXT_1:132[]'].replace(/\n/g, ' ')).toContain('Price: weekend rate; 77.22 EUR excl. VAT, VAT 21% 16.22 EUR, total 93.44 EUR');
    await page.context().close();
  });
});

/** The date of the next Tuesday at least two days ahead: a day outside the weekend. */
function nextTuesday(): string {
  const d = new Date(Date.now() + 2 * 86400_000);
  while (d.getUTCDay() !== 2) d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}
