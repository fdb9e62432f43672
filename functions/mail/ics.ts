import { wallToInstant } from '../catalog/time-zone';

/**
 * iCalendar (RFC 5545) entries for a reservation, sent as iTIP (RFC 5546): `METHOD:REQUEST`
 * adds or updates the entry, `METHOD:CANCEL` removes it. The UID is the request's, so every later
 * message (higher SEQUENCE) updates the same calendar entry instead of adding one.
 *
 * Start and end are written in UTC (`…Z`), converted from the location's wall time with its zone's
 * rules for that date. A TZID needs a VTIMEZONE that matches the zone's real rules; UTC times
 * are exact for every zone, and calendars show them on the reader's own clock.
 */

export interface CalendarEntry {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  /** The location's wall time, `YYYY-MM-DDTHH:mm`. */
  start: string;
  end: string;
  /** The location's IANA zone. */
  timeZone: string;
  summary: string;
  location: string;
  description: string;
  organizer: { name: string; email: string };
  attendee: { name: string; email: string };
  /** When the message is made (DTSTAMP). */
  stamp: Date;
}

const CRLF = '\r\n';

/** TEXT values: backslash, semicolon, comma and newlines escaped (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** A parameter value (CN): quoted, without the characters a quoted value cannot hold. */
function paramValue(value: string): string {
  return `"${value.replace(/["\r\n]/g, '').replace(/[\u0000-\u001f\u007f]/g, '')}"`;
}

/** Fold a content line at 75 octets, never inside a UTF-8 character (RFC 5545 §3.1). */
export function foldLine(line: string): string {
  const parts: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch, 'utf8');
    const limit = parts.length === 0 ? 75 : 74; // continuation lines begin with one space
    if (octets + size > limit) {
      parts.push(current);
      current = '';
      octets = 0;
    }
    current += ch;
    octets += size;
  }
  parts.push(current);
  return parts.join(`${CRLF} `);
}

function utcDateTime(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function buildCalendar(entry: CalendarEntry): string {
  const cancelled = entry.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    'PRODID:-//FlexFleet//Punch-out catalog//EN',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${entry.method}`,
    'BEGIN:VEVENT',
    `UID:${entry.uid}`,
    `SEQUENCE:${entry.sequence}`,
    `DTSTAMP:${utcDateTime(entry.stamp)}`,
    `DTSTART:${utcDateTime(wallToInstant(entry.start, entry.timeZone))}`,
    `DTEND:${utcDateTime(wallToInstant(entry.end, entry.timeZone))}`,
    `SUMMARY:${escapeText(entry.summary)}`,
    `LOCATION:${escapeText(entry.location)}`,
    `DESCRIPTION:${escapeText(entry.description)}`,
    `ORGANIZER;CN=${paramValue(entry.organizer.name)}:mailto:${entry.organizer.email}`,
    `ATTENDEE;CN=${paramValue(entry.attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=FALSE:mailto:${entry.attendee.email}`,
    `STATUS:${cancelled ? 'CANCELLED' : 'CONFIRMED'}`,
    // A rental does not make the requester busy for days.
    'TRANSP:TRANSPARENT',
    'END:VEVENT',
    'END:VCALENDAR',
  ];
  return lines.map(foldLine).join(CRLF) + CRLF;
}
