import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { wallToInstant } from '../../catalog/time-zone';
import { CONTROL_MESSAGE, hasControlCharacters } from '../../format/characters';
import type { OpsRefusal } from '../../operations/api';
import {
  brief,
  CHECKLIST_LABELS,
  type ConnectionChecklist,
  type ConnectionHealth,
  HEALTH_DAYS,
  REFUSAL_LABELS,
  PAYLOAD_SEARCH_DAYS,
  type PayloadSearchResponse,
} from '../../operations/connection-support';
import { callUpRefusalsOf } from '../../store/callup-stats';
import { getConnection } from '../../store/connections';
import { latestPayloads, searchPayloads } from '../../store/payload-log';
import type { AppDeps } from '../deps';
import { Id, IsoDate, valid } from './ops-api-input';
import { type OpsEnv, requireRole } from './ops-auth';

const DAY_MS = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const ConnectionParam = z.object({ id: Id });

export const PayloadQuery = z.object({
  q: z.optional(
    z.string().check(
      z.maxLength(200, 'expected a search term of at most 200 characters'),
      z.refine((value) => !hasControlCharacters(value), CONTROL_MESSAGE),
    ),
  ),
  from: z.optional(IsoDate),
  to: z.optional(IsoDate),
});

/**
 * Support for one connection (admins): its health (last call-up, cart and order, refused call-ups by
 * reason over 30 days), a search over its payload log, and the test-mode checklist of the first round trip.
 */
export function opsAdminSupportRoutes(deps: AppDeps): Hono<OpsEnv> {
  const app = new Hono<OpsEnv>();
  const { db, config } = deps;
  const zone = config.workingHours.timeZone;
  const notFound = (c: Context, id: string) => c.json({ error: 'not-found', message: `There is no connection ${id}.` } satisfies OpsRefusal, 404);
  const today = () => deps.now().toLocaleDateString('en-CA', { timeZone: zone });

  app.get('/admin/connections/:id/health', requireRole('admin'), valid('param', ConnectionParam), async (c) => {
    const { id } = c.req.valid('param');
    if (!(await getConnection(db, id))) return notFound(c, id);
    const since = addDays(deps.now().toISOString().slice(0, 10), -(HEALTH_DAYS - 1));
    const [[lastCallUp, lastAcceptedCallUp, lastCart, lastOrder], counts] = await Promise.all([
      latestPayloads(db, id, [{ kind: 'callup' }, { kind: 'callup', status: 303 }, { kind: 'cart' }, { kind: 'order' }]),
      callUpRefusalsOf(db, id, since),
    ]);
    const byReason = Object.fromEntries(Object.keys(REFUSAL_LABELS).map((reason) => [reason, 0])) as ConnectionHealth['refusals']['byReason'];
    for (const { reason, count } of counts) if (reason in byReason) byReason[reason] += count;
    const health: ConnectionHealth = {
      connectionId: id,
      lastCallUp: lastCallUp && brief(lastCallUp),
      lastAcceptedCallUp: lastAcceptedCallUp && brief(lastAcceptedCallUp),
      lastCart: lastCart && brief(lastCart),
      lastOrder: lastOrder && brief(lastOrder),
      refusals: { since, days: HEALTH_DAYS, total: counts.reduce((n, r) => n + r.count, 0), byReason, byDay: counts },
    };
    return c.json(health);
  });

  app.get('/admin/connections/:id/payloads', requireRole('admin'), valid('param', ConnectionParam), valid('query', PayloadQuery), async (c) => {
    const { id } = c.req.valid('param');
    const query = c.req.valid('query');
    const to = query.to ?? today();
    const from = query.from ?? addDays(to, -6);
    if (from > to) return c.json({ error: 'invalid', field: 'from', message: 'Invalid query. from: expected a date on or before to.' } satisfies OpsRefusal, 400);
    // to − from ≤ PAYLOAD_SEARCH_DAYS: 2026-10-20 to 2026-11-20 is allowed, both days searched.
    if (addDays(from, PAYLOAD_SEARCH_DAYS) < to) {
      return c.json(
        { error: 'invalid', field: 'to', message: `Invalid query. to: expected a date at most ${PAYLOAD_SEARCH_DAYS} days after from (both days are searched).` } satisfies OpsRefusal,
        400,
      );
    }
    if (!(await getConnection(db, id))) return notFound(c, id);
    // Days on the desk's clock: from its midnight to the next midnight after `to`.
    const range = {
      from: wallToInstant(`${from}T00:00`, zone).toISOString(),
      to: new Date(wallToInstant(`${addDays(to, 1)}T00:00`, zone).getTime() - 1).toISOString(),
      term: query.q,
    };
    const { entries, more } = await searchPayloads(db, id, range);
    return c.json({ from, to, q: query.q, entries, more } satisfies PayloadSearchResponse);
  });

  app.get('/admin/connections/:id/checklist', requireRole('admin'), valid('param', ConnectionParam), async (c) => {
    const { id } = c.req.valid('param');
    if (!(await getConnection(db, id))) return notFound(c, id);
    const [callUp, cart, order] = await latestPayloads(db, id, [{ kind: 'callup', status: 303 }, { kind: 'cart' }, { kind: 'order' }]);
    const step = (key: keyof typeof CHECKLIST_LABELS, entry: typeof callUp) => ({
      step: key,
      label: CHECKLIST_LABELS[key],
      done: entry !== undefined,
      ...(entry ? { at: entry.at, requestId: entry.requestId, sessionId: entry.sessionId } : {}),
    });
    return c.json({ connectionId: id, steps: [step('callup', callUp), step('cart', cart), step('order', order)] } satisfies ConnectionChecklist);
  });

  return app;
}
