/**
 * The cXML OrderRequest (../shared/CXML.md, "Purchase order"): the buyer's purchase order, sent
 * server to server after its own approval, read into a PurchaseOrder. Every value is checked for
 * size and shape here, before anything is looked up or stored. Free of Hono and the AWS SDK.
 */
import { hasControlCharacters } from '../format/characters';
import { ORDER_TYPES, type OrderLine, type OrderType, type PurchaseOrder } from '../orders/order';
import { REQUEST_ID } from '../requests/request';
import { attributeOf, child, children, type CxmlStatusCode, cxmlStatus, textOf, type XmlNode } from './cxml-document';

/** The most characters (or lines) read from an OrderRequest. */
export const CXML_ORDER_MAX = {
  payloadId: 255,
  orderId: 64,
  orderDate: 40,
  lines: 50,
  supplierPartId: 64,
  auxiliaryId: 64,
  description: 500,
  addressId: 64,
  addressText: 500,
  amount: 20,
  quantity: 12,
} as const;

export type OrderProblem = { code: CxmlStatusCode; reason: string };

/** What the document says; who sent it, our reference and the match are added by the route. */
export type ReadOrder = Pick<PurchaseOrder, 'payloadId' | 'orderNumber' | 'orderDate' | 'type' | 'total' | 'shipTo' | 'lines' | 'test'>;

/** An amount: never negative (an order's Total and prices are what the buyer pays). */
const DECIMAL = /^\d{1,12}(\.\d{1,4})?$/;
const CURRENCY = /^[A-Z]{3}$/;
/** %datetime.tz: an ISO 8601 date, optionally with a time; an offset is expected with a time. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
/** A rental's start and end: a date AND time with its offset; without one it would be read in our server's zone. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;
/** A line's quantity: a whole number of vehicles (`1` or `1.0`), 1 to 999. */
const QUANTITY = /^\d{1,3}(\.0{1,4})?$/;

class Refusal extends Error {}
const refuse = (reason: string): never => {
  throw new Refusal(reason);
};

/** A text value, trimmed, within `max` characters and free of control characters (line breaks allowed only where asked); undefined when absent. */
function text(value: string | undefined, max: number, what: string, options: { lineBreaks?: boolean } = {}): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  if (trimmed.length > max) refuse(`${what} is longer than ${max} characters`);
  if (hasControlCharacters(trimmed, options)) refuse(`${what} holds control characters`);
  return trimmed;
}

function money(node: XmlNode | undefined, what: string): PurchaseOrder['total'] {
  const m = child(node, 'Money');
  if (!m) return undefined;
  const amount = text(textOf(m), CXML_ORDER_MAX.amount, `${what} Money`) ?? '';
  const currency = (attributeOf(m, 'currency') ?? '').trim().toUpperCase();
  if (amount.startsWith('-')) refuse(`${what} Money is negative (${amount})`);
  if (!DECIMAL.test(amount)) refuse(`${what} Money is not a decimal amount with a point (like 151.20)`);
  if (!CURRENCY.test(currency)) refuse(`${what} Money has no ISO 4217 currency (like EUR)`);
  return { amount, currency };
}

function period(node: XmlNode | undefined, what: string): OrderLine['period'] {
  if (!node) return undefined;
  const start = text(attributeOf(node, 'startDate'), CXML_ORDER_MAX.orderDate, `${what} Period startDate`);
  const end = text(attributeOf(node, 'endDate'), CXML_ORDER_MAX.orderDate, `${what} Period endDate`);
  for (const [name, value] of [['startDate', start], ['endDate', end]] as const) {
    if (!value || !INSTANT.test(value) || Number.isNaN(Date.parse(value))) {
      refuse(`${what} Period ${name} needs an ISO 8601 date and time with an offset (like 2026-12-10T09:00:00+01:00), not ${value ? `"${value}"` : 'nothing'}`);
    }
  }
  if (Date.parse(end!) <= Date.parse(start!)) refuse(`${what} Period endDate (${end}) is not after its startDate (${start})`);
  return { start: start!, end: end! };
}

