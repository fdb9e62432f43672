import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { OpsRefusal } from '../../operations/api';
import type { Role } from '../../operations/staff';
import type { AppDeps } from '../deps';
import { opsAccountRoutes } from './ops-api-account';
import { opsAdminConnectionRoutes } from './ops-api-admin-connections';
import { opsAdminFleetRoutes } from './ops-api-admin-fleet';
import { opsAdminSupportRoutes } from './ops-api-admin-support';
import { opsOrderMailRoutes } from './ops-api-order-mail';
import { opsOrderRoutes } from './ops-api-orders';
import { opsOutboxRoutes } from './ops-api-outbox';
import { opsPlanningRoutes } from './ops-api-planning';
import { opsRequestRoutes } from './ops-api-requests';
import { type OpsEnv, opsHeaders, requireCsrf, requireSession } from './ops-auth';

/**
 * The console's JSON API under `/ops/api/`. Every route is declared inline with the role it needs
 * (`requireRole`), then its input validators, then its handler: 401 without a session, 403 for the
 * wrong role or a changing call without the CSRF token, 400 naming the bad input, before any handler runs.
 */
export function opsApiRoutes(deps: AppDeps): Hono<OpsEnv> {
  const app = new Hono<OpsEnv>();

  app.use('*', async (c, next) => {
    await next();
    // A route's own policy (the PDF download's `sandbox`) stays as a second one: policies only ever add restrictions.
    const own = c.res.headers.get('content-security-policy');
    for (const [name, value] of Object.entries(opsHeaders({ localStack: deps.config.localStack }))) c.res.headers.set(name, value);
    if (own) c.res.headers.append('content-security-policy', own);
  });
  app.use('*', requireSession(deps));
  app.use('*', requireCsrf(deps));

  app.route('/', opsAccountRoutes(deps));
  app.route('/', opsRequestRoutes(deps));
  app.route('/', opsOrderMailRoutes(deps));
  app.route('/', opsOrderRoutes(deps));
  app.route('/', opsOutboxRoutes(deps));
  app.route('/', opsPlanningRoutes(deps));
  app.route('/', opsAdminConnectionRoutes(deps));
  app.route('/', opsAdminSupportRoutes(deps));
  app.route('/', opsAdminFleetRoutes(deps));

  // Hono's JSON validator throws a 400 HTTPException for a body that is not JSON: answer it as ours.
  app.onError((error, c) => {
    if (error instanceof HTTPException && error.status === 400) {
      return c.json({ error: 'invalid', field: 'body', message: 'Invalid request body: it is not valid JSON.' } satisfies OpsRefusal, 400);
    }
    throw error;
  });
  // A route, not notFound(): Hono ignores a mounted app's notFound, so signed in the app's plain-text 404 answered.
  app.all('*', (c) => c.json({ error: 'not-found', message: 'No such console API.' } satisfies OpsRefusal, 404));
  return app;
}

export interface OpsApiRoute {
  method: string;
  path: string;
  /** Undefined for a route declared without `requireRole`: the authorisation tests refuse that. */
  role?: Role;
}

/** Every route of the console API with its role, read back from the app itself: nothing to keep in step by hand. */
export function opsApiRouteRoles(app: Hono<OpsEnv>): OpsApiRoute[] {
  const routes = new Map<string, OpsApiRoute>();
  for (const r of app.routes) {
    if (r.method === 'ALL') continue;
    const key = `${r.method} ${r.path}`;
    const route = routes.get(key) ?? { method: r.method, path: r.path };
    const role = (r.handler as { role?: Role }).role;
    if (role) route.role = role;
    routes.set(key, route);
  }
  return [...routes.values()];
}
