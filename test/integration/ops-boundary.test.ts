import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { opsApiRouteRoles, opsApiRoutes } from '../../functions/http/routes/ops-api';
import { createLocalApp } from '../../functions/local/server';
import type { OpsRefusal, QueueResponse } from '../../functions/operations/api';
import { requestSignInLink } from '../../functions/store/staff';
import { daysAhead } from '../support/punchout';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;
let admin: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
  admin = await signedIn(deps, await addTestStaff(deps, 'admin'));
});

const LONG = 'A'.repeat(3000);
const get = (url: string, headers = admin.headers) => app.request(url, { headers });
const post = (url: string, body: string, headers = admin.headers) => app.request(url, { method: 'POST', headers, body });

/** The answer is a 400 in JSON that names `field`. */
async function expectRefused(response: Response, field: string): Promise<OpsRefusal> {
  const body = (await response.json()) as OpsRefusal;
  expect(response.status, JSON.stringify(body)).toBe(400);
  expect(body.error).toBe('invalid');
  expect(body.field).toBe(field);
  expect(body.message).toContain(field === 'body' ? 'request body' : field);
  return body;
}

describe('console API input is checked at the boundary (issue 8, finding 2)', () => {
  it('refuses a 3,000-character request reference in the path with a 400 naming it, not a 500', async () => {
    await expectRefused(await post(`/ops/api/requests/${LONG}/confirm`, '{"version":0}'), 'id');
    await expectRefused(await get(`/ops/api/requests/${LONG}`), 'id');
    await expectRefused(await post(`/ops/api/requests/${LONG}/assignment`, '{"plate":"XX-1","version":0}'), 'id');
  });

  it('refuses planning weeks that are no date, do not exist, or lie far off', async () => {
    for (const week of ['2026-13-45', '9999-12-31', '2026-02-30', 'next', '2026-1-5']) {
      const refusal = await expectRefused(await get(`/ops/api/planning?week=${week}`), 'week');
      expect(refusal.message, week).toMatch(/date/);
    }
    await expectRefused(await get(`/ops/api/planning?location=${LONG}`), 'location');
    await expectRefused(await get('/ops/api/planning?location=nowhere'), 'location');
    expect((await get('/ops/api/planning?week=2028-02-29')).status).toBe(200);
  });

  it('refuses a staff address that is not one (malformed percent-encoding, over-long) with a 400 naming it', async () => {
    await expectRefused(await post('/ops/api/staff/%E0%A4%A', '{"active":false}'), 'email');
    await expectRefused(await post(`/ops/api/staff/${'a'.repeat(250)}%40flexfleet.example`, '{"active":false}'), 'email');
    await expectRefused(await post('/ops/api/staff', JSON.stringify({ email: `${'a'.repeat(250)}@x.example`, name: 'A', role: 'operator' })), 'email');
    await expectRefused(await post('/ops/api/staff', JSON.stringify({ email: 'new@flexfleet.example', name: 'N'.repeat(101), role: 'operator' })), 'name');
    await expectRefused(await post('/ops/api/staff', JSON.stringify({ email: 'new@flexfleet.example', name: 'Eve\u001b[2J', role: 'operator' })), 'name');
    await expectRefused(await post('/ops/api/staff', JSON.stringify({ email: 'new@flexfleet.example', name: 'Root', role: 'root' })), 'role');
  });

  it('refuses queue queries with an unknown status, an impossible date, a repeated parameter or a bad cursor', async () => {
    await expectRefused(await get('/ops/api/queue?status=archived'), 'status');
    await expectRefused(await get('/ops/api/queue?date=2026-02-30'), 'date');
    await expectRefused(await get('/ops/api/queue?status=requested&status=confirmed'), 'status');
    await expectRefused(await get(`/ops/api/queue?location=${LONG}`), 'location');
    await expectRefused(await get('/ops/api/queue?limit=0'), 'limit');
    await expectRefused(await get('/ops/api/queue?limit=501'), 'limit');
    await expectRefused(await get('/ops/api/queue?cursor=not%20a%20cursor'), 'cursor');
    // Well-formed base64url, but not a key of this list (another partition): the store refuses it.
    const foreign = Buffer.from(JSON.stringify({ gsi1pk: 'STAFF', gsi1sk: 'x', pk: 'STAFF#x', sk: 'STAFF' })).toString('base64url');
    await expectRefused(await get(`/ops/api/queue?cursor=${foreign}`), 'cursor');
  });

  it('refuses JSON bodies that are malformed, of the wrong type or too long, naming the field', async () => {
    const request = await registerTestRequest(deps, { period: { pickup: daysAhead(30, 9), return: daysAhead(31, 17) } });
    const base = `/ops/api/requests/${request.id}`;
    await expectRefused(await post(`${base}/confirm`, '{"version":'), 'body');
    await expectRefused(await post(`${base}/confirm`, '{"version":"0"}'), 'version');
    await expectRefused(await post(`${base}/confirm`, '{"version":0.5}'), 'version');
    await expectRefused(await post(`${base}/assignment`, JSON.stringify({ plate: LONG, version: 0 })), 'plate');
    await expectRefused(await post(`${base}/decline`, JSON.stringify({ version: 0, reason: 'other', note: 'n'.repeat(1001) })), 'note');
    await expectRefused(await post(`${base}/decline`, JSON.stringify({ version: 0, reason: 'because' })), 'reason');
    await expectRefused(await post('/ops/api/outbox/retry', JSON.stringify({ owner: `REQUEST#${LONG}`, id: 'x' })), 'owner');
    await expectRefused(await post('/ops/api/outbox/retry', '[]'), 'body');
    // Nothing was changed by any of them.
    const detail = (await (await get(base)).json()) as { request: { status: string; version?: number } };
    expect(detail.request.status).toBe('requested');
  });

  it('never answers a console route with a 5xx, whatever the path parameters, query and body', async () => {
    const routes = opsApiRouteRoles(opsApiRoutes(deps)).filter((r) => r.path !== '/sign-out');
    const values = [LONG, '%E0%A4%A', '%00', '..%2F..%2Fetc', "x'\"<>"];
    const bodies = ['{', '[]', 'null', '"x"', '{"version":-1,"plate":{},"email":1,"name":[],"role":null,"owner":1,"id":1,"active":"yes"}'];
    for (const route of routes) {
      for (const value of values) {
        const url = `/ops/api${route.path.replace(':id', value).replace(':email', value)}?status=${value}&week=${value}&date=${value}&location=${value}&cursor=${value}`;
        for (const body of route.method === 'POST' ? bodies : [undefined]) {
          const response = await app.request(url, { method: route.method, headers: admin.headers, body });
          expect(response.status, `${route.method} ${url.slice(0, 80)} ${body}`).toBeLessThan(500);
          if (route.path.includes(':')) expect(response.status, `${route.method} ${url.slice(0, 80)}`).toBeGreaterThanOrEqual(400);
          expect(response.headers.get('content-type')).toContain('application/json');
        }
      }
    }
  });
});

