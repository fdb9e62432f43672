import { randomBytes } from 'node:crypto';
import type { Connection } from '../punchout/connection';
import { SAPEVENT } from '../punchout/hook-url';

export function newNonce(): string {
  return randomBytes(16).toString('base64');
}

/**
 * Headers for pages a procurement system frames: no X-Frame-Options, but CSP frame-ancestors
 * naming the connection's buyer origins. No referrer: the session id is in the URL.
 */
export function framedPageHeaders(options: { nonce: string; frameAncestors: string[]; formAction?: string[] }): Record<string, string> {
  const ancestors = options.frameAncestors.length ? options.frameAncestors.join(' ') : "'self'";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${options.nonce}'`,
    `style-src-elem 'self' 'nonce-${options.nonce}'`,
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "object-src 'none'",
    `form-action ${['\'self\'', ...(options.formAction ?? [])].join(' ')}`,
    `frame-ancestors ${ancestors}`,
  ].join('; ');
  return {
    'content-security-policy': csp,
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}

/**
 * The CSP form-action sources a cart form's action needs besides 'self': the HOOK_URL's origin, or
 * for SAPEVENT:POST (SAP GUI's embedded browser, which enforces CSP) exactly the `sapevent:` scheme.
 * The action has passed the connection's allowlist (punchout/hook-url.ts) before it gets here.
 */
export function formActionSources(action: string): string[] {
  if (action.toUpperCase() === SAPEVENT) return ['sapevent:'];
  if (/^https?:\/\//i.test(action)) return [new URL(action).origin];
  return [];
}

/** Origins of the buyer that may frame our pages; in the local stack also the test procurement page. */
export function frameAncestors(connection: Pick<Connection, 'buyerOrigins'>, localStack: boolean): string[] {
  return localStack ? ["'self'", ...connection.buyerOrigins] : connection.buyerOrigins;
}
