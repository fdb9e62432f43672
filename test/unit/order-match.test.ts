import { describe, expect, it } from 'vitest';
import type { PurchaseOrder } from '../../functions/orders/order';
import { orderMismatches, orderRequestId } from '../../functions/orders/order-match';
import type { ManagedRequest } from '../../functions/requests/lifecycle';

const request = {
  status: 'requested',
  price: { currency: 'EUR', net: 15120 },
  // Amsterdam in winter: +01:00.
  period: { pickup: '2026-11-24T09:00', return: '2026-11-27T09:00' },
  location: { id: 'ams', timeZone: 'Europe/Amsterdam' },
  deliveryAddress: { id: 'rotterdam-hq', label: 'Head office', address: 'Havenweg 1', locationCode: 'RTM-HQ' },
  vehicleType: { sku: 'FF-ESTATE' },
} as unknown as ManagedRequest;

const order = (parts: Partial<PurchaseOrder> = {}): PurchaseOrder =>
  ({
    orderNumber: '4500012345',
    type: 'new',
    total: { amount: '151.20', currency: 'EUR' },
    shipTo: { addressId: 'RTM-HQ' },
    lines: [{ lineNumber: 1, quantity: 1, requestId: 'RQ-261123-7K3M9Q', supplierPartId: 'FF-ESTATE', period: { start: '2026-11-24T09:00:00+01:00', end: '2026-11-27T09:00:00+01:00' } }],
    ...parts,
  }) as PurchaseOrder;

describe('which request an order is for', () => {
  it('is the one every line names in its SupplierPartAuxiliaryID', () => {
    expect(orderRequestId(order())).toBe('RQ-261123-7K3M9Q');
  });
  it('is none when lines name different requests, a line names none, or the id is not one of ours', () => {
    const line = order().lines[0]!;
    expect(orderRequestId(order({ lines: [line, { ...line, lineNumber: 2, requestId: 'RQ-261123-AAAAAA' }] }))).toBeUndefined();
    expect(orderRequestId(order({ lines: [line, { ...line, lineNumber: 2, requestId: undefined }] }))).toBeUndefined();
    expect(orderRequestId(order({ lines: [{ ...line, requestId: 'rq-261123-7k3m9q' }] }))).toBeUndefined();
    expect(orderRequestId(order({ lines: [] }))).toBeUndefined();
  });
});

describe('what differs between an order and its request', () => {
  it('is nothing for the order our cart made, also with the period restated in UTC and the address by our id', () => {
    expect(orderMismatches(order(), request)).toEqual([]);
    const utc = order({ shipTo: { addressId: 'rotterdam-hq' }, lines: [{ ...order().lines[0]!, period: { start: '2026-11-24T08:00:00Z', end: '2026-11-27T08:00:00Z' } }] });
    expect(orderMismatches(utc, request)).toEqual([]);
    expect(orderMismatches(order({ total: { amount: '151.2000', currency: 'eur' } }), request)).toEqual([]);
  });
  it('names the amount, the currency, the period, the address, the vehicle and extra lines, each with ours and theirs', () => {
    expect(orderMismatches(order({ total: { amount: '151.21', currency: 'EUR' } }), request)).toEqual([{ field: 'amount', expected: '151.20', received: '151.21' }]);
    expect(orderMismatches(order({ total: { amount: '151.20', currency: 'USD' } }), request)).toEqual([{ field: 'currency', expected: 'EUR', received: 'USD' }]);
    const line = order().lines[0]!;
    const shifted = orderMismatches(order({ lines: [{ ...line, period: { start: '2026-11-24T09:00:00+02:00', end: line.period!.end } }] }), request);
    expect(shifted).toEqual([{ field: 'period', expected: '2026-11-24T09:00:00+01:00 – 2026-11-27T09:00:00+01:00', received: 'line 1: 2026-11-24T09:00:00+02:00 – 2026-11-27T09:00:00+01:00' }]);
    expect(orderMismatches(order({ shipTo: { addressId: 'WO02' } }), request)).toEqual([{ field: 'deliveryAddress', expected: 'RTM-HQ (Head office)', received: 'WO02' }]);
    expect(orderMismatches(order({ lines: [{ ...line, supplierPartId: 'FF-VAN' }] }), request)).toEqual([{ field: 'vehicle', expected: 'FF-ESTATE', received: 'line 1: FF-VAN' }]);
    expect(orderMismatches(order({ lines: [line, { ...line, lineNumber: 2 }] }), request)).toEqual([{ field: 'lines', expected: '1 line', received: '2 lines' }]);
  });
  it('flags an order for a declined, cancelled or expired request, and a second order for one that has one', () => {
    for (const status of ['declined', 'cancelled', 'expired'] as const) {
      expect(orderMismatches(order(), { ...request, status })).toEqual([{ field: 'status', expected: 'requested or confirmed', received: status }]);
    }
    const ordered = { ...request, order: { orderNumber: '4500000001' } } as ManagedRequest;
    expect(orderMismatches(order(), ordered).map((m) => m.field)).toEqual(['status']);
    expect(orderMismatches(order({ orderNumber: '4500000001' }), ordered)).toEqual([]);
  });
  it('does not flag what the order leaves out', () => {
    expect(orderMismatches(order({ total: undefined, shipTo: undefined, lines: [{ lineNumber: 1, quantity: 1 }] }), request)).toEqual([]);
  });
});
