import { mockClient } from 'aws-sdk-client-mock';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../functions/http/app';
import { createDeps } from '../../functions/http/deps';
import { lazyRoutes } from '../../functions/http/lazy-routes';
import { loadSecrets } from '../../functions/secrets';
import { testConfig } from '../support/stack';

/** The app whose every DynamoDB call fails: each route group (all imported on first request) meets the error. */
async function failingApp() {
  const deps = createDeps(testConfig(), await loadSecrets({}));
  mockClient(deps.db.doc).onAnyCommand().rejects(new Error('simulated DynamoDB failure'));
  return createApp(deps);
}

describe('route groups imported on their first request', () => {
  it('answer an error inside a group with the app’s plain 500, no stack trace, JSON under /api/', async () => {
    const app = await failingApp();
    // A well-formed session token (32 base64url characters), so the group looks it up and meets the failure.
    const sid = 'A'.repeat(32);
    const page = await app.request(`/s/${sid}/`);
    expect(page.status).toBe(500);
    const text = await page.text();
    expect(text).toBe('Something went wrong on our side. Nothing was lost; please try again.');
    const api = await app.request(`/s/${sid}/api/vehicles?location=x`);
    expect(api.status).toBe(500);
    expect(await api.json()).toEqual({ error: 'internal', message: 'Something went wrong on our side. Nothing was lost; please try again.' });
    expect(api.headers.get('x-request-id')).toBeTruthy();
  });

  it('answer an unknown path inside a group, and outside every group, with the app’s 404', async () => {
    const app = await failingApp();
    for (const path of ['/cxml/no-such-endpoint', '/punchout/no/such/thing', '/no-such-group']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).toBe('Not found');
    }
  });

  it('refuse an oversized body before the group is even imported (413)', async () => {
    const app = await failingApp();
    const res = await app.request('/r/some-token/cancel', { method: 'POST', body: 'x'.repeat(8 * 1024), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(413);
  });

  it('import a group once for concurrent first requests, and again after a failed import', async () => {
    let imports = 0;
    let fail = true;
    const app = new Hono();
    const handler = lazyRoutes(
      '/g',
      async () => {
        imports += 1;
        if (fail) throw new Error('chunk missing');
        return new Hono().get('/hello', (c) => c.text('hi'));
      },
      (inner) => inner.onError((_, c) => c.text('sorry', 500)),
    );
    app.all('/g/*', handler);
    app.onError((_, c) => c.text('outer sorry', 500));
    expect((await app.request('/g/hello')).status).toBe(500);
    fail = false;
    const answers = await Promise.all([1, 2, 3].map(() => app.request('/g/hello')));
    expect(await Promise.all(answers.map((r) => r.text()))).toEqual(['hi', 'hi', 'hi']);
    expect(imports).toBe(2);
  });
});
