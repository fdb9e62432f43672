/**
 * fleet-1000-vs-52: one fleet-cache miss (store/fleet.ts cachedFleet: the whole fleet partition
 * read, as on every cold start and once a minute per container) with 1,000 units vs the demo
 * fleet's 52 (same vehicle types, locations and extras), each in its own table, alternating.
 */
import type { Unit } from '../../functions/catalog/vehicles';
import { createDb } from '../../functions/store/db';
import { cachedFleet, putFleet } from '../../functions/store/fleet';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import { type Bench, interleaved, median, ms, percentile } from './bench-kit';

/** `count` units spread over the demo fleet's types and locations, like the demo fleet's own. */
function units(count: number): Unit[] {
  const { vehicleTypes, locations } = DEMO_FLEET;
  return Array.from({ length: count }, (_, i) => ({
    plate: `BN-${String(i).padStart(4, '0')}-X`,
    vehicleTypeId: vehicleTypes[i % vehicleTypes.length].id,
    locationId: locations[Math.floor(i / vehicleTypes.length) % locations.length].id,
  }));
}

export const bench: Bench = {
  name: 'fleet-1000-vs-52',
  async run(ctx) {
    const small = createDb(await ctx.newConfig('fleet-52'));
    const large = createDb(await ctx.newConfig('fleet-1000'));
    await putFleet(small, DEMO_FLEET);
    await putFleet(large, { ...DEMO_FLEET, units: units(1000) });
    const miss = (db: typeof small) => async () => {
      const start = performance.now();
      const fleet = await cachedFleet(db)(); // a new cache: always a miss
      if (!fleet.units.length) throw new Error('no fleet read');
      return performance.now() - start;
    };
    await interleaved(5, miss(small), miss(large)); // warm-up
    const n = Math.round(40 * ctx.scale);
    const { a, b } = await interleaved(n, miss(small), miss(large));
    ctx.log(`52 units (${DEMO_FLEET.units.length}): p50 ${ms(median(a))}, p90 ${ms(percentile(a, 90))}; 1,000 units: p50 ${ms(median(b))}, p90 ${ms(percentile(b, 90))}`);
    return { ratio: median(b) / median(a), detail: `1,000 units p50 ${ms(median(b))}, ${DEMO_FLEET.units.length} units p50 ${ms(median(a))}, n=${n} each` };
  },
};
