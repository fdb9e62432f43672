/**
 * iCalendar (RFC 5545) entries for a reservation, sent as iTIP (RFC 5546): `METHOD:REQUEST`
 * adds or updates the entry, `METHOD:CANCEL` removes it. The UID is the request's, so every later
 * message (higher SEQUENCE) updates the same calendar entry instead of adding one.
 */
export interface CalendarEntry {
  method: 'REQUEST' | 'CANCEL';
  uid: string;
  sequence: number;
  /** Desk-local wall time, `YYYY-MM-DDTHH:mm`. */
  start: string;
  end: string;
  timeZone: 'Europe/Amsterdam';
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

function localDateTime(value: string): string {
  return `${value.slice(0, 4)}${value.slice(5, 7)}${value.slice(8, 10)}T${value.slice(11, 13)}${value.slice(14, 16)}00`;
}

function utcDateTime(at: Date): string {
  return at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

const AMSTERDAM = [
  'BEGIN:VTIMEZONE',
  'TZID:Europe/Amsterdam',
  'BEGIN:DAYLIGHT',
  'TZOFFSETFROM:+0100',
  'TZOFFSETTO:+0200',
  'TZNAME:CEST',
  'DTSTART:19700329T020000',
  'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
  'END:DAYLIGHT',
  'BEGIN:STANDARD',
  'TZOFFSETFROM:+0200',
  'TZOFFSETTO:+0100',
  'TZNAME:CET',
  'DTSTART:19701025T030000',
  'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
  'END:STANDARD',
  'END:VTIMEZONE',
];

export function buildCalendar(entry: CalendarEntry): string {
  const cancelled = entry.method === 'CANCEL';
  const lines = [
    'BEGIN:VCALENDAR',
    'PRODID:-//FlexFleet//Punch-out catalog//EN',
    'VERSION:2.0',
    'CALSCALE:GREGORIAN',
    `METHOD:${entry.method}`,
    ...AMSTERDAM,
    'BEGIN:VEVENT',
    `UID:${entry.uid}`,
    `SEQUENCE:${entry.sequence}`,
    `DTSTAMP:${utcDateTime(entry.stamp)}`,
    `DTSTART;TZID=${entry.timeZone}:${localDateTime(entry.start)}`,
    `DTEND;TZID=${entry.timeZone}:${localDateTime(entry.end)}`,
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
