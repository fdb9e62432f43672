import fc from 'fast-check';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { opsApiRouteRoles, opsApiRoutes } from '../../functions/http/routes/ops-api';
import { createLocalApp } from '../../functions/local/server';
import { anyJson, BATCH, batchOf, expectClearAnswer, fuzzParameters, fuzzTimeout, hostileString, INPUTS_PER_SURFACE, tableKeys, unexpectedItems, wellFormed } from '../support/fuzz';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack } from '../support/stack';

/**
 * Issue 12, bad input: every console API route (read from the app, as ops-auth.test.ts does),
 * signed in as an admin and as an operator, with generated path parameters, queries and bodies.
 * Never a 5xx; always JSON; a refusal names the problem; a refused call stores nothing.
 */
let deps: AppDeps;
let app: Hono;
let routes: { method: string; path: string; role?: string }[];
let staff: Record<'admin' | 'operator', Record<string, string>>;
let requestId: string;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
  routes = opsApiRouteRoles(opsApiRoutes(deps)).filter((r) => r.path !== '/sign-out');
  const [admin, operator] = await Promise.all([addTestStaff(deps, 'admin'), addTestStaff(deps, 'operator')]);
  staff = { admin: (await signedIn(deps, admin)).headers, operator: (await signedIn(deps, operator)).headers };
  requestId = (await registerTestRequest(deps, { period: { pickup: daysAhead(20, 9), return: daysAhead(22, 17) } })).id;
});

/** The names every console body and query uses, each with a hostile or wrong-typed value. */
const FIELDS = ['version', 'plate', 'reason', 'note', 'email', 'name', 'role', 'active', 'owner', 'id', 'status', 'week', 'date', 'location', 'cursor', 'limit', 'orderNumber', 'poNumber', 'language', 'text', 'ids', 'requests', 'connection', 'vatPercent', 'q'];
const fields = fc.dictionary(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 1, arbitrary: hostileString }), anyJson, { maxKeys: 5 });

const call = fc.record({
  route: fc.nat(),
  role: fc.constantFrom('admin' as const, 'operator' as const),
  param: fc.oneof(fc.constantFrom('@request', 'acme-demo', 'someone%40flexfleet.example', 'ams-sloterdijk', 'EST-OCT', '0'), hostileString.map((s) => encodeURIComponent(wellFormed(s))), hostileString.filter((s) => !s.includes('/') && !s.includes('?') && !s.includes('#'))),
  query: fields,
  body: fc.oneof({ weight: 3, arbitrary: fields.map((f) => JSON.stringify(f)) }, { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) }, { weight: 1, arbitrary: hostileString }),
});
type Call = typeof call extends fc.Arbitrary<infer T> ? T : never;

function send(input: Call): Promise<Response> {
  const route = routes[input.route % routes.length];
  const param = input.param === '@request' ? requestId : input.param;
  const query = new URLSearchParams(Object.entries(input.query).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v) ?? '']));
  const url = `/ops/api${route.path.replace(/:\w+/g, param)}?${query}`;
  return Promise.resolve(app.request(url, { method: route.method, headers: staff[input.role], ...(route.method === 'GET' ? {} : { body: input.body }) }));
}

describe('console API under generated input', () => {
  it(`answers ${INPUTS_PER_SURFACE} generated calls to every console route, as admin and operator, without a 5xx, in JSON naming the problem, storing nothing when refused`, async () => {
    let tried = 0;
    const changed = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(batchOf(call), async (inputs) => {
        const before = await tableKeys(deps);
        let accepted = 0;
        for (const input of inputs) {
          const route = routes[input.route % routes.length];
          const response = await send(input);
          tried++;
          const what = `${route.method} ${route.path} as ${input.role}: ${JSON.stringify(input).slice(0, 600)}`;
          expect(response.headers.get('content-type'), what).toContain('application/json');
          const text = await expectClearAnswer(response, what);
          if (response.status >= 400) expect((JSON.parse(text) as { message?: string }).message, what).toMatch(/\S{3}/);
          if (route.method !== 'GET' && response.status < 300) {
            accepted++;
            changed.set(`${route.method} ${route.path}`, (changed.get(`${route.method} ${route.path}`) ?? 0) + 1);
          }
        }
        if (!accepted) expect(unexpectedItems(before, await tableKeys(deps)), JSON.stringify(inputs).slice(0, 1500)).toEqual([]);
      }),
      fuzzParameters(),
    );
    expect(tried).toBeGreaterThanOrEqual(INPUTS_PER_SURFACE);
    console.info(`fuzz console: ${tried} inputs over ${routes.length} routes (${BATCH} per table scan); accepted changes: ${JSON.stringify(Object.fromEntries(changed))}`);
  }, fuzzTimeout(500));
});
