/**
 * availability-vs-getitem: p50 of one availability call (GET /s/<session>/api/vehicles, through the
 * whole app in-process) vs p50 of one raw GetItem through the same client, on the same DynamoDB Local.
 * Interleaved in rounds so both see the same load on the machine.
 */
import type { Bench } from './bench-kit';
import { benchApp, callUp, daysAhead, p50, timeCalls } from './bench-app';

export const bench: Bench = {
  name: 'availability-vs-getitem',
  async run(ctx) {
    const { app, getItem } = await benchApp(ctx.endpoint, 'availability');
    const session = await callUp(app);
    const url = `${session}/api/vehicles?location=ams-sloterdijk&pickup=${daysAhead(10)}&return=${daysAhead(13)}`;
    const availability = async () => {
      const response = await app.request(url);
      if (response.status !== 200) throw new Error(`availability answered ${response.status}`);
      await response.arrayBuffer();
    };
    const n = Math.round(100 * ctx.scale);
    await timeCalls(50, 1, availability); // warm: fleet cache, JIT on both sides
    await timeCalls(50, 1, getItem);
    const a: number[] = [];
    const g: number[] = [];
    for (let round = 0; round < 5; round++) {
      g.push(...(await timeCalls(n, 1, getItem)).ms);
      a.push(...(await timeCalls(n, 1, availability)).ms);
    }
    const [pa, pg] = [p50(a), p50(g)];
    return { ratio: pa / pg, detail: `availability p50 ${pa.toFixed(2)} ms, GetItem p50 ${pg.toFixed(2)} ms, n=${a.length} each, one at a time` };
  },
};
