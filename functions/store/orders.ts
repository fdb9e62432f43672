import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { confirmationChange } from '../orders/confirmation';
import { orderMismatches } from '../orders/order-match';
import type { PurchaseOrder, RequestOrder } from '../orders/order';
import { type Actor, actorName, type ManagedRequest, type RequestEvent, versionOf } from '../requests/lifecycle';
import { type Db, retentionOf, withoutKeys } from './db';
import { GSI1, keys, TTL_ATTRIBUTE } from './keys';
import { outboxPut } from './outbox';
import { queryUpTo } from './paging';
import { type PayloadEntry, payloadItem, payloadsOf } from './payload-log';
import { eventPut, type TxItem } from './request-events';
import { getRequest } from './requests';
import { ttl } from './retention';
import { transactWithRetry } from './transact';

/**
 * Purchase orders (orders/order.ts) in the table. Recording one is ONE transaction: the cXML
 * payloadID marker (a resend finds it and gets the same answer; nothing is stored twice), the
 * order, the request's `order` (conditional on the version read), its history entry, the
 * payload-log entries and what the caller adds (an e-mailed order's PDF chunks). Nothing is ever
 * half-written: either all of it is there or none.
 */

export interface RecordOrderOptions {
  /** Written in the same transaction (store/order-attachments.ts: the PDF's chunks). */
  extraItems?: TxItem[];
  /** Payload-log entries written in the same transaction (the document in, our answer out). */
  payloads?: Omit<PayloadEntry, 'id' | 'at' | 'requestId'>[];
  /** cXML: the Response body we answer with, kept on the payloadID marker so a resend gets it again. */
  answer?: string;
  /**
   * cXML: the answer and payload-log entries worked out from the order as matched here (test
   * orders and updates of orders we do not hold end up otherwise than the document asks); used
   * instead of `answer` and `payloads`.
   */
  respond?: (matched: PurchaseOrder) => { answer: string; payloads: Omit<PayloadEntry, 'id' | 'at' | 'requestId'>[] };
  /** cXML: the SHA-256 of the document as logged, kept on the payloadID marker: a resend with other content is told apart. */
  documentSha256?: string;
  /** The connection wants cXML ConfirmationRequests (its order channel): copied onto the request's order. */
  confirmations?: boolean;
  /** Who recorded it: the buyer's system (cXML) or a staff member (e-mailed order). */
  actor?: Actor;
}

export type RecordOrderOutcome =
  /** Stored; `request` is the request as it is now, when the order was matched to one. */
  | { outcome: 'recorded'; order: PurchaseOrder; request?: ManagedRequest }
  /** The payloadID was seen before: the order it made, the answer given then and the SHA-256 of that document (absent for markers from before it was kept). */
  | { outcome: 'repeated'; order: PurchaseOrder; answer?: string; documentSha256?: string }
  | { outcome: 'busy' };

/** Attempts when the request changes between our read and our write (an operator confirms it meanwhile). */
const VERSION_ATTEMPTS = 4;

/** What the request shows of an order: the latest one replaces the earlier; a delete asks operations to cancel. */
export function requestOrderOf(order: PurchaseOrder, previous: RequestOrder | undefined, confirmations?: boolean): RequestOrder {
  const sameOrder = previous?.orderNumber === order.orderNumber;
  return {
    orderId: order.id,
    orderNumber: order.orderNumber,
    orderDate: order.orderDate,
    source: order.source,
    type: order.type,
    receivedAt: order.receivedAt,
    ...(order.payloadId ? { payloadId: order.payloadId } : {}),
    mismatches: order.mismatches,
    ...(order.type === 'delete' ? { cancellationRequested: true } : {}),
    ...(confirmations ? { confirmations: true } : {}),
    // A cancel after an accept must be sent as an update of that confirmation (orders/confirmation.ts).
    ...(sameOrder && previous?.lastConfirmation ? { lastConfirmation: previous.lastConfirmation } : {}),
    ...(order.attachment ? { attachment: order.attachment } : {}),
  };
}

function orderItem(db: Db, order: PurchaseOrder, now: Date, rentalEnd?: string): Record<string, unknown> {
  return {
    ...keys.order(order.id),
    entity: 'order',
    gsi1pk: order.requestId ? keys.ordersOf(order.requestId) : keys.unmatchedOrders,
    gsi1sk: `${order.receivedAt}#${order.id}`,
    ...order,
    [TTL_ATTRIBUTE]: ttl.personal(retentionOf(db), now, rentalEnd),
  };
}

