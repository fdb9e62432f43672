import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { launchBrowser } from '../support/browser';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack, startServer } from '../support/stack';
import { signedInConsole } from '../support/console-page';

let deps: AppDeps;
let server: { base: string; stop(): Promise<void> };
let browser: Browser;
let admin: Awaited<ReturnType<typeof signedIn>>;

/** A connection whose audit holds long values: a long address, many HOOK_URL prefixes, a long unbroken id. */
const LONG_ID = 'regionale-uitvoeringsdienst-noordoost-brabant-inkoop-afdeling-01';
const longConnection = {
  id: LONG_ID,
  name: 'Regionale Uitvoeringsdienst Noordoost-Brabant',
  organisation: { contactEmail: 'inkoop.administratie.regionale.uitvoeringsdienst@rud-noordoost-brabant.example', language: 'nl', billing: { xmlInvoices: false } },
  deliveryAddresses: [
    { id: 'hoofdkantoor-s-hertogenbosch', label: 'Hoofdkantoor', address: 'Pettelaarpark 120, 5216 PT ’s-Hertogenbosch, Nederland (ingang aan de achterzijde, melden bij de receptie)', locationCode: 'SHB-HQ-0001' },
  ],
  callUpParams: { username: ['username'], password: ['password'], email: ['oci_usermail'], fullName: ['oci_userfullname'], firstName: [], lastName: [], language: ['language'] },
  extraFields: [],
  hookAllowlist: Array.from({ length: 6 }, (_, i) => `https://srm-${i}.rud-noordoost-brabant.example/sap/bc/srm/punchout/hook/receive/`),
  allowLoopbackHooks: false,
  buyerOrigins: [],
  cart: { unit: 'EA', categories: {} },
  orderChannel: { kind: 'none' },
  currency: 'EUR',
  vatPercent: 21,
  contractRates: [],
  defaultLanguage: 'nl',
};

