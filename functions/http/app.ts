import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { describeError, log } from '../log';
import { emitMetric } from '../metrics';
import { deadline } from './deadline';
import { countCallUpRefusal } from '../store/callup-stats';
import type { AppDeps } from './deps';
import { originGuard } from './origin-guard';
import { requestId } from './request-id';
import { lazyRoutes } from './lazy-routes';
import { assetRoutes } from './routes/assets';

/** The one app: Lambda and the local server both serve exactly this. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  // The request id goes on every log line and metric of the request (request-id.ts), this one too.
  app.use(requestId());
  app.use(async (c, next) => {
    const started = Date.now();
    await next();
    log('info', 'request', { method: c.req.method, path: redactPath(c.req.path), status: c.res.status, ms: Date.now() - started });
  });
  // Behind CloudFront, nothing reaches the app around it (origin-guard.ts).
  app.use(originGuard(deps.secrets.originVerify));
  // The hard stop: past the deadline the user gets a plain "took too long" (deadline.ts).
  app.use(deadline(deps.config.requestDeadlineMs));

  // Before any route reads a body: a body over its path's limit is refused unread (413).
  const limits = new Map([...BODY_LIMITS, ['', DEFAULT_BODY_LIMIT] as const].map(([prefix, maxSize]) => [
    prefix,
    bodyLimit({ maxSize, onError: (c) => tooLarge(deps, c.req.path, maxSize) }),
  ]));
  app.use(async (c, next) => {
    let prefix = BODY_LIMITS.find(([p]) => underPrefix(c.req.path, p))?.[0] ?? '';
    // The PDF upload's big limit only for a signed-in member: this runs before the route's sign-in
    // check, and nobody else may make us read 2.5 MB.
    if (prefix === ORDER_UPLOAD_PREFIX && !(await (await import('./routes/ops-auth')).currentSession(deps, c))) prefix = '/ops';
    return limits.get(prefix)!(c, next);
  });

  app.get('/health', (c) => c.json({ ok: true }));
  app.route('/assets', assetRoutes(deps.config.assetsDir));
  // Each route group is imported on its first request (lazy-routes.ts): in the Lambda bundle each is
  // a chunk of its own (infra/esbuild-settings.ts), so a cold start whose first request is a call-up
  // never loads the catalog, the console or the cXML parser, and one that opens the catalog loads
  // only the catalog. Registration order is matching order, as with app.route.
  const lazy = (prefix: string, load: () => Promise<Hono<any>>) => {
    const handler = lazyRoutes(prefix, load, answers);
    app.all(prefix, handler);
    app.all(`${prefix}/*`, handler);
  };
  lazy('/punchout/cxml', async () => (await import('./routes/punchout-cxml')).punchoutCxmlRoutes(deps));
  lazy('/cxml', async () => (await import('./routes/cxml-order')).cxmlOrderRoutes(deps));
  lazy('/punchout', async () => (await import('./routes/punchout')).punchoutRoutes(deps));
  lazy('/s', async () => (await import('./routes/catalog')).catalogRoutes(deps));
  lazy('/ops', async () => (await import('./routes/ops')).opsRoutes(deps));
  lazy('/r', async () => (await import('./routes/requester')).requesterRoutes(deps));
  return answers(app);
}

/** The app's own 404 and error answers: the app and every lazily mounted group (lazy-routes.ts) answer alike. */
function answers(app: Hono): Hono {
  app.notFound((c) => c.text('Not found', 404));
  app.onError((error, c) => {
    // Deliberate 4xx answers (a malformed form) carry their own plain response.
    if (error instanceof HTTPException) return error.getResponse();
    log('error', 'unhandled error', { path: redactPath(c.req.path), ...describeError(error) });
    const wantsJson = c.req.path.includes('/api/') || c.req.header('accept')?.includes('application/json');
    return wantsJson
      ? c.json({ error: 'internal', message: 'Something went wrong on our side. Nothing was lost; please try again.' }, 500)
      : c.text('Something went wrong on our side. Nothing was lost; please try again.', 500);
  });
  return app;
}

/**
 * Largest request body per path prefix, in bytes. A call-up is a form of some twenty short
 * fields (a few KB); 64 KB leaves room for a buyer's extra parameters. The catalog API and
 * the console post small JSON or forms. Everything else (the health check, assets, the local
 * test procurement page) gets the default.
 */
const ORDER_UPLOAD_PREFIX = '/ops/api/requests/:id/order';
export const BODY_LIMITS: [prefix: string, bytes: number][] = [
  ['/punchout', 64 * 1024],
  // A purchase order of up to 50 lines, kept whole in the payload log (PAYLOAD_BODY_MAX).
  ['/cxml', 64 * 1024],
  ['/s', 32 * 1024],
  // An e-mailed purchase order's PDF (at most 2 MB) with its form: this one console path, no other,
  // and only with a console session (else /ops's limit).
  [ORDER_UPLOAD_PREFIX, 2.5 * 1024 * 1024],
  ['/ops', 32 * 1024],
  // The requester's cancel form: a form token and a reason of at most 300 characters.
  ['/r', 4 * 1024],
];
export const DEFAULT_BODY_LIMIT = 64 * 1024;

/** Whether `path` is `prefix` or below it; a `:name` segment of the prefix stands for any one segment. */
export function underPrefix(path: string, prefix: string): boolean {
  const want = prefix.split('/');
  const have = path.split('/');
  return have.length >= want.length && want.every((segment, i) => (segment.startsWith(':') ? have[i] !== '' : segment === have[i]));
}

async function tooLarge(deps: AppDeps, path: string, maxSize: number): Promise<Response> {
  if (path.startsWith('/punchout/')) {
    // Unread, so its connection is unknown: counted under `unknown`, not logged.
    emitMetric('CallUpRefused', 1, { reason: 'too-large' });
    await countCallUpRefusal(deps.db, undefined, 'too-large', deps.now());
  }
  if (path.startsWith('/cxml/')) emitMetric('OrderRefused', 1, { reason: 'too-large' });
  const message = `The request is too large: at most ${maxSize / 1024} KB is accepted here.`;
  // The console reads its API's refusals as JSON (OpsRefusal), to show them next to the form.
  if (path.startsWith('/ops/api/')) return Response.json({ error: 'invalid', field: 'body', message }, { status: 413, headers: { connection: 'close' } });
  return new Response(message, {
    status: 413,
    headers: { 'content-type': 'text/plain; charset=utf-8', connection: 'close' },
  });
}

/** Session ids and status-link tokens in paths are credentials: keep them out of logs. */
function redactPath(path: string): string {
  return path.replace(/^\/s\/[^/]+/, '/s/…').replace(/^\/r\/[^/]+/, '/r/…');
}
