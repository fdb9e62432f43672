import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { opsApiRouteRoles, opsApiRoutes } from '../../functions/http/routes/ops-api';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { getOpsSession, requestSignInLink, tokenHash } from '../../functions/store/staff';
import { addTestStaff, signedIn } from '../support/ops';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;
let operator: Awaited<ReturnType<typeof signedIn>>;
let admin: Awaited<ReturnType<typeof signedIn>>;

/** Every console API route the app declares, read back from the app, with sample path parameters. */
let routes: { method: string; url: string; role?: string }[];

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
  operator = await signedIn(deps, await addTestStaff(deps, 'operator'));
  admin = await signedIn(deps, await addTestStaff(deps, 'admin'));
  routes = opsApiRouteRoles(opsApiRoutes(deps)).map(({ method, path, role }) => ({
    method,
    url: `/ops/api${path.replace(':id', 'RQ-261122-7K3M9Q').replace(':email', 'someone%40flexfleet.example')}`,
    role,
  }));
});

function call(route: { method: string; url: string }, headers: Record<string, string> = {}) {
  return app.request(route.url, { method: route.method, headers: { 'content-type': 'application/json', ...headers }, ...(route.method === 'POST' ? { body: '{}' } : {}) });
}

describe('console authorisation', () => {
  it('declares a role on every console API route', () => {
    expect(routes.length).toBeGreaterThanOrEqual(15);
    for (const route of routes) expect(route.role, `${route.method} ${route.url}`).toMatch(/^(operator|admin)$/);
    // Everything under /ops/api/admin/ is for admins; outside it, exactly these.
    for (const route of routes.filter((r) => r.url.startsWith('/ops/api/admin/'))) expect(route.role, `${route.method} ${route.url}`).toBe('admin');
    expect(routes.filter((r) => r.role === 'admin' && !r.url.startsWith('/ops/api/admin/')).map((r) => `${r.method} ${r.url}`).sort()).toEqual(
      ['GET /ops/api/staff', 'POST /ops/api/outbox/resend-uncertain', 'POST /ops/api/staff', 'POST /ops/api/staff/someone%40flexfleet.example'].sort(),
    );
  });

  it('answers 401 in JSON on every /ops/api/ route without a session', async () => {
    for (const route of [...routes, { method: 'GET', url: '/ops/api/no-such-route' }]) {
      const response = await call(route);
      expect(response.status, `${route.method} ${route.url}`).toBe(401);
      expect(response.headers.get('content-type')).toContain('application/json');
      expect(((await response.json()) as { error: string }).error).toBe('unauthenticated');
    }
  });

  it('answers 401 with an unknown or expired session cookie', async () => {
    for (const route of routes) {
      const response = await call(route, { cookie: '__Host-ff_ops=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' });
      expect(response.status, `${route.method} ${route.url}`).toBe(401);
    }
  });

  it('answers 403 on every admin route to an operator', async () => {
    const adminRoutes = routes.filter((r) => r.role === 'admin');
    expect(adminRoutes.length).toBeGreaterThan(0);
    for (const route of adminRoutes) {
      const response = await call(route, operator.headers);
      expect(response.status, `${route.method} ${route.url}`).toBe(403);
      expect(((await response.json()) as { error: string }).error).toBe('forbidden');
    }
  });

  it('lets an admin through on every route (no 401 or 403)', async () => {
    for (const route of routes.filter((r) => r.url !== '/ops/api/sign-out')) {
      const response = await call(route, admin.headers);
      expect([401, 403], `${route.method} ${route.url}`).not.toContain(response.status);
    }
  });

  it('refuses a changing call without the CSRF token, or from another site', async () => {
    const confirm = { method: 'POST', url: '/ops/api/requests/RQ-261122-7K3M9Q/confirm' };
    expect((await call(confirm, { cookie: operator.cookie })).status).toBe(403);
    expect((await call(confirm, { ...operator.headers, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await call(confirm, { ...operator.headers, origin: 'https://evil.example' })).status).toBe(403);
    // Past the CSRF check: the empty body is what is refused now.
    expect((await call(confirm, { ...operator.headers, 'sec-fetch-site': 'same-origin' })).status).toBe(400);
  });

  it('serves the console only with framing forbidden, a nonce CSP and no caching', async () => {
    const response = await app.request('/ops', { headers: { cookie: operator.cookie } });
    expect(response.status).toBe(200);
    const csp = response.headers.get('content-security-policy')!;
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'self' 'nonce-[^']+'/);
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain('id="boot"');
    expect(page).not.toContain(operator.cookie.split('=')[1]);
  });

  it('shows the sign-in form without a session', async () => {
    const page = await (await app.request('/ops')).text();
    expect(page).toContain('action="/ops/sign-in"');
    expect(page).not.toContain('id="boot"');
  });
});

describe('sign-in by e-mailed link', () => {
  it('answers the same for staff and strangers, and e-mails only staff', async () => {
    const email = await addTestStaff(deps, 'operator');
    const post = (address: string) =>
      app.request('/ops/sign-in', { method: 'POST', body: `email=${encodeURIComponent(address)}`, headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://localhost' } });
    const known = await post(email);
    const unknown = await post('stranger@example.com');
    expect(known.status).toBe(303);
    expect(unknown.status).toBe(303);
    expect(known.headers.get('location')).toBe(unknown.headers.get('location'));
  });

  it('signs in once per link, with an HttpOnly Secure SameSite=Strict cookie', async () => {
    const email = await addTestStaff(deps, 'operator');
    let link = '';
    expect(await requestSignInLink(deps.db, email, (token) => (link = `http://localhost/ops/welcome#token=${token}`))).toBe('sent');
    const token = link.split('#token=')[1];
    const welcome = () =>
      app.request('/ops/welcome', { method: 'POST', body: `token=${token}`, headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' } });
    const first = await welcome();
    expect(first.status).toBe(303);
    const cookie = first.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^__Host-ff_ops=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; Secure; SameSite=Strict; Max-Age=\d+$/);
    const session = cookie.split(';')[0].split('=')[1];
    expect(await getOpsSession(deps.db, session)).toMatchObject({ staff: { email } });
    expect(session).not.toBe(token);
    expect(tokenHash(token)).not.toBe(token);
    const second = await welcome();
    expect(second.status).toBe(400);
    expect(second.headers.get('set-cookie')).toBeNull();
  });

  it('does not send a second link to the same address within 30 seconds', async () => {
    const email = await addTestStaff(deps, 'operator');
    expect(await requestSignInLink(deps.db, email, (t) => t)).toBe('sent');
    expect(await requestSignInLink(deps.db, email, (t) => t)).toBe('too-soon');
  });

  it('ends a session when it expires', async () => {
    const email = await addTestStaff(deps, 'operator');
    const { cookie } = await signedIn(deps, email);
    const later = { ...deps, now: () => new Date(Date.now() + 2 * 3600_000) };
    const token = cookie.split('=')[1];
    expect(await getOpsSession(later.db, token, later.now())).toBeUndefined();
    const expired = createLocalApp(later);
    expect((await expired.request('/ops/api/me', { headers: { cookie } })).status).toBe(401);
    expect((await app.request('/ops/api/me', { headers: { cookie } })).status).toBe(200);
  });
});
