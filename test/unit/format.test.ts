import { describe, expect, it } from 'vitest';
import { formatMoney, formatNumber, plainAmount } from '../../functions/format/money';
import { messages } from '../../functions/i18n/messages';
import { formatDistance, formatInstant, formatSpan, formatWallTime } from '../../functions/format/period';

// Intl puts narrow no-break spaces in some locales' output: compare with plain spaces.
const plain = (text: string) => text.replace(/[\u00a0\u202f]/g, ' ');

describe('money, formatted in one place', () => {
  it('reads as the requester reads money in their language', () => {
    expect(plain(formatMoney(123450, 'EUR', 'nl'))).toBe('€ 1.234,50');
    expect(formatMoney(123450, 'EUR', 'en')).toBe('€1,234.50');
    expect(formatMoney(123450, 'GBP', 'en-GB')).toBe('£1,234.50');
  });

  it('writes plain amounts for the cart text with two decimals, a point and no grouping', () => {
    expect(plainAmount(123450)).toBe('1234.50');
    expect(plainAmount(5)).toBe('0.05');
    expect(plainAmount(0)).toBe('0.00');
    expect(plainAmount(-1999)).toBe('-19.99');
  });
});

describe('numbers, formatted in one place', () => {
  it('writes a contract discount as each language writes numbers, the same again on the next card', () => {
    expect(formatNumber(12.5, 'nl-NL')).toBe('12,5');
    expect(formatNumber(1234.5, 'en-GB')).toBe('1,234.5');
    const discount = { kind: 'discount', percent: 12.5 } as Parameters<ReturnType<typeof messages>['contractRate']>[0];
    expect(messages('nl').contractRate(discount)).toBe('Contracttarief (12,5% korting)');
    expect(messages('en').contractRate(discount)).toBe('Contract rate (12.5% discount)');
    expect(messages('en').contractRate(discount)).toBe(messages('en').contractRate(discount));
  });
});

describe('periods, formatted in one place', () => {
  it('writes spans of working time and distances for people', () => {
    expect(formatSpan(125)).toBe('2 h 05 min');
    expect(formatSpan(-45)).toBe('45 min');
    expect(formatDistance(1440 + 185)).toBe('1 d 3 h');
    expect(formatDistance(-90)).toBe('1 h 30 min');
  });

  it('shows a wall time on its location\'s clock, with the zone named in the long style', () => {
    expect(plain(formatWallTime('2026-12-07T09:00', 'Europe/Amsterdam', 'en-GB'))).toBe('Monday, 7 December 2026 at 09:00 CET');
    expect(plain(formatWallTime('2026-07-06T09:00', 'Europe/Amsterdam', 'nl-NL'))).toBe('maandag 6 juli 2026 om 09:00 CEST');
    expect(plain(formatWallTime('2026-07-06T09:00', 'Europe/London', 'en-GB'))).toBe('Monday, 6 July 2026 at 09:00 BST');
    expect(formatWallTime('2026-12-07T09:00', 'Europe/London', 'en-GB', 'short')).toBe('Mon 7 Dec, 09:00');
    expect(formatWallTime('2026-12-07T09:00', 'Europe/Amsterdam', 'nl-NL', 'day')).toBe('7 dec');
  });

  it('shows the same wall time after each summer-time change, whatever zone the machine runs in', () => {
    const machine = process.env.TZ;
    process.env.TZ = 'America/New_York';
    try {
      expect(formatWallTime('2026-03-30T09:00', 'Europe/Amsterdam', 'en-GB', 'short')).toBe('Mon 30 Mar, 09:00');
      expect(plain(formatWallTime('2026-03-30T09:00', 'Europe/Amsterdam', 'en-GB'))).toBe('Monday, 30 March 2026 at 09:00 CEST');
      expect(plain(formatWallTime('2026-10-26T09:00', 'Europe/Amsterdam', 'en-GB'))).toBe('Monday, 26 October 2026 at 09:00 CET');
    } finally {
      if (machine === undefined) delete process.env.TZ;
      else process.env.TZ = machine;
    }
  });

  it('shows an instant on the desk\'s clock', () => {
    expect(formatInstant(new Date('2026-03-30T07:00:05Z'), 'Europe/Amsterdam', 'en-GB')).toBe('30 Mar, 09:00:05');
    expect(formatInstant(new Date('2026-03-30T07:00:05Z'), 'Europe/London', 'en-GB')).toBe('30 Mar, 08:00:05');
  });
});
