import type { Context } from 'hono';
import type { Config } from '../config';

interface Bindings {
  /** hono/aws-lambda: the Function URL event. */
  requestContext?: { http?: { sourceIp?: string } };
  /** @hono/node-server: the incoming message. */
  incoming?: { socket?: { remoteAddress?: string } };
}

/** Longest address kept (an IPv6 address with a zone is under 64 characters). */
const MAX_ADDRESS = 64;

/**
 * The address a request came from, for throttling. Never a header a client can set, except the
 * one configuration names when the app is reachable only through CloudFront
 * (`cloudfront-viewer-address`, `ip:port`). Otherwise the Lambda event's source IP or, locally,
 * the socket's. `unknown` when none is known (tests calling app.request).
 */
export function clientAddress(c: Context, config: Pick<Config, 'trustedClientIpHeader'>): string {
  const header = config.trustedClientIpHeader && c.req.header(config.trustedClientIpHeader)?.trim();
  if (header) return withoutPort(header.split(',')[0].trim(), config.trustedClientIpHeader!).slice(0, MAX_ADDRESS).toLowerCase();
  const env = (c.env ?? {}) as Bindings;
  const address = env.requestContext?.http?.sourceIp ?? env.incoming?.socket?.remoteAddress;
  return address ? address.replace(/^::ffff:/, '').slice(0, MAX_ADDRESS).toLowerCase() : 'unknown';
}

/** CloudFront's `198.51.100.7:443` and `2001:db8::1:443` always end in the port; other headers carry none. */
function withoutPort(value: string, header: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(value);
  if (bracketed) return bracketed[1];
  return header === 'cloudfront-viewer-address' ? value.replace(/:\d{1,5}$/, '') : value;
}
