import { describe, expect, it } from 'vitest';
import { SECOND_CONNECTION } from '../../functions/local/demo-connections';
import { putConnection } from '../../functions/store/connections';
import { requestsByStatus } from '../../functions/store/queue';
import { e2eStack } from '../support/browser';
import { catalogUrlAt, daysAhead } from '../support/punchout';

/**
 * The catalog in Chromium for a Spend Cloud-like buyer (the demo's Gemeente Utrecht): two delivery
 * addresses to choose from, a rate card for one vehicle type, and test mode.
 */
const e2e = e2eStack();

/** Call up the catalog as the buyer's system would, and return its address. */
async function callUp(username: string, password: string): Promise<string> {
  const form = new URLSearchParams({
    USERNAME: username,
    PASSWORD: password,
    HOOK_URL: 'https://spend.visma.example/punchout/return',
    email: 'piet@utrecht.example',
    fname: 'Piet',
    lname: 'de Vries',
    projectcode: 'PRJ-7',
  });
  return catalogUrlAt(e2e.server.base, form);
}

describe('catalog: contract price, delivery address and test mode in Chromium', () => {
  it('shows the rate card’s price, asks for a delivery address before the request, and sends the one chosen', async () => {
    const page = await e2e.browser.newPage();
    await page.goto(await callUp(SECOND_CONNECTION.username, SECOND_CONNECTION.password));
    await page.waitForSelector('body[data-ready=true]');
    await page.fill('input[name=pickup]', daysAhead(9));
    await page.fill('input[name=return]', daysAhead(11));
    const card = 'article.vehicle[data-vehicle-type="compact-polo"]';
    await page.waitForSelector(`body[data-ready=true] ${card} button[data-action=request]:not([disabled])`);
    expect(await page.textContent(`${card} .price-contract`)).toContain('Contracttarief (afgesproken tarieven)');
    expect(await page.textContent(`${card} .price-net`)).toContain('70,00');
    expect(await page.$('.test-banner')).toBeNull();

    await page.click(`${card} button[data-action=request]`);
    expect(await page.textContent('.refusal')).toContain('Kies het afleveradres voor dit voertuig.');
    expect(await page.getAttribute('select#delivery', 'aria-invalid')).toBe('true');

    await page.selectOption('select#delivery', 'werf-oost');
    const [transfer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith('/api/transfer') && r.request().method() === 'POST'),
      // The review step: only its Send transfers.
      page.click(`${card} button[data-action=request]`).then(() => page.click('section#review button[data-action=send]')),
    ]);
    expect(transfer.status()).toBe(201);
    expect(JSON.parse(transfer.request().postData()!)).toMatchObject({ deliveryAddressId: 'werf-oost' });
    // The page moves on to the cart at once: the request is read from the store.
    const [request] = (await requestsByStatus(e2e.deps.db, 'requested')).items.filter((r) => r.connectionId === SECOND_CONNECTION.connection.id);
    expect(request).toMatchObject({ deliveryAddress: { id: 'werf-oost', locationCode: 'WO02' }, price: { net: 7000 } });
    await page.close();
  });

  it('shows a bound login its own address without a choice, and a test connection’s banner', async () => {
    await putConnection(e2e.deps.db, { ...SECOND_CONNECTION.connection, status: 'test' });
    const bound = SECOND_CONNECTION.moreLogins![0];
    const page = await e2e.browser.newPage();
    await page.goto(await callUp(bound.username, bound.password));
    await page.waitForSelector('body[data-ready=true]');
    expect(await page.textContent('.test-banner')).toContain('Testkoppeling');
    expect(await page.$('select#delivery')).toBeNull();
    expect(await page.getAttribute('.delivery-address', 'data-delivery-address')).toBe('werf-oost');
    await page.close();
  });
});
