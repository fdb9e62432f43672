import { Hono } from 'hono';
import { describeError, log } from '../log';
import type { AppDeps } from './deps';
import { assetRoutes } from './routes/assets';
import { catalogRoutes } from './routes/catalog';
import { opsRoutes } from './routes/ops';
import { punchoutRoutes } from './routes/punchout';

/** The one app: Lambda and the local server both serve exactly this. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.use(async (c, next) => {
    const started = Date.now();
    await next();
    // In Lambda, hono/aws-lambda passes the invocation context as env.
    const lambda = (c.env as { lambdaContext?: { awsRequestId?: string } } | undefined)?.lambdaContext;
    const requestId = lambda?.awsRequestId ?? c.req.header('x-request-id');
    log('info', 'request', { method: c.req.method, path: redactPath(c.req.path), status: c.res.status, ms: Date.now() - started, requestId });
  });

  app.get('/health', (c) => c.json({ ok: true }));
  app.route('/assets', assetRoutes(deps.config.assetsDir));
  app.route('/punchout', punchoutRoutes(deps));
  app.route('/s', catalogRoutes(deps));
  app.route('/ops', opsRoutes(deps));

  app.notFound((c) => c.text('Not found', 404));
  app.onError((error, c) => {
    log('error', 'unhandled error', { path: redactPath(c.req.path), ...describeError(error) });
    const wantsJson = c.req.path.includes('/api/') || c.req.header('accept')?.includes('application/json');
    return wantsJson
      ? c.json({ error: 'internal', message: 'Something went wrong on our side. Nothing was lost; please try again.' }, 500)
      : c.text('Something went wrong on our side. Nothing was lost; please try again.', 500);
  });
  return app;
}

/** Session ids in paths are credentials: keep them out of logs. */
function redactPath(path: string): string {
  return path.replace(/^\/s\/[^/]+/, '/s/…');
}
