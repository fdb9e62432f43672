import fc from 'fast-check';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { BATCH, batchOf, cheapenDemoSecrets, expectClearAnswer, fuzzParameters, fuzzTimeout, hostileString, INPUTS_PER_SURFACE, REFUSAL_TRACES, tableKeys, unexpectedItems } from '../support/fuzz';
import { seededStack } from '../support/stack';

/**
 * Issue 12, bad input: the OCI call-up (GET and POST, forms of every encoding) under generated
 * input. Never a 5xx; a refusal names the problem; a refused call-up stores nothing but its
 * payload-log entry, throttling windows and refusal counters; an accepted one its session.
 */
const CLIENT_HEADER = 'cloudfront-viewer-address';
let deps: AppDeps;
let app: Hono;

beforeAll(async () => {
  deps = await seededStack({ TRUSTED_CLIENT_IP_HEADER: CLIENT_HEADER });
  await cheapenDemoSecrets(deps);
  app = createLocalApp(deps);
});

// USERNAME itself is changed seldom: an unknown one is checked against the full-cost decoy hash (~50 ms, by design).
const FIELDS = [
  'PASSWORD', '~USERNAME', '~PASSWORD', 'HOOK_URL', 'returntarget', 'oci_usermail', 'oci_userfullname', '~OkCode', '~TARGET', '~CALLER',
  'oci_ponumber', 'oci_costcenter', 'sap-language', 'language', 'FUNCTION', 'PRODUCTID', 'SEARCHSTRING', 'QUANTITY', 'OCI_VERSION',
  'HTTP_CONTENT_CHARSET', 'EXT_PRODUCT_ID',
];
const VALID: Record<string, string> = {
  USERNAME: DEMO_CONNECTION.username,
  PASSWORD: DEMO_CONNECTION.password,
  HOOK_URL: 'http://localhost:4999/hook?sap-client=100',
  oci_usermail: 'jane.doe@acme.example',
  oci_userfullname: 'Jane Doe',
  oci_ponumber: '4500012345',
  oci_costcenter: 'CC-1042',
};

/** A call-up: the valid one with some fields replaced, dropped, repeated or added, sent one way or another. */
const callUp = fc.record({
  changes: fc.array(fc.tuple(fc.oneof({ weight: 10, arbitrary: fc.constantFrom(...FIELDS) }, { weight: 5, arbitrary: hostileString }, { weight: 1, arbitrary: fc.constant('USERNAME') }), fc.option(fc.oneof(hostileString, fc.constantFrom('VALIDATE', 'DETAIL', 'QUANTITYCHECK', 'BACKGROUND_SEARCH', 'DE', 'NL', 'utf-8', 'ISO-8859-1', 'x-unknown'))), fc.boolean()), { minLength: 1, maxLength: 6 }),
  method: fc.constantFrom('GET', 'POST', 'POST', 'POST'),
  encoding: fc.constantFrom('urlencoded', 'urlencoded; charset=iso-8859-1', 'urlencoded; charset=nope', 'multipart', 'text/plain', 'none', 'json', 'raw'),
  raw: fc.string({ unit: 'binary', maxLength: 200 }),
  address: fc.ipV4(),
});
type CallUp = typeof callUp extends fc.Arbitrary<infer T> ? T : never;

function send(input: CallUp): Promise<Response> {
  const fields: [string, string][] = Object.entries(VALID);
  for (const [name, value, repeat] of input.changes) {
    const at = fields.findIndex(([n]) => n === name);
    if (value === null) { if (at >= 0) fields.splice(at, 1); }
    else if (at >= 0 && !repeat) fields[at] = [name, value];
    else fields.push([name, value]);
  }
  const form = new URLSearchParams(fields);
  const headers: Record<string, string> = { [CLIENT_HEADER]: `${input.address}:4711` };
  if (input.method === 'GET') return Promise.resolve(app.request(`/punchout/oci?${form}`, { headers }));
  let body: BodyInit = form.toString();
  if (input.encoding.startsWith('urlencoded')) headers['content-type'] = `application/x-www-form-urlencoded${input.encoding.slice('urlencoded'.length)}`;
  else if (input.encoding === 'multipart') {
    const data = new FormData();
    for (const [name, value] of fields) data.append(name, value);
    body = data;
  } else if (input.encoding === 'text/plain') headers['content-type'] = 'text/plain';
  else if (input.encoding === 'json') { headers['content-type'] = 'application/json'; body = JSON.stringify(Object.fromEntries(fields)); }
  else if (input.encoding === 'raw') { headers['content-type'] = 'application/x-www-form-urlencoded'; body = Buffer.from(input.raw, 'latin1'); }
  return Promise.resolve(app.request('/punchout/oci', { method: 'POST', body, headers }));
}

describe('OCI call-up under generated input', () => {
  it(`answers ${INPUTS_PER_SURFACE} generated call-ups without a 5xx, each refusal naming its problem, storing only a session per accepted one`, async () => {
    let tried = 0;
    await fc.assert(
      fc.asyncProperty(batchOf(callUp), async (inputs) => {
        const before = await tableKeys(deps);
        let sessions = 0;
        // A batch arrives at once, as a buyer's users (or an attacker) would send it.
        const responses = await Promise.all(inputs.map(send));
        for (const [i, input] of inputs.entries()) {
          const response = responses[i];
          tried++;
          if (response.status === 303) {
            expect(response.headers.get('location')).toMatch(/^\/s\/[A-Za-z0-9_-]+\/$/);
            sessions++;
          }
          await expectClearAnswer(response, JSON.stringify(input).slice(0, 400));
        }
        const after = await tableKeys(deps);
        expect(unexpectedItems(before, after, [...REFUSAL_TRACES, /^SESSION#[^|]+\|SESSION$/])).toEqual([]);
        expect([...after].filter((k) => !before.has(k) && /^SESSION#[^|]+\|SESSION$/.test(k)).length).toBeLessThanOrEqual(sessions);
      }),
      fuzzParameters(),
    );
    expect(tried).toBeGreaterThanOrEqual(INPUTS_PER_SURFACE);
    console.info(`fuzz call-up: ${tried} inputs (${BATCH} per table scan)`);
  }, fuzzTimeout(300));
});