/** The request's new `order`, version bumped, on the condition that nobody changed the request since it was read. */
function requestOrderUpdate(db: Db, request: ManagedRequest, order: RequestOrder, at: string): TxItem {
  const version = versionOf(request);
  return {
    Update: {
      TableName: db.table,
      Key: keys.request(request.id),
      UpdateExpression: 'SET #order = :order, #version = :next, #updatedAt = :at',
      ConditionExpression: version === 0 ? 'attribute_exists(pk) AND attribute_not_exists(#version)' : '#version = :version',
      ExpressionAttributeNames: { '#order': 'order', '#version': 'version', '#updatedAt': 'updatedAt' },
      ExpressionAttributeValues: { ':order': order, ':next': version + 1, ':at': at, ...(version === 0 ? {} : { ':version': version }) },
    },
  };
}

function describeOrder(order: PurchaseOrder): string {
  const flags = order.mismatches.length ? `; ${order.mismatches.length} difference${order.mismatches.length === 1 ? '' : 's'}: ${order.mismatches.map((m) => m.field).join(', ')}` : '';
  const kind = order.type === 'delete' ? 'withdrawn by the buyer' : order.type === 'update' ? 'changed' : 'received';
  return `PO ${order.orderNumber} ${kind} (${order.source === 'cxml' ? 'cXML' : 'e-mail'}, our reference ${order.id})${flags}`;
}

/** A request as stored, with what operations added to it. */
const readRequest = (db: Db, id: string) => getRequest(db, id) as Promise<ManagedRequest | undefined>;

/** The request an order names, if it is the same connection's; anything else leaves the order unmatched. */
async function requestFor(db: Db, order: PurchaseOrder): Promise<ManagedRequest | undefined> {
  if (!order.requestId) return undefined;
  const request = await readRequest(db, order.requestId);
  return request && request.connectionId === order.connectionId ? request : undefined;
}

/**
 * The order as matched to the request it names: a test order for a live request stays unmatched
 * (flagged); an update or delete must name a PO number we hold for that request (same connection),
 * else it is recorded and flagged but the request's order is left as it was (`replaces: false`).
 */
async function matchTo(db: Db, order: PurchaseOrder, request: ManagedRequest | undefined): Promise<{ matched: PurchaseOrder; replaces: boolean }> {
  if (!request) {
    const unmatched: PurchaseOrder = { ...order, mismatches: [] };
    delete unmatched.requestId;
    return { matched: unmatched, replaces: false };
  }
  const mismatches = orderMismatches(order, request);
  if (mismatches.some((m) => m.field === 'deploymentMode')) {
    const unmatched: PurchaseOrder = { ...order, mismatches };
    delete unmatched.requestId;
    return { matched: unmatched, replaces: false };
  }
  if (order.type !== 'new') {
    const { orders } = await ordersOfRequest(db, request.id);
    const held = orders.some((o) => o.orderNumber === order.orderNumber && o.connectionId === order.connectionId && !o.mismatches.some((m) => m.field === 'orderNumber'));
    if (!held) {
      const known = request.order ? `an ${order.type} of an order we hold (PO ${request.order.orderNumber})` : 'no order received for this request';
      mismatches.push({ field: 'orderNumber', expected: known, received: `${order.type === 'delete' ? 'a withdrawal' : 'a change'} of PO ${order.orderNumber}, which we never received` });
      return { matched: { ...order, requestId: request.id, mismatches }, replaces: false };
    }
  }
  return { matched: { ...order, requestId: request.id, mismatches }, replaces: true };
}

/**
 * Record an order. `order.requestId` names the request it is for (orders/order-match.ts
 * `orderRequestId`, or the request an e-mailed order was recorded on); it is kept only when that
 * request is the same connection's, and the mismatches are worked out here against the request as
 * read, so every way in flags the same things.
 */
