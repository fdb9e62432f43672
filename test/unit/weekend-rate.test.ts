import { describe, expect, it } from 'vitest';
import { priceFor } from '../../functions/catalog/offers';
import { isWeekendPeriod, quotePeriod, WEEKEND_RULE } from '../../functions/catalog/pricing';
import { rentalDays, type RentalPeriod } from '../../functions/catalog/period';
import { wallToInstant } from '../../functions/catalog/time-zone';
import type { VehicleType } from '../../functions/catalog/vehicles';
import { buildCart } from '../../functions/punchout/oci-cart';
import { demoConnection, demoRequest } from '../support/fixtures';

// 2026-11-27 is a Friday. Day €50, week €250, weekend €80 (three days at the day rate: €150).
const rates = { day: 5000, week: 25000, month: 90000, weekend: 8000 };
const priced = (period: RentalPeriod) => quotePeriod(rates, period, rentalDays(period), 21);

describe('the weekend rate', () => {
  it('prices a rental picked up on Friday at 12:00 and returned on Monday at 09:00 at the weekend rate', () => {
    const price = priced({ pickup: '2026-11-27T12:00', return: '2026-11-30T09:00' });
    expect(price).toMatchObject({ weekend: true, net: 8000, vat: 1680, gross: 9680, months: 0, weeks: 0, days: 0, rentalDays: 3 });
  });

  it('does not apply to a pick-up on Friday at 11:59: that rental pays its days', () => {
    const price = priced({ pickup: '2026-11-27T11:59', return: '2026-11-30T09:00' });
    expect(price.weekend).toBeUndefined();
    expect(price).toMatchObject({ net: 15000, days: 3 });
  });

  it('does not apply when the return is after Monday 09:00', () => {
    expect(priced({ pickup: '2026-11-27T12:00', return: '2026-11-30T09:15' }).weekend).toBeUndefined();
    expect(isWeekendPeriod({ pickup: '2026-11-27T12:00', return: '2026-11-30T09:00' })).toBe(true);
  });

  it('applies to a Saturday-to-Sunday rental when the flat rate is cheaper than its days', () => {
    expect(priced({ pickup: '2026-11-28T10:00', return: '2026-11-29T10:00' })).toMatchObject({ net: 5000, days: 1 });
    expect(priced({ pickup: '2026-11-28T10:00', return: '2026-11-29T18:00' })).toMatchObject({ net: 8000, weekend: true });
    expect(priced({ pickup: '2026-11-28T10:00', return: '2026-11-30T08:00' })).toMatchObject({ net: 8000, weekend: true });
  });

  it('never charges more than the days: a one-day weekend rental pays the day rate', () => {
    expect(priced({ pickup: '2026-11-29T09:00', return: '2026-11-30T09:00' })).toMatchObject({ net: 5000, days: 1 });
    expect(priced({ pickup: '2026-11-29T09:00', return: '2026-11-30T09:00' }).weekend).toBeUndefined();
  });

  it('does not apply from Thursday, nor across two weekends, nor to a type without a weekend rate', () => {
    expect(isWeekendPeriod({ pickup: '2026-11-26T18:00', return: '2026-11-30T09:00' })).toBe(false);
    expect(isWeekendPeriod({ pickup: '2026-11-27T12:00', return: '2026-12-07T09:00' })).toBe(false);
    const { weekend: _none, ...without } = rates;
    const period = { pickup: '2026-11-27T12:00', return: '2026-11-30T09:00' };
    expect(quotePeriod(without, period, rentalDays(period), 21)).toMatchObject({ net: 15000, days: 3 });
  });

  it('decides on the location’s clock, so the weekends the clocks change are weekends like any other', () => {
    // Europe/Amsterdam: summer time ends on Sunday 25 October 2026 (70 real hours from Friday 12:00
    // to Monday 09:00) and starts on Sunday 29 March 2026 (68 real hours).
    const autumn = { pickup: '2026-10-23T12:00', return: '2026-10-26T09:00' };
    const spring = { pickup: '2026-03-27T12:00', return: '2026-03-30T09:00' };
    const hours = (p: RentalPeriod) => (wallToInstant(p.return, 'Europe/Amsterdam').getTime() - wallToInstant(p.pickup, 'Europe/Amsterdam').getTime()) / 3_600_000;
    expect(hours(autumn)).toBe(70);
    expect(hours(spring)).toBe(68);
    expect(priced(autumn)).toMatchObject({ weekend: true, net: 8000 });
    expect(priced(spring)).toMatchObject({ weekend: true, net: 8000 });
    expect(priced({ pickup: '2026-10-23T11:59', return: '2026-10-26T09:00' }).weekend).toBeUndefined();
    expect(priced({ pickup: '2026-03-27T12:00', return: '2026-03-30T09:01' }).weekend).toBeUndefined();
  });

  it('states its rule as data the card shows: Friday 12:00 to Monday 09:00', () => {
    expect(WEEKEND_RULE).toEqual({ fromWeekday: 5, fromTime: '12:00', toWeekday: 1, toTime: '09:00' });
  });

  it('takes a contract discount like the other rates, and the cart carries the same quote', () => {
    const type = { id: 'estate-octavia', listRates: rates } as unknown as VehicleType;
    const period = { pickup: '2026-11-27T12:00', return: '2026-11-30T09:00' };
    const terms = { contractRates: [{ id: 'd10', kind: 'discount' as const, percent: 10, validFrom: '2026-01-01' }], vatPercent: 21, currency: 'EUR' };
    const price = priceFor(type, terms, period);
    expect(price).toMatchObject({ weekend: true, net: 7200, listNet: 8000, gross: 8712 });

    const request = demoRequest({ period, price });
    const cart = buildCart(request, demoConnection, { hook: new URL('https://srm.example/hook'), target: '_top', charset: 'utf-8' }, '2026-11-23T10:00');
    const longText = cart.fields.find(([name]) => name.startsWith('NEW_ITEM-LONGTEXT'))![1];
    expect(longText.replace(/\n/g, ' ')).toContain('Price: weekend rate; 72.00 EUR excl. VAT, VAT 21% 15.12 EUR, total 87.12 EUR');
  });
});