/** ShipTo as one line: its addressID, and the name and postal address for a person to read. */
function shipTo(node: XmlNode | undefined): PurchaseOrder['shipTo'] {
  const address = child(node, 'Address');
  if (!address) return undefined;
  const addressId = text(attributeOf(address, 'addressID'), CXML_ORDER_MAX.addressId, 'the ShipTo addressID');
  const postal = child(address, 'PostalAddress');
  const parts = [
    textOf(child(address, 'Name')),
    ...children(postal, 'DeliverTo').map(textOf),
    ...children(postal, 'Street').map(textOf),
    [textOf(child(postal, 'PostalCode')), textOf(child(postal, 'City'))].filter(Boolean).join(' '),
    textOf(child(postal, 'Country')),
  ].filter((part): part is string => !!part);
  const line = text(parts.join(', ').replace(/\s+/g, ' '), CXML_ORDER_MAX.addressText, 'the ShipTo address');
  if (!addressId && !line) return undefined;
  return { ...(addressId ? { addressId } : {}), ...(line ? { text: line } : {}) };
}

/**
 * A line's rental period: where the DTD allows one in an ItemOut (SpendDetail's FeeDetail or
 * LaborDetail), else a Period sent straight in the ItemOut (not in the DTD, but what a cart's
 * ItemIn carried), else the header's DeliveryPeriod for every line.
 */
function linePeriod(item: XmlNode, header: OrderLine['period'], what: string): OrderLine['period'] {
  const spend = child(item, 'SpendDetail');
  const node = child(child(spend, 'FeeDetail'), 'Period') ?? child(child(spend, 'LaborDetail'), 'Period') ?? child(item, 'Period');
  return period(node, what) ?? header;
}

function line(item: XmlNode, index: number, headerPeriod: OrderLine['period']): OrderLine {
  const what = `ItemOut ${index + 1}`;
  const quantityText = (attributeOf(item, 'quantity') ?? '').trim();
  if (!QUANTITY.test(quantityText) || !(Number(quantityText) >= 1 && Number(quantityText) <= 999)) refuse(`${what} quantity must be a whole number from 1 to 999, not "${quantityText.slice(0, CXML_ORDER_MAX.quantity)}"`);
  const lineNumberText = attributeOf(item, 'lineNumber')?.trim();
  if (lineNumberText !== undefined && !/^\d{1,6}$/.test(lineNumberText)) refuse(`${what} lineNumber is not a whole number`);
  const itemId = child(item, 'ItemID');
  const supplierPartId = text(textOf(child(itemId, 'SupplierPartID')), CXML_ORDER_MAX.supplierPartId, `${what} SupplierPartID`);
  const auxiliary = text(textOf(child(itemId, 'SupplierPartAuxiliaryID')), CXML_ORDER_MAX.auxiliaryId, `${what} SupplierPartAuxiliaryID`);
  const detail = child(item, 'ItemDetail');
  const description = child(detail, 'Description');
  const described = [textOf(child(description, 'ShortName')), textOf(description)].filter(Boolean).join(': ');
  const unitPrice = money(child(detail, 'UnitPrice'), `${what} UnitPrice`);
  const rental = linePeriod(item, headerPeriod, what);
  return {
    lineNumber: lineNumberText !== undefined ? Number(lineNumberText) : index + 1,
    quantity: Number(quantityText),
    ...(supplierPartId ? { supplierPartId } : {}),
    // Only an id of ours names a request; anything else leaves the order unmatched.
    ...(auxiliary && REQUEST_ID.test(auxiliary) ? { requestId: auxiliary } : {}),
    ...(unitPrice ? { unitPrice } : {}),
    ...(described ? { description: text(described.slice(0, CXML_ORDER_MAX.description), CXML_ORDER_MAX.description, `${what} Description`, { lineBreaks: true }) } : {}),
    ...(rental ? { period: rental } : {}),
  };
}

