import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
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
});
