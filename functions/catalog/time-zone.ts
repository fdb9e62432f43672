import { TZDate } from '@date-fns/tz';
import { periodProblem, type PeriodProblem, type RentalPeriod, toMinutes } from './period';

/**
 * Wall time at a location ↔ instants. Rental periods are the location's wall time
 * (`YYYY-MM-DDTHH:mm`, see period.ts); anything that happens at an instant (a hold lapsing, a
 * calendar entry, working time) converts with the zone's rules for that date, never with
 * today's offset: across a summer-time change the offset differs by an hour.
 *
 * The zone rules come from the runtime's Intl data through @date-fns/tz (small enough for the
 * browser bundles). A wall time in the hour skipped in spring is read as the time after the
 * skip (02:30 → 03:30 summer time); one in the hour repeated in autumn as the later of the two.
 */

/** Is `zone` an IANA time-zone name this runtime knows ("Europe/Amsterdam", "UTC")? */
export function isTimeZone(zone: string): boolean {
  // Offsets ("+01:00") are accepted by newer Intl but have no summer-time rules: not a location's zone.
  if (zone.length > 64 || !/^(?:UTC|[A-Za-z]+(?:\/[A-Za-z0-9_+-]+)+)$/.test(zone)) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The instant of a wall time at a zone. Invalid wall times give an Invalid Date. */
export function wallToInstant(local: string, timeZone: string): Date {
  const minutes = toMinutes(local);
  if (Number.isNaN(minutes)) return new Date(Number.NaN);
  const wall = new Date(minutes * 60000);
  const at = new TZDate(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate(), wall.getUTCHours(), wall.getUTCMinutes(), timeZone);
  return new Date(at.getTime());
}

/** The wall time at a zone of an instant, in the period format (`YYYY-MM-DDTHH:mm`). */
export function localNow(timeZone: string, at: Date = new Date()): string {
  const t = new TZDate(at.getTime(), timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${String(t.getFullYear()).padStart(4, '0')}-${two(t.getMonth() + 1)}-${two(t.getDate())}T${two(t.getHours())}:${two(t.getMinutes())}`;
}

/**
 * Requests stored before locations had a zone carry a location snapshot without one; every desk
 * then ran on Amsterdam time, so that is their zone. Not a setting: a fact about old data.
 */
const ZONE_BEFORE_LOCATIONS_HAD_ONE = 'Europe/Amsterdam';

/** The zone of a location, also of a location snapshot stored in an older request. */
export function timeZoneOf(location: { timeZone?: string }): string {
  return location.timeZone ?? ZONE_BEFORE_LOCATIONS_HAD_ONE;
}

/**
 * Recent answers of existsOnClock: every availability call asks it for both ends of its period,
 * and each answer costs two zone conversions through Intl. A pure function of the wall time and the
 * zone (the runtime's zone rules do not change while it runs); bounded, emptied when full.
 */
const onClock = new Map<string, boolean>();
const ON_CLOCK_REMEMBERED = 1024;

/** Whether a wall time exists at a zone: not in the hour its clock skips in spring. */
export function existsOnClock(local: string, timeZone: string): boolean {
  const key = `${timeZone} ${local}`;
  const known = onClock.get(key);
  if (known !== undefined) return known;
  const at = wallToInstant(local, timeZone);
  const exists = !Number.isNaN(at.getTime()) && localNow(timeZone, at) === local;
  // Only well-formed wall times are kept, so a caller passing arbitrary strings cannot fill it with long keys.
  if (local.length === 16 && timeZone.length <= 64) {
    if (onClock.size >= ON_CLOCK_REMEMBERED) onClock.clear();
    onClock.set(key, exists);
  }
  return exists;
}

/**
 * Why a period cannot be rented at a location now, or null: the wall-time rules of period.ts on
 * the location's clock, and neither end in the hour the clock skips (a cart saying 02:30 while the
 * calendar entry says 03:30 would give the buyer two different times).
 */
export function periodProblemAt(period: RentalPeriod, timeZone: string, at: Date): PeriodProblem | null {
  const problem = periodProblem(period, localNow(timeZone, at));
  if (problem) return problem;
  if (!existsOnClock(period.pickup, timeZone)) return 'pickup-not-on-the-clock';
  if (!existsOnClock(period.return, timeZone)) return 'return-not-on-the-clock';
  return null;
}
