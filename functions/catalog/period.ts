/**
 * Rental periods in the location's local time ("2026-11-23T09:00"), as a rental desk reads them.
 *
 * Occupancy is counted in half-day slots (A = before noon, P = from noon): a vehicle returned
 * on Monday morning can go out again on Monday afternoon. A hold or an assignment takes every
 * slot from the pick-up slot to the slot holding the last minute before return.
 */

export interface RentalPeriod {
  pickup: string;
  return: string;
}

export const MAX_RENTAL_DAYS = 42;
/** How far ahead a pick-up may be: a year covers every season's bookings; 9999 is a typo or a probe. */
export const MAX_LEAD_DAYS = 365;
/** Minutes past a full day that are not charged as another day. */
export const GRACE_MINUTES = 59;

const LOCAL_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * Answers of toMinutes for recent date-times. Pricing a period for every vehicle type converts the
 * same two or three date-times dozens of times per availability call (rental days, the weekend rule,
 * the contract rate), and the parse was a tenth of a millisecond of it. A pure function of a
 * 16-character string: nothing can go stale; bounded, emptied when full.
 */
const minutesOf = new Map<string, number>();
const MINUTES_REMEMBERED = 1024;

/** Minutes since the epoch of a local date-time, treating it as UTC (only differences matter). */
export function toMinutes(local: string): number {
  const known = minutesOf.get(local);
  if (known !== undefined) return known;
  const m = LOCAL_DATE_TIME.exec(local);
  if (!m) return Number.NaN;
  const [, y, mo, d, h, mi] = m.map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi);
  const back = new Date(ms);
  // Reject dates that Date.UTC silently rolls over (2026-02-31, 25:00).
  const minutes = back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1 || h > 23 || mi > 59 ? Number.NaN : ms / 60000;
  if (minutesOf.size >= MINUTES_REMEMBERED) minutesOf.clear();
  minutesOf.set(local, minutes);
  return minutes;
}

export function fromMinutes(minutes: number): string {
  return new Date(minutes * 60000).toISOString().slice(0, 16);
}

export type PeriodProblem =
  | 'invalid'
  | 'return-before-pickup'
  | 'in-the-past'
  | 'too-long'
  | 'too-far-ahead'
  /** A wall time the location's clock skips (spring forward): see time-zone.ts `periodProblemAt`. */
  | 'pickup-not-on-the-clock'
  | 'return-not-on-the-clock';

/** The period field a problem is about, for a 400 that names it. */
export function periodProblemField(problem: PeriodProblem): 'pickup' | 'return' | undefined {
  if (problem === 'in-the-past' || problem === 'too-far-ahead' || problem === 'pickup-not-on-the-clock') return 'pickup';
  if (problem === 'return-before-pickup' || problem === 'too-long' || problem === 'return-not-on-the-clock') return 'return';
  return undefined;
}

/** Why a period cannot be rented, or null. `now` is the location's local time (time-zone.ts `localNow`). */
export function periodProblem(period: RentalPeriod, now: string): PeriodProblem | null {
  const from = toMinutes(period.pickup);
  const to = toMinutes(period.return);
  if (Number.isNaN(from) || Number.isNaN(to)) return 'invalid';
  if (to <= from) return 'return-before-pickup';
  if (from < toMinutes(now) - 15) return 'in-the-past';
  if (rentalDays(period) > MAX_RENTAL_DAYS) return 'too-long';
  if (from > toMinutes(now) + MAX_LEAD_DAYS * 1440) return 'too-far-ahead';
  return null;
}

/** Days charged: started 24-hour periods, with a grace period, at least one. */
export function rentalDays(period: RentalPeriod): number {
  const minutes = toMinutes(period.return) - toMinutes(period.pickup);
  return Math.max(1, Math.ceil((minutes - GRACE_MINUTES) / 1440));
}

function slotOf(minutes: number): string {
  const local = fromMinutes(minutes);
  return `${local.slice(0, 10)}${Number(local.slice(11, 13)) < 12 ? 'A' : 'P'}`;
}

/** Every half-day slot the period occupies, in order ("2026-11-23A", "2026-11-23P", ...). */
export function slotsOf(period: RentalPeriod): string[] {
  const first = toMinutes(period.pickup);
  const last = toMinutes(period.return) - 1;
  const slots: string[] = [];
  for (let m = first - (first % 720); m <= last; m += 720) slots.push(slotOf(m));
  return slots;
}

/** Whole days from `now` until the pick-up date (calendar days, local time). */
export function daysUntil(period: RentalPeriod, now: string): number {
  const day = (s: string) => Math.floor(toMinutes(`${s.slice(0, 10)}T00:00`) / 1440);
  return Math.max(0, day(period.pickup) - day(now));
}

/** Tomorrow 09:00 for one day, in the desk's wall time `now`: what the catalog shows first (its page carries these offers). */
export function defaultPeriod(now: string): RentalPeriod {
  const day = 1440;
  const minutes = toMinutes(now);
  const pickup = minutes - (((minutes % day) + day) % day) + day + 9 * 60;
  return { pickup: fromMinutes(pickup), return: fromMinutes(pickup + day) };
}
