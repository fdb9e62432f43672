import { describe, expect, it } from 'vitest';
import { parseCxml } from '../../functions/punchout/cxml-document';
import { CXML_ORDER_MAX, orderAcceptedText, readOrderRequest } from '../../functions/punchout/cxml-order';
import { orderRequest } from '../support/cxml-order';

function read(xml: string) {
  const parsed = parseCxml(xml);
  if (!parsed.ok) throw new Error(parsed.refusal.reason);
  return readOrderRequest(parsed.root);
}

const problem = (xml: string) => {
  const result = read(xml);
  return 'problem' in result ? result.problem : undefined;
};

describe('reading a cXML OrderRequest', () => {
  it('reads the order number, date, type, total, ship-to, lines and the rental period of the DeliveryPeriod', () => {
    const result = read(orderRequest({ payloadId: 'p-1@buyer', orderId: '4500012345', total: '151.20', period: { start: '2026-11-24T09:00:00+01:00', end: '2026-11-27T09:00:00+01:00' }, lines: [{ requestId: 'RQ-261123-7K3M9Q', sku: 'FF-ESTATE' }], deploymentMode: 'test' }));
    expect(result).toEqual({
      order: {
        payloadId: 'p-1@buyer',
        orderNumber: '4500012345',
        orderDate: '2026-11-23T10:00:00+01:00',
        type: 'new',
        total: { amount: '151.20', currency: 'EUR' },
        shipTo: { addressId: 'RTM-HQ', text: 'Head office, Havenweg 1, 3011 AA Rotterdam, Netherlands' },
        lines: [{ lineNumber: 1, quantity: 1, supplierPartId: 'FF-ESTATE', requestId: 'RQ-261123-7K3M9Q', unitPrice: { amount: '151.20', currency: 'EUR' }, description: 'Estate car rental', period: { start: '2026-11-24T09:00:00+01:00', end: '2026-11-27T09:00:00+01:00' } }],
        test: true,
      },
    });
  });

  it("takes a line's own Period (SpendDetail/FeeDetail) over the header's", () => {
    const xml = orderRequest({ period: { start: '2026-11-24T09:00:00+01:00', end: '2026-11-27T09:00:00+01:00' } }).replace(
      '</ItemDetail>',
      '</ItemDetail><SpendDetail><FeeDetail><UnitRate><Money currency="EUR">50.40</Money><UnitOfMeasure>DAY</UnitOfMeasure></UnitRate><Period startDate="2026-12-01T09:00:00+01:00" endDate="2026-12-02T09:00:00+01:00"/></FeeDetail></SpendDetail>',
    );
    const result = read(xml);
    expect('order' in result && result.order.lines[0]!.period).toEqual({ start: '2026-12-01T09:00:00+01:00', end: '2026-12-02T09:00:00+01:00' });
  });

  it('keeps a SupplierPartAuxiliaryID that is not one of our request ids out of the match', () => {
    const result = read(orderRequest({ lines: [{ requestId: 'BUYER-LINE-1' }] }));
    expect('order' in result && result.order.lines[0]!.requestId).toBeUndefined();
  });

  it('refuses what it cannot read with 400 naming the value', () => {
    expect(problem(orderRequest({ orderId: 'X'.repeat(10_000) }))).toEqual({ code: 400, reason: `the orderID is longer than ${CXML_ORDER_MAX.orderId} characters` });
    expect(problem(orderRequest({ orderId: '' }))?.reason).toBe('the OrderRequestHeader has no orderID');
    expect(problem(orderRequest({ type: 'replace' }))?.reason).toBe('the OrderRequestHeader type must be new, update or delete');
    expect(problem(orderRequest({ total: '1,50' }))?.reason).toMatch(/Total Money is not a decimal amount/);
    expect(problem(orderRequest({ currency: 'euro' }))?.reason).toMatch(/no ISO 4217 currency/);
    expect(problem(orderRequest({ lines: Array.from({ length: 51 }, () => ({})) }))?.reason).toBe('the OrderRequest has more than 50 ItemOut lines');
    expect(problem(orderRequest({ lines: [{ quantity: 0 }] }))?.reason).toBe('ItemOut 1 quantity must be a whole number from 1 to 999, not "0"');
    expect(problem(orderRequest({ period: { start: 'tomorrow', end: '2026-11-27T09:00:00+01:00' } }))?.reason).toMatch(/DeliveryPeriod Period startDate needs an ISO 8601 date and time with an offset/);
    expect(problem(orderRequest({ lines: [{ sku: 'A\u202EB' }] }))?.reason).toBe('ItemOut 1 SupplierPartID holds control characters');
    expect(problem(orderRequest().replace(/<OrderRequest>[\s\S]*<\/OrderRequest>/, ''))?.reason).toBe('the document holds no Request/OrderRequest');
  });

  it('words our answer with our reference and the request, or says it is not matched', () => {
    expect(orderAcceptedText({ id: 'PO-261123-7K3M9Q', orderNumber: '45', type: 'new', requestId: 'RQ-261123-AAAAAA' })).toBe('OK: order 45 recorded as PO-261123-7K3M9Q for request RQ-261123-AAAAAA');
    expect(orderAcceptedText({ id: 'PO-261123-7K3M9Q', orderNumber: '45', type: 'delete' })).toMatch(/^OK: withdrawal of order 45 recorded as PO-261123-7K3M9Q, not matched to a request/);
  });
});
