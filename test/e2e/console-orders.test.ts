import { randomUUID } from 'node:crypto';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { newOrderId, type PurchaseOrder } from '../../functions/orders/order';
import type { RentalRequest } from '../../functions/requests/request';
import { newOutboxMessage, type OutboxMessage } from '../../functions/mail/outbox';
import { keys } from '../../functions/store/keys';
import { recordOrder } from '../../functions/store/orders';
import { e2eStack } from '../support/browser';
import { demoConnection } from '../support/fixtures';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { fitsTheWidth, signedInConsole } from '../support/console-page';

let operator: Awaited<ReturnType<typeof signedIn>>;
const e2e = e2eStack();

beforeAll(async () => {
  operator = await signedIn(e2e.deps, await addTestStaff(e2e.deps, 'operator'));
});

/** The console signed in as `who`, `width` px wide (390: a phone), collecting the page's errors. */
const consoleAt = (who: typeof operator, width = 390) => signedInConsole(e2e.browser, who.cookie, { width, height: 850 });

/** A cXML order for `request` (or for none: unmatched) as lane A's intake records it. */
async function cxmlOrder(request: RentalRequest | undefined, overrides: Partial<PurchaseOrder> = {}): Promise<PurchaseOrder> {
  const net = request ? (request.price.net / 100).toFixed(2) : '100.00';
  const order: PurchaseOrder = {
    id: newOrderId(),
    connectionId: demoConnection.id,
    source: 'cxml',
    payloadId: `${randomUUID()}@buyer.example`,
    orderNumber: `45000${Math.floor(Math.random() * 1e5)}`,
    orderDate: new Date().toISOString().slice(0, 19) + '+01:00',
    type: 'new',
    total: { amount: net, currency: 'EUR' },
    lines: [{ lineNumber: 1, quantity: 1, supplierPartId: request?.vehicleType.sku ?? 'FF-UNKNOWN', ...(request ? { requestId: request.id } : {}) }],
    ...(request ? { requestId: request.id } : {}),
    mismatches: [],
    receivedAt: new Date().toISOString(),
    ...overrides,
  };
  const outcome = await recordOrder(e2e.deps.db, order);
  if (outcome.outcome !== 'recorded') throw new Error(`recordOrder: ${outcome.outcome}`);
  return outcome.order;
}

const A_PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');

