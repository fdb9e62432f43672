/**
 * chain-vs-availability: full chains per second (call-up → transfer → cart page) vs availability
 * calls per second, both at 20 concurrent clients, in-process against the same DynamoDB Local.
 * Each chain books its own (day, type), so every transfer is accepted (201), none is refused.
 * The two sides alternate in three rounds (availability, chains, availability, …) and each side's
 * throughput is its calls over its summed wall time: on a shared machine whose load drifts, both
 * sides then see the same load. The DynamoDB round trips per chain step are counted and printed.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import type { Bench } from './bench-kit';
import { benchApp, callUp, daysAhead, p50, timeCalls } from './bench-app';

const CLIENTS = 20;
const ROUNDS = 3;
type Step = 'availability' | 'callUp' | 'transfer' | 'cart';

export const bench: Bench = {
  name: 'chain-vs-availability',
  async run(ctx) {
    const { app, deps } = await benchApp(ctx.endpoint, 'chain');
    // Which step a DynamoDB call was made for: counted by a middleware on the app's own client.
    const stepOf = new AsyncLocalStorage<Step>();
    const roundTrips: Record<Step, number> = { availability: 0, callUp: 0, transfer: 0, cart: 0 };
    deps.db.doc.middlewareStack.add(
      (next) => async (args) => {
        const step = stepOf.getStore();
        if (step) roundTrips[step]++;
        return next(args);
      },
      { step: 'initialize', name: 'benchRoundTrips' },
    );
    const types = DEMO_FLEET.vehicleTypes.filter((t) => DEMO_FLEET.units.some((u) => u.vehicleTypeId === t.id && u.locationId === 'ams-sloterdijk')).map((t) => t.id);
    const session = await callUp(app);
    const availabilityUrl = `${session}/api/vehicles?location=ams-sloterdijk&pickup=${daysAhead(10)}&return=${daysAhead(13)}`;
    const availability = () =>
      stepOf.run('availability', async () => {
        const response = await app.request(availabilityUrl);
        if (response.status !== 200) throw new Error(`availability answered ${response.status}`);
        await response.arrayBuffer();
      });
    const statuses = new Map<string, number>();
    const steps: Record<'callUp' | 'transfer' | 'cart', number[]> = { callUp: [], transfer: [], cart: [] };
    const chain = async (i: number) => {
      let t = performance.now();
      const lap = (step: keyof typeof steps) => {
        steps[step].push(performance.now() - t);
        t = performance.now();
      };
      const s = await stepOf.run('callUp', () => callUp(app));
      lap('callUp');
      const day = 2 + Math.floor(i / types.length);
      const body = { vehicleTypeId: types[i % types.length], locationId: 'ams-sloterdijk', pickup: daysAhead(day), return: daysAhead(day, 18) };
      const { transfer, accepted } = await stepOf.run('transfer', async () => {
        const transfer = await app.request(`${s}/api/transfer`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
        return { transfer, accepted: (await transfer.json()) as { transferUrl?: string } };
      });
      lap('transfer');
      const cart = await stepOf.run('cart', async () => {
        const cart = accepted.transferUrl ? await app.request(accepted.transferUrl) : undefined;
        await cart?.arrayBuffer();
        return cart;
      });
      const key = `${transfer.status}/${cart?.status ?? '-'}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      lap('cart');
    };
    const n = Math.round(200 * ctx.scale);
    const perRound = Math.ceil(n / ROUNDS);
    await timeCalls(40, CLIENTS, availability);
    for (const step of Object.keys(roundTrips) as Step[]) roundTrips[step] = 0;
    const wall = { availability: 0, chain: 0 };
    let chainsDone = 0;
    for (let round = 0; round < ROUNDS; round++) {
      wall.availability += (await timeCalls(perRound, CLIENTS, availability)).wallMs;
      const offset = chainsDone;
      wall.chain += (await timeCalls(perRound, CLIENTS, (i) => chain(offset + i))).wallMs;
      chainsDone += perRound;
    }
    const total = perRound * ROUNDS;
    const perSecond = (calls: number, ms: number) => (calls * 1000) / ms;
    const [chains, checks] = [perSecond(total, wall.chain), perSecond(total, wall.availability)];
    const trips = (step: Step) => (roundTrips[step] / total).toFixed(1);
    ctx.log(`chain steps p50: ${Object.entries(steps).map(([k, v]) => `${k} ${p50(v).toFixed(1)} ms`).join(', ')}`);
    ctx.log(`DynamoDB round trips per call: availability ${trips('availability')}; chain: call-up ${trips('callUp')}, transfer ${trips('transfer')}, cart ${trips('cart')}`);
    ctx.log(`chain outcomes (transfer/cart status): ${[...statuses].map(([k, v]) => `${k}×${v}`).join(', ')}`);
    return { ratio: chains / checks, detail: `${chains.toFixed(1)} chains/s vs ${checks.toFixed(1)} availability calls/s, ${CLIENTS} clients, n=${total} each in ${ROUNDS} alternating rounds` };
  },
};