export async function recordOrder(db: Db, order: PurchaseOrder, options: RecordOrderOptions = {}, now = new Date()): Promise<RecordOrderOutcome> {
  const marker = order.payloadId ? keys.orderPayload(order.connectionId, order.payloadId) : undefined;
  for (let attempt = 1; attempt <= VERSION_ATTEMPTS; attempt++) {
    const named = await requestFor(db, order);
    const { matched, replaces } = await matchTo(db, order, named);
    // The request the order is kept with (a flagged update of an unknown PO too); `request`: the one whose order it becomes.
    const keptWith = matched.requestId ? named : undefined;
    const request = replaces ? keptWith : undefined;
    const rentalEnd = keptWith?.period.return;
    const at = now.toISOString();
    const response = options.respond?.(matched);
    const items: TxItem[] = [];
    if (marker) {
      items.push({
        Put: {
          TableName: db.table,
          Item: {
            ...marker,
            entity: 'orderPayload',
            orderId: order.id,
            ...(response || options.answer ? { answer: response?.answer ?? options.answer } : {}),
            ...(options.documentSha256 ? { documentSha256: options.documentSha256 } : {}),
            [TTL_ATTRIBUTE]: ttl.personal(retentionOf(db), now, rentalEnd),
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      });
    }
    items.push({ Put: { TableName: db.table, Item: orderItem(db, matched, now, rentalEnd), ConditionExpression: 'attribute_not_exists(pk)' } });
    const requestIndex = items.length;
    let after: ManagedRequest | undefined;
    if (request) {
      const requestOrder = requestOrderOf(matched, request.order, options.confirmations);
      after = { ...request, order: requestOrder, version: versionOf(request) + 1, updatedAt: at };
      // An order for a request already confirmed: the buyer's system hears the accept, in this transaction (lane B).
      const confirmation = confirmationChange(request, after, 'order', now, keys.request(request.id).pk);
      if (confirmation) after = { ...after, order: confirmation.order };
      const event: RequestEvent = { at, actor: options.actor ?? { kind: 'system' }, action: 'order-received', detail: describeOrder(matched) };
      items.push(requestOrderUpdate(db, request, after.order!, at), eventPut(db, request.id, event, rentalEnd));
      if (confirmation) items.push(outboxPut(db, confirmation.message));
    } else if (keptWith) {
      // Kept with the request for operations to see, without touching the order it holds.
      const event: RequestEvent = { at, actor: options.actor ?? { kind: 'system' }, action: 'order-received', detail: `${describeOrder(matched)}; the request's order is unchanged` };
      items.push(eventPut(db, keptWith.id, event, rentalEnd));
    }
    for (const entry of response?.payloads ?? options.payloads ?? []) {
      const full: PayloadEntry = { ...entry, id: randomUUID(), at, ...(keptWith ? { requestId: keptWith.id } : {}) };
      items.push({ Put: { TableName: db.table, Item: payloadItem(db, full, now, rentalEnd) } });
    }
    items.push(...(options.extraItems ?? []));

    const result = await transactWithRetry(db, items);
    if (result.ok) return { outcome: 'recorded', order: matched, ...(after ? { request: after } : {}) };
    if (result.codes === 'busy') return { outcome: 'busy' };
    if (marker && result.codes[0] === 'ConditionalCheckFailed') {
      const seen = await repeatedOrder(db, order.connectionId, order.payloadId!);
      return seen ?? { outcome: 'busy' };
    }
    // The request changed between our read and our write: read it again and compare again.
    if (request && result.codes[requestIndex] === 'ConditionalCheckFailed') continue;
    throw new Error(`Recording order ${order.id} failed on a condition: ${result.codes.join(',')}`);
  }
  return { outcome: 'busy' };
}

/** The order a payloadID made before, with the answer given then. */
async function repeatedOrder(db: Db, connectionId: string, payloadId: string): Promise<RecordOrderOutcome | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.orderPayload(connectionId, payloadId), ConsistentRead: true }));
  if (!Item) return undefined;
  const order = await getOrder(db, String(Item.orderId));
  return order
    ? {
        outcome: 'repeated',
        order,
        ...(typeof Item.answer === 'string' ? { answer: Item.answer } : {}),
        ...(typeof Item.documentSha256 === 'string' ? { documentSha256: Item.documentSha256 } : {}),
      }
    : undefined;
}

export async function getOrder(db: Db, id: string): Promise<PurchaseOrder | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.order(id), ConsistentRead: true }));
  return Item ? withoutKeys<PurchaseOrder>(Item) : undefined;
}

/** Most orders a list answers with: a request has a few; more unmatched ones than this is a problem to fix at its source. */
export const ORDER_LIST_MAX = 200;

