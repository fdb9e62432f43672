/**
 * The days a location's desk is closed all day, by its calendar: the public holidays of its
 * country (public-holidays.ts) and its own closing days (fleet administration). Response targets
 * do not count them (working-hours.ts).
 */
import { type Country, isHolidayCountry } from '../catalog/countries';
import { localNow, timeZoneOf } from '../catalog/time-zone';
import { closingDaysOf, type Location } from '../catalog/vehicles';
import { publicHolidays } from './public-holidays';

export interface DaysOff {
  /** The location's zone: a day off runs from its midnight to the next at the location. */
  timeZone: string;
  /** Date (YYYY-MM-DD) → why ("King's Day", or the closing day's label). */
  dates: ReadonlyMap<string, string>;
}

/** The days off of `location` in the calendar years (at the location) from `from` to `to`. */
export async function daysOffAt(location: Pick<Location, 'timeZone' | 'country' | 'closingDays'>, from: Date, to: Date): Promise<DaysOff> {
  const timeZone = timeZoneOf(location);
  const dates = new Map<string, string>();
  const country = location.country;
  if (country && isHolidayCountry(country)) {
    const first = Number(localNow(timeZone, from).slice(0, 4));
    const last = Number(localNow(timeZone, to).slice(0, 4));
    for (let year = first; year <= last; year++) for (const [date, name] of await publicHolidays(country as Country, year)) dates.set(date, name);
  }
  for (const day of closingDaysOf(location)) dates.set(day.date, day.label ?? 'closed');
  return { timeZone, dates };
}
