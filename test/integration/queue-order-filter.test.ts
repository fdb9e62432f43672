import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import type { OpsRefusal, QueueResponse } from '../../functions/operations/api';
import type { RequestOrder } from '../../functions/orders/order';
import { keys } from '../../functions/store/keys';
import { requestsByStatus } from '../../functions/store/queue';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;
let operator: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
  operator = await signedIn(deps, await addTestStaff(deps, 'operator'));
});

const get = (url: string) => app.request(url, { headers: operator.headers });

/** The request's order as recordOrder leaves it on the request item (lane A): only `order` matters to the queue. */
async function giveOrder(requestId: string, order: Partial<RequestOrder> = {}): Promise<void> {
  const value: RequestOrder = {
    orderId: 'PO-261123-7K3M9Q',
    orderNumber: '4500012345',
    orderDate: '2026-11-23T10:00:00+01:00',
    source: 'cxml',
    type: 'new',
    receivedAt: new Date().toISOString(),
    mismatches: [],
    ...order,
  };
  await deps.db.doc.send(
    new UpdateCommand({
      TableName: deps.db.table,
      Key: keys.request(requestId),
      UpdateExpression: 'SET #order = :order',
      ExpressionAttributeNames: { '#order': 'order' },
      ExpressionAttributeValues: { ':order': value },
    }),
  );
}

/** Seven requests picked up on one day (its own day, so other tests' requests stay out), every other one with an order. */
async function mixedDay(day: number): Promise<{ date: string; withOrder: string[]; without: string[] }> {
  const made = [];
  for (let i = 0; i < 7; i++) made.push(await registerTestRequest(deps, { period: { pickup: daysAhead(day, 8 + i), return: daysAhead(day + 1, 17) } }));
  const withOrder = made.filter((_, i) => i % 2 === 1).map((r) => r.id);
  for (const [i, id] of withOrder.entries()) await giveOrder(id, { orderNumber: `45000${i}`, ...(i === 0 ? { mismatches: [{ field: 'amount', expected: 'EUR 151.20', received: 'EUR 140.00' }] } : {}) });
  return { date: daysAhead(day, 8).slice(0, 10), withOrder, without: made.map((r) => r.id).filter((id) => !withOrder.includes(id)) };
}

/** Every page of the queue for `query`, following the cursor; the number of pages read. */
async function allPages(query: string): Promise<{ ids: string[]; pages: QueueResponse[] }> {
  const pages: QueueResponse[] = [];
  let cursor: string | undefined;
  do {
    const response = await get(`/ops/api/queue?${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as QueueResponse;
    pages.push(page);
    cursor = page.cursor;
  } while (cursor && pages.length < 10);
  return { ids: pages.flatMap((p) => p.items.map((i) => i.id)), pages };
}

describe('the queue filtered on purchase orders', () => {
  it('lists only the requests whose order was received, each row with its PO number and a count of mismatches', async () => {
    const { date, withOrder } = await mixedDay(70);
    const { ids, pages } = await allPages(`date=${date}&order=received`);
    expect(ids).toEqual(withOrder);
    const items = pages.flatMap((p) => p.items);
    expect(items.map((i) => i.order?.number)).toEqual(['450000', '450001', '450002']);
    expect(items.map((i) => i.order?.mismatches)).toEqual([1, 0, 0]);
    expect(pages[0].order).toBe('received');
  });

  it('lists only the requests still awaiting their order, none of them with an order shown', async () => {
    const { date, without } = await mixedDay(72);
    const { ids, pages } = await allPages(`date=${date}&order=awaiting`);
    expect(ids).toEqual(without);
    expect(pages.flatMap((p) => p.items).every((i) => i.order === undefined)).toBe(true);
  });

  it('pages a filtered queue with each request once and no empty page after the last match', async () => {
    const { date, withOrder, without } = await mixedDay(74);
    const received = await allPages(`date=${date}&order=received&limit=2`);
    expect(received.ids).toEqual(withOrder);
    // Three matches in pages of two: two pages, and the second has no cursor although requests without an order follow.
    expect(received.pages.map((p) => p.items.length)).toEqual([2, 1]);
    expect(received.pages[1].cursor).toBeUndefined();
    const awaiting = await allPages(`date=${date}&order=awaiting&limit=2`);
    expect(awaiting.ids).toEqual(without);
    expect(awaiting.pages.map((p) => p.items.length)).toEqual([2, 2]);
    expect(awaiting.pages.at(-1)!.cursor).toBeUndefined();
  });

  it('gives a page of exactly the limit no cursor when nothing follows it (the store reads one request ahead)', async () => {
    const day = 76;
    const a = await registerTestRequest(deps, { period: { pickup: daysAhead(day, 9), return: daysAhead(day + 1, 17) } });
    const b = await registerTestRequest(deps, { period: { pickup: daysAhead(day, 10), return: daysAhead(day + 1, 17) } });
    const c = await registerTestRequest(deps, { period: { pickup: daysAhead(day, 11), return: daysAhead(day + 1, 17) } });
    await giveOrder(a.id);
    await giveOrder(b.id);
    const date = daysAhead(day, 9).slice(0, 10);
    const page = await requestsByStatus(deps.db, 'requested', { from: date, to: date, limit: 2, order: 'received' });
    expect(page.items.map((r) => r.id)).toEqual([a.id, b.id]);
    expect(page.cursor).toBeUndefined();
    const unfiltered = await requestsByStatus(deps.db, 'requested', { from: date, to: date, limit: 2 });
    expect(unfiltered.cursor).toBeDefined();
    const rest = await requestsByStatus(deps.db, 'requested', { from: date, to: date, limit: 2, cursor: unfiltered.cursor });
    expect(rest.items.map((r) => r.id)).toEqual([c.id]);
  });

  it('shows a withdrawn order as a cancellation request on the row', async () => {
    const day = 78;
    const r = await registerTestRequest(deps, { period: { pickup: daysAhead(day, 9), return: daysAhead(day + 1, 17) } });
    await giveOrder(r.id, { type: 'delete', cancellationRequested: true, source: 'email' });
    const { pages } = await allPages(`date=${daysAhead(day, 9).slice(0, 10)}&order=received`);
    expect(pages[0].items[0]).toMatchObject({ id: r.id, order: { number: '4500012345', source: 'email', cancellationRequested: true } });
  });

  it('refuses an order filter it does not know with a 400 naming it', async () => {
    for (const value of ['pending', 'RECEIVED', 'x'.repeat(300)]) {
      const response = await get(`/ops/api/queue?order=${value}`);
      const body = (await response.json()) as OpsRefusal;
      expect(response.status).toBe(400);
      expect(body).toMatchObject({ error: 'invalid', field: 'order' });
      expect(body.message).toContain("expected 'awaiting' or 'received'");
    }
  });
});
