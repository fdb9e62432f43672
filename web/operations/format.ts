/** How the console writes times, money and spans: English, on the desks' clocks (functions/format/). */
import type { OpsBoot } from '../../functions/operations/api';
import { formatMoney } from '../../functions/format/money';
import { formatDistance, formatInstant, formatSpan, formatWallTime } from '../../functions/format/period';
import { readBoot } from '../shared/boot';

const LOCALE = 'en-GB';
/** The operations desk's zone (WORKING_TIME_ZONE): instants are shown on its clock. */
const deskZone = readBoot<OpsBoot>().timeZone;

/** A location's wall time `YYYY-MM-DDTHH:mm` as "Mon 7 Dec, 09:00": the location's own clock. */
export function when(local: string, timeZone = deskZone): string {
  return formatWallTime(local, timeZone, LOCALE, 'short');
}

/** A date `YYYY-MM-DD` as "Mon 7 Dec". */
export function dayName(date: string): string {
  return formatWallTime(`${date}T00:00`, deskZone, LOCALE, 'weekday');
}

/** An ISO instant on the desk's clock. */
export function at(iso: string): string {
  return formatInstant(new Date(iso), deskZone, LOCALE);
}

export function money(cents: number, currency: string): string {
  return formatMoney(cents, currency, LOCALE);
}

export const span = formatSpan;

/** Relative time to an instant ("in 2 d 3 h", "5 h ago"). */
export function relative(iso: string, now = Date.now()): string {
  const minutes = Math.round((Date.parse(iso) - now) / 60000);
  return minutes >= 0 ? `in ${formatDistance(minutes)}` : `${formatDistance(minutes)} ago`;
}

/** "1 day", "3 days". */
export function daysText(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}
