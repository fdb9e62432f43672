import { describe, expect, it } from 'vitest';
import { daysUntil, periodProblem, periodProblemField, rentalDays, slotsOf, toMinutes } from '../../functions/catalog/period';
import { existsOnClock, periodProblemAt } from '../../functions/catalog/time-zone';

describe('rental period', () => {
  it('charges started 24-hour periods with an hour of grace', () => {
    expect(rentalDays({ pickup: '2026-12-01T09:00', return: '2026-12-02T09:00' })).toBe(1);
    expect(rentalDays({ pickup: '2026-12-01T09:00', return: '2026-12-02T09:59' })).toBe(1);
    expect(rentalDays({ pickup: '2026-12-01T09:00', return: '2026-12-02T10:00' })).toBe(2);
    expect(rentalDays({ pickup: '2026-12-01T09:00', return: '2026-12-01T12:00' })).toBe(1);
    expect(rentalDays({ pickup: '2026-12-01T09:00', return: '2026-12-06T09:00' })).toBe(5);
  });

  it('occupies half-day slots so a morning return can go out again in the afternoon', () => {
    expect(slotsOf({ pickup: '2026-12-01T09:00', return: '2026-12-02T09:00' })).toEqual(['2026-12-01A', '2026-12-01P', '2026-12-02A']);
    expect(slotsOf({ pickup: '2026-12-01T13:00', return: '2026-12-01T18:00' })).toEqual(['2026-12-01P']);
    expect(slotsOf({ pickup: '2026-12-31T12:00', return: '2027-01-01T12:00' })).toEqual(['2026-12-31P', '2027-01-01A']);
  });

  it('refuses impossible, reversed, past and over-long periods', () => {
    const now = '2026-11-22T10:00';
    expect(periodProblem({ pickup: '2026-02-31T09:00', return: '2026-03-02T09:00' }, now)).toBe('invalid');
    expect(periodProblem({ pickup: '2026-12-02T09:00', return: '2026-12-01T09:00' }, now)).toBe('return-before-pickup');
    expect(periodProblem({ pickup: '2026-11-21T09:00', return: '2026-11-23T09:00' }, now)).toBe('in-the-past');
    expect(periodProblem({ pickup: '2026-12-01T09:00', return: '2027-02-01T09:00' }, now)).toBe('too-long');
    expect(periodProblem({ pickup: '2026-12-01T09:00', return: '2026-12-31T09:00' }, now)).toBeNull();
  });

  it('refuses a pick-up more than a year ahead, and names the pick-up', () => {
    const now = '2026-11-22T10:00';
    expect(periodProblem({ pickup: '2027-11-22T09:00', return: '2027-11-23T09:00' }, now)).toBeNull();
    expect(periodProblem({ pickup: '2027-11-23T11:00', return: '2027-11-24T09:00' }, now)).toBe('too-far-ahead');
    expect(periodProblemField('too-far-ahead')).toBe('pickup');
  });

  it('refuses a pick-up or return in the hour the location skips in spring, but not the hour repeated in autumn', () => {
    const at = new Date('2027-03-20T10:00:00Z');
    expect(periodProblemAt({ pickup: '2027-03-28T02:30', return: '2027-03-28T10:00' }, 'Europe/Amsterdam', at)).toBe('pickup-not-on-the-clock');
    expect(periodProblemAt({ pickup: '2027-03-27T09:00', return: '2027-03-28T02:00' }, 'Europe/Amsterdam', at)).toBe('return-not-on-the-clock');
    expect(periodProblemAt({ pickup: '2027-03-28T03:00', return: '2027-03-28T10:00' }, 'Europe/Amsterdam', at)).toBeNull();
    // London skips 01:00-02:00, not 02:00-03:00.
    expect(periodProblemAt({ pickup: '2027-03-28T02:30', return: '2027-03-28T10:00' }, 'Europe/London', at)).toBeNull();
    expect(periodProblemAt({ pickup: '2027-10-31T02:30', return: '2027-10-31T10:00' }, 'Europe/Amsterdam', new Date('2027-10-20T10:00:00Z'))).toBeNull();
  });

  it('gives the same answers when asked again: a remembered wall time never answers for another zone or date', () => {
    // Both conversions remember recent answers (the availability asks them for every offer): ask each case twice, in both orders.
    for (let round = 0; round < 2; round++) {
      expect(existsOnClock('2027-03-28T02:30', 'Europe/Amsterdam')).toBe(false);
      expect(existsOnClock('2027-03-28T02:30', 'Europe/London')).toBe(true);
      expect(existsOnClock('2027-03-28T01:30', 'Europe/London')).toBe(false);
      expect(existsOnClock('2027-03-28T01:30', 'Europe/Amsterdam')).toBe(true);
      expect(toMinutes('2026-02-31T09:00')).toBeNaN();
      expect(toMinutes('2026-02-28T25:00')).toBeNaN();
      expect(toMinutes('2026-02-28T09:00') - toMinutes('2026-02-27T09:00')).toBe(1440);
      expect(toMinutes('2026-02-28T09:00 ')).toBeNaN();
    }
  });

  it('counts the lead time in calendar days until pick-up', () => {
    expect(daysUntil({ pickup: '2026-11-25T08:00', return: '2026-11-26T08:00' }, '2026-11-22T23:30')).toBe(3);
    expect(daysUntil({ pickup: '2026-11-22T23:45', return: '2026-11-23T08:00' }, '2026-11-22T23:30')).toBe(0);
  });
});
