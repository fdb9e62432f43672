import fc from 'fast-check';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { cancelFormToken, statusTokenFor } from '../../functions/requests/status-link';
import { BATCH, batchOf, expectClearAnswer, fuzzParameters, fuzzTimeout, hostileString, INPUTS_PER_SURFACE, tableKeys, unexpectedItems, wellFormed } from '../support/fuzz';
import { registerTestRequest } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack } from '../support/stack';

/**
 * Issue 12, bad input: the requester's status link and cancel form (/r/<token>, /r/<token>/cancel)
 * with generated tokens, form tokens, reasons, origins and bodies. Never a 5xx; a refusal is a page
 * that says what is wrong; nothing stored but throttling windows unless the request was cancelled.
 */
const CLIENT_HEADER = 'cloudfront-viewer-address';
let deps: AppDeps;
let app: Hono;
let tokens: string[];

beforeAll(async () => {
  deps = await seededStack({ TRUSTED_CLIENT_IP_HEADER: CLIENT_HEADER });
  app = createLocalApp(deps);
  const requests = await Promise.all([0, 1, 2].map((i) => registerTestRequest(deps, { period: { pickup: daysAhead(15 + i, 9), return: daysAhead(17 + i, 17) } })));
  tokens = requests.map((r) => statusTokenFor(deps.secrets.signingKey, { ...r, period: r.period, location: r.location }));
});

const call = fc.record({
  token: fc.oneof({ weight: 4, arbitrary: fc.nat(2) }, { weight: 2, arbitrary: hostileString }, { weight: 1, arbitrary: fc.nat(2).chain((i) => fc.nat(40).map((cut) => ({ cut, i }))) }),
  cancel: fc.boolean(),
  formToken: fc.oneof({ weight: 2, arbitrary: fc.constant('@valid') }, { weight: 1, arbitrary: hostileString }),
  reason: fc.option(hostileString),
  extra: fc.dictionary(hostileString, hostileString, { maxKeys: 3 }),
  origin: fc.option(fc.constantFrom('http://localhost', 'https://evil.example', 'null', '')),
  contentType: fc.constantFrom('application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'text/plain', 'application/json'),
  address: fc.ipV4(),
});
type Call = typeof call extends fc.Arbitrary<infer T> ? T : never;

function tokenOf(input: Call): string {
  if (typeof input.token === 'number') return tokens[input.token];
  if (typeof input.token === 'object') return tokens[input.token.i].slice(0, input.token.cut);
  return input.token;
}

function send(input: Call): Promise<Response> {
  const token = tokenOf(input);
  const headers: Record<string, string> = { [CLIENT_HEADER]: `${input.address}:4711`, 'content-type': input.contentType };
  if (input.origin !== null) headers.origin = input.origin;
  const path = `/r/${encodeURIComponent(wellFormed(token))}`;
  if (!input.cancel) return Promise.resolve(app.request(`${path}?cancelled=1`, { headers }));
  const form = new URLSearchParams(Object.entries(input.extra));
  form.set('form', input.formToken === '@valid' ? cancelFormToken(deps.secrets.signingKey, token) : input.formToken);
  if (input.reason !== null) form.set('reason', input.reason);
  return Promise.resolve(app.request(`${path}/cancel`, { method: 'POST', body: form.toString(), headers }));
}

describe('requester status link under generated input', () => {
  it(`answers ${INPUTS_PER_SURFACE} generated status-link and cancel calls without a 5xx, each refusal a page naming its problem, storing nothing unless a request was cancelled`, async () => {
    let tried = 0;
    let cancelled = 0;
    await fc.assert(
      fc.asyncProperty(batchOf(call), async (inputs) => {
        const before = await tableKeys(deps);
        const responses = await Promise.all(inputs.map(send));
        let changed = 0;
        for (const [i, response] of responses.entries()) {
          tried++;
          const what = JSON.stringify(inputs[i]).slice(0, 800);
          if (response.status === 303) {
            expect(response.headers.get('location'), what).toMatch(/^\/r\/[^/]+\?cancelled=1$/);
            changed++;
          }
          const page = await expectClearAnswer(response, what);
          // A body over the 4 KB of /r is refused unread, in plain text naming the limit (app.ts).
          if (response.status === 413) expect(page, what).toMatch(/too large/);
          // A body that is no form of its declared type: the shared plain answer of every form route (http/form.ts).
          else if (response.status === 400 && page.startsWith('The form could not be read')) expect(inputs[i].contentType, what).not.toBe('application/x-www-form-urlencoded');
          // An empty token is no status-link path at all: the app's plain 404.
          else if (tokenOf(inputs[i]) === '') expect(response.status, what).toBe(404);
          else if (response.status !== 303) expect(response.headers.get('content-type'), what).toMatch(/^text\/html/);
          if (response.headers.get('content-type')?.startsWith('text/html') && response.status >= 400) expect(page, what).toMatch(/<h1|role="alert"|<main/);
        }
        cancelled += changed;
        if (!changed) expect(unexpectedItems(before, await tableKeys(deps)), JSON.stringify(inputs).slice(0, 1500)).toEqual([]);
      }),
      fuzzParameters(),
    );
    expect(tried).toBeGreaterThanOrEqual(INPUTS_PER_SURFACE);
    console.info(`fuzz requester links: ${tried} inputs (${BATCH} per table scan), ${cancelled} cancel answers`);
  }, fuzzTimeout(300));
});
