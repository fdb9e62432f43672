import { toMinutes } from '../catalog/period';
import { localNow, timeZoneOf, wallToInstant } from '../catalog/time-zone';
import type { Fleet, Location } from '../catalog/vehicles';
import { daysOffAt, type DaysOff } from './days-off';

/**
 * The age of an open request counted in working time (e.g. Monday to Friday 08:00–18:00 at the
 * desks), as a response target is agreed. Each working day opens and closes at the desks' wall
 * time, converted to instants with the zone's rules for that day: a summer-time change moves
 * the instants, never the length of a working day.
 *
 * Which clock: the hours are those of the operations desk that answers requests (WORKING_HOURS in
 * WORKING_TIME_ZONE), one desk for every location, so they stay in the desk's zone. The days that
 * do not count are the request's location's: the public holidays of its country and its own
 * closing days (days-off.ts), each a whole day of the location's calendar, from its midnight to the
 * next in the location's zone. A day off is taken out of the desk's hours as that span of
 * instants: with desk and location in one zone it is simply the day; with a location an hour
 * behind (London), its holiday covers the desk's whole working day all the same.
 */
export interface WorkingHours {
  /** Minutes after midnight. */
  start: number;
  end: number;
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
  days: readonly number[];
  /** IANA zone of the operations desk (setting WORKING_TIME_ZONE). */
  timeZone: string;
}

/** The desk's zone when WORKING_TIME_ZONE is not set. */
export const DEFAULT_WORKING_TIME_ZONE = 'Europe/Amsterdam';

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: 8 * 60, end: 18 * 60, days: [1, 2, 3, 4, 5], timeZone: DEFAULT_WORKING_TIME_ZONE };

/** `08:00-18:00` → start and end in minutes; undefined when malformed. */
export function parseWorkingHours(text: string): { start: number; end: number } | undefined {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return start < end && end <= 24 * 60 ? { start, end } : undefined;
}

const DAY = 1440;

/** Day number (days since 1970-01-01) of a wall date-time. */
function dayOf(local: string): number {
  return Math.floor(toMinutes(local) / DAY);
}

/** ISO weekday of a day number (1970-01-01 was a Thursday). */
function weekday(day: number): number {
  return ((day + 3) % 7) + 1;
}

/** The wall time `minutes` after midnight of a day number, as an instant at the zone (24:00 is the next midnight). */
function instantOf(day: number, minutes: number, timeZone: string): number {
  const local = new Date((day * DAY + minutes) * 60000).toISOString().slice(0, 16);
  return wallToInstant(local, timeZone).getTime();
}

/** The milliseconds of [open, close) that fall on days off (whole days of the location's calendar). */
function offDuring(open: number, close: number, daysOff: DaysOff): number {
  let ms = 0;
  const { timeZone } = daysOff;
  for (let day = dayOf(localNow(timeZone, new Date(open))); day <= dayOf(localNow(timeZone, new Date(close - 1))); day++) {
    if (!daysOff.dates.has(new Date(day * DAY * 60000).toISOString().slice(0, 10))) continue;
    const overlap = Math.min(instantOf(day + 1, 0, timeZone), close) - Math.max(instantOf(day, 0, timeZone), open);
    if (overlap > 0) ms += overlap;
  }
  return ms;
}

/** Working minutes between two instants (0 when `to` is not after `from`), without the location's days off. */
export function workingMinutesBetween(from: Date, to: Date, hours: WorkingHours = DEFAULT_WORKING_HOURS, daysOff?: DaysOff): number {
  if (!(to > from)) return 0;
  let ms = 0;
  for (let day = dayOf(localNow(hours.timeZone, from)); day <= dayOf(localNow(hours.timeZone, to)); day++) {
    if (!hours.days.includes(weekday(day))) continue;
    const open = Math.max(instantOf(day, hours.start, hours.timeZone), from.getTime());
    const close = Math.min(instantOf(day, hours.end, hours.timeZone), to.getTime());
    if (close > open) ms += close - open - (daysOff ? offDuring(open, close, daysOff) : 0);
  }
  return Math.floor(ms / 60000);
}

export interface ResponseAge {
  /** Working minutes since the request came in. */
  workingMinutes: number;
  targetMinutes: number;
  overdue: boolean;
  /** Working minutes left before the target (negative when overdue). */
  leftMinutes: number;
}

export function responseAge(createdAt: Date, now: Date, targetHours: number, hours: WorkingHours = DEFAULT_WORKING_HOURS, daysOff?: DaysOff): ResponseAge {
  const workingMinutes = workingMinutesBetween(createdAt, now, hours, daysOff);
  const targetMinutes = Math.round(targetHours * 60);
  return { workingMinutes, targetMinutes, overdue: workingMinutes > targetMinutes, leftMinutes: targetMinutes - workingMinutes };
}

/**
 * The response age of each open request (by id), without the days off of its location as the
 * fleet has it now (a closing day entered after the request came in counts too). A location no
 * longer in the fleet: its snapshot on the request, with no country or closing days.
 */
export async function responseAges(
  fleet: Fleet,
  requests: readonly { id: string; createdAt: string; location: Pick<Location, 'id'> & { timeZone?: string } }[],
  now: Date,
  targetHours: number,
  hours: WorkingHours = DEFAULT_WORKING_HOURS,
): Promise<Map<string, ResponseAge>> {
  const ages = new Map<string, ResponseAge>();
  for (const r of requests) {
    const createdAt = new Date(r.createdAt);
    const location = fleet.locations.find((l) => l.id === r.location.id) ?? { timeZone: timeZoneOf(r.location) };
    ages.set(r.id, responseAge(createdAt, now, targetHours, hours, await daysOffAt(location, createdAt, now)));
  }
  return ages;
}
