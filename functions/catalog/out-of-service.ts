/** Out-of-service windows of a unit (maintenance): when one may be entered, and which rental it blocks. */
import { MAX_LEAD_DAYS, MAX_RENTAL_DAYS, type RentalPeriod, slotsOf, toMinutes } from './period';
import { existsOnClock, localNow } from './time-zone';
import type { OutOfServiceWindow, Unit } from './vehicles';

/**
 * Why an out-of-service window cannot be entered at a location's clock, naming the field: the
 * catalog's rules for a period (period.ts, time-zone.ts): both ends on the clock (not in the hour it
 * skips), the start at most MAX_LEAD_DAYS ahead; the end after the start, not in the past (a window
 * may have begun already: the van broke down this morning), and at most MAX_RENTAL_DAYS long.
 */
export function windowProblem(window: Pick<OutOfServiceWindow, 'from' | 'to'>, timeZone: string, now: Date): { field: 'from' | 'to'; message: string } | undefined {
  const clock = localNow(timeZone, now);
  for (const field of ['from', 'to'] as const) {
    if (!existsOnClock(window[field], timeZone)) return { field, message: `${field}: ${window[field]} does not exist at ${timeZone} (the clock skips that hour)` };
  }
  if (toMinutes(window.from) > toMinutes(clock) + MAX_LEAD_DAYS * 1440) return { field: 'from', message: `from: expected a start at most ${MAX_LEAD_DAYS} days ahead` };
  const minutes = toMinutes(window.to) - toMinutes(window.from);
  if (!(minutes > 0)) return { field: 'to', message: 'to: expected an end after the start' };
  if (window.to <= clock) return { field: 'to', message: `to: expected an end in the future (it is ${clock} at ${timeZone})` };
  // One transaction holds every slot of the window (at most 100 actions): longer absences are "not in service".
  if (minutes > MAX_RENTAL_DAYS * 1440) return { field: 'to', message: `to: a window lasts at most ${MAX_RENTAL_DAYS} days; take the unit out of service instead` };
  return undefined;
}

/**
 * The out-of-service window of a unit that overlaps a rental period, if any (half-day slots, as
 * holds count them): such a unit cannot be assigned to that rental.
 */
export function maintenanceDuring(unit: Unit, period: RentalPeriod): OutOfServiceWindow | undefined {
  const wanted = new Set(slotsOf(period));
  return unit.outOfService?.find((window) => slotsOf({ pickup: window.from, return: window.to }).some((slot) => wanted.has(slot)));
}
