import { createHash } from 'node:crypto';
import type { OrderAttachment, PurchaseOrder } from '../orders/order';
import { PDF_TYPE } from '../orders/order-mail';
import { type Db, retentionOf, withoutKeys } from './db';
import { keys, TTL_ATTRIBUTE } from './keys';
import { queryAll } from './paging';
import type { TxItem } from './request-events';
import { isExpired, ttl } from './retention';

/**
 * An e-mailed purchase order's PDF, kept with the order in DynamoDB as Binary chunks (no bucket to
 * secure, back up and expire separately). An item holds at most 400 KB and a transaction 4 MB and
 * 100 actions (checked on DynamoDB Local in test/integration/order-attachments.test.ts): chunks of
 * 300 KB leave room for the key and attributes, and a 2 MB PDF is 7 of them, written in the SAME
 * transaction as its order (store/orders.ts recordOrder's `extraItems`): never a PDF without its
 * order, nor an order pointing at a missing PDF.
 */
export const ATTACHMENT_CHUNK_BYTES = 300 * 1024;

/** The chunks' Puts and what the order keeps of them; they expire with the order (personal data). */
export function attachmentPuts(
  db: Db,
  orderId: string,
  file: { bytes: Uint8Array; fileName: string },
  now: Date,
  rentalEnd?: string,
): { attachment: OrderAttachment; items: TxItem[] } {
  const { bytes } = file;
  const chunks = Math.max(1, Math.ceil(bytes.length / ATTACHMENT_CHUNK_BYTES));
  const expiresAt = ttl.personal(retentionOf(db), now, rentalEnd);
  const items: TxItem[] = Array.from({ length: chunks }, (_, index) => ({
    Put: {
      TableName: db.table,
      Item: {
        ...keys.orderAttachment(orderId, index),
        entity: 'orderAttachment',
        orderId,
        index,
        data: bytes.subarray(index * ATTACHMENT_CHUNK_BYTES, (index + 1) * ATTACHMENT_CHUNK_BYTES),
        [TTL_ATTRIBUTE]: expiresAt,
      },
      // A new order id is random: an existing chunk means a collision, never something to overwrite.
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  }));
  const attachment: OrderAttachment = {
    fileName: file.fileName,
    contentType: PDF_TYPE,
    bytes: bytes.length,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    chunks,
  };
  return { attachment, items };
}

export type StoredAttachment =
  | { outcome: 'found'; order: PurchaseOrder; attachment: OrderAttachment; bytes: Buffer }
  /** No such order, an expired one, or one without a PDF. */
  | { outcome: 'missing' }
  /** Chunks missing or not adding up to the SHA-256 kept with the order: never handed out as if whole. */
  | { outcome: 'damaged'; order: PurchaseOrder };

/**
 * An order's PDF reassembled and checked against its size and SHA-256. One query reads the order
 * and its chunks together: in the order's partition `ATTACHMENT#…` sorts just before `ORDER`
 * (its payload-log entries, `PAYLOAD#…`, after it).
 */
export async function readAttachment(db: Db, orderId: string, now: Date): Promise<StoredAttachment> {
  const items = await queryAll(db, {
    KeyConditionExpression: 'pk = :pk AND sk BETWEEN :first AND :order',
    ExpressionAttributeValues: { ':pk': keys.order(orderId).pk, ':first': 'ATTACHMENT#', ':order': keys.order(orderId).sk },
  });
  const orderItem = items.find((item) => item.sk === keys.order(orderId).sk);
  if (!orderItem || isExpired(orderItem, now)) return { outcome: 'missing' };
  const order = withoutKeys<PurchaseOrder>(orderItem);
  const attachment = order.attachment;
  if (!attachment) return { outcome: 'missing' };
  const chunks = items
    .filter((item) => item.entity === 'orderAttachment')
    .sort((a, b) => (a.index as number) - (b.index as number))
    .map((item) => Buffer.from(item.data as Uint8Array));
  const bytes = Buffer.concat(chunks);
  const whole =
    chunks.length === attachment.chunks &&
    bytes.length === attachment.bytes &&
    createHash('sha256').update(bytes).digest('hex') === attachment.sha256;
  return whole ? { outcome: 'found', order, attachment, bytes } : { outcome: 'damaged', order };
}
