import { describe, expect, it } from 'vitest';
import { formatSpan, responseAge, workingMinutesBetween } from '../../functions/operations/working-hours';

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

  it('writes spans for people', () => {
    expect(formatSpan(125)).toBe('2 h 05 min');
    expect(formatSpan(-45)).toBe('45 min');
  });
});
