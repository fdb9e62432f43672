/**
 * availability-vs-getitem: p50 of one availability call (GET /s/<session>/api/vehicles, through the
 * whole app in-process) vs p50 of one raw GetItem through the same client, on the same DynamoDB Local.
 *
 * The two sides alternate call by call (and which goes first alternates too), so a change in the
 * shared machine's load, or a GC pause one side leaves behind, falls on both alike. Also logged:
 * the floor of the availability's reads, its two requests (session + connection BatchGetItem, in
 * parallel with the holds Query) made raw through the same client, without the app around them.
 */
import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import { slotsOf } from '../../functions/catalog/period';
import { heldAt } from '../../functions/store/holds';
import { keys } from '../../functions/store/keys';
import { sessionIdOf } from '../../functions/store/sessions';
import type { Bench } from './bench-kit';
import { benchApp, callUp, daysAhead, p50 } from './bench-app';

const LOCATION = 'ams-sloterdijk';

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Each of `fns` called `n` times in turn (the first to go rotates each time): the times of each. */
async function alternating(n: number, fns: (() => Promise<unknown>)[]): Promise<number[][]> {
  const ms = fns.map(() => [] as number[]);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < fns.length; k++) {
      const j = (i + k) % fns.length;
      ms[j].push(await timed(fns[j]));
    }
  }
  return ms;
}

export const bench: Bench = {
  name: 'availability-vs-getitem',
  async run(ctx) {
    const { app, deps, getItem } = await benchApp(ctx.endpoint, 'availability');
    const session = await callUp(app);
    const period = { pickup: daysAhead(10), return: daysAhead(13) };
    const url = `${session}/api/vehicles?location=${LOCATION}&pickup=${period.pickup}&return=${period.return}`;
    const availability = async () => {
      const response = await app.request(url);
      if (response.status !== 200) throw new Error(`availability answered ${response.status}`);
      await response.arrayBuffer();
    };
    // The same reads the app makes for this call, raw: the floor no app code can go below with two requests.
    const { db } = deps;
    const slots = slotsOf(period);
    const sessionKey = keys.session(sessionIdOf(session.split('/').pop()!, deps.secrets.signingKey));
    const reads = () =>
      Promise.all([
        db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: [sessionKey, keys.connection('acme-demo')], ConsistentRead: true } } })),
        heldAt(db, LOCATION, slots[0], slots[slots.length - 1]),
      ]);
    const n = Math.round(500 * ctx.scale);
    await alternating(50, [availability, getItem, reads]); // warm: fleet cache, sockets, JIT on every side
    const [a, g, r] = await alternating(n, [availability, getItem, reads]);
    const [pa, pg, pr] = [p50(a), p50(g), p50(r)];
    ctx.log(`floor: the same two requests raw (BatchGetItem ∥ Query) p50 ${pr.toFixed(2)} ms = ${(pr / pg).toFixed(2)} × GetItem`);
    return { ratio: pa / pg, detail: `availability p50 ${pa.toFixed(2)} ms, GetItem p50 ${pg.toFixed(2)} ms, n=${a.length} each, alternating one at a time` };
  },
};
