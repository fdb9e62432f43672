import type { AppliedContractRate } from './contract-rates';
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
