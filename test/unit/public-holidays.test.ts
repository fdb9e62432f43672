import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { HOLIDAY_COUNTRIES } from '../../functions/catalog/countries';
import { publicHolidays } from '../../functions/operations/public-holidays';
import { HOLIDAY_DATA_FILE, holidayDataText } from '../../infra/holiday-data';

describe('public holidays from date-holidays', () => {
  it('ships the rules of exactly the countries a location may be in, as the installed date-holidays has them', () => {
    const shipped = readFileSync(HOLIDAY_DATA_FILE, 'utf8');
    // Stale after an upgrade of date-holidays: run `npx tsx infra/holiday-data.ts`.
    expect(shipped).toBe(holidayDataText());
    expect(Object.keys(JSON.parse(shipped).holidays).sort()).toEqual([...HOLIDAY_COUNTRIES].sort());
  });

  it('gives the Dutch days off by law in 2026, and not Good Friday or Liberation Day', async () => {
    const nl = await publicHolidays('NL', 2026);
    expect([...nl.keys()]).toEqual(['2026-01-01', '2026-04-05', '2026-04-06', '2026-04-27', '2026-05-14', '2026-05-24', '2026-05-25', '2026-12-25', '2026-12-26']);
    expect(nl.get('2026-04-27')).toBe("King's Day");
    expect(nl.has('2026-04-03')).toBe(false);
    expect(nl.has('2026-05-05')).toBe(false);
  });

  it('moves King’s Day to the Saturday before when 27 April is a Sunday (2025)', async () => {
    const nl = await publicHolidays('NL', 2025);
    expect(nl.get('2025-04-26')).toBe("King's Day");
    expect(nl.has('2025-04-27')).toBe(false);
  });

  it('knows Belgian holidays the Netherlands does not have', async () => {
    const be = await publicHolidays('BE', 2026);
    expect(be.get('2026-07-21')).toBe('National Holiday');
    expect(be.has('2026-11-11')).toBe(true);
    expect((await publicHolidays('NL', 2026)).has('2026-07-21')).toBe(false);
  });

  it('computes the holidays of every shipped country for a year', async () => {
    for (const country of HOLIDAY_COUNTRIES) expect((await publicHolidays(country, 2027)).size, country).toBeGreaterThan(3);
  });
});
