import { describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { e2eStack } from '../support/browser';
import { daysAhead } from '../support/punchout';

const e2e = e2eStack();

/** The cart as the test procurement page shows it: field name → value, and its warning count. */
async function receivedCart(page: Page): Promise<{ fields: Record<string, string>; warnings: string }> {
  await page.waitForSelector('#cart-fields');
  const rows = await page.$$eval('#cart-fields tbody tr', (trs) =>
    trs.map((tr) => [tr.getAttribute('data-field')!, tr.querySelector('td.value')!.textContent!] as [string, string]),
  );
  return { fields: Object.fromEntries(rows), warnings: (await page.getAttribute('#cart-summary', 'data-warnings'))! };
}

/** In the catalog: choose a period and request a vehicle type. */
async function requestVehicle(catalog: Page | Frame, vehicleTypeId: string, pickup: string, ret: string) {
  await catalog.waitForSelector('body[data-ready=true]');
  await catalog.fill('input[name=pickup]', pickup);
  await catalog.fill('input[name=return]', ret);
  const button = `article.vehicle[data-vehicle-type="${vehicleTypeId}"] button[data-action=request]`;
  await catalog.waitForSelector(`body[data-ready=true] ${button}:not([disabled])`);
  await catalog.click(button);
  // The review step: only its Send transfers.
  await catalog.click('section#review button[data-action=send]');
}

const EXPECTED_FIELD_NAMES = [
  'sap-client',
  'NEW_ITEM-DESCRIPTION[1]',
  'NEW_ITEM-QUANTITY[1]',
  'NEW_ITEM-UNIT[1]',
  'NEW_ITEM-PRICE[1]',
  'NEW_ITEM-CURRENCY[1]',
  'NEW_ITEM-PRICEUNIT[1]',
  'NEW_ITEM-LEADTIME[1]',
  'NEW_ITEM-VENDOR[1]',
  'NEW_ITEM-VENDORMAT[1]',
  'NEW_ITEM-MATGROUP[1]',
  'NEW_ITEM-SERVICE[1]',
  'NEW_ITEM-EXT_QUOTE_ID[1]',
  'NEW_ITEM-EXT_QUOTE_ITEM[1]',
  'NEW_ITEM-EXT_PRODUCT_ID[1]',
  'NEW_ITEM-EXT_SCHEMA_TYPE[1]',
  'NEW_ITEM-EXT_CATEGORY_ID[1]',
  'NEW_ITEM-EXT_CATEGORY[1]',
  'NEW_ITEM-CUST_FIELD5[1]',
  'NEW_ITEM-CUST_FIELD1[1]',
  // The demo connection's delivery address (its location code, in the CUST_FIELD it chose).
  'NEW_ITEM-CUST_FIELD3[1]',
  'NEW_ITEM-LONGTEXT_1:132[]',
  '~OkCode',
  '~TARGET',
  '~CALLER',
];

describe('punch-out round trip in Chromium', () => {
  it('punches out inside an iframe, requests a vehicle and returns the exact OCI cart to the HOOK_URL', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.server.base}/buyer`);
    await page.fill('input[name=oci_ponumber]', '4500012345');
    await page.fill('input[name=oci_costcenter]', 'CC-1042');
    await page.check('input[name=mode][value=iframe]');
    await page.click('button[type=submit]');
    const frame = page.frameLocator('iframe[name=punchout-frame]');
    await frame.locator('body[data-ready=true]').waitFor();
    const catalog = page.frame({ name: 'punchout-frame' })!;
    expect(await catalog.textContent('body')).toContain('Jane Doe');

    const pickup = daysAhead(20);
    await requestVehicle(catalog, 'estate-octavia', pickup, daysAhead(25));
    // ~TARGET=_top: the cart replaces the whole procurement page, as in SAP.
    await page.waitForURL(`${e2e.server.base}/buyer/hook`);
    const { fields, warnings } = await receivedCart(page);
    expect(warnings).toBe('0');
    expect(Object.keys(fields)).toEqual(EXPECTED_FIELD_NAMES);
    const requestId = fields['NEW_ITEM-EXT_QUOTE_ID[1]'];
    expect(requestId).toMatch(/^RQ-\d{6}-[0-9A-Z]{6}$/);
    expect(fields).toMatchObject({
      'sap-client': '100',
      'NEW_ITEM-DESCRIPTION[1]': 'Estate, 5 days',
      'NEW_ITEM-QUANTITY[1]': '1.000',
      'NEW_ITEM-UNIT[1]': 'EA',
      'NEW_ITEM-PRICE[1]': '247.500',
      'NEW_ITEM-CURRENCY[1]': 'EUR',
      'NEW_ITEM-PRICEUNIT[1]': '1',
      'NEW_ITEM-VENDOR[1]': '100234',
      'NEW_ITEM-VENDORMAT[1]': 'FF-ESTATE-OCTAVIA',
      'NEW_ITEM-SERVICE[1]': 'X',
      // The request id: SAP sends it back as PRODUCTID in DETAIL/VALIDATE.
      'NEW_ITEM-EXT_PRODUCT_ID[1]': requestId,
      'NEW_ITEM-CUST_FIELD5[1]': '4500012345',
      'NEW_ITEM-CUST_FIELD1[1]': 'CC-1042',
      'NEW_ITEM-CUST_FIELD3[1]': 'RTM-HQ',
      '~OkCode': 'ADDI',
      '~TARGET': '_top',
      '~CALLER': 'CTLG',
    });
    expect(fields['NEW_ITEM-LONGTEXT_1:132[]']).toContain(`Pick-up: ${pickup.replace('T', ' ')}, Amsterdam Sloterdijk`);
    await page.close();
  });

  it('punches out in a new window in Dutch and the cart comes back in that window', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(`${e2e.server.base}/buyer`);
    await page.selectOption('select[name="sap-language"]', 'NL');
    await page.check('input[name=mode][value=window]');
    const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('button[type=submit]')]);
    await popup.waitForSelector('body[data-ready=true]');
    expect(await popup.getAttribute('html', 'lang')).toBe('nl');
    await requestVehicle(popup, 'compact-polo', daysAhead(21), daysAhead(23));
    await popup.waitForURL(`${e2e.server.base}/buyer/hook`);
    const { fields, warnings } = await receivedCart(popup);
    expect(warnings).toBe('0');
    // The vehicle's Dutch name, as the Dutch card showed it (issue 11 red team: it was the English one).
    expect(fields['NEW_ITEM-DESCRIPTION[1]']).toBe('Compacte hatchback, 2 dagen');
    expect(fields['NEW_ITEM-LONGTEXT_1:132[]']).toContain('Ophalen: ');
    await page.close();
  });

  it('tells the requester when the last vehicle was just taken, and an alternative goes through', async () => {
    const pickup = daysAhead(30);
    const ret = daysAhead(32);
    const button = 'article.vehicle[data-vehicle-type="premium-5series"] button[data-action=request]';
    const pages = await Promise.all([e2e.browser.newPage(), e2e.browser.newPage()]);
    const catalogs: Page[] = [];
    for (const page of pages) {
      await page.goto(`${e2e.server.base}/buyer`);
      await page.check('input[name=mode][value=window]');
      const [popup] = await Promise.all([page.waitForEvent('popup'), page.click('button[type=submit]')]);
      await popup.waitForSelector('body[data-ready=true]');
      await popup.fill('input[name=pickup]', pickup);
      await popup.fill('input[name=return]', ret);
      await popup.waitForSelector(`body[data-ready=true] ${button}:not([disabled])`);
      catalogs.push(popup);
    }
    // Both see the one 5 Series free; the first takes it, the second is told in plain words.
    await catalogs[0].click(button);
    await catalogs[0].click('section#review button[data-action=send]');
    await catalogs[0].waitForURL(`${e2e.server.base}/buyer/hook`);
    await catalogs[1].click(button);
    await catalogs[1].click('section#review button[data-action=send]');
    const alert = catalogs[1].locator('[role=alert]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('just reserved the last vehicle of this type');
    const alternatives = alert.locator('li[data-vehicle-type][data-location]');
    expect(await alternatives.count()).toBeGreaterThan(0);
    const alternative = await alternatives.first().getAttribute('data-vehicle-type');
    await alternatives.first().locator('button[data-action=request]').click();
    await catalogs[1].click('section#review button[data-action=send]');
    await catalogs[1].waitForURL(`${e2e.server.base}/buyer/hook`);
    const { fields, warnings } = await receivedCart(catalogs[1]);
    expect(warnings).toBe('0');
    // EXT_PRODUCT_ID is the request id (SAP sends it back in DETAIL/VALIDATE); the vehicle type shows in VENDORMAT, its SKU.
    expect(fields['NEW_ITEM-VENDORMAT[1]']).toBe(`FF-${alternative!.toUpperCase()}`);
    for (const page of pages) await page.close();
  });
});
