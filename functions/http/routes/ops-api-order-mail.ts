import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { CONTROL_MESSAGE, hasControlCharacters } from '../../format/characters';
import { log } from '../../log';
import type { OpsRefusal } from '../../operations/api';
import { newOrderId, ORDER_ID, type PurchaseOrder } from '../../orders/order';
import { attachmentDisposition, ORDER_NUMBER_MAX, ORDER_PDF_MAX_BYTES, parseAmount, pdfProblem, PDF_TYPE, safeFileName } from '../../orders/order-mail';
import { actorOf } from '../../operations/staff';
import { actorName, type ManagedRequest, versionOf } from '../../requests/lifecycle';
import { keys } from '../../store/keys';
import { attachmentPuts, readAttachment } from '../../store/order-attachments';
import { recordOrder } from '../../store/orders';
import type { PayloadEntry } from '../../store/payload-log';
import { getRequest } from '../../store/requests';
import type { AppDeps } from '../deps';
import { invalidInput, IsoDate, RequestParam, valid } from './ops-api-input';
import { type OpsEnv, requireRole } from './ops-auth';

/**
 * A purchase order received by e-mail (issue 10, item 4), recorded on its request by operations
 * as a multipart form with the PDF, and that PDF given back as a download. The body limit of the
 * upload path alone is raised (http/app.ts BODY_LIMITS); everything is checked before anything is
 * written, and the order, its PDF chunks, the request's `order`, its history entry and the payload
 * log are then ONE transaction (store/orders.ts recordOrder): a refusal leaves nothing behind.
 */

/** The form's fields, exactly: anything else is refused, so a misspelt field is never silently lost. */
const FIELDS = ['orderNumber', 'orderDate', 'amount', 'version', 'file'] as const;

const MailedOrderFields = z.object({
  orderNumber: z.pipe(
    z.string().check(
      z.maxLength(ORDER_NUMBER_MAX, `expected an order number of at most ${ORDER_NUMBER_MAX} characters`),
      z.refine((value) => !hasControlCharacters(value), CONTROL_MESSAGE),
    ),
    z.transform((value) => value.trim()),
  ).check(z.minLength(1, 'expected the order number on the purchase order')),
  orderDate: IsoDate,
  amount: z.string().check(z.maxLength(20, 'expected an amount like 151.20')),
  version: z.pipe(z.string().check(z.regex(/^\d{1,7}$/, 'expected the version of the request as shown')), z.transform(Number)),
});

const OrderParam = z.object({ orderId: z.string().check(z.regex(ORDER_ID, 'expected an order reference like PO-261123-7K3M9Q')) });

type Refusal = 400 | 404 | 409 | 413 | 415 | 500 | 503;
const refuse = (c: Context, status: Refusal, body: OpsRefusal) => c.json(body, status);
const invalid = (c: Context, field: string, problem: string, status: 400 | 413 | 415 = 400) =>
  refuse(c, status, { error: 'invalid', field, message: `Invalid form. ${field}: ${problem}.` });

