/**
 * Load (issue 12, item 5): N punch-out sessions at once against the local stack — the web process
 * and the mail worker as their own processes (test/support/stack-process.ts) on the run's DynamoDB
 * Local and local SES — each going call-up → catalog page → availability → review/transfer → cart
 * page, over real HTTP. 0 errors, every request registered once and its e-mail to operations sent;
 * p50/p99 per step printed. ~30 sessions in `npm test`, 200 with LONG=1.
 */
import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted, VehiclesResponse } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { allRequestsByStatus, requestRecord } from '../../functions/store/queue';
import { freePort } from '../support/free-port';
import { eventually } from '../support/ops';
import { callUpForm, daysAhead, openSession } from '../support/punchout';
import { seededStack } from '../support/stack';
import { killAllParts, type PartProcess, startPart } from '../support/stack-processes';

const LONG = process.env.LONG === '1';
const SESSIONS = Number(process.env.LOAD_SESSIONS ?? (LONG ? 200 : 30));
const STEPS = ['call-up', 'catalog page', 'availability', 'review/transfer', 'cart page'] as const;
type Step = (typeof STEPS)[number];
const LOCATION = 'ams-sloterdijk';

let deps: AppDeps;
let app: Hono;
let web: PartProcess;
let worker: PartProcess;
let base: string;
const mailbox = `ops-${randomUUID().slice(0, 8)}@flexfleet.example`;

beforeAll(async () => {
  deps = await seededStack({ OPS_MAILBOX: mailbox });
  app = createLocalApp(deps);
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  [web, worker] = await Promise.all([startPart('web', deps.config, { port }), startPart('worker', deps.config, { env: { OPS_MAILBOX: mailbox } })]);
}, 90_000);
afterAll(() => killAllParts());

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/** Pick-up days the location is open on (weekdays, no public holiday), one per session: no two sessions compete for a vehicle. */
async function openDays(count: number): Promise<string[]> {
  const session = await openSession(app);
  const days: string[] = [];
  for (let d = 7; days.length < count && d < 360; d++) {
    const q = new URLSearchParams({ location: LOCATION, pickup: daysAhead(d, 10), return: daysAhead(d, 16) });
    const body = (await (await app.request(`${session}/api/vehicles?${q}`)).json()) as VehiclesResponse;
    if (body.ok) days.push(String(d));
  }
  if (days.length < count) throw new Error(`only ${days.length} open days for ${count} sessions`);
  return days;
}

describe(`${SESSIONS} concurrent punch-out sessions against the local stack`, () => {
  it('all complete with 0 errors, each request registered once and announced to operations once; p50/p99 per step printed', async () => {
    const days = await openDays(SESSIONS);
    const timings: Record<Step, number[]> = Object.fromEntries(STEPS.map((s) => [s, []])) as unknown as Record<Step, number[]>;
    const errors: string[] = [];
    const timed = async <T>(step: Step, run: () => Promise<T>): Promise<T> => {
      const started = performance.now();
      try {
        return await run();
      } finally {
        timings[step].push(performance.now() - started);
      }
    };
    const expectStatus = async (step: Step, response: Response, status: number) => {
      if (response.status !== status) throw new Error(`${step}: ${response.status} ${(await response.text()).slice(0, 200)}`);
      return response;
    };

    const requesters = days.map((_, i) => `load-${i}-${randomUUID().slice(0, 6)}@acme.example`);
    // Whether the web process stays responsive under the load: GET /health (no database) every 200 ms.
    const health: number[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const t = performance.now();
        await fetch(`${base}/health`).then((r) => r.arrayBuffer()).catch(() => undefined);
        health.push(performance.now() - t);
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    const started = performance.now();
    const results = await Promise.allSettled(
      days.map(async (day, i) => {
        const callUp = await timed('call-up', async () =>
          expectStatus('call-up', await fetch(`${base}/punchout/oci`, { method: 'POST', body: callUpForm({ oci_usermail: requesters[i] }), redirect: 'manual' }), 303),
        );
        const catalog = new URL(callUp.headers.get('location')!, base);
        const session = catalog.pathname.replace(/\/$/, '');
        await timed('catalog page', async () => (await expectStatus('catalog page', await fetch(catalog), 200)).text());
        const period = { pickup: daysAhead(Number(day), 10), return: daysAhead(Number(day), 16) };
        const q = new URLSearchParams({ location: LOCATION, ...period });
        const offers = await timed('availability', async () => (await (await expectStatus('availability', await fetch(`${base}${session}/api/vehicles?${q}`), 200)).json()) as VehiclesResponse);
        const offer = offers.ok ? offers.offers.find((o) => o.available > 0) : undefined;
        if (!offer) throw new Error(`availability: nothing offered on day ${day}`);
        const choice = { vehicleTypeId: offer.vehicleTypeId, locationId: LOCATION, ...period };
        const transfer = await timed('review/transfer', async () =>
          (await (await expectStatus('review/transfer', await fetch(`${base}${session}/api/transfer`, { method: 'POST', body: JSON.stringify(choice), headers: { 'content-type': 'application/json' } }), 201)).json()) as TransferAccepted,
        );
        const cart = await timed('cart page', async () => (await expectStatus('cart page', await fetch(`${base}${transfer.transferUrl}`), 200)).text());
        if (!cart.includes(transfer.requestId)) throw new Error('cart page: the request is not in the cart');
        return transfer.requestId;
      }),
    );
    const wall = performance.now() - started;
    probing = false;
    await probe;
    for (const r of results) if (r.status === 'rejected') errors.push(String((r.reason as Error).message ?? r.reason));

    console.log(`load: ${SESSIONS} concurrent sessions, ${errors.length} errors, ${(wall / 1000).toFixed(1)} s wall, ${((SESSIONS * STEPS.length) / (wall / 1000)).toFixed(1)} HTTP steps/s`);
    for (const step of STEPS) {
      const t = timings[step];
      console.log(`load: ${step.padEnd(16)} n=${String(t.length).padStart(3)}  p50 ${percentile(t, 50).toFixed(0).padStart(5)} ms  p99 ${percentile(t, 99).toFixed(0).padStart(5)} ms`);
    }
    console.log(`load: /health during the run n=${health.length}  p50 ${percentile(health, 50).toFixed(0)} ms  p99 ${percentile(health, 99).toFixed(0)} ms  max ${Math.max(...health).toFixed(0)} ms`);
    // The web process's own account of the failures (PART_LOG_LEVEL=error to see it).
    if (errors.length) console.log(web.output().split('\n').filter((line) => line && !line.includes('"level":"info"')).slice(-40).join('\n'));
    expect(errors).toEqual([]);

    const ids = results.map((r) => (r as PromiseFulfilledResult<string>).value);
    const stored = (await allRequestsByStatus(deps.db, 'requested')).filter((r) => requesters.includes(r.requester.email));
    expect(stored.map((r) => r.id).sort()).toEqual([...ids].sort());
    // Nothing lost behind the answers either: each request's notice to operations sent, once.
    await eventually(
      'every notice to operations sent',
      async () => (await Promise.all(ids.map(async (id) => (await requestRecord(deps.db, id))!.outbox.find((m) => m.kind === 'ops-new-request')?.status))).filter((s) => s !== 'sent').length,
      (unsent) => unsent === 0,
      LONG ? 180_000 : 60_000,
    );
  }, LONG ? 900_000 : 150_000);
});
