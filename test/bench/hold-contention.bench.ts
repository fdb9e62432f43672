/**
 * hold-contention: holds per second with 50 concurrent requesters vs 1, all on one vehicle type at one
 * location and the same period (the same hold items), through the store's registration (the
 * transaction the transfer runs). Capacity is set high so every hold is granted: this measures what
 * the contention costs, not refusals.
 */
import type { RentalRequest } from '../../functions/requests/request';
import { newRequestId } from '../../functions/requests/request';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import { registerRequest } from '../../functions/store/requests';
import { createSession } from '../../functions/store/sessions';
import type { Bench } from './bench-kit';
import { benchApp, daysAhead, timeCalls } from './bench-app';

export const bench: Bench = {
  name: 'hold-contention',
  async run(ctx) {
    const { deps } = await benchApp(ctx.endpoint, 'holds');
    const type = DEMO_FLEET.vehicleTypes[0];
    const location = DEMO_FLEET.locations[0];
    const period = { pickup: daysAhead(20), return: daysAhead(23) };
    const callUp = { requester: { email: 'jane.doe@acme.example', fullName: 'Jane Doe' }, language: 'en', hookUrl: 'http://localhost:4999/hook', extra: {}, unknownParams: {} };
    const hold = async (concurrency: number, n: number) => {
      const sessions = await Promise.all(
        Array.from({ length: n }, () => createSession(deps.db, deps.secrets.signingKey, 'acme-demo', callUp as never, 60).then((s) => s.session)),
      );
      const outcomes = new Map<string, number>();
      const run = await timeCalls(n, concurrency, async (i) => {
        const now = new Date();
        const request: RentalRequest = {
          id: newRequestId(now),
          status: 'requested',
          connectionId: 'acme-demo',
          connectionName: 'Bench',
          sessionId: sessions[i].id,
          requester: callUp.requester,
          language: 'en',
          vehicleType: { id: type.id, sku: type.sku, name: type.name, example: type.example, category: type.category },
          location,
          period,
          price: { currency: 'EUR', rentalDays: 3, months: 0, weeks: 0, days: 3, net: 1, vatPercent: 21 } as RentalRequest['price'],
          extra: {},
          unknownParams: {},
          createdAt: now.toISOString(),
          updatedAt: now.toISOString(),
        };
        const result = await registerRequest(deps.db, request, 1_000_000, sessions[i].expiresAt, now);
        outcomes.set(result.outcome, (outcomes.get(result.outcome) ?? 0) + 1);
      });
      const granted = outcomes.get('created') ?? 0;
      return { perSecond: (granted * 1000) / run.wallMs, outcomes };
    };
    const n = Math.round(100 * ctx.scale);
    await hold(1, 10); // warm
    const one = await hold(1, n);
    const fifty = await hold(50, n * 2);
    const show = (o: Map<string, number>) => [...o].map(([k, v]) => `${k}×${v}`).join(' ');
    ctx.log(`outcomes at 1: ${show(one.outcomes)}; at 50: ${show(fifty.outcomes)}`);
    return { ratio: fifty.perSecond / one.perSecond, detail: `${fifty.perSecond.toFixed(1)} holds/s at 50 requesters, ${one.perSecond.toFixed(1)} at 1` };
  },
};
