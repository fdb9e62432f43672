import { describe, expect, it } from 'vitest';
import { confirmationChange, type OrderConfirmation } from '../../functions/orders/confirmation';
import { classifyAnswer, CONFIRMATION_TIMEOUT_MS, confirmationUrlProblem } from '../../functions/orders/confirmation-delivery';
import type { RequestOrder } from '../../functions/orders/order';
import { confirmationRequestDocument, readBuyerAnswer, REDACTED_SECRET } from '../../functions/punchout/cxml-confirmation';
import type { ManagedRequest } from '../../functions/requests/lifecycle';
import { dtdProblems } from '../support/cxml';

const parties = { from: { domain: 'DomainName', identity: 'rent.example.com' }, to: { domain: 'NetworkID', identity: 'demo-buyer' }, sharedSecret: 's3cret & <more>' };

const order: RequestOrder = {
  orderId: 'PO-261123-7K3M9Q',
  orderNumber: '4500012345',
  orderDate: '2026-11-23T10:00:00+01:00',
  source: 'cxml',
  type: 'new',
  receivedAt: '2026-11-23T09:00:01.000Z',
  payloadId: '1700000000.456@buyer.example',
  mismatches: [],
  confirmations: true,
};

const request = (over: Partial<ManagedRequest> = {}): ManagedRequest =>
  ({
    id: 'RQ-261123-ABCDEF',
    status: 'requested',
    connectionId: 'acme',
    connectionName: 'Acme',
    sessionId: 's',
    requester: { email: 'jane@acme.example', fullName: 'Jane Doe' },
    language: 'en',
    vehicleType: { id: 'estate-octavia', sku: 'EST-OCT', name: 'Estate', example: 'Skoda Octavia', category: 'estate' },
    location: { id: 'ams', name: 'Amsterdam' },
    period: { pickup: '2026-11-24T09:00', return: '2026-11-25T09:00' },
    price: { net: 10000, gross: 12100, vatPercent: 21, currency: 'EUR' },
    extra: {},
    unknownParams: {},
    createdAt: '2026-11-23T08:00:00.000Z',
    updatedAt: '2026-11-23T08:00:00.000Z',
    version: 3,
    order,
    ...over,
  }) as ManagedRequest;

const now = new Date('2026-11-23T12:00:00.000Z');

/** The chain a request goes through: confirm (accept), a vehicle change (detail), cancel (reject). */
function chain() {
  const requested = request({ assignment: { plate: 'AB-123-C', at: '', by: '' } });
  const confirmed = { ...requested, status: 'confirmed' as const, version: 4 };
  const accept = confirmationChange(requested, confirmed, 'confirm', now)!;
  const accepted = { ...confirmed, order: accept.order };
  const changed = { ...accepted, assignment: { plate: 'XY-987-Z', at: '', by: '' }, version: 5 };
  const detail = confirmationChange(accepted, changed, 'change', now)!;
  const detailed = { ...changed, order: detail.order };
  const cancelled = { ...detailed, status: 'cancelled' as const, decision: { reason: 'order-withdrawn' as const, note: 'call 0612345678' }, version: 6 };
  const reject = confirmationChange(detailed, cancelled, 'cancel', now)!;
  return { accept, detail, reject };
}

