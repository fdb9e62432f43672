import { describe, expect, it } from 'vitest';
import { DEFAULT_WORKING_HOURS, responseAge, workingMinutesBetween } from '../../functions/operations/working-hours';

// Amsterdam is UTC+1 in winter: 2026-11-23 is a Monday.
const at = (local: string) => new Date(`${local}+01:00`);

describe('working-hours age of a request', () => {
  it('counts only the time within working hours', () => {
    expect(workingMinutesBetween(at('2026-11-23T09:00:00'), at('2026-11-23T11:30:00'))).toBe(150);
    expect(workingMinutesBetween(at('2026-11-23T07:00:00'), at('2026-11-23T08:30:00'))).toBe(30);
    expect(workingMinutesBetween(at('2026-11-23T17:00:00'), at('2026-11-24T09:00:00'))).toBe(120);
  });

  it('skips the weekend', () => {
    expect(workingMinutesBetween(at('2026-11-27T17:00:00'), at('2026-11-30T09:00:00'))).toBe(120);
    expect(workingMinutesBetween(at('2026-11-28T10:00:00'), at('2026-11-29T16:00:00'))).toBe(0);
  });

  it('calls a request overdue once the response target is spent', () => {
    const created = at('2026-11-23T16:00:00');
    expect(responseAge(created, at('2026-11-24T09:00:00'), 4)).toMatchObject({ workingMinutes: 180, overdue: false, leftMinutes: 60 });
    expect(responseAge(created, at('2026-11-24T10:30:00'), 4)).toMatchObject({ workingMinutes: 270, overdue: true, leftMinutes: -30 });
  });

  it('counts a full working day on the Friday before and the Monday after each summer-time change', () => {
    // Spring: Friday 27 March 2026 is UTC+1, Monday 30 March UTC+2.
    expect(workingMinutesBetween(new Date('2026-03-27T16:00:00Z'), new Date('2026-03-30T07:00:00Z'))).toBe(60 + 60);
    expect(workingMinutesBetween(new Date('2026-03-27T07:00:00Z'), new Date('2026-03-30T16:00:00Z'))).toBe(600 + 600);
    // Autumn: Friday 23 October is UTC+2, Monday 26 October UTC+1.
    expect(workingMinutesBetween(new Date('2026-10-23T15:00:00Z'), new Date('2026-10-26T08:00:00Z'))).toBe(60 + 60);
    expect(workingMinutesBetween(new Date('2026-10-23T06:00:00Z'), new Date('2026-10-26T17:00:00Z'))).toBe(600 + 600);
  });

  it('opens the desks at 08:00 on their own clock on the Monday after the change', () => {
    // 07:00 UTC on Monday 30 March is 09:00 summer time: an hour of work done, not none.
    expect(workingMinutesBetween(new Date('2026-03-30T05:00:00Z'), new Date('2026-03-30T07:00:00Z'))).toBe(60);
    // 08:00 UTC on Monday 26 October is 09:00 winter time.
    expect(workingMinutesBetween(new Date('2026-10-26T06:00:00Z'), new Date('2026-10-26T08:00:00Z'))).toBe(60);
  });

  it('counts the working hours of a desk in another zone on that desk\'s clock', () => {
    const london = { ...DEFAULT_WORKING_HOURS, timeZone: 'Europe/London' };
    // 08:00–18:00 in London in November is 08:00–18:00 UTC; in Amsterdam it would be 07:00–17:00 UTC.
    expect(workingMinutesBetween(new Date('2026-11-23T07:00:00Z'), new Date('2026-11-23T09:00:00Z'), london)).toBe(60);
    expect(workingMinutesBetween(new Date('2026-11-23T07:00:00Z'), new Date('2026-11-23T09:00:00Z'))).toBe(120);
    // And across its own spring change (also Sunday 29 March): Monday 08:00 BST is 07:00 UTC.
    expect(workingMinutesBetween(new Date('2026-03-27T17:00:00Z'), new Date('2026-03-30T08:00:00Z'), london)).toBe(60 + 60);
  });
});
