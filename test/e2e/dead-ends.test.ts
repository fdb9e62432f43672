import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { localNow } from '../../functions/catalog/time-zone';
import { e2eStack } from '../support/browser';
import { callUpForm, catalogUrlAt, daysAhead } from '../support/punchout';
import { DESKTOP, PHONE, screenshot } from '../support/screenshots';

/**
 * Honest dead ends in Chromium: a session that expired while the requester was choosing, and a
 * vehicle someone else took a moment earlier. Both say what happened and offer a way on.
 */
/** The app's clock runs this far ahead of the real one: a test moves it past the session's end. */
let skew = 0;
const e2e = e2eStack({ overrides: { SESSION_MINUTES: '30' }, now: () => new Date(Date.now() + skew) });

/** The demo connection's call-up as the test procurement system sends it (its hook on this page's server); returns the catalog's address. */
const callUp = () => catalogUrlAt(e2e.server.base, callUpForm({ HOOK_URL: `${e2e.server.base}/buyer/hook?sap-client=100` }));

/** The cart as the test procurement page shows it: field name → value. */
async function receivedCart(page: Page): Promise<Record<string, string>> {
  await page.waitForSelector('#cart-fields');
  const rows = await page.$$eval('#cart-fields tbody tr', (trs) =>
    trs.map((tr) => [tr.getAttribute('data-field')!, tr.querySelector('td.value')!.textContent!] as [string, string]),
  );
  return Object.fromEntries(rows);
}

/** After a request button: the review step (R1), when the catalog has one, sends it on. */
async function sendFromReview(page: Page): Promise<void> {
  const send = page.locator('section#review button[data-action=send]');
  const left = page.waitForURL(/\/buyer\/hook/).then(() => 'left' as const);
  const review = send.waitFor({ state: 'visible' }).then(() => 'review' as const);
  if ((await Promise.race([left, review.catch(() => 'left' as const)])) === 'review') await send.click();
}

describe('honest dead ends in Chromium', () => {
  for (const viewport of [PHONE, DESKTOP]) {
    it(`an expired session says when it expired and its button takes the requester back with an empty cart (${viewport.width} px)`, async () => {
      skew = 0;
      const page = await e2e.browser.newPage({ viewport });
      await page.goto(await callUp());
      await page.waitForSelector('body[data-ready=true]');
      const expiresAt = await page.evaluate(() => JSON.parse(document.getElementById('boot')!.textContent!).session.expiresAt as string);

      // 31 minutes later by the app's clock: the next look at the offers finds the session gone.
      skew = 31 * 60_000;
      if (viewport === PHONE) await page.click('summary.controls-summary');
      await page.click('button[data-preset=week]');
      const notice = page.locator('section.session-end');
      await notice.waitFor({ state: 'visible' });
      const text = (await notice.textContent())!;
      expect(text).toContain('Your catalog session expired at');
      expect(text).toContain(localNow('Europe/Amsterdam', new Date(expiresAt)).slice(11, 16));
      expect(await page.locator('article.vehicle button[data-action=request]:not([disabled])').count()).toBe(0);
      await screenshot(page, 'catalog-session-expired');

      await notice.locator('button', { hasText: 'Back to my procurement system' }).click();
      await page.waitForURL(`${e2e.server.base}/buyer/hook`);
      const cart = await receivedCart(page);
      // OCI's empty cart: the HOOK_URL's query and the echoed fields, no item at all.
      expect(cart).toEqual({ 'sap-client': '100', '~OkCode': 'ADDI', '~TARGET': '_top', '~CALLER': 'CTLG' });
      await page.close();
    });
  }

  it('says the session expired when its time is up, before the requester tries anything', async () => {
    skew = 0;
    const catalog = await callUp();
    // The page is opened 29 min 57 s after the call-up by the app's clock: three seconds left.
    skew = 30 * 60_000 - 3_000;
    const page = await e2e.browser.newPage({ viewport: DESKTOP });
    await page.goto(catalog);
    await page.waitForSelector('body[data-ready=true]');
    await page.locator('section.session-end').waitFor({ state: 'visible', timeout: 10_000 });
    expect(await page.locator('section.session-end form[method=post]').getAttribute('action')).toBe(`${e2e.server.base}/buyer/hook`);
    skew = 0;
    await page.close();
  });

  it('offers the same type elsewhere, the first date it is free here and a similar type when the vehicle was just taken', async () => {
    skew = 0;
    const pickup = daysAhead(40);
    const ret = daysAhead(42);
    // Someone else takes the Amsterdam XC90 (one there) through the API while this requester looks.
    const other = new URL(await callUp()).pathname.replace(/\/$/, '');
    const page = await e2e.browser.newPage({ viewport: DESKTOP });
    await page.goto(await callUp());
    await page.waitForSelector('body[data-ready=true]');
    await page.fill('input[name=pickup]', pickup);
    await page.fill('input[name=return]', ret);
    const button = 'article.vehicle[data-vehicle-type="suv-xc90"] button[data-action=request]';
    await page.waitForSelector(`body[data-ready=true] ${button}:not([disabled])`);
    const taken = await fetch(`${e2e.server.base}${other}/api/transfer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vehicleTypeId: 'suv-xc90', locationId: 'ams-sloterdijk', pickup, return: ret }),
    });
    expect(taken.status).toBe(201);

    await page.click(button);
    const send = page.locator('section#review button[data-action=send]');
    if (await send.isVisible().catch(() => false)) await send.click();
    const alert = page.locator('.refusal[role=alert]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('just reserved the last vehicle of this type');
    const kinds = await alert.locator('li[data-kind]').evaluateAll((lis) => lis.map((li) => `${li.getAttribute('data-kind')}:${li.getAttribute('data-vehicle-type')}@${li.getAttribute('data-location')}`));
    expect(kinds[0]).toBe('elsewhere:suv-xc90@utr-centraal');
    expect(kinds[1]).toBe('later:suv-xc90@ams-sloterdijk');
    expect(kinds).toContain('similar:suv-tiguan@ams-sloterdijk');
    const later = alert.locator('li[data-kind=later]');
    // Held from day 40 09:00 to day 42 09:00, which takes day 42's morning slot: the same two days from day 43 are the first free.
    const laterPickup = daysAhead(43);
    const wall = new Intl.DateTimeFormat('en-GB', { weekday: 'short', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC' }).format(new Date(`${laterPickup}:00Z`));
    expect(await later.textContent()).toContain(`Free here from ${wall}`);
    await screenshot(page, 'catalog-just-taken');

    await later.locator('button[data-action=request]').click();
    await sendFromReview(page);
    await page.waitForURL(`${e2e.server.base}/buyer/hook`);
    const cart = await receivedCart(page);
    expect(cart['NEW_ITEM-VENDORMAT[1]']).toBe('FF-SUV-XC90');
    expect(cart['NEW_ITEM-LONGTEXT_1:132[]']).toContain(`Pick-up: ${laterPickup.replace('T', ' ')}, Amsterdam Sloterdijk`);
    await page.close();
  });
});
