/**
 * Matching a purchase order to its request, and what differs between them (issue 10, item 3).
 * The request is the one our cart named in every line's SupplierPartAuxiliaryID; anything that
 * differs from what the requester transferred is a mismatch for operations to look at, never
 * silently accepted. Pure: free of Hono and the AWS SDK.
 */
import { timeZoneOf, wallToInstant } from '../catalog/time-zone';
import { plainAmount } from '../format/money';
import { withOffset } from '../punchout/cxml-cart';
import type { ManagedRequest } from '../requests/lifecycle';
import { REQUEST_ID } from '../requests/request';
import type { OrderMismatch, PurchaseOrder } from './order';

/**
 * The request every line of an order names, or undefined: no lines, a line without one, or lines
 * naming different requests (then operations attach it by hand). Whose request it is, is the
 * caller's to check (it must be the sending connection's).
 */
export function orderRequestId(order: Pick<PurchaseOrder, 'lines'>): string | undefined {
  const ids = new Set(order.lines.map((line) => line.requestId));
  if (ids.size !== 1) return undefined;
  const [id] = ids;
  return id !== undefined && REQUEST_ID.test(id) ? id : undefined;
}

/** Statuses in which a request can no longer be ordered. */
const CLOSED = new Set(['declined', 'cancelled', 'expired']);

/** Cents of a decimal amount as sent (`151.20`); NaN when it is not one. */
function cents(amount: string): number {
  return /^-?\d{1,12}(\.\d{1,4})?$/.test(amount) ? Number(amount) * 100 : Number.NaN;
}

function sameInstant(a: string, b: Date): boolean {
  const at = Date.parse(a);
  return !Number.isNaN(at) && at === b.getTime();
}

/**
 * Everything an order says that differs from its request: the total and currency (the cart sent
 * the net price), each line's rental period (compared as instants: the buyer may restate the
 * offset), the delivery address (by our id or the buyer's location code), the vehicle (our SKU),
 * the number of lines (the cart had one), the request's status, and a second order for a request
 * that has one already. An order that leaves a value out is not flagged for it.
 */
export function orderMismatches(
  order: Pick<PurchaseOrder, 'total' | 'lines' | 'shipTo' | 'orderNumber' | 'type'> & Partial<Pick<PurchaseOrder, 'test'>>,
  request: Pick<ManagedRequest, 'status' | 'price' | 'period' | 'location' | 'deliveryAddress' | 'vehicleType' | 'order'> & Partial<Pick<ManagedRequest, 'test'>>,
): OrderMismatch[] {
  const found: OrderMismatch[] = [];
  const add = (field: OrderMismatch['field'], expected: string, received: string) => found.push({ field, expected, received });

  // A buyer's test order (deploymentMode="test") never stands for a live request's real order.
  if (order.test === true && request.test !== true) add('deploymentMode', 'a production order (this is a live request)', 'a test order (deploymentMode="test")');

  if (order.total) {
    if (order.total.currency.toUpperCase() !== request.price.currency.toUpperCase()) add('currency', request.price.currency, order.total.currency);
    else if (!(Math.abs(cents(order.total.amount) - request.price.net) < 0.5)) add('amount', plainAmount(request.price.net), order.total.amount);
  }

  const zone = timeZoneOf(request.location);
  const start = wallToInstant(request.period.pickup, zone);
  const end = wallToInstant(request.period.return, zone);
  const period = `${withOffset(request.period.pickup, zone)} – ${withOffset(request.period.return, zone)}`;
  for (const line of order.lines) {
    if (line.period && !(sameInstant(line.period.start, start) && sameInstant(line.period.end, end))) {
      add('period', period, `line ${line.lineNumber}: ${line.period.start} – ${line.period.end}`);
    }
    if (line.supplierPartId !== undefined && line.supplierPartId !== request.vehicleType.sku) {
      add('vehicle', request.vehicleType.sku, `line ${line.lineNumber}: ${line.supplierPartId}`);
    }
  }
  if (order.lines.length > 1) add('lines', '1 line', `${order.lines.length} lines`);

  const addressId = order.shipTo?.addressId;
  if (addressId !== undefined) {
    const ours = request.deliveryAddress;
    const same = ours && (addressId === ours.id || addressId.toLowerCase() === ours.locationCode.toLowerCase());
    if (!same) add('deliveryAddress', ours ? `${ours.locationCode} (${ours.label})` : 'no delivery address', addressId);
  }

  if (CLOSED.has(request.status)) add('status', 'requested or confirmed', request.status);
  else if (order.type === 'new' && request.order && request.order.orderNumber !== order.orderNumber && !request.order.cancellationRequested) {
    add('status', `one order (PO ${request.order.orderNumber} received already)`, `a second order, PO ${order.orderNumber}`);
  }
  return found;
}
