/**
 * A purchase order: what the buyer's system sends after its own approval (a cXML OrderRequest at
 * /cxml/order, or a PDF e-mailed and recorded by operations), matched to the request its cart
 * carried. Plain data, free of Hono and the AWS SDK.
 */
import { randomBytes } from 'node:crypto';

export const ORDER_TYPES = ['new', 'update', 'delete'] as const;
/** `update` replaces an earlier order with the same number; `delete` withdraws it (a cancellation request for operations). */
export type OrderType = (typeof ORDER_TYPES)[number];

export type OrderSource = 'cxml' | 'email';

/** One ItemOut of an order, as far as we read it. */
export interface OrderLine {
  lineNumber: number;
  quantity: number;
  /** Our SupplierPartID (the vehicle type's SKU), as the cart carried it. */
  supplierPartId?: string;
  /** Our SupplierPartAuxiliaryID: the request id the cart carried. */
  requestId?: string;
  unitPrice?: Money;
  description?: string;
  /** The rental as the line's Period carries it (ISO instants with offset). */
  period?: { start: string; end: string };
}

/** An amount as sent: a plain decimal string (`151.20`) and its currency. */
export interface Money {
  amount: string;
  currency: string;
}

/** What differs between an order and its request: flagged for operations, never silently accepted. */
export interface OrderMismatch {
  /**
   * `orderNumber`: an update or delete naming a PO number we never received for the request (the
   * request's order is left as it was); `deploymentMode`: a test order (cXML deploymentMode="test")
   * for a live request (left unmatched).
   */
  field: 'amount' | 'currency' | 'period' | 'deliveryAddress' | 'vehicle' | 'status' | 'lines' | 'orderNumber' | 'deploymentMode';
  /** Ours (the request), as text. */
  expected: string;
  /** Theirs (the order), as text. */
  received: string;
}

export interface PurchaseOrder {
  /** Our reference, given back to the buyer in the answer: `PO-261123-7K3M9Q`. */
  id: string;
  connectionId: string;
  source: OrderSource;
  /** The cXML payloadID: the idempotency key of a cXML order (absent for an e-mailed one). */
  payloadId?: string;
  /** The buyer's purchase order number (cXML `orderID`). */
  orderNumber: string;
  /** The order date as the buyer gave it (cXML `orderDate`, ISO 8601; e-mail: YYYY-MM-DD). */
  orderDate: string;
  type: OrderType;
  total?: Money;
  /** ShipTo as sent: its addressID and the address as one line of text. */
  shipTo?: { addressId?: string; text?: string };
  lines: OrderLine[];
  /** The request it was matched to; absent: unmatched, listed for operations. */
  requestId?: string;
  mismatches: OrderMismatch[];
  /** cXML `deploymentMode="test"`. */
  test?: boolean;
  receivedAt: string;
  /** Who recorded an e-mailed order (staff e-mail); absent for cXML. */
  recordedBy?: string;
  /** An e-mailed order's PDF, kept with it in chunks (store/order-attachments.ts). */
  attachment?: OrderAttachment;
}

export interface OrderAttachment {
  fileName: string;
  contentType: 'application/pdf';
  bytes: number;
  sha256: string;
  chunks: number;
}

/** What a request shows of its (latest) order: "order received: PO number, date". */
export interface RequestOrder {
  /** Our reference of the latest order for the request. */
  orderId: string;
  orderNumber: string;
  orderDate: string;
  source: OrderSource;
  type: OrderType;
  receivedAt: string;
  /** The cXML payloadID the confirmations refer to (DocumentReference). */
  payloadId?: string;
  mismatches: OrderMismatch[];
  /** The buyer withdrew the order (`type="delete"`): operations should cancel the request. */
  cancellationRequested?: boolean;
  /** The connection wants cXML ConfirmationRequests for this order (copied when it arrived). */
  confirmations?: boolean;
  /** The last ConfirmationRequest type sent for it, so a cancel after an accept is an update. */
  lastConfirmation?: 'accept' | 'reject' | 'detail';
  /** Its payloadID: the next confirmation for this order is an update that refers to it (Fulfill.dtd). */
  lastConfirmationPayloadId?: string;
  attachment?: OrderAttachment;
}

// The request id's alphabet (requests/request.ts): read aloud without confusion.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** `PO-261123-7K3M9Q`: our reference for an order, date of receipt and 30 random bits. */
export function newOrderId(now = new Date()): string {
  const date = now.toISOString().slice(2, 10).replaceAll('-', '');
  return `PO-${date}-${[...randomBytes(6)].map((b) => ALPHABET[b % 32]).join('')}`;
}

/** The shape of every order reference: checked before an id from outside reaches a key. */
export const ORDER_ID = /^PO-\d{6}-[0-9A-Z]{6}$/;

