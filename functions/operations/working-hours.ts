import { toMinutes } from '../catalog/period';
import { localNow, wallToInstant } from '../catalog/time-zone';

/**
 * The age of an open request counted in working time (e.g. Monday to Friday 08:00–18:00 at the
 * desks), as a response target is agreed. Each working day opens and closes at the desks' wall
 * time, converted to instants with the zone's rules for that day: a summer-time change moves
 * the instants, never the length of a working day.
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

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(from: Date, to: Date, hours: WorkingHours = DEFAULT_WORKING_HOURS): number {
  if (!(to > from)) return 0;
  let ms = 0;
  for (let day = dayOf(localNow(hours.timeZone, from)); day <= dayOf(localNow(hours.timeZone, to)); day++) {
    if (!hours.days.includes(weekday(day))) continue;
    const open = Math.max(instantOf(day, hours.start, hours.timeZone), from.getTime());
    const close = Math.min(instantOf(day, hours.end, hours.timeZone), to.getTime());
    if (close > open) ms += close - open;
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

export function responseAge(createdAt: Date, now: Date, targetHours: number, hours: WorkingHours = DEFAULT_WORKING_HOURS): ResponseAge {
  const workingMinutes = workingMinutesBetween(createdAt, now, hours);
  const targetMinutes = Math.round(targetHours * 60);
  return { workingMinutes, targetMinutes, overdue: workingMinutes > targetMinutes, leftMinutes: targetMinutes - workingMinutes };
}
