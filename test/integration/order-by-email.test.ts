import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import { paginateScan } from '@aws-sdk/lib-dynamodb';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plainAmount } from '../../functions/format/money';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import type { OpsRefusal, RequestDetail } from '../../functions/operations/api';
import type { PurchaseOrder } from '../../functions/orders/order';
import type { ManagedRequest } from '../../functions/requests/lifecycle';
import type { RentalRequest } from '../../functions/requests/request';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack, startServer } from '../support/stack';

/**
 * Issue 10, item 4: a purchase order received by e-mail, recorded by operations on its request
 * with the PDF, seen as an operator sees it through the console API; and every hostile upload
 * refused with an answer naming the problem and nothing stored.
 */

let deps: AppDeps;
let app: Hono;
let server: Awaited<ReturnType<typeof startServer>>;
let session: { cookie: string; csrf: string };
let staffEmail: string;

beforeAll(async () => {
  deps = await seededStack();
  server = await startServer(deps);
  app = createLocalApp(deps);
  staffEmail = await addTestStaff(deps, 'operator');
  session = await signedIn(deps, staffEmail);
});

afterAll(async () => {
  await server?.stop();
});

const auth = () => ({ cookie: session.cookie, 'x-csrf-token': session.csrf });

/** A PDF of `size` bytes: the header a reader looks for, random content, the trailer. */
function pdf(size = 50_000): Buffer {
  const head = Buffer.from('%PDF-1.7\n');
  const tail = Buffer.from('\n%%EOF\n');
  return Buffer.concat([head, randomBytes(size - head.length - tail.length), tail]);
}

interface Upload {
  orderNumber?: string;
  orderDate?: string;
  amount?: string;
  version?: string;
  file?: { bytes: Uint8Array; name: string; type: string } | null;
  extra?: Record<string, string>;
}

function form(request: ManagedRequest, upload: Upload = {}): FormData {
  const data = new FormData();
  const fields = {
    orderNumber: upload.orderNumber ?? '4500012345',
    orderDate: upload.orderDate ?? new Date().toISOString().slice(0, 10),
    amount: upload.amount ?? plainAmount(request.price.net),
    version: upload.version ?? String(request.version ?? 0),
    ...upload.extra,
  };
  for (const [name, value] of Object.entries(fields)) data.append(name, value);
  const file = upload.file === undefined ? { bytes: pdf(), name: 'PO 4500012345.pdf', type: 'application/pdf' } : upload.file;
  if (file) data.append('file', new Blob([new Uint8Array(file.bytes)], { type: file.type }), file.name);
  return data;
}

const record = (id: string, body: FormData) => app.request(`/ops/api/requests/${id}/order`, { method: 'POST', headers: auth(), body });
const detail = async (id: string) => (await (await app.request(`/ops/api/requests/${id}`, { headers: auth() })).json()) as RequestDetail;
const download = (orderId: string) => app.request(`/ops/api/orders/${orderId}/attachment`, { headers: auth() });

async function newRequest(): Promise<ManagedRequest> {
  const registered: RentalRequest = await registerTestRequest(deps, { period: { pickup: daysAhead(20, 9), return: daysAhead(23, 17) } });
  return (await detail(registered.id)).request;
}

/** What an upload could leave behind: orders, PDF chunks, order payload-log entries, and the request as stored. */
async function stored(requestId: string) {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateScan({ client: deps.db.doc }, { TableName: deps.db.table })) items.push(...(page.Items ?? []));
  const request = items.find((item) => item.pk === `REQUEST#${requestId}` && item.sk === 'REQUEST')!;
  return {
    orders: items.filter((item) => item.entity === 'order').length,
    chunks: items.filter((item) => item.entity === 'orderAttachment').length,
    orderPayloads: items.filter((item) => item.entity === 'payload' && item.kind === 'order').length,
    events: items.filter((item) => item.pk === `REQUEST#${requestId}` && String(item.sk).startsWith('EVENT#')).length,
    request: { version: request.version, order: request.order, updatedAt: request.updatedAt },
  };
}

