/**
 * availability-history: availability p50 on a table with 100,000 past reservations (request items and
 * their holds, in the same hold partition the availability reads) vs a table with none, same app.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import { slotsOf } from '../../functions/catalog/period';
import { keys } from '../../functions/store/keys';
import type { Bench } from './bench-kit';
import { type BenchApp, benchApp, callUp, daysAhead, p50, timeCalls } from './bench-app';

const LOCATION = 'ams-sloterdijk';

/** `count` past reservations: half request items, half hold items of past slots (BatchWrite, 16 at a time). */
async function seedHistory({ deps }: BenchApp, count: number): Promise<void> {
  const types = DEMO_FLEET.vehicleTypes.map((t) => t.id);
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < count / 2; i++) {
    const day = new Date(Date.UTC(2020, 0, 1) + Math.floor(i / types.length) * 86_400_000).toISOString().slice(0, 10);
    const slot = slotsOf({ pickup: `${day}T09:00`, return: `${day}T10:00` })[0];
    const type = types[i % types.length];
    const id = `RQ-HIST-${String(i).padStart(7, '0')}`;
    items.push({ ...keys.hold(LOCATION, slot, type), entity: 'hold', slot, vehicleTypeId: type, locationId: LOCATION, held: 1, requestIds: new Set([id]) });
    items.push({ ...keys.request(id), entity: 'request', id, status: 'returned', connectionId: 'acme-demo', location: { id: LOCATION }, vehicleType: { id: type }, period: { pickup: `${day}T09:00`, return: `${day}T10:00` } });
  }
  const batches: Record<string, unknown>[][] = [];
  for (let i = 0; i < items.length; i += 25) batches.push(items.slice(i, i + 25));
  let next = 0;
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next < batches.length) {
        let put = batches[next++].map((Item) => ({ PutRequest: { Item } }));
        while (put.length) {
          const out = await deps.db.doc.send(new BatchWriteCommand({ RequestItems: { [deps.db.table]: put } }));
          put = (out.UnprocessedItems?.[deps.db.table] as typeof put | undefined) ?? [];
        }
      }
    }),
  );
}

export const bench: Bench = {
  name: 'availability-history',
  async run(ctx) {
    const count = Math.round(100_000 * ctx.scale);
    const empty = await benchApp(ctx.endpoint, 'history-0');
    const full = await benchApp(ctx.endpoint, 'history-100k');
    const seeding = performance.now();
    await seedHistory(full, count);
    ctx.log(`seeded ${count} past reservations in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    const query = `/api/vehicles?location=${LOCATION}&pickup=${daysAhead(10)}&return=${daysAhead(13)}`;
    const sides = await Promise.all(
      [empty, full].map(async ({ app }) => {
        const session = await callUp(app);
        return async () => {
          const response = await app.request(session + query);
          if (response.status !== 200) throw new Error(`availability answered ${response.status}`);
          await response.arrayBuffer();
        };
      }),
    );
    const n = Math.round(100 * ctx.scale);
    for (const side of sides) await timeCalls(30, 1, side);
    const ms: number[][] = [[], []];
    for (let round = 0; round < 5; round++) for (const i of [0, 1]) ms[i].push(...(await timeCalls(n, 1, sides[i])).ms);
    const [zero, many] = ms.map(p50);
    return { ratio: many / zero, detail: `p50 ${many.toFixed(2)} ms at ${count} past reservations, ${zero.toFixed(2)} ms at 0, n=${ms[0].length} each` };
  },
};
