import { describe, expect, it } from 'vitest';
import { applicableRate, contractRateProblems, contractRatesFor } from '../../functions/catalog/contract-rates';
import { priceFor } from '../../functions/catalog/offers';
import type { ContractRate } from '../../functions/punchout/connection';
import type { VehicleType } from '../../functions/catalog/vehicles';

const list = { day: 5000, week: 25000, month: 90000 };
const discount = (percent: number, validFrom: string, validTo?: string, id = `d${percent}`): ContractRate => ({ id, kind: 'discount', percent, validFrom, ...(validTo ? { validTo } : {}) });
const card = (vehicleTypeId: string, day: number, validFrom: string, validTo?: string, id = `c-${vehicleTypeId}`): ContractRate => ({
  id,
  kind: 'card',
  vehicleTypeId,
  rates: { day, week: day * 5, month: day * 18 },
  validFrom,
  ...(validTo ? { validTo } : {}),
});
const type = { id: 'estate-octavia', listRates: list } as VehicleType;
const terms = (contractRates: ContractRate[]) => ({ contractRates, vatPercent: 21, currency: 'EUR' });

describe('contract rates', () => {
  it('applies a rate on its last valid day to the whole rental, though the rental runs past it', () => {
    const rates = [discount(10, '2026-01-01', '2026-12-31')];
    const price = priceFor(type, terms(rates), { pickup: '2026-12-31T09:00', return: '2027-01-04T09:00' });
    expect(price.rentalDays).toBe(4);
    expect(price.net).toBe(4 * 4500);
    expect(price.contract).toEqual({ id: 'd10', kind: 'discount', percent: 10, validFrom: '2026-01-01', validTo: '2026-12-31' });
    expect(price.listNet).toBe(4 * 5000);
  });

  it('does not apply a rate that starts the day after the pick-up, not even to the rental days after it starts', () => {
    const rates = [discount(10, '2027-01-01')];
    const price = priceFor(type, terms(rates), { pickup: '2026-12-31T09:00', return: '2027-01-04T09:00' });
    expect(price.net).toBe(4 * 5000);
    expect(price.contract).toBeUndefined();
    expect(price.listNet).toBeUndefined();
  });

  it('applies a rate from its first valid day, and the rate before it until the day before', () => {
    const rates = [discount(5, '2026-01-01', '2026-06-30', 'old'), discount(15, '2026-07-01', undefined, 'new')];
    expect(applicableRate(rates, type.id, '2026-06-30')?.id).toBe('old');
    expect(applicableRate(rates, type.id, '2026-07-01')?.id).toBe('new');
    expect(applicableRate(rates, type.id, '2025-12-31')).toBeUndefined();
  });

  it('reads the pick-up date on the location calendar: a pick-up late on the last day still has the rate', () => {
    const rates = [discount(20, '2026-01-01', '2026-03-31')];
    expect(priceFor(type, terms(rates), { pickup: '2026-03-31T23:30', return: '2026-04-01T23:30' }).net).toBe(4000);
    expect(priceFor(type, terms(rates), { pickup: '2026-04-01T00:00', return: '2026-04-02T00:00' }).net).toBe(5000);
  });

  it('lets a rate card for the vehicle type beat a discount valid on the same day', () => {
    const rates = [card(type.id, 3000, '2026-01-01'), discount(50, '2026-06-01')];
    const price = priceFor(type, terms(rates), { pickup: '2026-07-01T09:00', return: '2026-07-03T09:00' });
    expect(price.net).toBe(6000);
    expect(price.contract).toEqual({ id: `c-${type.id}`, kind: 'card', validFrom: '2026-01-01' });
  });

  it('ignores a rate card for another vehicle type: the discount applies', () => {
    const rates = [card('suv-xc90', 3000, '2026-01-01'), discount(10, '2026-01-01')];
    expect(contractRatesFor(list, rates, type.id, { pickup: '2026-07-01T09:00' })).toEqual({
      rates: { day: 4500, week: 22500, month: 81000 },
      contract: { id: 'd10', kind: 'discount', percent: 10, validFrom: '2026-01-01' },
    });
  });

  it('lets the later validFrom win between two overlapping rates of the same kind, whatever their order', () => {
    const older = discount(10, '2026-01-01', '2026-12-31', 'older');
    const newer = discount(12.5, '2026-05-01', '2026-05-31', 'newer');
    expect(applicableRate([older, newer], type.id, '2026-05-15')?.id).toBe('newer');
    expect(applicableRate([newer, older], type.id, '2026-05-15')?.id).toBe('newer');
    expect(applicableRate([newer, older], type.id, '2026-06-01')?.id).toBe('older');
    const cards = [card(type.id, 4000, '2026-03-01', undefined, 'spring'), card(type.id, 3900, '2026-01-01', undefined, 'winter')];
    expect(applicableRate(cards, type.id, '2026-04-01')?.id).toBe('spring');
  });

  it('rounds a discounted rate half up to the cent', () => {
    expect(contractRatesFor({ day: 3333, week: 20001, month: 80005 }, [discount(12.5, '2026-01-01')], type.id, { pickup: '2026-02-01T09:00' }).rates).toEqual({
      day: 2916,
      week: 17501,
      month: 70004,
    });
  });

  it('prices by list rates when the connection has no contract rate', () => {
    const price = priceFor(type, terms([]), { pickup: '2026-07-01T09:00', return: '2026-07-02T09:00' });
    expect(price).toMatchObject({ net: 5000, vat: 1050, gross: 6050 });
    expect(price.contract).toBeUndefined();
  });
});

describe('contract rate problems', () => {
  it('accepts a valid set: overlapping rates of different kinds or start days are fine', () => {
    expect(contractRateProblems([discount(10, '2026-01-01'), discount(12, '2026-05-01', '2026-05-31'), card(type.id, 4000, '2026-01-01')], [type.id])).toEqual([]);
  });

  it('refuses two rates of the same kind and scope starting on the same day, naming both', () => {
    const problems = contractRateProblems([discount(10, '2026-01-01', undefined, 'a'), discount(12, '2026-01-01', undefined, 'b'), card(type.id, 4000, '2026-01-01')]);
    expect(problems).toEqual([{ path: ['contractRates', 1, 'validFrom'], message: expect.stringContaining('same day as contract rate a (contractRates.0)') }]);
  });

  it('refuses an end before the start, an impossible date, a percent of 0 or 100, a card for an unknown type and bad amounts', () => {
    const problems = contractRateProblems(
      [
        discount(10, '2026-05-01', '2026-04-30', 'backwards'),
        discount(10, '2026-02-30', undefined, 'no-such-day'),
        discount(100, '2026-01-02', undefined, 'free'),
        discount(0, '2026-01-03', undefined, 'none'),
        { ...card('bus', 100, '2026-01-01'), rates: { day: 0, week: 1.5, month: 100 } } as ContractRate,
      ],
      [type.id],
    );
    expect(problems.map((p) => `${p.path.join('.')}: ${p.message}`)).toEqual([
      'contractRates.0.validTo: expected a date on or after validFrom',
      'contractRates.1.validFrom: expected a date (YYYY-MM-DD)',
      'contractRates.2.percent: expected more than 0 and less than 100, with at most two decimals',
      'contractRates.3.percent: expected more than 0 and less than 100, with at most two decimals',
      'contractRates.4.vehicleTypeId: no vehicle type bus',
      'contractRates.4.rates.day: expected whole cents, 1 to 10000000',
      'contractRates.4.rates.week: expected whole cents, 1 to 10000000',
    ]);
  });
});
