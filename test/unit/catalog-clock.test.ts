import { describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/config';
import { defaultPeriod } from '../../functions/catalog/period';
import { deskNow } from '../../web/catalog/presets';

describe("the catalog's clock", () => {
  it("reads the server's instant at page load on the chosen location's clock, plus the time the page has been open", () => {
    const loadedAt = 1_000_000;
    // 23:30 UTC on Saturday 28 March 2026: already Sunday in Amsterdam, still Saturday in London.
    expect(deskNow('2026-03-28T23:30:00.000Z', 'Europe/Amsterdam', loadedAt, loadedAt)).toBe('2026-03-29T00:30');
    expect(deskNow('2026-03-28T23:30:00.000Z', 'Europe/London', loadedAt, loadedAt)).toBe('2026-03-28T23:30');
    // Two hours later the Amsterdam clock has jumped to summer time.
    expect(deskNow('2026-03-28T23:30:00.000Z', 'Europe/Amsterdam', loadedAt, loadedAt + 2 * 3600_000)).toBe('2026-03-29T03:30');
  });

  it('offers tomorrow 09:00 at the location as the first period', () => {
    expect(defaultPeriod(deskNow('2026-03-28T23:30:00.000Z', 'Europe/Amsterdam', 0, 0)).pickup).toBe('2026-03-30T09:00');
    expect(defaultPeriod(deskNow('2026-03-28T23:30:00.000Z', 'Europe/London', 0, 0)).pickup).toBe('2026-03-29T09:00');
  });
});

describe('the operations desk zone setting', () => {
  const env = { TABLE_NAME: 't', PUBLIC_BASE_URL: 'http://localhost:3000' };

  it('defaults to Europe/Amsterdam and takes any IANA zone', () => {
    expect(readConfig(env).workingHours).toEqual({ start: 480, end: 1080, timeZone: 'Europe/Amsterdam' });
    expect(readConfig({ ...env, WORKING_TIME_ZONE: 'Europe/London' }).workingHours.timeZone).toBe('Europe/London');
  });

  it('refuses a zone that is not an IANA name, naming the setting', () => {
    expect(() => readConfig({ ...env, WORKING_TIME_ZONE: 'Mars/Olympus_Mons' })).toThrow(/WORKING_TIME_ZONE/);
    expect(() => readConfig({ ...env, WORKING_TIME_ZONE: '+02:00' })).toThrow(/WORKING_TIME_ZONE/);
  });
});