describe('which change tells the buyer what', () => {
  it('confirming a request with a cXML order sends an accept, new, naming the order and its payloadID', () => {
    const { accept } = chain();
    expect(accept.message).toMatchObject({ kind: 'order-confirmation', audience: 'buyer', status: 'pending', id: 'RQ-261123-ABCDEF.4.order-confirmation', owner: 'REQUEST#RQ-261123-ABCDEF' });
    expect(accept.message.confirmation).toMatchObject({ type: 'accept', operation: 'new', confirmId: order.orderId, order: { orderNumber: '4500012345', payloadId: order.payloadId } });
    expect(accept.order).toMatchObject({ lastConfirmation: 'accept', lastConfirmationPayloadId: accept.message.confirmation!.payloadId });
  });

  it('a vehicle change after it sends a detail and a cancellation a reject, each an update of the one before', () => {
    const { accept, detail, reject } = chain();
    expect(detail.message.confirmation).toMatchObject({ type: 'detail', operation: 'update', previousPayloadId: accept.message.confirmation!.payloadId, comment: 'Vehicle now assigned: XY-987-Z' });
    expect(reject.message.confirmation).toMatchObject({ type: 'reject', operation: 'update', previousPayloadId: detail.message.confirmation!.payloadId, comment: 'Purchase order withdrawn' });
    // The operator's free-text note may be personal: it never leaves for the buyer.
    expect(JSON.stringify(reject.message.confirmation)).not.toContain('0612345678');
  });

  it('declining sends a reject, new', () => {
    const before = request();
    const declined = { ...before, status: 'declined' as const, decision: { reason: 'no-vehicle' as const, note: '' } };
    expect(confirmationChange(before, declined, 'decline', now)!.message.confirmation).toMatchObject({ type: 'reject', operation: 'new', comment: 'No vehicle available' });
  });

  it('an order arriving for a confirmed request sends an accept; for an open one nothing yet', () => {
    const confirmed = request({ status: 'confirmed' });
    expect(confirmationChange({ ...confirmed, order: undefined }, confirmed, 'order', now)!.message.confirmation!.type).toBe('accept');
    expect(confirmationChange({ ...request(), order: undefined }, request(), 'order', now)).toBeUndefined();
  });

  it('an order that differs from the confirmed request, or withdraws it, is not accepted by itself', () => {
    const confirmed = request({ status: 'confirmed' });
    const differs = { ...confirmed, order: { ...order, mismatches: [{ field: 'amount' as const, expected: 'EUR 100.00', received: 'EUR 90.00' }] } };
    expect(confirmationChange({ ...confirmed, order: undefined }, differs, 'order', now)).toBeUndefined();
    expect(confirmationChange({ ...confirmed, order: undefined }, { ...confirmed, order: { ...order, type: 'delete' as const } }, 'order', now)).toBeUndefined();
  });

  it('nothing is sent without a cXML order, for a connection that wants none, or twice for the same accept', () => {
    const confirmed = request({ status: 'confirmed' });
    expect(confirmationChange(request(), { ...confirmed, order: undefined }, 'confirm', now)).toBeUndefined();
    expect(confirmationChange(request(), { ...confirmed, order: { ...order, source: 'email' } }, 'confirm', now)).toBeUndefined();
    expect(confirmationChange(request(), { ...confirmed, order: { ...order, confirmations: false } }, 'confirm', now)).toBeUndefined();
    const accepted = { ...confirmed, order: { ...order, lastConfirmation: 'accept' as const, lastConfirmationPayloadId: 'x@y' } };
    expect(confirmationChange(confirmed, accepted, 'order', now)).toBeUndefined();
    // A change of vehicle before anything was accepted is not the buyer's business.
    expect(confirmationChange(confirmed, { ...confirmed, assignment: { plate: 'Z', at: '', by: '' } }, 'change', now)).toBeUndefined();
  });
});

describe('the ConfirmationRequest document', () => {
  it('is valid against Fulfill.dtd for accept, detail and reject', async () => {
    const { accept, detail, reject } = chain();
    for (const { message } of [accept, detail, reject]) {
      const xml = confirmationRequestDocument(message.confirmation!, parties);
      expect(xml).toContain('<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.050/Fulfill.dtd">');
      expect(await dtdProblems(xml), message.confirmation!.type).toBe('');
    }
  });

  it('carries the order reference, the escaped secret in Sender only, and is the same document on every retry', () => {
    const c: OrderConfirmation = chain().reject.message.confirmation!;
    const xml = confirmationRequestDocument(c, parties);
    expect(xml).toContain(`<DocumentReference payloadID="${order.payloadId}"/>`);
    expect(xml).toContain('<OrderReference orderID="4500012345" orderDate="2026-11-23T10:00:00+01:00">');
    expect(xml).toContain('<SharedSecret>s3cret &amp; &lt;more&gt;</SharedSecret>');
    expect(xml.match(/SharedSecret>/g)).toHaveLength(2);
    expect(xml).toContain(`payloadID="${c.payloadId}"`);
    expect(confirmationRequestDocument(c, parties)).toBe(xml);
    expect(confirmationRequestDocument(c, { ...parties, sharedSecret: REDACTED_SECRET })).not.toContain('s3cret');
  });
});

describe('the buyer and its answer', () => {
  it('a cXML 200 or 201 is taken, 4xx refused, 5xx, 550-560 and 429 worth another try', () => {
    expect([200, 201].map(classifyAnswer)).toEqual(['accepted', 'accepted']);
    expect([400, 401, 403, 406, 409].map(classifyAnswer)).toEqual(Array(5).fill('refused'));
    expect([429, 500, 503, 550, 560].map(classifyAnswer)).toEqual(Array(5).fill('retryable'));
  });

  it('the answer is read from its Status', () => {
    expect(readBuyerAnswer('<?xml version="1.0"?><cXML payloadID="x" timestamp="t"><Response><Status code="401" text="Unauthorized">bad secret</Status></Response></cXML>')).toEqual({ code: 401, text: 'Unauthorized: bad secret' });
    expect(readBuyerAnswer('<html>oops</html>')).toBeUndefined();
  });

  it('confirmations go to https only (plain http to this machine in the local stack), and stop after 15 s', () => {
    expect(confirmationUrlProblem('https://buyer.example/cxml', false)).toBeNull();
    expect(confirmationUrlProblem('http://buyer.example/cxml', true)).toMatch(/https/);
    expect(confirmationUrlProblem('http://127.0.0.1:9000/c', false)).toMatch(/not an IP address/);
    expect(confirmationUrlProblem('http://127.0.0.1:9000/c', true)).toBeNull();
    expect(confirmationUrlProblem(undefined, true)).toMatch(/no order-confirmation URL/);
    expect(CONFIRMATION_TIMEOUT_MS).toBe(15_000);
  });
});
