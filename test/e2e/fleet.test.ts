import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import type { RequestDetail } from '../../functions/operations/api';
import { launchBrowser } from '../support/browser';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack, startServer } from '../support/stack';

let deps: AppDeps;
let server: { base: string; stop(): Promise<void> };
let browser: Browser;
let admin: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  deps = await seededStack();
  server = await startServer(deps);
  browser = await launchBrowser();
  admin = await signedIn(deps, await addTestStaff(deps, 'admin'));
});

afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

const api = (path: string, body?: unknown) =>
  fetch(`${server.base}/ops/api${path}`, { method: body ? 'POST' : 'GET', headers: admin.headers, ...(body ? { body: JSON.stringify(body) } : {}) });

describe('fleet administration in Chromium', () => {
  it('an admin takes a unit out of service over a confirmed reservation: the console lists it, and only the explicit choice saves the window', async () => {
    const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === 'suv-xc90' && u.locationId === 'ams-sloterdijk')!.plate;
    const request = await registerTestRequest(deps, { vehicleTypeId: 'suv-xc90', period: { pickup: daysAhead(15, 9), return: daysAhead(17, 17) }, capacity: 1 });
    expect((await api(`/requests/${request.id}/assignment`, { plate, version: 0 })).status).toBe(200);
    const assigned = ((await (await api(`/requests/${request.id}`)).json()) as RequestDetail).request;
    expect((await api(`/requests/${request.id}/confirm`, { version: assigned.version })).status).toBe(200);

    const context = await browser.newContext();
    await context.addCookies([{ name: '__Host-ff_ops', value: admin.cookie.split('=')[1], domain: '127.0.0.1', path: '/', secure: true, httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    await page.goto(`${server.base}/ops#/fleet`);
    await page.waitForSelector(`body[data-ready=true] tr[data-plate="${plate}"]`);
    await page.click(`tr[data-plate="${plate}"] a.ref`);
    await page.fill('input[name=from]', daysAhead(16, 8));
    await page.fill('input[name=to]', daysAhead(16, 17));
    await page.fill('input[name=reason]', 'Windscreen');
    await page.click('button:has-text("Take out of service")');

    const alert = page.locator('[role=alert]');
    await alert.waitFor();
    expect(await alert.textContent()).toContain(request.id);
    // Plain words for the desk, not the API's field names.
    expect(await alert.textContent()).toContain('This reservation would lose its vehicle. Nothing was changed yet.');
    expect(await alert.textContent()).not.toMatch(/confirm: true|action: "keep"/);
    expect(await page.textContent(`tr[data-plate="${plate}"]`)).not.toContain('Windscreen');

    await page.click('button:has-text("Keep them and reassign later")');
    await page.waitForSelector(`tr[data-plate="${plate}"] >> text=Windscreen`);
    const after = ((await (await api(`/requests/${request.id}`)).json()) as RequestDetail).request;
    expect(after).toMatchObject({ status: 'confirmed', assignment: { plate } });
    await context.close();
  }, 60_000);
});