export function opsOrderMailRoutes(deps: AppDeps): Hono<OpsEnv> {
  const app = new Hono<OpsEnv>();
  const { db } = deps;

  app.post('/requests/:id/order', requireRole('operator'), valid('param', RequestParam), async (c) => {
    const type = c.req.header('content-type') ?? '';
    if (!/^multipart\/form-data\s*;/i.test(type)) {
      return invalid(c, 'body', `expected a multipart form (multipart/form-data) with the PDF, not ${type.split(';')[0] || 'no content type'}`, 415);
    }
    let form: FormData;
    try {
      form = await c.req.formData();
    } catch {
      return invalid(c, 'body', 'the multipart form could not be read (broken or incomplete)');
    }
    const names = [...form.keys()];
    const unknown = names.find((name) => !(FIELDS as readonly string[]).includes(name));
    if (unknown !== undefined) return invalid(c, unknown.slice(0, 40), `unknown field; expected only ${FIELDS.join(', ')}`);
    const repeated = names.find((name, i) => names.indexOf(name) !== i);
    if (repeated) return invalid(c, repeated, 'sent more than once');

    const text = Object.fromEntries(FIELDS.filter((f) => f !== 'file').map((f) => [f, form.get(f)]));
    const nonText = Object.entries(text).find(([, value]) => value !== null && typeof value !== 'string');
    if (nonText) return invalid(c, nonText[0], 'expected text, not a file');
    const parsed = MailedOrderFields.safeParse(Object.fromEntries(Object.entries(text).map(([k, v]) => [k, v ?? undefined])));
    if (!parsed.success) return c.json(invalidInput('json', parsed.error, text), 400);
    const fields = parsed.data;
    const amount = parseAmount(fields.amount);
    if ('problem' in amount) return invalid(c, 'amount', amount.problem);
    // A purchase order is dated when it is issued: a date past tomorrow (any time zone) is a typo.
    const tomorrow = new Date(deps.now().getTime() + 86_400_000).toISOString().slice(0, 10);
    if (fields.orderDate > tomorrow) return invalid(c, 'orderDate', 'expected the date on the purchase order, not a date in the future');

    const file = form.get('file');
    if (file === null) return invalid(c, 'file', 'expected the purchase order as a PDF file');
    if (typeof file === 'string') return invalid(c, 'file', 'expected a file, not text');
    if (file.size === 0) return invalid(c, 'file', 'the file is empty');
    if (file.size > ORDER_PDF_MAX_BYTES) return invalid(c, 'file', `the file is ${(file.size / 1048576).toFixed(1)} MB; at most ${ORDER_PDF_MAX_BYTES / 1048576} MB is accepted`, 413);
    const bytes = new Uint8Array(await file.arrayBuffer());
    const problem = pdfProblem(bytes, file.type);
    if (problem) return invalid(c, 'file', problem, 415);

    const request = (await getRequest(db, c.req.valid('param').id)) as ManagedRequest | undefined;
    if (!request) return refuse(c, 404, { error: 'not-found', message: 'No request with this reference.' });
    if (versionOf(request) !== fields.version) {
      return refuse(c, 409, { error: 'changed', message: 'Someone changed this request meanwhile. It has been reloaded: check it and record the order again.' });
    }

    const now = deps.now();
    const actor = actorOf(c.var.staff);
    const orderId = newOrderId(now);
    const rentalEnd = request.period.return;
    const fileName = safeFileName(file.name);
    const chunks = attachmentPuts(db, orderId, { bytes, fileName }, now, rentalEnd);
    // recordOrder works out the mismatches against the request as it reads it, like for a cXML order.
    const order: PurchaseOrder = {
      id: orderId,
      connectionId: request.connectionId,
      source: 'email',
      orderNumber: fields.orderNumber,
      orderDate: fields.orderDate,
      // The same number again replaces the order recorded before; another number is a new order.
      type: request.order?.orderNumber === fields.orderNumber ? 'update' : 'new',
      total: { amount: amount.amount, currency: request.price.currency },
      lines: [{ lineNumber: 1, quantity: 1, requestId: request.id }],
      requestId: request.id,
      mismatches: [],
      receivedAt: now.toISOString(),
      recordedBy: c.var.staff.email,
      attachment: chunks.attachment,
    };
    // What was entered, for a dispute: the metadata and the PDF's digest, never its bytes.
    const payload: Omit<PayloadEntry, 'id' | 'at' | 'requestId'> = {
      kind: 'order',
      direction: 'in',
      owner: keys.order(orderId).pk,
      connectionId: request.connectionId,
      contentType: 'application/json',
      body: JSON.stringify({
        source: 'email',
        recordedBy: actorName(actor),
        orderNumber: order.orderNumber,
        orderDate: order.orderDate,
        total: order.total,
        file: { name: fileName, sentAs: file.name.slice(0, 300), bytes: chunks.attachment.bytes, sha256: chunks.attachment.sha256 },
      }),
    };

    const outcome = await recordOrder(db, order, { extraItems: chunks.items, payloads: [payload], actor }, now);
    if (outcome.outcome === 'busy') return refuse(c, 503, { error: 'busy', message: 'Many changes at once: please try again.' });
    if (outcome.outcome !== 'recorded') {
      return refuse(c, 409, { error: 'changed', message: 'Someone changed this request meanwhile. It has been reloaded: check it and record the order again.' });
    }
    return c.json({ order: outcome.order, request: outcome.request }, 201);
  });

  app.get('/orders/:orderId/attachment', requireRole('operator'), valid('param', OrderParam), async (c) => {
    const { orderId } = c.req.valid('param');
    const stored = await readAttachment(db, orderId, deps.now());
    if (stored.outcome === 'missing') return refuse(c, 404, { error: 'not-found', message: 'No PDF is kept for this order.' });
    if (stored.outcome === 'damaged') {
      log('error', 'order attachment damaged', { orderId });
      return refuse(c, 500, { error: 'unavailable', message: 'The PDF kept for this order is incomplete; it cannot be given out. Ask the buyer to send it again.' });
    }
    // Saved, never shown: attachment, sandboxed if opened anyway, its type never guessed.
    return c.body(new Uint8Array(stored.bytes), 200, {
      'content-type': PDF_TYPE,
      'content-disposition': attachmentDisposition(stored.attachment.fileName),
      'content-security-policy': 'sandbox',
      'x-content-type-options': 'nosniff',
      'content-length': String(stored.bytes.length),
    });
  });

  return app;
}
