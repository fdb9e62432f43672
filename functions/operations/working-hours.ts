import { localNow, toMinutes } from '../catalog/period';

/**
 * The age of an open request counted in working time (e.g. Monday to Friday 08:00–18:00 at the
 * desks), as a response target is agreed. Counted in the desks' wall-clock time: the hour that
 * summer time adds or removes falls at night, outside working hours.
 */
export interface WorkingHours {
  /** Minutes after midnight. */
  start: number;
  end: number;
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday). */
  days: readonly number[];
  timeZone: string;
}

export const DEFAULT_WORKING_HOURS: WorkingHours = { start: 8 * 60, end: 18 * 60, days: [1, 2, 3, 4, 5], timeZone: 'Europe/Amsterdam' };

/** `08:00-18:00` → start and end in minutes; undefined when malformed. */
export function parseWorkingHours(text: string): { start: number; end: number } | undefined {
  const m = /^(\d{2}):(\d{2})-(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return start < end && end <= 24 * 60 ? { start, end } : undefined;
}

const DAY = 1440;

/** Wall-clock minutes (period format, see catalog/period) of an instant at the desks. */
function wallMinutes(at: Date, timeZone: string): number {
  return toMinutes(localNow(timeZone, at));
}

/** ISO weekday of a day number (days since 1970-01-01, a Thursday). */
function weekday(day: number): number {
  return ((day + 3) % 7) + 1;
}

/** Working minutes between two instants (0 when `to` is not after `from`). */
export function workingMinutesBetween(from: Date, to: Date, hours: WorkingHours = DEFAULT_WORKING_HOURS): number {
  const a = wallMinutes(from, hours.timeZone);
  const b = wallMinutes(to, hours.timeZone);
  if (!(b > a)) return 0;
  let total = 0;
  for (let day = Math.floor(a / DAY); day <= Math.floor(b / DAY); day++) {
    if (!hours.days.includes(weekday(day))) continue;
    const open = day * DAY + hours.start;
    const close = day * DAY + hours.end;
    total += Math.max(0, Math.min(close, b) - Math.max(open, a));
  }
  return total;
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

/** "2 h 05 min", "45 min": a span of working time for the console. */
export function formatSpan(minutes: number): string {
  const m = Math.abs(Math.round(minutes));
  const h = Math.floor(m / 60);
  const rest = m % 60;
  return h ? `${h} h ${String(rest).padStart(2, '0')} min` : `${rest} min`;
}
