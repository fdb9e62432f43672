import { Hono } from 'hono';
import type { OpsRefusal, PlanningResponse } from '../../operations/api';
import { weekOf, weekPlan } from '../../operations/planning';
import { allRequestsByStatus } from '../../store/queue';
import type { AppDeps } from '../deps';
import { PlanningQuery, valid } from './ops-api-input';
import { type OpsEnv, requireRole } from './ops-auth';

const DAY_MS = 86_400_000;
/** Rentals last at most this many days (period.ts): a week's plan looks back this far for pick-ups. */
const LOOK_BACK_DAYS = 43;

/** The week's plan of one location: which unit is out when. */
export function opsPlanningRoutes(deps: AppDeps): Hono<OpsEnv> {
  const app = new Hono<OpsEnv>();
  const { db } = deps;

  app.get('/planning', requireRole('operator'), valid('query', PlanningQuery), async (c) => {
    const query = c.req.valid('query');
    const fleet = await deps.fleet();
    const location = query.location ?? fleet.locations[0]?.id;
    const place = fleet.locations.find((l) => l.id === location);
    if (!location || !place) {
      return c.json({ error: 'invalid', field: 'location', message: 'Invalid query. location: no location with this id.' } satisfies OpsRefusal, 400);
    }
    const weekStart = weekOf(place, query.week, deps.now());
    const from = new Date(Date.parse(`${weekStart}T00:00:00Z`) - LOOK_BACK_DAYS * DAY_MS).toISOString().slice(0, 10);
    const to = new Date(Date.parse(`${weekStart}T00:00:00Z`) + 6 * DAY_MS).toISOString().slice(0, 10);
    const [requested, confirmed] = await Promise.all([
      allRequestsByStatus(db, 'requested', { from, to }),
      allRequestsByStatus(db, 'confirmed', { from, to }),
    ]);
    const plan: PlanningResponse = weekPlan(fleet, location, weekStart, [...requested, ...confirmed]);
    return c.json(plan);
  });

  return app;
}