async function ordersIn(db: Db, partition: string): Promise<{ orders: PurchaseOrder[]; more: boolean }> {
  const { items, more } = await queryUpTo(
    db,
    { IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': partition }, ScanIndexForward: false },
    ORDER_LIST_MAX,
  );
  return { orders: items.map((item) => withoutKeys<PurchaseOrder>(item)), more };
}

/** A request's orders (new, update, delete, by e-mail), newest first. */
export function ordersOfRequest(db: Db, requestId: string): Promise<{ orders: PurchaseOrder[]; more: boolean }> {
  return ordersIn(db, keys.ordersOf(requestId));
}

/** The payload-log entries of a request's orders (the documents in and our answers), for the request page. */
export async function orderPayloadsOfRequest(db: Db, requestId: string): Promise<PayloadEntry[]> {
  const { orders } = await ordersOfRequest(db, requestId);
  return (await Promise.all(orders.map((order) => payloadsOf(db, keys.order(order.id).pk)))).flat();
}

/** Orders matched to no request, newest first: for operations to attach by hand. */
export function unmatchedOrders(db: Db): Promise<{ orders: PurchaseOrder[]; more: boolean }> {
  return ordersIn(db, keys.unmatchedOrders);
}

export type MatchOutcome =
  | { outcome: 'matched'; order: PurchaseOrder; request: ManagedRequest }
  | { outcome: 'no-order' | 'no-request' | 'already-matched' | 'other-connection' | 'busy' }
  /** The request is not at the version the operator saw (or changed while we wrote): reload and look again. */
  | { outcome: 'changed'; request?: ManagedRequest };

/**
 * Operations attach an unmatched order to a request of the same connection: the same comparison
 * as on arrival, the request's `order` and history in the same transaction as the order's move
 * out of the unmatched list (conditional on it still being unmatched).
 */
export async function matchOrderByHand(
  db: Db,
  orderId: string,
  requestId: string,
  actor: Actor,
  now = new Date(),
  options: { expectedVersion?: number; confirmations?: boolean } = {},
): Promise<MatchOutcome> {
  const { expectedVersion } = options;
  const [order, request] = await Promise.all([getOrder(db, orderId), readRequest(db, requestId)]);
  if (!order) return { outcome: 'no-order' };
  if (order.requestId) return { outcome: 'already-matched' };
  if (!request) return { outcome: 'no-request' };
  if (request.connectionId !== order.connectionId) return { outcome: 'other-connection' };
  if (expectedVersion !== undefined && expectedVersion !== versionOf(request)) return { outcome: 'changed', request };
  const at = now.toISOString();
  const matched: PurchaseOrder = { ...order, requestId: request.id, mismatches: orderMismatches(order, request) };
  let requestOrder = requestOrderOf(matched, request.order, options.confirmations);
  // Attached to a request already confirmed: the buyer's system hears the accept, in this transaction (lane B).
  const confirmation = confirmationChange(request, { ...request, order: requestOrder, version: versionOf(request) + 1 }, 'order', now, keys.request(request.id).pk);
  if (confirmation) requestOrder = confirmation.order;
  const event: RequestEvent = { at, actor, action: 'order-matched', detail: `${describeOrder(matched)}; attached by ${actorName(actor)}` };
  const result = await transactWithRetry(db, [
    {
      Update: {
        TableName: db.table,
        Key: keys.order(order.id),
        UpdateExpression: 'SET requestId = :request, mismatches = :mismatches, gsi1pk = :pk, #ttl = :ttl',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(requestId)',
        ExpressionAttributeNames: { '#ttl': TTL_ATTRIBUTE },
        ExpressionAttributeValues: {
          ':request': request.id,
          ':mismatches': matched.mismatches,
          ':pk': keys.ordersOf(request.id),
          ':ttl': ttl.personal(retentionOf(db), now, request.period.return),
        },
      },
    },
    requestOrderUpdate(db, request, requestOrder, at),
    eventPut(db, request.id, event, request.period.return),
    ...(confirmation ? [outboxPut(db, confirmation.message)] : []),
  ]);
  if (result.ok) return { outcome: 'matched', order: matched, request: { ...request, order: requestOrder, version: versionOf(request) + 1, updatedAt: at } };
  if (result.codes === 'busy') return { outcome: 'busy' };
  if (result.codes[0] === 'ConditionalCheckFailed') return { outcome: 'already-matched' };
  return { outcome: 'changed', request: await readRequest(db, request.id) };
}
