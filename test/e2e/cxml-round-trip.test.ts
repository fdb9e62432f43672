import type { Browser, Frame, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import type { StreamPoller } from '../../functions/local/stream-poller';
import { getConnection, putConnection } from '../../functions/store/connections';
import { launchBrowser } from '../support/browser';
import { addTestStaff, eventually, signedIn, startMailWorker } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack, startServer } from '../support/stack';

let deps: AppDeps;
let server: { base: string; stop(): Promise<void> };
let worker: StreamPoller;
let browser: Browser;

beforeAll(async () => {
  deps = await seededStack();
  server = await startServer(deps);
  // The demo's confirmations go to the test procurement page of this server (npm start does this by its port).
  const acme = (await getConnection(deps.db, 'acme-demo'))!;
  if (acme.orderChannel.kind !== 'cxml') throw new Error('the demo connection has no cXML order channel');
  await putConnection(deps.db, { ...acme, orderChannel: { ...acme.orderChannel, confirmationUrl: `${server.base}/buyer/cxml/confirmations` } });
  worker = startMailWorker(deps);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await server?.stop();
});

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

describe('cXML round trip in Chromium', () => {
  it('the cXML test buyer sets up, the cart comes back checked, the PO is accepted, the console confirms and the buyer receives the accept', { timeout: 120_000 }, async () => {
    // 1. The test buyer in cXML mode: set-up sent by its server, the catalog in the frame.
    const buyer = await browser.newPage();
    await buyer.goto(`${server.base}/buyer?protocol=cxml`);
    expect(await buyer.isVisible('form.cxml-setup')).toBe(true);
    expect(await buyer.isVisible('form.callup:not(.cxml-setup)')).toBe(false);
    expect(await buyer.inputValue('#cxml-secret')).toBe('demo-secret');
    await buyer.fill('input[name="extrinsic:oci_costcenter"]', 'CC-1042');
    await buyer.click('form.cxml-setup button[type=submit]');
    await buyer.frameLocator('iframe[name=punchout-frame]').locator('body[data-ready=true]').waitFor();
    const catalog = buyer.frame({ name: 'punchout-frame' })!;
    expect(await catalog.textContent('body')).toContain('Jane Doe');

    // 2. Transfer: the PunchOutOrderMessage replaces the buyer page (target _top), decoded with no warnings.
    await requestVehicle(catalog, 'estate-octavia', daysAhead(26), daysAhead(29));
    await buyer.waitForURL(`${server.base}/buyer/cxml/cart`);
    expect(await buyer.getAttribute('#cart-summary', 'data-warnings')).toBe('0');
    expect(await buyer.textContent('[data-fact=cookieEchoed]')).toBe('yes, as sent in the set-up');
    const requestId = (await buyer.getAttribute('#cart-items tbody tr', 'data-request'))!;
    expect(requestId).toMatch(/^RQ-\d{6}-[0-9A-Z]{6}$/);
    const poNumber = await buyer.inputValue('input[name=orderNumber]');

    // 3. The purchase order after "approval": Status 200 with our reference, within 5 seconds.
    const started = Date.now();
    await buyer.click('#send-order');
    await buyer.waitForSelector('#status[data-code]');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(await buyer.getAttribute('#status', 'data-code')).toBe('200');
    expect(await buyer.textContent('#status')).toMatch(new RegExp(`recorded as PO-\\d{6}-[0-9A-Z]{6} for request ${requestId}`));

    // 4. The console shows the order on the request; the operator assigns a unit and confirms.
    const operator = await addTestStaff(deps, 'operator');
    const { cookie } = await signedIn(deps, operator);
    const context = await browser.newContext();
    // A console session made in the store: the sign-in by e-mailed link is test/e2e/operations.test.ts's subject.
    await context.addCookies([{ name: '__Host-ff_ops', value: cookie.split('=')[1]!, domain: '127.0.0.1', path: '/', secure: true, httpOnly: true, sameSite: 'Strict' }]);
    const console_ = await context.newPage();
    await console_.goto(`${server.base}/ops#/requests/${requestId}`);
    await console_.waitForSelector(`body[data-ready=true] section.order-panel[data-order="${poNumber}"]`);
    expect(await console_.textContent('section.order-panel')).toContain(poNumber);
    expect(await console_.getAttribute('section.order-panel [data-mismatches]', 'data-mismatches')).toBe('0');
    const plate = (await console_.getAttribute('button.unit.free', 'data-plate'))!;
    await console_.click(`button.unit[data-plate="${plate}"]`);
    await console_.waitForSelector(`body[data-ready=true] button.unit.assigned[data-plate="${plate}"]`);
    await console_.click('button[data-action=confirm]');
    await console_.waitForSelector('body[data-ready=true] section.detail[data-status=confirmed]');

    // 5. The ConfirmationRequest (accept) reaches the test buyer once, for this PO.
    await eventually(
      'the accept ConfirmationRequest at the test buyer',
      async () => {
        await buyer.goto(`${server.base}/buyer/cxml/confirmations`);
        return buyer.locator(`#confirmations tr[data-type=accept][data-order="${poNumber}"]`).count();
      },
      (n) => n === 1,
      30_000,
    );
    expect(await buyer.getAttribute(`#confirmations tr[data-order="${poNumber}"]`, 'data-copies')).toBe('1');
    expect(await buyer.textContent(`#confirmations tr[data-order="${poNumber}"]`)).toContain('checked');
    await context.close();
    await buyer.close();
  });
});