describe('recording a purchase order received by e-mail', () => {
  it('shows the order on its request, logs who recorded it, and gives the PDF back byte for byte as a download that never renders', async () => {
    const request = await newRequest();
    const bytes = pdf(300 * 1024 * 2 + 123);
    const response = await record(request.id, form(request, { orderNumber: '4500098765', orderDate: '2026-11-20', file: { bytes, name: 'PO 4500098765 Müller.pdf', type: 'application/pdf' } }));
    expect(response.status).toBe(201);
    const { order } = (await response.json()) as { order: PurchaseOrder };
    expect(order).toMatchObject({ source: 'email', orderNumber: '4500098765', orderDate: '2026-11-20', requestId: request.id, mismatches: [], recordedBy: staffEmail });
    expect(order.attachment).toMatchObject({ fileName: 'PO 4500098765 Müller.pdf', bytes: bytes.length, chunks: 3 });

    const after = await detail(request.id);
    expect(after.request.version).toBe((request.version ?? 0) + 1);
    expect(after.request.order).toMatchObject({ orderId: order.id, orderNumber: '4500098765', orderDate: '2026-11-20', source: 'email', mismatches: [] });
    const event = after.events.find((e) => e.action === 'order-received')!;
    expect(event.actor).toMatchObject({ kind: 'staff', email: staffEmail });
    expect(event.detail).toContain('4500098765');

    const file = await download(order.id);
    expect(file.status).toBe(200);
    expect(Buffer.from(await file.arrayBuffer()).equals(bytes)).toBe(true);
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(file.headers.get('content-disposition')).toBe(`attachment; filename="PO 4500098765 M_ller.pdf"; filename*=UTF-8''PO%204500098765%20M%C3%BCller.pdf`);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-security-policy')).toMatch(/(^|, )sandbox$/);
    expect(file.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(file.headers.get('cache-control')).toBe('no-store');
  });

  it('keeps what was entered in the payload log, with the PDF digest but not its bytes', async () => {
    const request = await newRequest();
    const bytes = pdf();
    const { order } = (await (await record(request.id, form(request, { file: { bytes, name: 'po.pdf', type: 'application/pdf' } }))).json()) as { order: PurchaseOrder };
    const items: Record<string, unknown>[] = [];
    for await (const page of paginateScan({ client: deps.db.doc }, { TableName: deps.db.table })) items.push(...(page.Items ?? []));
    const entry = items.find((item) => item.pk === `ORDER#${order.id}` && item.entity === 'payload')!;
    expect(entry).toMatchObject({ kind: 'order', direction: 'in', requestId: request.id, connectionId: request.connectionId });
    const body = JSON.parse(String(entry.body));
    expect(body).toMatchObject({ source: 'email', orderNumber: '4500012345', file: { name: 'po.pdf', bytes: bytes.length, sha256: order.attachment!.sha256 } });
    expect(body.recordedBy).toContain(staffEmail);
    expect(String(entry.body)).not.toContain('%PDF');
  });

  it('flags an amount that differs from the request, and records the order all the same', async () => {
    const request = await newRequest();
    const response = await record(request.id, form(request, { amount: plainAmount(request.price.net + 1000) }));
    expect(response.status).toBe(201);
    const { order } = (await response.json()) as { order: PurchaseOrder };
    expect(order.mismatches).toEqual([expect.objectContaining({ field: 'amount', expected: expect.stringContaining(plainAmount(request.price.net)), received: expect.stringContaining(plainAmount(request.price.net + 1000)) })]);
    expect((await detail(request.id)).request.order?.mismatches.map((m) => m.field)).toEqual(['amount']);
  });

  it('records an order on a declined request, flagged for operations', async () => {
    const request = await newRequest();
    const declined = await app.request(`/ops/api/requests/${request.id}/decline`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ version: request.version ?? 0, reason: 'no-vehicle' }),
    });
    expect(declined.status).toBe(200);
    const now = (await detail(request.id)).request;
    const response = await record(now.id, form(now));
    expect(response.status).toBe(201);
    const { order } = (await response.json()) as { order: PurchaseOrder };
    expect(order.mismatches.map((m) => m.field)).toEqual(['status']);
    expect((await detail(request.id)).request).toMatchObject({ status: 'declined', order: { orderId: order.id } });
  });

  it('names a file by what it is: no folders, control characters or length beyond 120, always .pdf', async () => {
    const request = await newRequest();
    const name = `../../etc/\u0000pass\u001b[31m\r\nwd${'x'.repeat(500)}.exe`;
    const response = await record(request.id, form(request, { file: { bytes: pdf(), name, type: 'application/pdf' } }));
    expect(response.status).toBe(201);
    const { order } = (await response.json()) as { order: PurchaseOrder };
    const kept = order.attachment!.fileName;
    expect(kept).toMatch(/^pass\[31m ?wdx+\.pdf$/);
    expect([...kept].length).toBeLessThanOrEqual(120);
    const disposition = (await download(order.id)).headers.get('content-disposition')!;
    expect(disposition).not.toMatch(/[\r\n\u0000/\\]/);
    expect(disposition.startsWith('attachment; ')).toBe(true);
  });
});

