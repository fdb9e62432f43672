import type { BrowserContext, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { e2eStack } from '../support/browser';
import { addTestStaff, eventually, mailsIn } from '../support/ops';
import { daysAhead } from '../support/punchout';

const e2e = e2eStack({ mailWorker: true });

/**
 * Sign in as a member does: a link from the local SES mailbox, then the button. Each test signs in a
 * new admin: one address gets one link per 30 seconds.
 */
async function signIn(context: BrowserContext, email = ''): Promise<Page> {
  email ||= await addTestStaff(e2e.deps, 'admin');
  const page = await context.newPage();
  await page.goto(`${e2e.server.base}/ops`);
  await page.fill('input[name=email]', email);
  await page.click('button[type=submit]');
  await page.waitForSelector('#link-sent');
  const [mail] = await eventually('the sign-in e-mail', () => mailsIn((m) => m.destination.to.join().includes(email)), (m) => m.length > 0);
  await page.goto(/https?:\/\/\S+\/ops\/welcome#token=[A-Za-z0-9_-]+/.exec(mail.body.text!)![0]);
  await page.click('#sign-in');
  await page.waitForURL(`${e2e.server.base}/ops`);
  return page;
}

/** The cart as the test procurement page shows it: field name → value. */
async function receivedCart(page: Page): Promise<Record<string, string>> {
  await page.waitForSelector('#cart-fields');
  const rows = await page.$$eval('#cart-fields tbody tr', (trs) => trs.map((tr) => [tr.getAttribute('data-field')!, tr.querySelector('td.value')!.textContent!] as [string, string]));
  return Object.fromEntries(rows);
}

describe('onboarding a second customer from the console alone, in Chromium', () => {
  it('the admin creates a connection with a delivery address and a contract rate, hands over the sheet, and the first round trip ticks the checklist', { timeout: 120_000 }, async () => {
    const context = await e2e.browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] });
    const ops = await signIn(context);

    // Create the connection: organisation, one delivery address, cart coding, a rate card for the compact.
    await ops.click('nav a[href="#/connections"]');
    await ops.click('[data-action=new-connection]');
    await ops.fill('#f-id', 'bouw-noord');
    await ops.fill('#f-name', 'Bouwbedrijf Noord');
    await ops.fill('#f-contactName', 'Karin Inkoop');
    await ops.fill('#f-contactEmail', 'inkoop@bouw-noord.example');
    await ops.click('[data-action=add-address]');
    const address = ops.locator('tr[data-row=address]');
    await address.locator('input[name=id]').fill('groningen');
    await address.locator('input[name=label]').fill('Werf Groningen');
    await address.locator('input[name=address]').fill('Kadeweg 7, 9712 AB Groningen');
    await address.locator('input[name=locationCode]').fill('GRN-07');
    await address.locator('input[name=customerNumber]').fill('K-5521');
    await ops.fill('#f-hookAllowlist', 'https://srm.bouw-noord.example/sap/bc/srm/');
    await ops.check('#f-allowLoopbackHooks');
    await ops.fill('#f-vendorNumber', '700123');
    await ops.selectOption('#f-deliveryCustField', '3');
    await ops.click('[data-action=add-rate]');
    const rate = ops.locator('tr[data-row=rate]');
    await rate.locator('select[name=kind]').selectOption('card');
    await rate.locator('select[name=vehicleTypeId]').selectOption('compact-polo');
    await rate.locator('input[name=day]').fill('30.00');
    await rate.locator('input[name=week]').fill('150.00');
    await rate.locator('input[name=month]').fill('500.00');
    await ops.click('[data-action=save]');
    await ops.waitForSelector('body[data-ready=true] section.connection-detail[data-status=test]');
    expect(await ops.textContent('[data-contract-rates]')).toContain('rate card for compact-polo');
    expect(await ops.getAttribute('li[data-step=callup]', 'data-done')).toBe('false');

    // A login bound to the delivery address: its password is shown once.
    await ops.selectOption('select[name=deliveryAddressId]', 'groningen');
    await ops.click('[data-action=create-login]');
    const shown = ops.locator('.one-time[data-username]');
    await shown.waitFor();
    const username = (await shown.getAttribute('data-username'))!;
    const password = (await ops.textContent('.one-time code[data-password]'))!;
    expect(password.length).toBeGreaterThanOrEqual(20);
    expect(await shown.textContent()).toContain('not shown again');
    await ops.click('[data-action=copy-password]');
    expect(await ops.evaluate(() => navigator.clipboard.readText())).toBe(password);

    // The sheet, opened with the fresh password in its fragment: filled in, then gone from the address bar.
    const [sheet] = await Promise.all([context.waitForEvent('page'), ops.click('[data-action=sheet-with-password]')]);
    await sheet.waitForSelector(`#logins tr[data-username="${username}"] .once`);
    expect(await sheet.textContent(`#logins tr[data-username="${username}"] .once`)).toBe(password);
    expect(new URL(sheet.url()).hash).toBe('');
    expect(await sheet.textContent('#punchout-url')).toBe(`${e2e.server.base}/punchout/oci`);
    expect(await sheet.textContent('#addresses')).toContain('GRN-07');
    expect(await sheet.textContent('#logins')).toContain('Werf Groningen');
    await sheet.reload();
    expect(await sheet.locator('.once').count()).toBe(0);
    await sheet.close();

    // The test procurement page punches out with the new login.
    const buyer = await context.newPage();
    await buyer.goto(`${e2e.server.base}/buyer`);
    await buyer.selectOption('#connection', 'bouw-noord');
    await buyer.fill('input[name=username]', username);
    await buyer.fill('input[name=password]', password);
    await buyer.check('input[name=mode][value=window]');
    const [catalog] = await Promise.all([buyer.waitForEvent('popup'), buyer.click('button[type=submit]')]);
    await catalog.waitForSelector('body[data-ready=true]');
    expect(await catalog.locator('[data-test-mode=true]').count()).toBe(1);
    await catalog.fill('input[name=pickup]', daysAhead(15, 9));
    await catalog.fill('input[name=return]', daysAhead(17, 9));
    const polo = 'article.vehicle[data-vehicle-type="compact-polo"]';
    await catalog.waitForSelector(`body[data-ready=true] ${polo} button[data-action=request]:not([disabled])`);
    // The contract price: two days at the card's €30.00 a day.
    expect(await catalog.textContent(`${polo} .price-net`)).toContain('60.00');
    expect(await catalog.locator(`${polo} .price-contract`).count()).toBe(1);
    await catalog.click(`${polo} button[data-action=request]`);
    await catalog.click('section#review button[data-action=send]');
    await catalog.waitForURL(`${e2e.server.base}/buyer/hook`);
    const cart = await receivedCart(catalog);
    expect(cart['NEW_ITEM-CUST_FIELD3[1]']).toBe('GRN-07');
    expect(cart['NEW_ITEM-VENDOR[1]']).toBe('700123');
    expect(cart['NEW_ITEM-PRICE[1]']).toBe('60.000');
    expect(cart['NEW_ITEM-LONGTEXT_1:132[]']).toContain('TEST');
    const requestId = cart['NEW_ITEM-EXT_QUOTE_ID[1]'];

    // The console: the request is a test, and the checklist has ticked call-up and cart.
    await ops.reload();
    await ops.waitForSelector('body[data-ready=true] li[data-step=cart][data-done=true]');
    expect(await ops.getAttribute('li[data-step=callup]', 'data-done')).toBe('true');
    expect(await ops.textContent('li[data-step=order]')).toContain('no order yet');
    expect(await ops.getAttribute('li[data-step=cart] a', 'href')).toBe(`#/requests/${requestId}`);
    await ops.click('li[data-step=cart] a');
    await ops.waitForSelector('body[data-ready=true] section.detail');
    expect((await ops.textContent('section.detail'))!.toLowerCase()).toContain('test');
    await context.close();
  });

  it('shows an allowlist refusal from the test procurement page, and support finds it in the health view and the payload log', { timeout: 90_000 }, async () => {
    const buyer = await e2e.browser.newPage();
    await buyer.goto(`${e2e.server.base}/buyer`);
    await buyer.selectOption('#connection', 'utrecht-visma');
    // Spend Cloud's field names, its required project code, and its demo login prefilled.
    expect(await buyer.inputValue('input[name=username]')).toBe('utrecht-visma');
    expect(await buyer.inputValue('input[name=password]')).not.toBe('');
    expect(await buyer.locator('input[name=fname]').count()).toBe(1);
    await buyer.fill('input[name=projectcode]', 'PRJ-2026-88');
    await buyer.check('input[name=mode][value=window]');
    const [refused] = await Promise.all([buyer.waitForEvent('popup'), buyer.click('button[type=submit]')]);
    await refused.waitForSelector('[role=alert]');
    expect(await refused.textContent('[role=alert]')).toContain('HOOK_URL');
    await buyer.close();

    const context = await e2e.browser.newContext();
    const ops = await signIn(context);
    await ops.goto(`${e2e.server.base}/ops#/connections/utrecht-visma`);
    await ops.waitForSelector('body[data-ready=true] section.connection-detail');
    await ops.waitForSelector('tr[data-reason=hook-not-allowed] td.num');
    expect(await ops.textContent('tr[data-reason=hook-not-allowed] td.num')).toBe('1');
    expect(await ops.textContent('[data-health=accepted-callup]')).toContain('none yet');
    expect(await ops.textContent('[data-health=order]')).toContain('no order yet');
    await ops.fill('input[name=q]', 'PRJ-2026-88');
    await ops.click('form.payload-search button[type=submit]');
    await ops.waitForSelector('form.payload-search[data-searched=true]');
    const entry = ops.locator('li.payload[data-kind=callup]');
    expect(await entry.count()).toBe(1);
    const summary = entry.locator(':scope > details > summary');
    await summary.click();
    // Readable: the parameters as a table; the raw payload one click further.
    expect(await entry.locator('.payload-table tr', { hasText: 'projectcode' }).locator('td').textContent()).toBe('PRJ-2026-88');
    await entry.locator('details.payload-raw > summary').click();
    const raw = (await entry.locator('details.payload-raw pre').textContent())!;
    expect(JSON.parse(raw).params).toContainEqual(['projectcode', 'PRJ-2026-88']);
    expect(raw).not.toContain('utrecht-secret');
    expect(await summary.textContent()).toContain('403');
    await context.close();
  });

  it('refuses an edit from a stale page with a reload message, and the audit lists the one change old → new', { timeout: 90_000 }, async () => {
    const context = await e2e.browser.newContext();
    const first = await signIn(context);
    const second = await context.newPage();
    for (const page of [first, second]) {
      await page.goto(`${e2e.server.base}/ops#/connections/utrecht-visma/edit`);
      await page.waitForSelector('#f-name');
    }
    await first.fill('#f-name', 'Gemeente Utrecht (inkoop)');
    await first.click('[data-action=save]');
    await first.waitForSelector('body[data-ready=true] section.connection-detail');
    // Saved through the whole form: only the name changed.
    const edit = first.locator('.audit li[data-action=edit]').first();
    expect(await edit.locator('ul > li').count()).toBe(1);
    expect(await edit.textContent()).toContain('name: Gemeente Utrecht → Gemeente Utrecht (inkoop)');

    await second.fill('#f-vatPercent', '9');
    await second.click('[data-action=save]');
    const conflict = second.locator('[role=alert][data-conflict=true]');
    await conflict.waitFor();
    expect(await conflict.textContent()).toContain('Someone else changed this connection');
    await second.click('[data-action=reload]');
    await second.waitForFunction(() => (document.querySelector('#f-name') as HTMLInputElement | null)?.value === 'Gemeente Utrecht (inkoop)');
    await context.close();
  });

  it('switches test mode, disables and enables, and rotates a login with its new password shown once, each in the audit', { timeout: 90_000 }, async () => {
    const context = await e2e.browser.newContext();
    const ops = await signIn(context);
    ops.on('dialog', (dialog) => void dialog.accept());
    await ops.goto(`${e2e.server.base}/ops#/connections/utrecht-visma`);
    const detail = (attrs: string) => ops.waitForSelector(`body[data-ready=true] section.connection-detail${attrs}`);
    await detail('[data-status=live]');
    await ops.click('[data-action=back-to-test]');
    await detail('[data-status=test]');
    await ops.click('[data-action=go-live]');
    await detail('[data-status=live]');
    await ops.click('[data-action=disable]');
    await detail('[data-active=false]');
    await ops.click('[data-action=enable]');
    await detail('[data-active=true]');

    const row = ops.locator('tr[data-username=utrecht-visma]');
    await row.locator('input[name=overlapHours]').fill('2');
    await row.locator('[data-action=rotate]').click();
    await ops.waitForSelector('.one-time[data-username=utrecht-visma] code[data-password]');
    const password = (await ops.textContent('.one-time code[data-password]'))!;
    expect(password).not.toBe('utrecht-secret');
    await ops.waitForSelector('body[data-ready=true] .audit li[data-action=login-rotate]');
    const actions = await ops.$$eval('.audit > ol > li', (lis) => lis.map((li) => li.getAttribute('data-action')));
    expect(actions.slice(0, 5)).toEqual(['login-rotate', 'enable', 'disable', 'go-live', 'back-to-test']);
    expect(await ops.textContent('.audit li[data-action=disable]')).toContain('active: true → false');
    expect(await ops.textContent('.audit')).not.toContain(password);
    // Shown once: a reload of the page does not show it again.
    await ops.reload();
    await detail('');
    expect(await ops.locator('.one-time').count()).toBe(0);
    await context.close();
  });
});
