import { randomBytes } from 'node:crypto';
import { PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { newOrderId } from '../../functions/orders/order';
import { ORDER_PDF_MAX_BYTES } from '../../functions/orders/order-mail';
import { createDynamoClient } from '../../functions/store/client';
import { createDb, type Db } from '../../functions/store/db';
import { keys } from '../../functions/store/keys';
import { ATTACHMENT_CHUNK_BYTES, attachmentPuts, readAttachment } from '../../functions/store/order-attachments';
import type { TxItem } from '../../functions/store/request-events';
import { ensureTable } from '../../functions/store/table';
import { testConfig } from '../support/stack';

/**
 * The limits the PDF chunks are sized for, measured on the DynamoDB Local the tests run against
 * (not taken on trust), and the chunks written in one transaction and read back whole.
 */

let db: Db;

beforeAll(async () => {
  const config = testConfig();
  await ensureTable(createDynamoClient(config), config.tableName);
  db = createDb(config);
});

const put = (pk: string, sk: string, bytes: number): TxItem => ({ Put: { TableName: db.table, Item: { pk, sk, data: randomBytes(bytes) } } });
const errorOf = (promise: Promise<unknown>) => promise.then(() => undefined, (error: Error) => error);

describe("DynamoDB Local's limits, as the attachment chunks rely on them", () => {
  it('stores an item of one 300 KB chunk and refuses an item over 400 KB', async () => {
    await db.doc.send(new PutCommand({ TableName: db.table, Item: { pk: 'LIMIT#item', sk: 'ok', data: randomBytes(ATTACHMENT_CHUNK_BYTES) } }));
    const error = await errorOf(db.doc.send(new PutCommand({ TableName: db.table, Item: { pk: 'LIMIT#item', sk: 'big', data: randomBytes(400 * 1024) } })));
    expect(error?.name).toBe('ValidationException');
    expect(error?.message).toMatch(/size/i);
  });

  it('writes a 2 MB PDF as 7 chunks in one transaction, and refuses a transaction over 4 MB', async () => {
    const chunks = Math.ceil(ORDER_PDF_MAX_BYTES / ATTACHMENT_CHUNK_BYTES);
    expect(chunks).toBe(7);
    await db.doc.send(new TransactWriteCommand({ TransactItems: Array.from({ length: chunks }, (_, i) => put('LIMIT#tx', `ok${i}`, ATTACHMENT_CHUNK_BYTES)) }));
    // 14 chunks of 300 KB: 4.1 MB.
    const error = await errorOf(db.doc.send(new TransactWriteCommand({ TransactItems: Array.from({ length: 14 }, (_, i) => put('LIMIT#tx', `big${i}`, ATTACHMENT_CHUNK_BYTES)) })));
    expect(error?.name).toBe('ValidationException');
    expect(error?.message).toMatch(/4 ?MB|size/i);
  });

  it('takes 100 actions in one transaction and refuses 101', async () => {
    await db.doc.send(new TransactWriteCommand({ TransactItems: Array.from({ length: 100 }, (_, i) => put('LIMIT#count', `ok${i}`, 10)) }));
    const error = await errorOf(db.doc.send(new TransactWriteCommand({ TransactItems: Array.from({ length: 101 }, (_, i) => put('LIMIT#count', `big${i}`, 10)) })));
    expect(error?.name).toBe('ValidationException');
    expect(error?.message).toMatch(/100/);
  });
});

describe('attachment chunks', () => {
  async function store(bytes: Buffer) {
    const now = new Date();
    const orderId = newOrderId(now);
    const { attachment, items } = attachmentPuts(db, orderId, { bytes, fileName: 'po.pdf' }, now, '2026-12-12');
    const orderPut: TxItem = { Put: { TableName: db.table, Item: { ...keys.order(orderId), entity: 'order', id: orderId, attachment } } };
    await db.doc.send(new TransactWriteCommand({ TransactItems: [orderPut, ...items] }));
    return { orderId, attachment, items };
  }

  it('reads back a 2 MB PDF byte for byte, from chunks no larger than 300 KB that expire as personal data', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(ORDER_PDF_MAX_BYTES - 9)]);
    const { orderId, attachment, items } = await store(bytes);
    expect(attachment.chunks).toBe(7);
    for (const item of items) {
      expect((item.Put!.Item!.data as Uint8Array).length).toBeLessThanOrEqual(ATTACHMENT_CHUNK_BYTES);
      expect(item.Put!.Item!.expiresAt).toBeGreaterThan(Date.now() / 1000 + 364 * 86_400);
    }
    const stored = await readAttachment(db, orderId, new Date());
    expect(stored.outcome).toBe('found');
    expect(stored.outcome === 'found' && stored.bytes.equals(bytes)).toBe(true);
  });

  it('refuses to hand out a PDF whose chunk was altered, and one whose chunk is missing', async () => {
    const altered = await store(Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(400_000)]));
    await db.doc.send(new UpdateCommand({ TableName: db.table, Key: keys.orderAttachment(altered.orderId, 1), UpdateExpression: 'SET #d = :d', ExpressionAttributeNames: { '#d': 'data' }, ExpressionAttributeValues: { ':d': randomBytes(10) } }));
    expect((await readAttachment(db, altered.orderId, new Date())).outcome).toBe('damaged');
    const missing = await store(Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(400_000)]));
    await db.doc.send(new TransactWriteCommand({ TransactItems: [{ Delete: { TableName: db.table, Key: keys.orderAttachment(missing.orderId, 0) } }] }));
    expect((await readAttachment(db, missing.orderId, new Date())).outcome).toBe('damaged');
  });

  it('answers missing for an unknown order', async () => {
    expect((await readAttachment(db, 'PO-261123-AAAAAA', new Date())).outcome).toBe('missing');
  });
});
