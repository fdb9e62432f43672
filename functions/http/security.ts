import { randomBytes } from 'node:crypto';

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
