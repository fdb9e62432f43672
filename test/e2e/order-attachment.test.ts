import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { plainAmount } from '../../functions/format/money';
import type { PurchaseOrder } from '../../functions/orders/order';
import { e2eStack } from '../support/browser';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';

/**
 * An e-mailed purchase order's PDF, opened from the console in Chromium: saved as a file with its
 * name, byte for byte, never shown in the browser (where a PDF with script, or a file that is not
 * what it claims, would run with the console's origin).
 */

const e2e = e2eStack();

describe('the PDF of an e-mailed purchase order in the browser', () => {
  it('is downloaded under its name, byte for byte, and not rendered', { timeout: 60_000 }, async () => {
    const { cookie, csrf } = await signedIn(e2e.deps, await addTestStaff(e2e.deps, 'operator'));
    const request = await registerTestRequest(e2e.deps, { period: { pickup: daysAhead(30, 9), return: daysAhead(31, 17) } });
    // A PDF whose text would be a page if a browser ever sniffed it as HTML.
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n<html><body id="rendered"><script>document.title="ran"</script>'), randomBytes(100_000), Buffer.from('\n%%EOF\n')]);
    const form = new FormData();
    for (const [name, value] of Object.entries({ orderNumber: '4500011111', orderDate: new Date().toISOString().slice(0, 10), amount: plainAmount(request.price.net), version: '0' })) form.append(name, value);
    form.append('file', new Blob([bytes], { type: 'application/pdf' }), 'PO 4500011111 Müller.pdf');
    const upload = await fetch(`${e2e.server.base}/ops/api/requests/${request.id}/order`, { method: 'POST', headers: { cookie, 'x-csrf-token': csrf, origin: e2e.server.base }, body: form });
    expect(upload.status).toBe(201);
    const { order } = (await upload.json()) as { order: PurchaseOrder };

    const context = await e2e.browser.newContext({ acceptDownloads: true });
    await context.addCookies([{ name: '__Host-ff_ops', value: cookie.split('=')[1], domain: '127.0.0.1', path: '/', secure: true, httpOnly: true, sameSite: 'Strict' }]);
    const page = await context.newPage();
    const [download] = await Promise.all([page.waitForEvent('download'), page.goto(`${e2e.server.base}/ops/api/orders/${order.id}/attachment`).catch(() => undefined)]);
    expect(download.suggestedFilename()).toBe('PO 4500011111 Müller.pdf');
    expect((await readFile((await download.path())!)).equals(bytes)).toBe(true);
    expect(await page.title()).not.toBe('ran');
    expect(await page.locator('#rendered').count()).toBe(0);
    await context.close();
  });
});
