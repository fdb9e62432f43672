import type { HeldBySlot } from '../catalog/availability';
import { slotsOf, type PeriodProblem, type RentalPeriod } from '../catalog/period';
import { periodProblemAt } from '../catalog/time-zone';
import type { Fleet } from '../catalog/vehicles';
import type { Db } from '../store/db';
import { heldAt } from '../store/holds';

/**
 * What availability needs before pricing, for GET api/vehicles and the catalog page's first offers
 * alike: the period judged on the location's clock ("in the past" is its wall time), then the holds of
 * only the period's slots (so past reservations are never read).
 */
export async function heldForPeriod(
  db: Db,
  fleet: Fleet,
  locationId: string,
  period: RentalPeriod,
  now: Date,
): Promise<{ problem: 'invalid' } | { problem: PeriodProblem; period: RentalPeriod } | { held: HeldBySlot }> {
  const place = fleet.locations.find((l) => l.id === locationId);
  if (!place) return { problem: 'invalid' };
  const problem = periodProblemAt(period, place.timeZone, now);
  if (problem) return { problem, period };
  const slots = slotsOf(period);
  return { held: await heldAt(db, locationId, slots[0], slots[slots.length - 1]) };
}
