import type { Hono } from 'hono';
import { createApp } from '../http/app';
import type { AppDeps } from '../http/deps';
import { buyerRoutes } from '../http/routes/buyer';

/** The app as the local stack serves it: the same app as in Lambda, plus the test procurement system. */
export function createLocalApp(deps: AppDeps): Hono {
  const app = createApp(deps);
  app.route('/buyer', buyerRoutes(deps));
  return app;
}
