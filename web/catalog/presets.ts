/** Rental-period presets and defaults, in the desk's local time (the `YYYY-MM-DDTHH:mm` of period.ts). */
import { defaultPeriod, fromMinutes, toMinutes, type RentalPeriod } from '../../functions/catalog/period';
import { localNow } from '../../functions/catalog/time-zone';

export const PRESETS = ['day', 'weekend', 'week', 'month'] as const;
export type Preset = (typeof PRESETS)[number];

const DAY = 1440;
const FRIDAY = 5;
const PRESET_DAYS: Record<Exclude<Preset, 'weekend'>, number> = { day: 1, week: 7, month: 30 };
/** Friday 17:00 to Monday 09:00. */
const WEEKEND_MINUTES = 2 * DAY + 16 * 60;

function startOfDay(minutes: number): number {
  return minutes - (((minutes % DAY) + DAY) % DAY);
}

function weekday(minutes: number): number {
  return new Date(minutes * 60000).getUTCDay();
}

/**
 * The wall time now at a location: the server's clock at page load plus the time the page has
 * been open (the requester's own clock may be off), read at the location's time zone.
 */
export function deskNow(bootNow: string, timeZone: string, loadedAt: number, at = Date.now()): string {
  return localNow(timeZone, new Date(Date.parse(bootNow) + (at - loadedAt)));
}

/** The next weekend that has not started yet: Friday 17:00 to Monday 09:00. */
export function nextWeekend(now: string): RentalPeriod {
  const from = toMinutes(now);
  let friday = startOfDay(from) + 17 * 60;
  while (weekday(friday) !== FRIDAY || friday <= from) friday += DAY;
  return { pickup: fromMinutes(friday), return: fromMinutes(friday + WEEKEND_MINUTES) };
}

/** A preset applied to the current period: keeps a usable pick-up time, else starts tomorrow 09:00. */
export function presetPeriod(preset: Preset, current: RentalPeriod, now: string): RentalPeriod {
  if (preset === 'weekend') return nextWeekend(now);
  const pickup = toMinutes(current.pickup);
  const start = Number.isNaN(pickup) || pickup < toMinutes(now) ? toMinutes(defaultPeriod(now).pickup) : pickup;
  return { pickup: fromMinutes(start), return: fromMinutes(start + PRESET_DAYS[preset] * DAY) };
}

/** The preset a period corresponds to, if any (to mark its button as pressed). */
export function presetOf(period: RentalPeriod): Preset | null {
  const pickup = toMinutes(period.pickup);
  const minutes = toMinutes(period.return) - pickup;
  if (Number.isNaN(minutes)) return null;
  if (minutes === WEEKEND_MINUTES && weekday(pickup) === FRIDAY && period.pickup.endsWith('T17:00')) return 'weekend';
  for (const [preset, days] of Object.entries(PRESET_DAYS)) if (minutes === days * DAY) return preset as Preset;
  return null;
}

/** After the pick-up moved to or past the return: the return that keeps the previous length. */
export function keepLength(previous: RentalPeriod, pickup: string): RentalPeriod {
  const to = toMinutes(previous.return);
  const from = toMinutes(pickup);
  if (Number.isNaN(to) || Number.isNaN(from) || to > from) return { pickup, return: previous.return };
  const length = toMinutes(previous.return) - toMinutes(previous.pickup);
  return { pickup, return: fromMinutes(from + (length > 0 ? length : DAY)) };
}