describe('refused uploads leave nothing behind', () => {
  const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), randomBytes(4000)]);
  const elf = Buffer.concat([Buffer.from('\x7fELF\x02\x01\x01\x00', 'latin1'), randomBytes(4000)]);
  const cases: [string, (r: ManagedRequest) => Upload, number, string, RegExp][] = [
    ['a Windows program named x.pdf and sent as application/pdf', () => ({ file: { bytes: exe, name: 'x.pdf', type: 'application/pdf' } }), 415, 'file', /Windows program/],
    ['a Linux program named x.pdf and sent as application/pdf', () => ({ file: { bytes: elf, name: 'x.pdf', type: 'application/pdf' } }), 415, 'file', /Linux program/],
    ['a PDF sent as text/html', () => ({ file: { bytes: pdf(), name: 'x.pdf', type: 'text/html' } }), 415, 'file', /sent as text\/html/],
    ['an empty file', () => ({ file: { bytes: new Uint8Array(0), name: 'x.pdf', type: 'application/pdf' } }), 400, 'file', /empty/],
    ['a PDF over 2 MB', () => ({ file: { bytes: pdf(2 * 1024 * 1024 + 1), name: 'x.pdf', type: 'application/pdf' } }), 413, 'file', /at most 2 MB/],
    ['no file', () => ({ file: null }), 400, 'file', /PDF file/],
    ['an amount of 1e9', () => ({ amount: '1e9' }), 400, 'amount', /plain amount/],
    ['an amount of 12,50', () => ({ amount: '12,50' }), 400, 'amount', /point as the decimal separator: 12\.50/],
    ['an amount of -1', () => ({ amount: '-1' }), 400, 'amount', /above zero/],
    ['an amount of 0', () => ({ amount: '0.00' }), 400, 'amount', /above zero/],
    ['a date that does not exist', () => ({ orderDate: '2026-02-30' }), 400, 'orderDate', /exists on the calendar/],
    ['a date in the future', () => ({ orderDate: '2099-01-01' }), 400, 'orderDate', /future/],
    ['an order number with a control character', () => ({ orderNumber: '4500\u0007012345' }), 400, 'orderNumber', /control characters/],
    ['an order number of 65 characters', () => ({ orderNumber: '4'.repeat(65) }), 400, 'orderNumber', /at most 64/],
    ['a field the form does not have', () => ({ extra: { currency: 'USD' } }), 400, 'currency', /unknown field/],
    ['a stale version', (r) => ({ version: String((r.version ?? 0) + 5) }), 409, '', /changed this request meanwhile/],
  ];

  it.each(cases)('refuses %s, naming the problem', async (_, upload, status, field, message) => {
    const request = await newRequest();
    const before = await stored(request.id);
    const response = await record(request.id, form(request, upload(request)));
    expect(response.status).toBe(status);
    const refusal = (await response.json()) as OpsRefusal;
    expect(refusal.message).toMatch(message);
    if (field) expect(refusal.field).toBe(field);
    expect(await stored(request.id)).toEqual(before);
  });

  it('refuses a JSON body with 415 and an unknown request with 404', async () => {
    const request = await newRequest();
    const before = await stored(request.id);
    const json = await app.request(`/ops/api/requests/${request.id}/order`, {
      method: 'POST',
      headers: { ...auth(), 'content-type': 'application/json' },
      body: JSON.stringify({ orderNumber: '1', orderDate: '2026-11-20', amount: '1.00', version: 0 }),
    });
    expect(json.status).toBe(415);
    expect(((await json.json()) as OpsRefusal).message).toContain('multipart');
    const unknown = await record('RQ-261123-AAAAAA', form(request));
    expect(unknown.status).toBe(404);
    expect(await stored(request.id)).toEqual(before);
  });

  it('refuses a 3 MB upload with 413 before reading it, answering in JSON', async () => {
    const request = await newRequest();
    const before = await stored(request.id);
    // Declared 3 MB, only the first bytes sent: the answer comes without waiting for the rest.
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(server.base).port), '127.0.0.1', () => {
        socket.write(
          `POST /ops/api/requests/${request.id}/order HTTP/1.1\r\nHost: 127.0.0.1\r\ncookie: ${session.cookie}\r\nx-csrf-token: ${session.csrf}\r\n` +
            `content-type: multipart/form-data; boundary=x\r\ncontent-length: ${3 * 1024 * 1024}\r\n\r\n--x\r\n`,
        );
      });
      let text = '';
      socket.on('data', (data) => {
        text += data.toString('latin1');
        if (text.includes('}')) {
          resolve(text);
          socket.destroy();
        }
      });
      socket.on('error', reject);
      setTimeout(() => reject(new Error(`no answer: ${text}`)), 5000);
    });
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
    expect(answer).toContain('"field":"body"');
    expect(answer).toContain('at most 2560 KB');
    // Streamed without a declared length: counted while read, refused all the same.
    const streamed = await app.request(`/ops/api/requests/${request.id}/order`, { method: 'POST', headers: auth(), body: form(request, { file: { bytes: pdf(3 * 1024 * 1024), name: 'x.pdf', type: 'application/pdf' } }) });
    expect(streamed.status).toBe(413);
    expect(await stored(request.id)).toEqual(before);
  });

  it('keeps every other console path at 32 KB', async () => {
    const request = await newRequest();
    const big = JSON.stringify({ version: 0, reason: 'other', note: 'x'.repeat(40 * 1024) });
    for (const path of [`/ops/api/requests/${request.id}/decline`, `/ops/api/requests/${request.id}`, '/ops/api/orders/PO-261123-AAAAAA/attachment']) {
      const response = await app.request(path, { method: 'POST', headers: { ...auth(), 'content-type': 'application/json', 'content-length': String(big.length) }, body: big });
      expect(response.status, path).toBe(413);
      expect(((await response.json()) as OpsRefusal).message).toContain('at most 32 KB');
    }
  });
});

describe('the download', () => {
  it('answers 404 for an order without a PDF or an unknown one, 400 for a malformed reference, and 401 without a session', async () => {
    expect((await download('PO-261123-AAAAAA')).status).toBe(404);
    expect((await download('..%2F..%2Fetc')).status).toBe(400);
    const request = await newRequest();
    const { order } = (await (await record(request.id, form(request))).json()) as { order: PurchaseOrder };
    expect((await app.request(`/ops/api/orders/${order.id}/attachment`)).status).toBe(401);
  });
});