beforeAll(async () => {
  deps = await seededStack();
  server = await startServer(deps);
  browser = await launchBrowser();
  admin = await signedIn(deps, await addTestStaff(deps, 'admin'));
  await registerTestRequest(deps, { period: { pickup: daysAhead(10, 9), return: daysAhead(12, 17) } });
  const made = await fetch(`${server.base}/ops/api/admin/connections`, { method: 'POST', headers: admin.headers, body: JSON.stringify(longConnection) });
  if (!made.ok) throw new Error(`creating the connection: ${made.status} ${await made.text()}`);
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const consoleAt = (width: number, height: number) => signedInConsole(browser, admin.cookie, { width, height }, { consoleMessages: true });

/** How wide the page is against the window: wider means the page scrolls sideways. */
async function widthAt(page: Page, hash: string, ready: string): Promise<{ hash: string; scrollWidth: number; innerWidth: number }> {
  await page.goto(`${server.base}/ops#${hash}`);
  await page.waitForSelector(`body[data-ready=true] ${ready}`);
  return page.evaluate((hash) => ({ hash, scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }), hash);
}

describe('the console on a phone and with long values, in Chromium', () => {
  it('fits a 390 px wide phone without sideways scrolling: queue, connections, a connection, its edit form and the fleet', async () => {
    const { context, page, problems } = await consoleAt(390, 850);
    const pages = [
      await widthAt(page, '/queue', '.queue-table tbody tr'),
      await widthAt(page, '/connections', `tr[data-connection-id="${LONG_ID}"]`),
      await widthAt(page, `/connections/${LONG_ID}`, 'section.connection-detail .audit li[data-action=create]'),
      await widthAt(page, '/connections/utrecht-visma', 'section.connection-detail'),
      await widthAt(page, `/connections/${LONG_ID}/edit`, '#f-name'),
      await widthAt(page, '/connections/new', '#f-id'),
      await widthAt(page, '/fleet', 'tr[data-plate]'),
    ];
    // The sheet the admin sends, as the buyer's administrator may open it on a phone.
    for (const id of [LONG_ID, 'utrecht-visma']) {
      await page.goto(`${server.base}/ops/admin/connections/${id}/sheet?lang=nl`);
      await page.waitForSelector('main.sheet');
      pages.push(await page.evaluate((hash) => ({ hash, scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }), `sheet ${id}`));
    }
    expect(pages.filter((p) => p.scrollWidth > p.innerWidth)).toEqual([]);
    // The id field's pattern compiles (browsers use the v flag) and refuses capitals, as the server does.
    expect(problems.filter((p) => p.includes('pattern'))).toEqual([]);
    await page.goto(`${server.base}/ops#/connections/new`);
    await page.waitForSelector('body[data-ready=true] #f-id');
    await page.fill('#f-id', 'Bouw-Noord');
    expect(await page.$eval('#f-id', (el) => (el as HTMLInputElement).validity.patternMismatch)).toBe(true);
    await page.fill('#f-id', 'bouw-noord.2');
    expect(await page.$eval('#f-id', (el) => (el as HTMLInputElement).validity.patternMismatch)).toBe(false);
    await context.close();
  }, 60_000);

  it('wraps a long audit entry at 1280 px and shows its values readably, the long ones folded', async () => {
    const { context, page } = await consoleAt(1280, 900);
    const measured = await widthAt(page, `/connections/${LONG_ID}`, '.audit li[data-action=create]');
    expect(measured.scrollWidth).toBeLessThanOrEqual(measured.innerWidth);
    const create = page.locator('.audit li[data-action=create]');
    expect(await create.textContent()).not.toContain('…');
    // Short values inline; a long list folded in a <details> that opens to the whole value.
    expect(await create.locator('li[data-field=name]').textContent()).toContain('Regionale Uitvoeringsdienst Noordoost-Brabant');
    const hooks = create.locator('li[data-field=hookAllowlist] details');
    expect(await hooks.count()).toBe(1);
    await hooks.locator('summary').click();
    expect(await hooks.textContent()).toContain('https://srm-5.rud-noordoost-brabant.example/sap/bc/srm/punchout/hook/receive/');
    expect(await hooks.locator('pre').evaluate((el) => el.scrollWidth <= el.clientWidth)).toBe(true);
    await context.close();
  }, 60_000);

  it('says until when the old password works after a rotation, and drops "saved" from the address once shown', async () => {
    const { context, page } = await consoleAt(1280, 900);
    await page.goto(`${server.base}/ops#/connections/utrecht-visma`);
    await page.waitForSelector('body[data-ready=true] section.connection-detail tr[data-username=utrecht-visma]');
    const row = page.locator('tr[data-username=utrecht-visma]');
    await row.locator('input[name=overlapHours]').fill('2');
    await row.locator('[data-action=rotate]').click();
    const shown = page.locator('.one-time[data-username=utrecht-visma]');
    await shown.waitFor();
    const until = await shown.locator('[data-previous-valid-until]').getAttribute('data-previous-valid-until');
    expect(Math.abs(Date.parse(until!) - (Date.now() + 2 * 3600_000))).toBeLessThan(120_000);
    expect(await shown.textContent()).toMatch(/The old password works until \d/);

    await page.goto(`${server.base}/ops#/connections/utrecht-visma/edit`);
    await page.waitForSelector('#f-name');
    await page.fill('#f-vatPercent', '9');
    await page.click('[data-action=save]');
    await page.waitForSelector('body[data-ready=true] section.connection-detail');
    expect(await page.textContent('.connection-detail .notice.ok')).toBe('Saved.');
    await page.waitForFunction(() => !location.hash.includes('saved'));
    await page.reload();
    await page.waitForSelector('body[data-ready=true] section.connection-detail');
    expect(await page.locator('.connection-detail .notice.ok').count()).toBe(0);
    await context.close();
  }, 60_000);

  it('shows a refused nested field next to that field, with its full path in the message', async () => {
    const { context, page } = await consoleAt(390, 850);
    await page.goto(`${server.base}/ops#/connections/new`);
    await page.waitForSelector('body[data-ready=true] #f-id');
    await page.fill('#f-id', 'veld-fouten');
    await page.fill('#f-name', 'Veld Fouten BV');
    await page.fill('#f-contactEmail', 'inkoop@veld-fouten.example');
    await page.fill('#f-invoiceEmail', 'not-an-address');
    await page.click('[data-action=save]');
    const alert = page.locator('.connection-form > [role=alert]:not([hidden])');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('organisation.billing.invoiceEmail');
    await page.locator('.form-field:has(#f-invoiceEmail) .field-error').waitFor();
    expect(await page.getAttribute('#f-invoiceEmail', 'aria-invalid')).toBe('true');

    // In a row: the cell of the second delivery address's id.
    await page.fill('#f-invoiceEmail', '');
    for (const id of ['werf-1', 'Werf 2!']) {
      await page.click('[data-action=add-address]');
      const row = page.locator('tr[data-row=address]').last();
      await row.locator('input[name=id]').fill(id);
      await row.locator('input[name=label]').fill('Werf');
      await row.locator('input[name=address]').fill('Kade 1, Groningen');
      await row.locator('input[name=locationCode]').fill('GRN-01');
    }
    await page.click('[data-action=save]');
    await page.waitForFunction(() => document.querySelector('.connection-form > [role=alert]')?.textContent?.includes('deliveryAddresses.1.id'));
    await page.locator('tr[data-row=address]').nth(1).locator('.field-error').waitFor();
    expect(await page.locator('.field-error').count()).toBe(1);
    const measured = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    expect(measured.scrollWidth).toBeLessThanOrEqual(measured.innerWidth);
    await context.close();
  }, 60_000);
});
