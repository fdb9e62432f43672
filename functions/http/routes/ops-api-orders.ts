import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import type { OpsRefusal, OrderDetail, OrderMatched, OrdersResponse, OrderView } from '../../operations/api';
import { actorOf } from '../../operations/staff';
import { ORDER_ID, type PurchaseOrder } from '../../orders/order';
import { getConnection, listConnections } from '../../store/connections';
import { keys } from '../../store/keys';
import { getOrder, matchOrderByHand, ordersOfRequest, unmatchedOrders } from '../../store/orders';
import { payloadsOf } from '../../store/payload-log';
import type { AppDeps } from '../deps';
import { RequestId, valid, Version } from './ops-api-input';
import { type OpsEnv, requireRole } from './ops-auth';

const OrderParam = z.object({ id: z.string().check(z.regex(ORDER_ID, 'expected an order reference like PO-261123-7K3M9Q')) });
/** Exactly one list: the unmatched orders, or one request's orders. */
const OrdersQuery = z.union([
  z.object({ unmatched: z.literal('1') }),
  z.object({ request: RequestId }),
]);
const MatchBody = z.object({ requestId: RequestId, version: Version });

const refuse = (c: Context, status: 404 | 409 | 503, body: OpsRefusal) => c.json(body, status);

/** Purchase orders in the console: the unmatched list, a request's orders, one order, and attaching one by hand. */
export function opsOrderRoutes(deps: AppDeps): Hono<OpsEnv> {
  const app = new Hono<OpsEnv>();
  const { db } = deps;

  /** Orders with their connection's name (a few connections: one read each). */
  const views = async (orders: PurchaseOrder[]): Promise<OrderView[]> => {
    const ids = new Set(orders.map((o) => o.connectionId));
    const names = new Map(ids.size > 3 ? (await listConnections(db)).map((c) => [c.id, c.name]) : await Promise.all([...ids].map(async (id) => [id, (await getConnection(db, id))?.name ?? id] as const)));
    return orders.map((order) => ({ ...order, connectionName: names.get(order.connectionId) ?? order.connectionId }));
  };

  app.get('/orders', requireRole('operator'), valid('query', OrdersQuery), async (c) => {
    const query = c.req.valid('query');
    const { orders, more } = 'request' in query ? await ordersOfRequest(db, query.request) : await unmatchedOrders(db);
    return c.json({ orders: await views(orders), more } satisfies OrdersResponse);
  });

  app.get('/orders/:id', requireRole('operator'), valid('param', OrderParam), async (c) => {
    const order = await getOrder(db, c.req.valid('param').id);
    if (!order) return refuse(c, 404, { error: 'not-found', message: 'No purchase order with this reference.' });
    const [view] = await views([order]);
    return c.json({ order: view!, payloads: await payloadsOf(db, keys.order(order.id).pk) } satisfies OrderDetail);
  });

  app.post('/orders/:id/match', requireRole('operator'), valid('param', OrderParam), valid('json', MatchBody), async (c) => {
    const { id } = c.req.valid('param');
    const { requestId, version } = c.req.valid('json');
    const order = await getOrder(db, id);
    const connection = order && (await getConnection(db, order.connectionId));
    const confirmations = order?.source === 'cxml' && connection?.orderChannel.kind === 'cxml' && connection.orderChannel.confirmations;
    const result = await matchOrderByHand(db, id, requestId, actorOf(c.var.staff), deps.now(), { expectedVersion: version, confirmations });
    switch (result.outcome) {
      case 'matched': {
        const [view] = await views([result.order]);
        return c.json({ order: view!, request: result.request } satisfies OrderMatched);
      }
      case 'no-order':
        return refuse(c, 404, { error: 'not-found', message: 'No purchase order with this reference.' });
      case 'no-request':
        return refuse(c, 404, { error: 'not-found', field: 'requestId', message: `No request ${requestId}.` });
      case 'already-matched':
        return refuse(c, 409, { error: 'changed', message: 'This order is attached to a request already. Reload the list.' });
      case 'other-connection':
        return refuse(c, 409, { error: 'invalid', field: 'requestId', message: `Request ${requestId} belongs to another connection than this order: an order is only ever attached to its own buyer's request.` });
      case 'changed':
        return refuse(c, 409, { error: 'changed', message: 'Someone changed this request meanwhile. Reload it, check it and attach the order again.' });
      case 'busy':
        return refuse(c, 503, { error: 'busy', message: 'Too many changes at once. Nothing was changed; please try again.' });
    }
  });

  return app;
}
