import { describe, expect, it } from 'vitest';
import { buildMime, encodeHeader, quotedPrintable } from '../../functions/mail/mime';

describe('MIME messages', () => {
  it('encodes non-ASCII subjects as RFC 2047 words', () => {
    expect(encodeHeader('Reservation confirmed')).toBe('Reservation confirmed');
    const encoded = encodeHeader('Reservering bevestigd: Škoda');
    expect(encoded).toMatch(/^=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?=$/);
    expect(Buffer.from(encoded.slice(10, -2), 'base64').toString('utf8')).toBe('Reservering bevestigd: Škoda');
  });

  it('writes quoted-printable lines of at most 76 characters', () => {
    const qp = quotedPrintable(`${'é'.repeat(60)}\nplain = text `);
    for (const line of qp.split('\r\n')) expect(line.length).toBeLessThanOrEqual(76);
    expect(qp).toContain('plain =3D text=20');
  });

  it('puts text and HTML as alternatives and the calendar as an attachment', () => {
    const mime = buildMime(
      {
        from: { name: 'FlexFleet', email: 'reservations@flexfleet.example' },
        to: 'jane@acme.example',
        subject: 'Hello',
        text: 'Hi',
        html: '<p>Hi</p>',
        attachments: [{ filename: 'reservation.ics', contentType: 'text/calendar; charset=UTF-8; method=REQUEST', content: 'BEGIN:VCALENDAR\r\n' }],
      },
      { messageId: 'x@flexfleet.example', date: new Date('2026-11-22T10:00:00Z') },
    );
    expect(mime).toContain('From: "FlexFleet" <reservations@flexfleet.example>\r\n');
    expect(mime).toContain('Date: Sun, 22 Nov 2026 10:00:00 +0000\r\n');
    expect(mime).toMatch(/Content-Type: multipart\/mixed; boundary="[^"]+"/);
    expect(mime).toMatch(/Content-Type: multipart\/alternative;/);
    expect(mime).toContain('Content-Disposition: attachment; filename="reservation.ics"');
  });
});
