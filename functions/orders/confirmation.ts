/**
 * Order confirmations back to a cXML buyer (issue 10, item 5): which change of a request tells the
 * buyer's system what, as a ConfirmationRequest (punchout/cxml-confirmation.ts) sent through the
 * outbox. Plain data, free of Hono and the AWS SDK.
 *
 *   confirm, or a matching order arriving for a confirmed request → accept (new)
 *   decline, expire                                        → reject  (new, or update after an earlier one)
 *   cancel                                                 → reject  (update after an accept, else new)
 *   another vehicle after confirmation                     → detail  (update of the accept)
 *
 * Only for an order that came by cXML from a connection that wants confirmations (copied onto the
 * request's order when it arrived). Every confirmation after the first for an order is an update
 * referring to the one before, as Fulfill.dtd asks; the buyer keeps the latest.
 */
import { randomUUID } from 'node:crypto';
import { newOutboxMessage, outboxId, type OutboxMessage } from '../mail/outbox';
import { type ManagedRequest, REASON_LABELS, versionOf } from '../requests/lifecycle';
import type { RequestOrder } from './order';

export type ConfirmationType = 'accept' | 'reject' | 'detail';
export type ConfirmationEvent = 'confirm' | 'decline' | 'cancel' | 'change' | 'order';

/** What the outbox keeps to build (and rebuild, on a retry: the same document) one ConfirmationRequest. */
export interface OrderConfirmation {
  type: ConfirmationType;
  operation: 'new' | 'update';
  /** Our document's payloadID, fixed when enqueued: a retry re-sends the same document and the buyer dedupes by it. */
  payloadId: string;
  /** ConfirmationHeader confirmID: our order reference, the same in every update of the confirmation. */
  confirmId: string;
  /** The confirmation this one updates (DocumentReference), when operation is `update`. */
  previousPayloadId?: string;
  /** ConfirmationHeader noticeDate (ISO with offset). */
  noticeDate: string;
  /** The OrderRequest answered: its orderID, orderDate and payloadID (OrderReference). */
  order: { orderNumber: string; orderDate: string; payloadId: string };
  connectionId: string;
  /** A test request's confirmation goes with deploymentMode="test". */
  test: boolean;
  /** For the buyer's people: the decline or cancel reason, the vehicle now assigned. No free-text notes (they may be personal). */
  comment?: string;
  /** Line and quantity confirmed in a `detail`: our cart sends one line of quantity 1. */
  line?: { lineNumber: number; quantity: number; unitOfMeasure: string };
}

/**
 * payloadIDs must be globally unique; the host part only names the sender. The real host is not
 * known where the change is made (store/), and the document must not change between retries.
 */
const PAYLOAD_HOST = 'confirmations.flexfleet';

function payloadId(now: Date): string {
  return `${now.getTime()}.${randomUUID()}@${PAYLOAD_HOST}`;
}

/** An ISO instant with an explicit offset, as cXML dates want (`2026-11-23T10:00:00+00:00`). */
export function cxmlInstant(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

function typeFor(before: ManagedRequest, after: ManagedRequest, event: ConfirmationEvent, order: RequestOrder): ConfirmationType | undefined {
  switch (event) {
    case 'confirm':
      return after.status === 'confirmed' && order.lastConfirmation !== 'accept' ? 'accept' : undefined;
    case 'order': {
      // An order for a request not (yet) confirmed waits for the confirmation; a withdrawal waits for the
      // cancellation (a reject); one that differs from the request waits for a person (never accepted
      // by itself). A new version of the order (another payloadID) is accepted again.
      if (after.status !== 'confirmed' || order.type === 'delete' || order.mismatches.length) return undefined;
      const newDocument = before.order?.payloadId !== order.payloadId;
      return order.lastConfirmation !== 'accept' || newDocument ? 'accept' : undefined;
    }
    case 'decline':
    case 'cancel':
      return order.lastConfirmation === 'reject' ? undefined : 'reject';
    case 'change':
      // Only a change the buyer was told about before: a vehicle swapped on an accepted order.
      return after.status === 'confirmed' && order.lastConfirmation === 'accept' && before.assignment?.plate !== after.assignment?.plate ? 'detail' : undefined;
  }
}

function commentFor(type: ConfirmationType, after: ManagedRequest): string | undefined {
  if (type === 'reject') return after.decision ? REASON_LABELS[after.decision.reason] : after.status === 'expired' ? 'Not confirmed in time' : undefined;
  if (type === 'detail') return after.assignment ? `Vehicle now assigned: ${after.assignment.plate}` : undefined;
  return undefined;
}

/**
 * The ConfirmationRequest a change of a request sends to the buyer, as an outbox message for the
 * change's own transaction, and the request's order as it is once it is sent (its last
 * confirmation), to be written in that transaction too. Undefined: the buyer hears nothing of it.
 */
export function confirmationChange(
  before: ManagedRequest,
  after: ManagedRequest,
  event: ConfirmationEvent,
  now: Date,
  owner = `REQUEST#${after.id}`,
): { message: OutboxMessage; lastConfirmation: ConfirmationType; order: RequestOrder } | undefined {
  const order = after.order;
  if (!order || order.source !== 'cxml' || !order.confirmations || !order.payloadId) return undefined;
  const type = typeFor(before, after, event, order);
  if (!type) return undefined;
  const previous = order.lastConfirmationPayloadId;
  const confirmation: OrderConfirmation = {
    type,
    operation: previous ? 'update' : 'new',
    payloadId: payloadId(now),
    confirmId: order.orderId,
    ...(previous ? { previousPayloadId: previous } : {}),
    noticeDate: cxmlInstant(now),
    order: { orderNumber: order.orderNumber, orderDate: order.orderDate, payloadId: order.payloadId },
    connectionId: after.connectionId,
    test: Boolean(after.test),
    ...(commentFor(type, after) ? { comment: commentFor(type, after) } : {}),
    ...(type === 'detail' ? { line: { lineNumber: 1, quantity: 1, unitOfMeasure: 'EA' } } : {}),
  };
  const { releasing: _r, ...snapshot } = after;
  const message = newOutboxMessage(
    {
      id: outboxId(after.id, versionOf(after), 'order-confirmation'),
      kind: 'order-confirmation',
      owner,
      audience: 'buyer',
      language: after.language,
      requestId: after.id,
      request: snapshot,
      confirmation,
    },
    now,
  );
  return { message, lastConfirmation: type, order: { ...order, lastConfirmation: type, lastConfirmationPayloadId: confirmation.payloadId } };
}
