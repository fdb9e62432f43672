import type { Context, MiddlewareHandler } from 'hono';
import { log } from '../log';
import { withDeadline } from '../request-context';

/** Why it is safe to say "try again" is in the README ("Timeouts"): the one write that matters, the transfer, is idempotent. */
const TOO_LONG = 'This took too long, so we stopped. Please try again in a moment.';

/**
 * The hard stop: a request still running after `ms` is answered 503 with a plain message, and
 * from then on no further AWS call starts on its behalf (the DynamoDB client checks the signal,
 * see store/client.ts), so a sequence of writes stops where it is rather than finishing unseen.
 * `ms` stays below the Lambda timeout, so the user gets this sentence rather than a bare 502.
 */
export function deadline(ms: number): MiddlewareHandler {
  return async (c, next) => {
    const controller = new AbortController();
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<'expired'>((resolve) => {
      timer = setTimeout(() => resolve('expired'), ms);
    });
    // The handler keeps running after we answer; its eventual failure must not be unhandled.
    const handled = withDeadline(controller.signal, () => next()).then(
      () => 'done' as const,
      (error: unknown) => ({ error }),
    );
    try {
      const outcome = await Promise.race([handled, expired]);
      if (outcome === 'expired') {
        controller.abort();
        log('error', 'request deadline passed', { method: c.req.method, ms });
        c.res = tooLong(c);
        return;
      }
      if (outcome !== 'done') throw outcome.error;
    } finally {
      clearTimeout(timer);
    }
  };
}

function tooLong(c: Context): Response {
  const headers = { 'retry-after': '5', 'cache-control': 'no-store' };
  const wantsJson = c.req.path.includes('/api/') || c.req.header('accept')?.includes('application/json');
  return wantsJson
    ? c.json({ error: 'timeout', message: TOO_LONG }, 503, headers)
    : c.text(TOO_LONG, 503, headers);
}
