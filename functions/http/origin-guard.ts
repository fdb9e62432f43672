import { timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';

export const ORIGIN_VERIFY_HEADER = 'x-origin-verify';

/**
 * Behind CloudFront, only requests CloudFront forwarded: it adds `x-origin-verify` with a value
 * from Secrets Manager (infra/web.ts), overwriting any a viewer sent. A request to the Function
 * URL directly, around the distribution, its web ACL and its rate rules, is refused with 403.
 * (CloudFront's origin access control for Lambda cannot serve here: it requires every POST to
 * carry a SHA-256 of its body, which a buyer's browser posting the call-up form never sends.)
 * Without a value (no custom domain, local stack) every request passes.
 */
export function originGuard(expected: string | undefined): MiddlewareHandler {
  if (!expected) return (_c, next) => next();
  const want = Buffer.from(expected);
  return async (c, next) => {
    const got = Buffer.from(c.req.header(ORIGIN_VERIFY_HEADER) ?? '');
    if (got.length !== want.length || !timingSafeEqual(got, want)) {
      return c.text('This address is not served directly. Use the address your buyer system or your operations team gave you.', 403);
    }
    await next();
  };
}
