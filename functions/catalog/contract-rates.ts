import type { ContractRate } from '../punchout/connection';
import type { RentalPeriod } from './period';
import type { Rates } from './vehicles';

/**
 * Contract rates: what a connection pays instead of the list rates. A connection may have several
 * (a discount now, a rate card from next quarter, a card per vehicle type); each is valid from
 * `validFrom` to `validTo` (YYYY-MM-DD, both inclusive, open-ended without `validTo`) on the
 * calendar of the rental's location.
 *
 * The rule for a rate that starts or ends during a rental: **the rate valid on the pick-up date
 * applies to the whole rental.** A rental picked up on a rate's last day pays that rate for all
 * its days; one picked up the day before a rate starts pays the rate before it (or the list rates)
 * throughout. Why: the price is quoted in the catalog and sent in the cart before the rental
 * starts, the buyer's purchase order is raised on it, and month/week/day combinations
 * (pricing.ts) cannot be split by day without changing a price already approved. It is also the
 * rental trade's usual reading ("the rate at pick-up").
 *
 * When several rates are valid on the pick-up date, the precedence is:
 *   1. a rate card for the rental's vehicle type beats a discount (it was agreed for that type);
 *   2. among rates of the same kind, the one with the later `validFrom` wins (the newer agreement);
 *   3. on the same `validFrom`, the one listed last wins (`contractRateProblems` refuses that case,
 *      so the admin API never stores it).
 * No valid rate: the list rates apply.
 */

/** What a price was made of, carried in the quote, the request, the cart's long text and the e-mails. */
export type AppliedContractRate =
  | { id: string; kind: 'discount'; percent: number; validFrom: string; validTo?: string }
  | { id: string; kind: 'card'; validFrom: string; validTo?: string };

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a rate is valid on a calendar date (YYYY-MM-DD): both ends inclusive. */
export function isValidOn(rate: Pick<ContractRate, 'validFrom' | 'validTo'>, date: string): boolean {
  return rate.validFrom <= date && (rate.validTo === undefined || date <= rate.validTo);
}

/** The date whose rate applies to a rental: its pick-up date, on the location's calendar (periods are its wall time). */
export function rateDate(period: Pick<RentalPeriod, 'pickup'>): string {
  return period.pickup.slice(0, 10);
}

/** The contract rate that applies to a vehicle type picked up on `date`, by the precedence above; undefined: list rates. */
export function applicableRate(rates: readonly ContractRate[], vehicleTypeId: string, date: string): ContractRate | undefined {
  let best: { rate: ContractRate; rank: number; index: number } | undefined;
  rates.forEach((rate, index) => {
    if (!isValidOn(rate, date)) return;
    if (rate.kind === 'card' && rate.vehicleTypeId !== vehicleTypeId) return;
    const rank = rate.kind === 'card' ? 1 : 0;
    const better =
      !best || rank > best.rank || (rank === best.rank && (rate.validFrom > best.rate.validFrom || (rate.validFrom === best.rate.validFrom && index > best.index)));
    if (better) best = { rate, rank, index };
  });
  return best?.rate;
}

/** A discount on a rate in cents, rounded half up to the cent. */
export function discounted(cents: number, percent: number): number {
  return Math.round((cents * (100 - percent)) / 100);
}

/** The rates a connection pays for a vehicle type over a period, and the contract rate they come from (none: list rates). */
export function contractRatesFor(
  listRates: Rates,
  rates: readonly ContractRate[],
  vehicleTypeId: string,
  period: Pick<RentalPeriod, 'pickup'>,
): { rates: Rates; contract?: AppliedContractRate } {
  const rate = applicableRate(rates, vehicleTypeId, rateDate(period));
  if (!rate) return { rates: listRates };
  const validity = { validFrom: rate.validFrom, ...(rate.validTo !== undefined ? { validTo: rate.validTo } : {}) };
  if (rate.kind === 'card') return { rates: { ...rate.rates }, contract: { id: rate.id, kind: 'card', ...validity } };
  const less = (cents: number) => discounted(cents, rate.percent);
  return {
    // The discount applies to the weekend rate too; a rate card has no weekend rate (its own rates apply).
    rates: { day: less(listRates.day), week: less(listRates.week), month: less(listRates.month), ...(listRates.weekend !== undefined ? { weekend: less(listRates.weekend) } : {}) },
    contract: { id: rate.id, kind: 'discount', percent: rate.percent, ...validity },
  };
}

/** Largest amount of a rate-card rate (cents): €100,000. */
export const MAX_RATE_CENTS = 10_000_000;
export const MAX_CONTRACT_RATES = 50;

/** One problem with a connection's contract rates: where (`contractRates.<index>.<field>`) and what. */
export interface ContractRateProblem {
  path: (string | number)[];
  message: string;
}

/**
 * What is wrong with a connection's contract rates (empty: nothing), each problem with its path, for
 * the admin API's 400 (connection-schema.ts). `vehicleTypeIds` are the fleet's types, when known, so
 * a card for a type that does not exist is refused.
 */
export function contractRateProblems(rates: readonly ContractRate[], vehicleTypeIds?: readonly string[]): ContractRateProblem[] {
  const problems: ContractRateProblem[] = [];
  const at = (i: number, field: string, message: string) => problems.push({ path: ['contractRates', i, field], message });
  if (rates.length > MAX_CONTRACT_RATES) problems.push({ path: ['contractRates'], message: `expected at most ${MAX_CONTRACT_RATES} contract rates` });
  const ids = new Set<string>();
  rates.forEach((rate, i) => {
    if (ids.has(rate.id)) at(i, 'id', `the id ${rate.id} is used twice`);
    ids.add(rate.id);
    if (!isDate(rate.validFrom)) at(i, 'validFrom', 'expected a date (YYYY-MM-DD)');
    if (rate.validTo !== undefined && !isDate(rate.validTo)) at(i, 'validTo', 'expected a date (YYYY-MM-DD)');
    else if (rate.validTo !== undefined && rate.validTo < rate.validFrom) at(i, 'validTo', 'expected a date on or after validFrom');
    if (rate.kind === 'discount') {
      if (!(rate.percent > 0 && rate.percent < 100) || Math.round(rate.percent * 100) !== rate.percent * 100) {
        at(i, 'percent', 'expected more than 0 and less than 100, with at most two decimals');
      }
    } else {
      if (vehicleTypeIds && !vehicleTypeIds.includes(rate.vehicleTypeId)) at(i, 'vehicleTypeId', `no vehicle type ${rate.vehicleTypeId}`);
      for (const unit of ['day', 'week', 'month'] as const) {
        const cents = rate.rates[unit];
        if (!Number.isInteger(cents) || cents <= 0 || cents > MAX_RATE_CENTS) problems.push({ path: ['contractRates', i, 'rates', unit], message: `expected whole cents, 1 to ${MAX_RATE_CENTS}` });
      }
    }
    // Same kind (and type), same start: which one applies would come down to their order in the list.
    rates.slice(0, i).forEach((other, j) => {
      const sameScope = other.kind === rate.kind && (rate.kind === 'discount' || (other.kind === 'card' && other.vehicleTypeId === rate.vehicleTypeId));
      if (sameScope && other.validFrom === rate.validFrom) {
        at(i, 'validFrom', `starts on the same day as contract rate ${other.id} (contractRates.${j}) of the same ${rate.kind === 'card' ? 'vehicle type' : 'kind'}: give one a later validFrom or remove it`);
      }
    });
  });
  return problems;
}

function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
