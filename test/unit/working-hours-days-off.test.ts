import { describe, expect, it } from 'vitest';
import type { Location } from '../../functions/catalog/vehicles';
import { daysOffAt } from '../../functions/operations/days-off';
import { DEFAULT_WORKING_HOURS, responseAge, workingMinutesBetween } from '../../functions/operations/working-hours';

// The desk works Monday–Friday 08:00–18:00 Amsterdam time (the default).
const amsterdam = (local: string) => new Date(`${local}+01:00`);
const summer = (local: string) => new Date(`${local}+02:00`);

const utrecht: Pick<Location, 'timeZone' | 'country' | 'closingDays'> = { timeZone: 'Europe/Amsterdam', country: 'NL' };
const antwerp: Pick<Location, 'timeZone' | 'country' | 'closingDays'> = { timeZone: 'Europe/Brussels', country: 'BE' };

async function minutes(location: Pick<Location, 'timeZone' | 'country' | 'closingDays'>, from: Date, to: Date, hours = DEFAULT_WORKING_HOURS): Promise<number> {
  return workingMinutesBetween(from, to, hours, await daysOffAt(location, from, to));
}

describe('working time without the location’s days off', () => {
  it('does not count King’s Day (Monday 27 April 2026) at a Dutch location', async () => {
    const from = summer('2026-04-24T17:00:00');
    const to = summer('2026-04-28T09:00:00');
    expect(workingMinutesBetween(from, to)).toBe(60 + 600 + 60);
    expect(await minutes(utrecht, from, to)).toBe(60 + 60);
  });

  it('does not count Christmas Day (a Friday in 2026) nor the weekend after it', async () => {
    expect(await minutes(utrecht, amsterdam('2026-12-24T17:00:00'), amsterdam('2026-12-28T09:00:00'))).toBe(60 + 60);
  });

  it('counts a holiday’s hours up to the moment it starts, when the request came in on it', async () => {
    // In on Christmas Day at 10:00, seen the Monday after at 08:30: only Monday's half hour.
    expect(await minutes(utrecht, amsterdam('2026-12-25T10:00:00'), amsterdam('2026-12-28T08:30:00'))).toBe(30);
  });

  it('does not count the location’s own closing day, and says why it is off', async () => {
    const closed = { ...utrecht, closingDays: [{ date: '2026-11-24', label: 'Staff day' }] };
    const from = amsterdam('2026-11-23T17:00:00');
    const to = amsterdam('2026-11-25T09:00:00');
    expect(await minutes(utrecht, from, to)).toBe(60 + 600 + 60);
    expect(await minutes(closed, from, to)).toBe(60 + 60);
    expect((await daysOffAt(closed, from, to)).dates.get('2026-11-24')).toBe('Staff day');
  });

  it('takes a closing day the Monday after the spring clock change as the whole day at the new offset', async () => {
    // Clocks go forward on Sunday 29 March 2026: Friday is +01:00, Monday and Tuesday +02:00.
    const closed = { ...utrecht, closingDays: [{ date: '2026-03-30' }] };
    expect(await minutes(closed, amsterdam('2026-03-27T17:00:00'), summer('2026-03-31T09:00:00'))).toBe(60 + 60);
    expect(await minutes(closed, summer('2026-03-30T12:00:00'), summer('2026-03-31T12:00:00'))).toBe(240);
  });

  it('does not count a Belgian-only holiday (21 July) at a Belgian location, and counts it at a Dutch one', async () => {
    const from = summer('2026-07-20T17:00:00');
    const to = summer('2026-07-22T09:00:00');
    expect(await minutes(antwerp, from, to)).toBe(60 + 60);
    expect(await minutes(utrecht, from, to)).toBe(60 + 600 + 60);
  });

  it('takes the holiday in the location’s calendar when the desk keeps another zone’s hours', async () => {
    // Desk in Amsterdam, location in London: Boxing Day substitute (Monday 28 December 2026) runs
    // 01:00–01:00 Amsterdam time and covers the desk's whole day.
    const london = { timeZone: 'Europe/London', country: 'GB' as const };
    expect(await minutes(london, amsterdam('2026-12-24T17:00:00'), amsterdam('2026-12-29T09:00:00'))).toBe(60 + 60);
    // A desk on London hours 00:00–24:00 watching an Amsterdam location: Christmas ends at 23:00 London time.
    const allDayLondon = { ...DEFAULT_WORKING_HOURS, start: 0, end: 24 * 60, days: [1, 2, 3, 4, 5, 6, 7], timeZone: 'Europe/London' };
    expect(await minutes(utrecht, new Date('2026-12-25T12:00:00Z'), new Date('2026-12-26T00:00:00Z'), allDayLondon)).toBe(0);
    const noChristmas = { ...utrecht, country: undefined };
    expect(await minutes(noChristmas, new Date('2026-12-25T12:00:00Z'), new Date('2026-12-26T00:00:00Z'), allDayLondon)).toBe(720);
  });

  it('counts every weekday at a location without a country (saved before countries), as before', async () => {
    expect(await minutes({ timeZone: 'Europe/Amsterdam' }, summer('2026-04-24T17:00:00'), summer('2026-04-28T09:00:00'))).toBe(720);
  });

  it('puts the response target past the holiday', async () => {
    const created = amsterdam('2026-12-24T15:00:00');
    const seen = amsterdam('2026-12-28T09:00:00');
    expect(responseAge(created, seen, 4, DEFAULT_WORKING_HOURS, await daysOffAt(utrecht, created, seen))).toMatchObject({ workingMinutes: 240, overdue: false, leftMinutes: 0 });
  });
});
