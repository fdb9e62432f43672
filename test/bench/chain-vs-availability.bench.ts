/**
 * chain-vs-availability: full chains per second (call-up → transfer → cart page) vs availability
 * calls per second, both at 20 concurrent clients, in-process against the same DynamoDB Local.
 * Each chain books its own (day, type), so every transfer is accepted (201), none is refused.
 */
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import type { Bench } from './bench-kit';
import { benchApp, callUp, daysAhead, p50, timeCalls } from './bench-app';

const CLIENTS = 20;

export const bench: Bench = {
  name: 'chain-vs-availability',
  async run(ctx) {
    const { app } = await benchApp(ctx.endpoint, 'chain');
    const types = DEMO_FLEET.vehicleTypes.filter((t) => DEMO_FLEET.units.some((u) => u.vehicleTypeId === t.id && u.locationId === 'ams-sloterdijk')).map((t) => t.id);
    const session = await callUp(app);
    const availabilityUrl = `${session}/api/vehicles?location=ams-sloterdijk&pickup=${daysAhead(10)}&return=${daysAhead(13)}`;
    const availability = async () => {
      const response = await app.request(availabilityUrl);
      if (response.status !== 200) throw new Error(`availability answered ${response.status}`);
      await response.arrayBuffer();
    };
    const statuses = new Map<string, number>();
    const steps: Record<'callUp' | 'transfer' | 'cart', number[]> = { callUp: [], transfer: [], cart: [] };
    const chain = async (i: number) => {
      let t = performance.now();
      const lap = (step: keyof typeof steps) => {
        steps[step].push(performance.now() - t);
        t = performance.now();
      };
      const s = await callUp(app);
      lap('callUp');
      const day = 2 + Math.floor(i / types.length);
      const body = { vehicleTypeId: types[i % types.length], locationId: 'ams-sloterdijk', pickup: daysAhead(day), return: daysAhead(day, 18) };
      const transfer = await app.request(`${s}/api/transfer`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
      const accepted = (await transfer.json()) as { transferUrl?: string };
      lap('transfer');
      const cart = accepted.transferUrl ? await app.request(accepted.transferUrl) : undefined;
      const key = `${transfer.status}/${cart?.status ?? '-'}`;
      statuses.set(key, (statuses.get(key) ?? 0) + 1);
      await cart?.arrayBuffer();
      lap('cart');
    };
    const n = Math.round(200 * ctx.scale);
    await timeCalls(40, CLIENTS, availability);
    const a = await timeCalls(n, CLIENTS, availability);
    const c = await timeCalls(n, CLIENTS, (i) => chain(i));
    const perSecond = (calls: number, ms: number) => (calls * 1000) / ms;
    const [chains, checks] = [perSecond(n, c.wallMs), perSecond(n, a.wallMs)];
    ctx.log(`chain steps p50: ${Object.entries(steps).map(([k, v]) => `${k} ${p50(v).toFixed(1)} ms`).join(', ')}`);
    ctx.log(`chain outcomes (transfer/cart status): ${[...statuses].map(([k, v]) => `${k}×${v}`).join(', ')}`);
    return { ratio: chains / checks, detail: `${chains.toFixed(1)} chains/s vs ${checks.toFixed(1)} availability calls/s, ${CLIENTS} clients, n=${n} each` };
  },
};
