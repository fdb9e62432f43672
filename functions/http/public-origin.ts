import type { Context } from 'hono';
import type { Config } from '../config';

/** What hono/aws-lambda passes as the app's env: the invocation's event (absent locally). */
type LambdaEnv = { event?: { requestContext?: { domainName?: unknown } } } | undefined;

/**
 * The one origin links are built from and sign-ins must be addressed to: the configured
 * PUBLIC_BASE_URL, or, in Lambda without a custom domain, the Function URL's own host as the
 * Lambda event names it (AWS routes a Function URL by that host alone, so no client chooses it).
 * Never a request header. Undefined only when neither is known: then nothing may be sent.
 */
export function publicOrigin(c: Context, config: Pick<Config, 'publicBaseUrl'>): string | undefined {
  if (config.publicBaseUrl) return config.publicBaseUrl;
  const domainName = (c.env as LambdaEnv)?.event?.requestContext?.domainName;
  return typeof domainName === 'string' && /^[a-z0-9.-]+$/i.test(domainName) ? `https://${domainName.toLowerCase()}` : undefined;
}

/**
 * Whether the request was addressed to `origin`'s host. Behind CloudFront the viewer's Host arrives
 * as X-Forwarded-Host (infra/web.ts copies it; the Host header is then the Function URL's); else the
 * Host header, or the URL's host when a test calls the app directly.
 */
export function addressedTo(c: Context, origin: string): boolean {
  const host = c.req.header('x-forwarded-host') ?? c.req.header('host') ?? new URL(c.req.url).host;
  return host.toLowerCase() === new URL(origin).host;
}
