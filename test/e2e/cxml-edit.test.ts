import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { TransferAccepted } from '../../functions/catalog/api';
import { e2eStack } from '../support/browser';
import { setupRequest } from '../support/cxml';
import { daysAhead } from '../support/punchout';

const e2e = e2eStack();

/** The buyer's system: a cXML set-up of `operation`, answered with the start URL the user's browser opens. */
async function startUrl(operation: string, selected?: string): Promise<string> {
  const answer = await (await fetch(`${e2e.server.base}/punchout/cxml`, { method: 'POST', body: setupRequest({ operation, selected }), headers: { 'content-type': 'text/xml' } })).text();
  const url = /<URL>([^<]*)<\/URL>/.exec(answer)?.[1];
  if (!url) throw new Error(answer);
  return url;
}

/** A request in the buyer's cart, made by an earlier cXML create session. */
async function earlierRequest(startDay: number): Promise<string> {
  const start = await fetch(await startUrl('create'), { redirect: 'manual' });
  const session = new URL(start.headers.get('location')!, e2e.server.base).pathname.replace(/\/$/, '');
  const transfer = await fetch(`${e2e.server.base}${session}/api/transfer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ vehicleTypeId: 'estate-passat', locationId: 'utr-centraal', pickup: daysAhead(startDay), return: daysAhead(startDay + 2), deliveryAddressId: 'rotterdam-hq' }),
  });
  expect(transfer.status).toBe(201);
  return ((await transfer.json()) as TransferAccepted).requestId;
}

/** The buyer's BrowserFormPost URL in the browser: the PunchOutOrderMessages posted to it. */
async function buyerReceives(page: Page): Promise<string[]> {
  const received: string[] = [];
  await page.route('http://localhost:4999/cxml-cart', async (route) => {
    received.push(new URLSearchParams(route.request().postData() ?? '').get('cxml-urlencoded') ?? '');
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<p id="buyer">cart received</p>' });
  });
  return received;
}

describe('cXML edit and inspect in Chromium', () => {
  it('edit opens the catalog on the earlier request, and "Keep as it is" sends that request back', async () => {
    const id = await earlierRequest(21);
    const page = await e2e.browser.newPage();
    page.setDefaultTimeout(10_000);
    const received = await buyerReceives(page);
    await page.goto(await startUrl('edit', id));
    await page.waitForSelector('body[data-ready=true]');
    expect(await page.textContent('.selection-banner h2')).toBe(`Changing your request ${id}`);
    expect(await page.inputValue('#location')).toBe('utr-centraal');
    expect(await page.inputValue('input[name=pickup]')).toBe(daysAhead(21));
    expect(await page.inputValue('input[name=return]')).toBe(daysAhead(23));
    // The set-up's ShipTo binds the session to the address the earlier request went to.
    expect(await page.getAttribute('[data-delivery-address]', 'data-delivery-address')).toBe('rotterdam-hq');
    // The earlier vehicle comes first and is marked.
    expect(await page.getAttribute('article.vehicle >> nth=0', 'data-vehicle-type')).toBe('estate-passat');
    expect(await page.getAttribute('article.vehicle[data-vehicle-type="estate-passat"]', 'class')).toContain('highlighted');
    await page.getByRole('link', { name: 'Keep as it is', exact: true }).click();
    await page.waitForSelector('#buyer');
    expect(received).toHaveLength(1);
    expect(received[0]).toContain(`<SupplierPartAuxiliaryID>${id}</SupplierPartAuxiliaryID>`);
    expect(received[0]).toContain('operationAllowed="edit"');
    await page.close();
  });

  it('inspect shows the request read-only: nothing to choose or request, one button back with the same cart', async () => {
    const id = await earlierRequest(25);
    const page = await e2e.browser.newPage();
    page.setDefaultTimeout(10_000);
    const received = await buyerReceives(page);
    await page.goto(await startUrl('inspect', id));
    await expect.poll(() => page.textContent('h1')).toBe(`Your request ${id}`);
    expect(await page.locator('script').count()).toBe(0);
    expect(await page.locator('input, select, textarea, article.vehicle, [data-action=request]').count()).toBe(0);
    expect(await page.locator('button, a[href]').allTextContents()).toEqual(['Return to your procurement system']);
    // Even a hand-made request from the page is refused: the session books nothing.
    const status = await page.evaluate(async () => {
      const response = await fetch(`${location.pathname.replace(/\/$/, '')}/api/transfer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ vehicleTypeId: 'compact-polo', locationId: 'ams-sloterdijk', pickup: '2030-01-01T09:00', return: '2030-01-02T09:00' }),
      });
      return response.status;
    });
    expect(status).toBe(403);
    await page.getByRole('button', { name: 'Return to your procurement system', exact: true }).click();
    await page.waitForSelector('#buyer');
    expect(received).toHaveLength(1);
    expect(received[0]).toContain(`<SupplierPartAuxiliaryID>${id}</SupplierPartAuxiliaryID>`);
    await page.close();
  });
});