/** The order an OrderRequest document carries, or the cXML status and plain reason to refuse it with. */
export function readOrderRequest(root: XmlNode): { order: ReadOrder } | { problem: OrderProblem } {
  try {
    const request = child(root, 'Request');
    const orderRequest = child(request, 'OrderRequest');
    if (!orderRequest) refuse('the document holds no Request/OrderRequest');
    const payloadId = (attributeOf(root, 'payloadID') ?? '').trim();
    if (!payloadId || payloadId.length > CXML_ORDER_MAX.payloadId || hasControlCharacters(payloadId)) {
      refuse(`the cXML payloadID is missing or longer than ${CXML_ORDER_MAX.payloadId} characters`);
    }
    const header = child(orderRequest, 'OrderRequestHeader');
    if (!header) refuse('the OrderRequest has no OrderRequestHeader');
    const orderNumber = text(attributeOf(header, 'orderID'), CXML_ORDER_MAX.orderId, 'the orderID');
    if (!orderNumber) refuse('the OrderRequestHeader has no orderID');
    const orderDate = text(attributeOf(header, 'orderDate'), CXML_ORDER_MAX.orderDate, 'the orderDate');
    if (!orderDate || !DATE_TIME.test(orderDate) || Number.isNaN(Date.parse(orderDate))) refuse('the orderDate is missing or not an ISO 8601 date');
    const type = (attributeOf(header, 'type') ?? 'new').trim() as OrderType;
    if (!ORDER_TYPES.includes(type)) refuse('the OrderRequestHeader type must be new, update or delete');
    const total = money(child(header, 'Total'), 'the Total');
    if (!total) refuse('the OrderRequestHeader has no Total/Money');
    const headerPeriod = period(child(child(header, 'DeliveryPeriod'), 'Period'), 'the DeliveryPeriod');
    const items = children(orderRequest, 'ItemOut');
    if (!items.length) refuse('the OrderRequest has no ItemOut');
    if (items.length > CXML_ORDER_MAX.lines) refuse(`the OrderRequest has more than ${CXML_ORDER_MAX.lines} ItemOut lines`);
    const lines = items.map((item, i) => line(item, i, headerPeriod));
    const ship = shipTo(child(header, 'ShipTo'));
    return {
      order: {
        payloadId,
        orderNumber: orderNumber!,
        orderDate: orderDate!,
        type,
        total,
        ...(ship ? { shipTo: ship } : {}),
        lines,
        ...(attributeOf(request, 'deploymentMode') === 'test' ? { test: true } : {}),
      },
    };
  } catch (error) {
    if (error instanceof Refusal) return { problem: { code: 400, reason: error.message } };
    throw error;
  }
}

/** The Status text we answer a stored order with: our reference, and the request it was matched to (or why not). */
export function orderAcceptedText(order: Pick<PurchaseOrder, 'id' | 'requestId' | 'type' | 'orderNumber'> & Partial<Pick<PurchaseOrder, 'mismatches'>>): string {
  const what = order.type === 'delete' ? 'withdrawal of' : order.type === 'update' ? 'change of' : '';
  const subject = `${what ? `${what} ` : ''}order ${order.orderNumber}`;
  const flagged = (field: string) => order.mismatches?.some((m) => m.field === field);
  if (flagged('deploymentMode')) {
    return `OK: ${subject} recorded as ${order.id}, not matched: a test order (deploymentMode="test") is not matched to a live request; our operations team will look at it`;
  }
  if (order.requestId && flagged('orderNumber')) {
    return `OK: ${subject} recorded as ${order.id} for request ${order.requestId}, but we hold no order ${order.orderNumber} for that request, so it changes nothing; our operations team will look at it`;
  }
  return order.requestId
    ? `OK: ${subject} recorded as ${order.id} for request ${order.requestId}`
    : `OK: ${subject} recorded as ${order.id}, not matched to a request; our operations team will look at it`;
}

/** The Response body of a stored order: Status 200 with our reference. */
export function orderResponseBody(statusText: string): string {
  return `<Response>${cxmlStatus(200, statusText)}</Response>`;
}
