import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { addTestStaff, signedIn } from '../support/ops';
import { seededStack } from '../support/stack';

/**
 * Issue 12: each failure the generated inputs of test/reliability/fuzz-*.test.ts found, replayed
 * with its shrunk counterexample. Each failed before its fix.
 */
let deps: AppDeps;
let app: Hono;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
});

describe('failures found by fuzzing, replayed', () => {
  it('answers a call-up whose language is “constructor” (an Object prototype key) with a 400 naming the missing USERNAME, not a 500', async () => {
    for (const query of ['language=constructor', 'sap-language=__proto__', 'langu=CONSTRUCTOR']) {
      const response = await app.request(`/punchout/oci?PASSWORD=x&${query}`);
      expect(response.status, query).toBe(400);
      expect(await response.text()).toContain('USERNAME');
    }
    const header = await app.request('/punchout/oci?PASSWORD=x', { headers: { 'accept-language': 'constructor, __proto__;q=0.5' } });
    expect(header.status).toBe(400);
  });

  it('answers a signed-in console call to no route (an empty path parameter) with a JSON 404 naming it, not the plain-text page', async () => {
    const { headers } = await signedIn(deps, await addTestStaff(deps, 'admin'));
    for (const url of ['/ops/api/admin/connections/', '/ops/api/no-such-route']) {
      const response = await app.request(url, { headers });
      expect(response.status, url).toBe(404);
      expect(response.headers.get('content-type'), url).toContain('application/json');
      expect(((await response.json()) as { message: string }).message).toContain('No such console API');
    }
  });
});
