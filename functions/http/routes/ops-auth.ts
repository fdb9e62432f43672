import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { OpsRefusal } from '../../operations/api';
import { hasRole, type Role, type Staff } from '../../operations/staff';
import { getOpsSession, type OpsSession } from '../../store/staff';
import type { AppDeps } from '../deps';
import { publicOrigin } from '../public-origin';

/**
 * The console's sign-in session: a random token in a `__Host-` cookie (HttpOnly, Secure,
 * SameSite=Strict, path /), only its hash in the table; changing calls also carry the session's
 * CSRF token in a header and must come from our own origin.
 */
export const SESSION_COOKIE = '__Host-ff_ops';

export type OpsEnv = { Variables: { staff: Staff; opsSession: OpsSession; opsToken: string } };

export function sessionCookie(token: string, maxAgeSeconds: number): string {
  return `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${maxAgeSeconds}`;
}

export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;
}

/** The signed-in member and session of a request, if any. */
export async function currentSession(deps: AppDeps, c: Context): Promise<{ staff: Staff; session: OpsSession; token: string } | undefined> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) return undefined;
  const found = await getOpsSession(deps.db, token, deps.now());
  return found && { ...found, token };
}

/**
 * Whether a state-changing request comes from our own pages: browsers send Sec-Fetch-Site (or at
 * least Origin) with every POST; a request with neither is not a browser, so not a forged one.
 * An Origin is compared with the configured origin only (`publicOrigin`), never with the request's
 * own Host, which whoever sends the request chooses.
 */
export function fromOwnOrigin(c: Context, ownOrigin: string | undefined): boolean {
  // Sec-Fetch-Site is the browser's own word and needs no comparison; with it, Origin may be
  // "null" (the console's pages send no referrer), so it is read only when Sec-Fetch-Site is absent.
  const site = c.req.header('sec-fetch-site');
  if (site) return site === 'same-origin';
  const origin = c.req.header('origin');
  if (origin === undefined) return true;
  return ownOrigin !== undefined && origin === ownOrigin;
}

const refuse = (c: Context, status: 401 | 403, body: OpsRefusal) => c.json(body, status, { 'cache-control': 'no-store' });

/** 401 without a valid session; otherwise the member and session are on the context. */
export function requireSession(deps: AppDeps): MiddlewareHandler<OpsEnv> {
  return async (c, next) => {
    const found = await currentSession(deps, c);
    if (!found) return refuse(c, 401, { error: 'unauthenticated', message: 'Sign in to the operations console first.' });
    c.set('staff', found.staff);
    c.set('opsSession', found.session);
    c.set('opsToken', found.token);
    await next();
  };
}

/**
 * 403 unless the signed-in member has `role` (admins have every role). The middleware carries its
 * role, so the list of console routes and their roles can be read back from the app (`opsApiRouteRoles`).
 */
export function requireRole(role: Role): MiddlewareHandler<OpsEnv> & { role: Role } {
  const middleware: MiddlewareHandler<OpsEnv> = async (c, next) => {
    if (!hasRole(c.var.staff.role, role)) {
      return refuse(c, 403, { error: 'forbidden', message: `This needs the ${role} role; you are signed in as ${c.var.staff.role}.` });
    }
    await next();
  };
  return Object.assign(middleware, { role });
}

/** 403 for a changing call without the session's CSRF token or from another origin. */
export function requireCsrf(deps: AppDeps): MiddlewareHandler<OpsEnv> {
  return async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
      const token = c.req.header('x-csrf-token');
      if (token !== c.var.opsSession.csrf || !fromOwnOrigin(c, publicOrigin(c, deps.config))) {
        return refuse(c, 403, { error: 'csrf', message: 'This change did not come from the console page. Reload the console and try again.' });
      }
    }
    await next();
  };
}

/** Headers of every console page and API answer: never framed, never cached, scripts only with the nonce. */
export function opsHeaders(options: { nonce?: string; localStack: boolean }): Record<string, string> {
  const script = options.nonce ? `'self' 'nonce-${options.nonce}'` : "'self'";
  const csp = [
    "default-src 'self'",
    `script-src ${script}`,
    `style-src ${script}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "object-src 'none'",
  ].join('; ');
  return {
    'content-security-policy': csp,
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    ...(options.localStack ? {} : { 'strict-transport-security': 'max-age=31536000; includeSubDomains' }),
  };
}
