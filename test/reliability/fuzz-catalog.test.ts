import fc from 'fast-check';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { anyJson, BATCH, batchOf, cheapenDemoSecrets, expectClearAnswer, fuzzParameters, fuzzTimeout, hostileString, INPUTS_PER_SURFACE, tableKeys, unexpectedItems, wellFormed } from '../support/fuzz';
import { daysAhead, openSession } from '../support/punchout';
import { seededStack } from '../support/stack';

/**
 * Issue 12, bad input: every route of the catalog under /s/<session>/ (page, vehicles, transfer,
 * transfer page) with generated session ids, queries and bodies. Never a 5xx; refusals name the
 * problem; nothing stored unless a transfer was accepted.
 */
let deps: AppDeps;
let app: Hono;
let sessions: string[];

beforeAll(async () => {
  deps = await seededStack();
  await cheapenDemoSecrets(deps);
  app = createLocalApp(deps);
  sessions = await Promise.all([openSession(app), openSession(app), openSession(app, { oci_userfullname: '<img src=x onerror=alert(1)>' })]);
});

const dateTime = fc.oneof(
  fc.integer({ min: -3, max: 800 }).chain((days) => fc.integer({ min: 0, max: 23 }).map((hour) => daysAhead(days, hour))),
  hostileString,
);
const id = (known: string[]) => fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...known) }, { weight: 1, arbitrary: hostileString });
const location = id(['ams-sloterdijk', 'utr-centraal']);

const transferBody = fc.oneof(
  { weight: 1, arbitrary: anyJson.map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: hostileString },
  {
    weight: 4,
    arbitrary: fc
      .record(
        {
          vehicleTypeId: fc.oneof(id(['estate-octavia', 'compact-polo', 'compact-clio']), anyJson),
          locationId: fc.oneof(location, anyJson),
          pickup: dateTime,
          return: dateTime,
          deliveryAddressId: fc.oneof(id(['RTM-HQ', 'rotterdam-hq']), anyJson),
          note: fc.oneof(hostileString, anyJson),
          extras: fc.oneof(fc.array(fc.record({ id: fc.oneof(id(['extra-driver', 'child-seat', 'one-way']), anyJson), count: fc.oneof(fc.integer(), fc.double(), anyJson), returnLocationId: location }, { requiredKeys: [] }), { maxLength: 12 }), anyJson),
        },
        { requiredKeys: ['pickup', 'return'] },
      )
      .map((body) => JSON.stringify(body)),
  },
);

const call = fc.record({
  session: fc.oneof({ weight: 6, arbitrary: fc.nat(2) }, { weight: 1, arbitrary: hostileString }),
  route: fc.constantFrom('page', 'vehicles', 'transfer', 'transfer', 'transfer', 'cart'),
  query: fc.record({ location, pickup: dateTime, return: dateTime, extra: hostileString }, { requiredKeys: [] }),
  body: transferBody,
  requestId: fc.oneof(fc.constantFrom('RQ-261122-7K3M9Q', 'RQ-000000-000000'), hostileString),
  contentType: fc.constantFrom('application/json', 'application/json; charset=utf-16', 'text/plain', 'application/x-www-form-urlencoded'),
});
type Call = typeof call extends fc.Arbitrary<infer T> ? T : never;

function send(input: Call): Promise<Response> {
  const base = typeof input.session === 'number' ? sessions[input.session] : `/s/${encodeURIComponent(wellFormed(input.session))}`;
  const query = new URLSearchParams(Object.entries(input.query).map(([k, v]) => [k, String(v)]));
  const path = { page: '/', vehicles: `/api/vehicles?${query}`, transfer: '/api/transfer', cart: `/transfer/${encodeURIComponent(wellFormed(input.requestId))}` }[input.route];
  const init: RequestInit = input.route === 'transfer' ? { method: 'POST', body: input.body, headers: { 'content-type': input.contentType } } : {};
  return Promise.resolve(app.request(`${base}${path}`, init));
}

describe('catalog API under generated input', () => {
  it(`answers ${INPUTS_PER_SURFACE} generated catalog calls without a 5xx, each refusal naming its problem, storing nothing unless a transfer was accepted`, async () => {
    let tried = 0;
    let transfers = 0;
    await fc.assert(
      fc.asyncProperty(batchOf(call), async (inputs) => {
        const before = await tableKeys(deps);
        // One after another: a session's transfers replace each other, the order matters for the reader of a failure.
        let accepted = 0;
        for (const input of inputs) {
          const response = await send(input);
          tried++;
          const what = JSON.stringify(input).slice(0, 800);
          const text = await expectClearAnswer(response, what);
          if (input.route === 'transfer' && response.status < 300) accepted++;
          if (input.route !== 'page' && input.route !== 'cart' && response.status >= 400 && response.status !== 404 && response.status !== 410 && response.status !== 413) {
            expect((JSON.parse(text) as { message?: string }).message, what).toMatch(/\S{3}/);
          }
        }
        transfers += accepted;
        // A page or a refused call leaves at most payload-log entries (the transfer page logs the cart it shows).
        if (!accepted) expect(unexpectedItems(before, await tableKeys(deps)), JSON.stringify(inputs).slice(0, 1500)).toEqual([]);
      }),
      fuzzParameters(),
    );
    expect(tried).toBeGreaterThanOrEqual(INPUTS_PER_SURFACE);
    console.info(`fuzz catalog: ${tried} inputs (${BATCH} per table scan), ${transfers} transfers accepted`);
  }, fuzzTimeout(300));
});