describe('queue paging (issue 8, finding 13)', () => {
  it('pages the queue with a cursor until the last page, each request once', async () => {
    const day = 60;
    const made = await Promise.all(
      Array.from({ length: 5 }, (_, i) => registerTestRequest(deps, { period: { pickup: daysAhead(day, 8 + i), return: daysAhead(day + 1, 17) } })),
    );
    const date = daysAhead(day, 8).slice(0, 10);
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const response = await get(`/ops/api/queue?date=${date}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(response.status).toBe(200);
      const page = (await response.json()) as QueueResponse;
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((item) => item.id));
      cursor = page.cursor;
      pages++;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(made.map((r) => r.id).sort());
  });
});

describe('switching a member off (issue 8, finding 5)', () => {
  it('ends their sessions and sign-in links for good: switched on again, the old ones stay dead', async () => {
    const email = await addTestStaff(deps, 'operator');
    const old = await signedIn(deps, email);
    let link = '';
    expect(await requestSignInLink(deps.db, email, (token) => (link = `http://localhost/ops/welcome#token=${token}`))).toBe('sent');
    expect((await get('/ops/api/me', old.headers)).status).toBe(200);

    const change = (body: unknown) => post(`/ops/api/staff/${encodeURIComponent(email)}`, JSON.stringify(body));
    expect((await change({ active: false })).status).toBe(200);
    expect((await get('/ops/api/me', old.headers)).status).toBe(401);
    expect((await change({ active: true })).status).toBe(200);

    expect((await get('/ops/api/me', old.headers)).status).toBe(401);
    const welcome = await app.request('/ops/welcome', {
      method: 'POST',
      body: `token=${link.split('#token=')[1]}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
    });
    expect(welcome.status).toBe(400);
    expect(welcome.headers.get('set-cookie')).toBeNull();

    // A new sign-in after switching on works.
    const fresh = await signedIn(deps, email);
    expect((await get('/ops/api/me', fresh.headers)).status).toBe(200);
  });

  it('lists every member, without the internal session cut-off', async () => {
    const response = await get('/ops/api/staff');
    const { staff } = (await response.json()) as { staff: Record<string, unknown>[] };
    expect(staff.length).toBeGreaterThan(0);
    for (const member of staff) expect(Object.keys(member).sort()).toEqual(['active', 'createdAt', 'email', 'name', 'role']);
  });
});
