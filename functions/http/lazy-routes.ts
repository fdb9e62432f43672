import { Hono, type Context, type MiddlewareHandler } from 'hono';

/**
 * A route group mounted at `prefix` whose module is imported on its first request, not at cold
 * start. The web Lambda is bundled split (infra/esbuild-settings.ts, webLambdaBuildOptions), so each
 * group is a chunk that V8 reads, compiles and evaluates only then: a call-up in a fresh container
 * never loads the catalog, the console or the cXML parser. (In one single-file bundle this would not
 * help: V8 compiles the whole file at import.) The group runs in a small app of its own, mounted at
 * the same prefix with the same 404 and error answers (`finish`); the outer app's middleware
 * (request id, log line, origin guard, deadline, body limit) has run before it, exactly as for an
 * eagerly mounted group. Locally and in tests the same app imports the TypeScript module the same way.
 */
export function lazyRoutes(prefix: string, load: () => Promise<Hono<any>>, finish: (app: Hono) => Hono): MiddlewareHandler {
  let mounted: Promise<Hono> | undefined;
  return async (c: Context) => {
    mounted ??= load().then((routes) => finish(new Hono().route(prefix, routes)));
    // A failed import (never expected in a built bundle) is not remembered: the next request tries again.
    const app = await mounted.catch((error: unknown) => {
      mounted = undefined;
      throw error;
    });
    // No execution context passed on: neither Lambda nor the local server gives one, no route uses one,
    // and asking Hono for a missing one throws (an Error built on every request of the hot path).
    return app.fetch(c.req.raw, c.env);
  };
}
