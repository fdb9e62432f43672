import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { buildCalendar, escapeText, foldLine } from '../../functions/mail/ics';

const entry = {
  method: 'REQUEST' as const,
  uid: 'RQ-261122-7K3M9Q@flexfleet.example',
  sequence: 0,
  start: '2026-12-07T09:00',
  end: '2026-12-12T17:30',
  timeZone: 'Europe/Amsterdam' as const,
  summary: 'Vehicle rental: Škoda Octavia Combi (Estate), HB-123-K',
  location: 'Amsterdam Sloterdijk, Orlyplein 10, 1043 DP Amsterdam',
  description: 'Our reference: RQ-261122-7K3M9Q\nPurchase order: 4500012345; cost centre CC-1042, and a very long line that must be folded somewhere along the way',
  organizer: { name: 'FlexFleet reservations', email: 'reservations@flexfleet.example' },
  attendee: { name: 'Zoë "Z" Janssen', email: 'zoe@acme.example' },
  stamp: new Date('2026-11-22T10:00:00Z'),
};

describe('iCalendar entries (RFC 5545)', () => {
  it('parses back with the request as UID, the pick-up and return instants and the method', () => {
    const text = buildCalendar(entry);
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    expect(calendar.getFirstPropertyValue('version')).toBe('2.0');
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.uid).toBe(entry.uid);
    // 09:00 in Amsterdam in December is 08:00 UTC; 17:30 is 16:30 UTC.
    expect(event.startDate.toJSDate().toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(event.endDate.toJSDate().toISOString()).toBe('2026-12-12T16:30:00.000Z');
    expect(event.startDate.zone.tzid).toBe('UTC');
    expect(event.description).toBe(entry.description);
    expect(event.summary).toBe(entry.summary);
  });

  it('uses CRLF and folds every line at 75 octets without splitting a character', () => {
    const text = buildCalendar({ ...entry, summary: 'é'.repeat(100) });
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toContain('\n');
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(foldLine('x'.repeat(80))).toBe(`${'x'.repeat(75)}\r\n ${'x'.repeat(5)}`);
  });

  it('escapes text values and cancels with a higher sequence on the same UID', () => {
    expect(escapeText('a,b;c\\d\ne')).toBe('a\\,b\\;c\\\\d\\ne');
    const text = buildCalendar({ ...entry, method: 'CANCEL', sequence: 2 });
    expect(text).toContain('\r\nMETHOD:CANCEL\r\n');
    expect(text).toContain('\r\nSTATUS:CANCELLED\r\n');
    expect(text).toContain('\r\nSEQUENCE:2\r\n');
    expect(text).toContain('ATTENDEE;CN="Zoë Z Janssen";');
  });

  it('puts a rental across a summer-time change at the right instants, on its location\'s clock', () => {
    const parse = (text: string) => new ICAL.Event(new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent')!);
    // Amsterdam: picked up in winter time (UTC+1) before the spring change, returned in summer time (UTC+2).
    const spring = parse(buildCalendar({ ...entry, start: '2026-03-27T09:00', end: '2026-03-30T09:00' }));
    expect(spring.startDate.toJSDate().toISOString()).toBe('2026-03-27T08:00:00.000Z');
    expect(spring.endDate.toJSDate().toISOString()).toBe('2026-03-30T07:00:00.000Z');
    // And back across the autumn change.
    const autumn = parse(buildCalendar({ ...entry, start: '2026-10-23T09:00', end: '2026-10-26T09:00' }));
    expect(autumn.startDate.toJSDate().toISOString()).toBe('2026-10-23T07:00:00.000Z');
    expect(autumn.endDate.toJSDate().toISOString()).toBe('2026-10-26T08:00:00.000Z');
    // London: the same wall times are an hour later in UTC than Amsterdam's.
    const london = parse(buildCalendar({ ...entry, timeZone: 'Europe/London', start: '2026-10-23T09:00', end: '2026-10-26T09:00' }));
    expect(london.startDate.toJSDate().toISOString()).toBe('2026-10-23T08:00:00.000Z');
    expect(london.endDate.toJSDate().toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });

  it('names no time zone it does not define: every date-time is UTC', () => {
    const text = buildCalendar({ ...entry, timeZone: 'America/New_York' });
    expect(text).not.toContain('TZID');
    expect(text).toContain('\r\nDTSTART:20261207T140000Z\r\n');
  });
});
