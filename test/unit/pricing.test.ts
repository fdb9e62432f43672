import { describe, expect, it } from 'vitest';
import { cheapestCombination, quote } from '../../functions/catalog/pricing';

const rates = { day: 5000, week: 25000, month: 90000 };

describe('pricing', () => {
  it('uses day rates while they are cheaper than a week', () => {
    expect(cheapestCombination(rates, 4)).toEqual({ months: 0, weeks: 0, days: 4, net: 20000 });
  });

  it('takes a week rate once it is cheaper than the days, even when it covers more days', () => {
    expect(cheapestCombination(rates, 5)).toEqual({ months: 0, weeks: 0, days: 5, net: 25000 });
    expect(cheapestCombination(rates, 6)).toEqual({ months: 0, weeks: 1, days: 0, net: 25000 });
    expect(cheapestCombination(rates, 9)).toEqual({ months: 0, weeks: 1, days: 2, net: 35000 });
  });

  it('combines months, weeks and days for long rentals', () => {
    expect(cheapestCombination(rates, 30)).toEqual({ months: 1, weeks: 0, days: 0, net: 90000 });
    expect(cheapestCombination(rates, 40)).toEqual({ months: 1, weeks: 1, days: 3, net: 130000 });
  });

  it('shows VAT separately, rounded to the cent', () => {
    const q = quote({ day: 3333, week: 99999, month: 999999 }, 1, 21);
    expect(q).toMatchObject({ net: 3333, vat: 700, gross: 4033, vatPercent: 21, currency: 'EUR' });
  });
});