describe('purchase orders in the console, in Chromium at 390 px', () => {
  let withOrder: RentalRequest;
  let awaiting: RentalRequest;
  let date: string;
  const hostileNumber = '<img src=x onerror="window.__xss=1">45';

  beforeAll(async () => {
    const day = 80;
    withOrder = await registerTestRequest(e2e.deps, { period: { pickup: daysAhead(day, 9), return: daysAhead(day + 2, 17) } });
    awaiting = await registerTestRequest(e2e.deps, { period: { pickup: daysAhead(day, 11), return: daysAhead(day + 2, 17) } });
    date = daysAhead(day, 9).slice(0, 10);
    // Not the request's amount: flagged as a mismatch. Its number as a hostile buyer might send it: shown as text.
    await cxmlOrder(withOrder, { orderNumber: hostileNumber, total: { amount: '1.00', currency: 'EUR' } });
  });

  it('filters the queue on "order received" and "awaiting order", the row showing the PO number and a mismatch flag', async () => {
    const { context, page, problems } = await consoleAt(operator);
    await page.goto(`${e2e.server.base}/ops#/queue?date=${date}`);
    await page.waitForSelector(`body[data-ready=true] tr[data-request-id="${awaiting.id}"]`);
    expect(await page.locator('tbody tr[data-request-id]').count()).toBe(2);

    // On a phone the filters are folded under "Filters": unfold them as a clerk would.
    if (!(await page.locator('details.queue-filters').evaluate((d) => (d as HTMLDetailsElement).open))) await page.click('details.queue-filters > summary');
    await page.selectOption('select[name=order]', 'received');
    await page.waitForSelector(`tr[data-request-id="${awaiting.id}"]`, { state: 'detached' });
    const row = page.locator(`tr[data-request-id="${withOrder.id}"]`);
    expect(await row.locator('.badge.po').textContent()).toBe(`PO ${hostileNumber}`);
    expect(await row.locator('[data-flag=mismatch]').textContent()).toBe('1 mismatch');
    expect(page.url()).toContain('order=received');
    await fitsTheWidth(page);

    await page.selectOption('select[name=order]', 'awaiting');
    await page.waitForSelector(`tr[data-request-id="${withOrder.id}"]`, { state: 'detached' });
    await page.waitForSelector(`tr[data-request-id="${awaiting.id}"]`);
    expect(await page.locator(`tr[data-request-id="${awaiting.id}"] .badge.po`).count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('shows the order on its request: PO number and date, the mismatch in words, the number as text', async () => {
    const { context, page, problems } = await consoleAt(operator);
    await page.goto(`${e2e.server.base}/ops#/requests/${withOrder.id}`);
    await page.waitForSelector('body[data-ready=true] section.order-panel .order-facts');
    const facts = page.locator('.order-facts');
    expect(await facts.locator('.order-line strong').textContent()).toBe(`Order received: PO ${hostileNumber}, ${new Date().toISOString().slice(0, 10)}`);
    expect(await facts.getAttribute('data-source')).toBe('cxml');
    const amount = facts.locator('li[data-mismatch=amount]');
    expect(await amount.textContent()).toMatch(/^Amount: the request says .+, the order says .*1\.00/);
    // Nothing of the hostile number became markup.
    expect(await page.locator('section.order-panel img').count()).toBe(0);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await fitsTheWidth(page);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('says a withdrawn order is a reason to cancel, with that reason chosen, and why Confirm waits', async () => {
    const request = await registerTestRequest(e2e.deps, { period: { pickup: daysAhead(86, 9), return: daysAhead(87, 17) } });
    const first = await cxmlOrder(request, { orderNumber: '4500055001' });
    await cxmlOrder(request, { orderNumber: first.orderNumber, type: 'delete' });
    const { context, page, problems } = await consoleAt(operator);
    await page.goto(`${e2e.server.base}/ops#/queue?date=${daysAhead(86, 9).slice(0, 10)}&order=received`);
    await page.waitForSelector(`body[data-ready=true] tr[data-request-id="${request.id}"] [data-flag=withdrawn]`);
    await page.click(`tr[data-request-id="${request.id}"] a.ref`);
    await page.waitForSelector('body[data-ready=true] .order-facts [data-withdrawn=true]');
    expect(await page.textContent('[data-withdrawn=true]')).toContain('The buyer withdrew the order: cancel the request');
    expect(await page.inputValue('form[data-form=cancel] select[name=reason]')).toBe('order-withdrawn');
    expect(await page.isDisabled('[data-action=confirm]')).toBe(true);
    expect(await page.textContent('[data-action=confirm] + .disabled-reason')).toBe('Assign a unit first.');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('records a purchase order received by e-mail with its PDF; a program named .pdf is refused next to the file field', async () => {
    const { context, page, problems } = await consoleAt(operator);
    await page.goto(`${e2e.server.base}/ops#/requests/${awaiting.id}`);
    await page.waitForSelector('body[data-ready=true] section.order-panel [data-awaiting-order=true]');
    const form = page.locator('form[data-form=order-mail]');
    await form.locator('input[name=orderNumber]').fill('4500088001');
    await form.locator('input[name=amount]').fill((awaiting.price.net / 100).toFixed(2));
    await form.locator('input[name=file]').setInputFiles({ name: 'order.pdf', mimeType: 'application/pdf', buffer: Buffer.from('MZ\x90\x00 this is a program', 'latin1') });
    await form.locator('[data-action=record-order]').click();
    const fileError = form.locator('[data-field-error=file]:not([hidden])');
    await fileError.waitFor();
    expect(await fileError.textContent()).toContain('Windows program');
    expect(await page.locator('.order-facts').count()).toBe(0);

    await form.locator('input[name=file]').setInputFiles({ name: 'PO 4500088001.pdf', mimeType: 'application/pdf', buffer: A_PDF });
    await form.locator('[data-action=record-order]').click();
    await page.waitForSelector('body[data-ready=true] .order-facts[data-order-number="4500088001"]');
    expect(await page.textContent('.order-facts .order-line')).toContain('recorded from an e-mail');
    expect(await page.locator('.order-facts [data-mismatches="0"]').count()).toBe(1);
    expect(await page.textContent('.notice.ok')).toContain('Purchase order 4500088001 recorded.');
    // The PDF link gives back the very bytes.
    const href = (await page.getAttribute('a[data-attachment=pdf]', 'href'))!;
    expect(await page.textContent('a[data-attachment=pdf]')).toBe('PO 4500088001.pdf');
    const bytes = await page.evaluate(async (url) => [...new Uint8Array(await (await fetch(url)).arrayBuffer())], href);
    expect(Buffer.from(bytes).equals(A_PDF)).toBe(true);
    await fitsTheWidth(page);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);

  it('lists an order that named no request, and attaches it to its request by reference', async () => {
    const request = await registerTestRequest(e2e.deps, { period: { pickup: daysAhead(82, 9), return: daysAhead(83, 17) } });
    const unmatched = await cxmlOrder(undefined, { orderNumber: '4500099123', total: { amount: (request.price.net / 100).toFixed(2), currency: 'EUR' } });
    const { context, page, problems } = await consoleAt(operator);
    await page.goto(`${e2e.server.base}/ops#/orders`);
    const row = page.locator(`tr[data-order-id="${unmatched.id}"]`);
    await row.waitFor();
    expect(await row.textContent()).toContain('PO 4500099123');
    // Attach waits for a reference, and says so next to the button.
    expect(await row.locator('[data-action=attach]').isDisabled()).toBe(true);
    expect(await row.locator('.disabled-reason').textContent()).toBe('Type the request reference (RQ-…).');
    await fitsTheWidth(page);
    await row.locator('input[name=requestId]').fill(request.id);
    await row.locator('[data-action=attach]').click();
    await page.waitForSelector(`.notice.ok a[href="#/requests/${request.id}"]`);
    await page.waitForSelector(`tr[data-order-id="${unmatched.id}"]`, { state: 'detached' });
    await page.click(`.notice.ok a[href="#/requests/${request.id}"]`);
    await page.waitForSelector('body[data-ready=true] .order-facts[data-order-number="4500099123"]');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});

describe('confirmations to the buyer’s system on a request, in Chromium at 390 px', () => {
  it('lists each with the buyer’s answer apart from the e-mails, and a failed one can be retried', async () => {
    const request = await registerTestRequest(e2e.deps, { period: { pickup: daysAhead(84, 9), return: daysAhead(85, 17) } });
    const order = await cxmlOrder(request, { orderNumber: '4500066001' });
    const owner = keys.request(request.id).pk;
    const confirmation = (type: 'accept' | 'reject', payloadId: string) => ({
      type,
      operation: type === 'accept' ? ('new' as const) : ('update' as const),
      payloadId,
      confirmId: order.id,
      noticeDate: new Date().toISOString(),
      order: { orderNumber: order.orderNumber, orderDate: order.orderDate, payloadId: order.payloadId! },
      connectionId: order.connectionId,
      test: false,
    });
    // As the worker leaves them: one taken by the buyer, one the buyer refused (a person must look).
    const messages: OutboxMessage[] = [
      { ...newOutboxMessage({ id: `${request.id}.2.order-confirmation`, kind: 'order-confirmation', owner, audience: 'buyer', language: 'en', requestId: request.id, confirmation: confirmation('accept', 'p1@flexfleet') }, new Date()), status: 'sent', attempts: 1, sentAt: new Date().toISOString(), buyerAnswer: { code: 200, text: 'OK', at: new Date().toISOString() } },
      { ...newOutboxMessage({ id: `${request.id}.3.order-confirmation`, kind: 'order-confirmation', owner, audience: 'buyer', language: 'en', requestId: request.id, confirmation: confirmation('reject', 'p2@flexfleet') }, new Date()), status: 'failed', attempts: 3, lastError: 'The buyer refused it: 401', buyerAnswer: { code: 401, text: 'Unauthorized: <bad secret>', at: new Date().toISOString() } },
    ];
    for (const m of messages) await e2e.deps.db.doc.send(new PutCommand({ TableName: e2e.deps.db.table, Item: { ...keys.outbox(owner, m.id), entity: 'outbox', ...m } }));

    const { context, page, problems } = await consoleAt(operator);
    await page.goto(`${e2e.server.base}/ops#/requests/${request.id}`);
    await page.waitForSelector('body[data-ready=true] table.confirmations');
    const sent = page.locator(`tr[data-confirmation="${messages[0].id}"]`);
    const failed = page.locator(`tr[data-confirmation="${messages[1].id}"]`);
    expect(await sent.locator('td[data-type]').textContent()).toBe('PO 4500066001 accepted');
    expect(await sent.locator('td[data-buyer-answer="200"]').textContent()).toContain('200 OK');
    expect(await failed.locator('td[data-type]').textContent()).toBe('PO 4500066001 rejected, updating the earlier one');
    expect(await failed.locator('td[data-buyer-answer="401"]').textContent()).toContain('401 Unauthorized: <bad secret>');
    // Confirmations are not e-mails: the e-mail table leaves them out.
    expect(await page.locator('table.mails:not(.confirmations) tr[data-outbox$="order-confirmation"]').count()).toBe(0);
    await fitsTheWidth(page);
    await failed.locator('[data-action=retry]').click();
    await page.waitForSelector('.notice.ok');
    expect(await page.textContent('.notice.ok')).toContain('Queued again');
    await page.waitForSelector(`tr[data-confirmation="${messages[1].id}"][data-status=pending]`);
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});

describe('the cXML part of the connection form, in Chromium at 390 px', () => {
  it('saves the buyer credential, our credential, Extrinsic names and confirmation URL; shows the set-up and order secrets once; stores the confirmation secret unseen', async () => {
    const admin = await signedIn(e2e.deps, await addTestStaff(e2e.deps, 'admin'));
    const { context, page, problems } = await consoleAt(admin);
    await page.goto(`${e2e.server.base}/ops#/connections/utrecht-visma/edit`);
    await page.waitForSelector('body[data-ready=true] #f-cxml-domain');
    // Its order channel is not cXML yet: the order secret waits, and says why.
    expect(await page.isDisabled('[data-action=order-secret]')).toBe(true);
    expect(await page.textContent('[data-reason-for=order-secret]')).toBe('Choose cXML orders and save first.');
    await page.fill('#f-cxml-domain', 'NetworkID');
    await page.fill('#f-cxml-identity', 'utrecht-coupa');
    await page.fill('#f-cxml-supplier-domain', 'DUNS');
    await page.fill('#f-cxml-supplier-identity', '123456789');
    await page.fill('#f-cxml-extrinsic-email', 'UserEmail, RequesterEmail');
    await page.selectOption('#f-orderKind', 'cxml');
    await fitsTheWidth(page);
    await page.click('[data-action=save]');
    await page.waitForSelector('body[data-ready=true] section.connection-detail');

    await page.goto(`${e2e.server.base}/ops#/connections/utrecht-visma/edit`);
    await page.waitForSelector('body[data-ready=true] #f-cxml-domain');
    expect(await page.inputValue('#f-cxml-identity')).toBe('utrecht-coupa');
    expect(await page.inputValue('#f-cxml-supplier-identity')).toBe('123456789');
    expect(await page.inputValue('#f-cxml-extrinsic-email')).toBe('UserEmail, RequesterEmail');
    expect(await page.isDisabled('[data-action=order-secret]')).toBe(false);
    await page.click('[data-action=order-secret]');
    const secret = (await page.locator('.cxml-part [data-shared-secret]').textContent())!;
    expect(secret.length).toBeGreaterThanOrEqual(32);
    await page.click('[data-action=cxml-secret]');
    await page.waitForFunction((old) => document.querySelector('.cxml-part [data-shared-secret]')?.textContent !== old, secret);
    const setupSecret = (await page.locator('.cxml-part [data-shared-secret]').textContent())!;
    expect(setupSecret.length).toBeGreaterThanOrEqual(32);
    // The secrets saved the connection: saving the form afterwards is not taken for someone else's change.
    await page.fill('#f-cxml-supplier-identity', '987654321');
    await page.fill('#f-cxmlConfirmationUrl', 'https://utrecht.example/cxml/confirmations');
    await page.click('[data-action=save]');
    await page.waitForSelector('body[data-ready=true] section.connection-detail');
    expect(await page.textContent('body')).not.toContain(secret);

    // The buyer's confirmation secret: entered once, stored, never shown back.
    await page.goto(`${e2e.server.base}/ops#/connections/utrecht-visma/edit`);
    await page.waitForSelector('body[data-ready=true] #f-cxml-domain');
    expect(await page.inputValue('#f-cxmlConfirmationUrl')).toBe('https://utrecht.example/cxml/confirmations');
    expect(await page.inputValue('#f-cxml-supplier-identity')).toBe('987654321');
    expect(await page.getAttribute('[data-confirmation-secret-set]', 'data-confirmation-secret-set')).toBe('false');
    await page.fill('input[name=cxmlConfirmationSecret]', 'buyer-given-secret-42');
    await page.click('[data-action=confirmation-secret]');
    await page.waitForSelector('[data-confirmation-secret-set=true]');
    expect(await page.inputValue('input[name=cxmlConfirmationSecret]')).toBe('');
    await page.reload();
    await page.waitForSelector('body[data-ready=true] [data-confirmation-secret-set=true]');
    expect(await page.content()).not.toContain('buyer-given-secret-42');
    expect(problems).toEqual([]);
    await context.close();
  }, 60_000);
});
