import type { AppliedContractRate } from './contract-rates';
import { toMinutes, type RentalPeriod } from './period';
import type { Rates } from './vehicles';

/** A price for one rental, all amounts in cents. */
export interface PriceQuote {
  currency: string;
  rentalDays: number;
  /** The cheapest combination of month (30 days), week (7 days) and day rates. */
  months: number;
  weeks: number;
  days: number;
  net: number;
  vatPercent: number;
  vat: number;
  gross: number;
  /** The connection's contract rate the price comes from (contract-rates.ts); absent: list rates. */
  contract?: AppliedContractRate;
  /** With a contract rate: the net price at list rates, for comparison. */
  listNet?: number;
  /** The chosen extras' part of `net` (catalog/extras.ts `withExtras`): net, vat and gross are then rental + extras. */
  extrasNet?: number;
  /**
   * The weekend rate priced the whole rental (WEEKEND_RULE): months, weeks and days are then 0.
   * Absent: the month/week/day combination did.
   */
  weekend?: true;
}

/**
 * Which rate applies to a rental, on the location's clock (periods are its wall time, so a
 * summer-time change that weekend moves nothing): picked up on Friday from 12:00, or on Saturday or
 * Sunday, and returned by 09:00 on the Monday after it, a vehicle type with a weekend rate pays that
 * flat rate, when it is cheaper than the month/week/day combination (a requester never pays more
 * for a weekend than for the same days). Friday 11:59 is not the weekend; Monday 09:00 still is.
 */
export const WEEKEND_RULE = { fromWeekday: 5, fromTime: '12:00', toWeekday: 1, toTime: '09:00' } as const;

const DAY_MINUTES = 1440;
const minutesOfTime = (time: string) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));

/** Whether a period lies in one weekend window of WEEKEND_RULE (wall time of its location). */
export function isWeekendPeriod(period: RentalPeriod): boolean {
  const from = toMinutes(period.pickup);
  const to = toMinutes(period.return);
  if (Number.isNaN(from) || Number.isNaN(to) || to <= from) return false;
  const weekday = new Date(from * 60000).getUTCDay();
  // Days from the window's Friday to the pick-up day: Friday 0, Saturday 1, Sunday 2; other days are outside.
  const sinceFriday = (weekday - WEEKEND_RULE.fromWeekday + 7) % 7;
  if (sinceFriday > 2) return false;
  const friday = from - (((from % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES) - sinceFriday * DAY_MINUTES;
  const windowStart = friday + minutesOfTime(WEEKEND_RULE.fromTime);
  const windowEnd = friday + 3 * DAY_MINUTES + minutesOfTime(WEEKEND_RULE.toTime);
  return from >= windowStart && to <= windowEnd;
}

export const DAYS_PER_WEEK = 7;
export const DAYS_PER_MONTH = 30;

/**
 * The cheapest way to cover `rentalDays` with month, week and day rates. A combination may
 * cover more days than rented (a week can be cheaper than six days).
 */
export function cheapestCombination(rates: Rates, rentalDays: number): { months: number; weeks: number; days: number; net: number } {
  let best = { months: 0, weeks: 0, days: rentalDays, net: rentalDays * rates.day };
  const maxMonths = Math.ceil(rentalDays / DAYS_PER_MONTH);
  for (let months = 0; months <= maxMonths; months++) {
    const afterMonths = Math.max(0, rentalDays - months * DAYS_PER_MONTH);
    const maxWeeks = Math.ceil(afterMonths / DAYS_PER_WEEK);
    for (let weeks = 0; weeks <= maxWeeks; weeks++) {
      const days = Math.max(0, afterMonths - weeks * DAYS_PER_WEEK);
      const net = months * rates.month + weeks * rates.week + days * rates.day;
      if (net < best.net) best = { months, weeks, days, net };
    }
  }
  return best;
}

/** VAT on a net amount, rounded half up to the cent. */
export function vatOn(net: number, vatPercent: number): number {
  return Math.round((net * vatPercent) / 100);
}

export function quote(rates: Rates, rentalDays: number, vatPercent: number, currency = 'EUR'): PriceQuote {
  const combo = cheapestCombination(rates, rentalDays);
  const vat = vatOn(combo.net, vatPercent);
  return { currency, rentalDays, ...combo, vatPercent, vat, gross: combo.net + vat };
}

/** The net price of a period at some rates, and whether the weekend rate made it (WEEKEND_RULE). */
export function netFor(rates: Rates, period: RentalPeriod, rentalDays: number): { months: number; weeks: number; days: number; net: number; weekend?: true } {
  const combo = cheapestCombination(rates, rentalDays);
  if (rates.weekend !== undefined && rates.weekend < combo.net && isWeekendPeriod(period)) {
    return { months: 0, weeks: 0, days: 0, net: rates.weekend, weekend: true };
  }
  return combo;
}

/** The quote for a rental period: quote() with the weekend rule. Every price shown, stored, sent or mailed comes from here. */
export function quotePeriod(rates: Rates, period: RentalPeriod, rentalDays: number, vatPercent: number, currency = 'EUR'): PriceQuote {
  const priced = netFor(rates, period, rentalDays);
  const vat = vatOn(priced.net, vatPercent);
  return { currency, rentalDays, ...priced, vatPercent, vat, gross: priced.net + vat };
}
