import { timeZoneOf, localNow } from '../catalog/time-zone';
import { DEFAULT_BRAND, type Brand } from '../config';
import { holdExpiresAt } from '../operations/hold-expiry';
import type { ManagedRequest } from '../requests/lifecycle';
import { cancelledByRequester } from '../requests/status-link';
import { type Html, html } from './html';
import { buildCalendar } from './ics';
import {
  calendarUid,
  deliveryRows,
  detailsTable,
  extrasRows,
  formatDay,
  formatWhen,
  mapUrl,
  marked,
  multiline,
  openingHoursLine,
  page,
  priceValue,
  references,
  returnValue,
} from './mail-parts';
import { mailTexts } from './messages';
import type { MailAttachment, MailMessage } from './mime';
import type { OutboxMessage } from './outbox';

/** What a requester e-mail needs besides the message itself (see MailContext in templates.ts). */
export interface RequesterMailContext {
  mailFrom: string;
  holdExpiryDays: number;
  now: Date;
  extraLabels?: Record<string, string>;
  /** The request's signed status link (requests/status-link.ts), when the public origin is known. */
  statusUrl?: string;
  brand?: Brand;
}

const TEST_STYLE = 'background:#fff4ce;border:2px solid #9a6700;padding:8px';

/**
 * An e-mail to the requester about their request: received, confirmed, changed, declined,
 * cancelled or lapsed. Each carries the status link; the confirmation adds what to bring, the
 * cancellation rule, the desk's map link and hours; a decline or lapse asks to remove the cart line.
 */
export function requesterMail(message: OutboxMessage, request: ManagedRequest, context: RequesterMailContext): MailMessage {
  const t = mailTexts(message.language);
  const brand = context.brand ?? DEFAULT_BRAND;
  const kind = message.kind;
  const vehicle = t.vehicleLine(request.vehicleType.example, request.vehicleType.name);
  const plate = request.assignment?.plate;
  const location = request.location;
  const address = `${location.name}, ${location.address}, ${location.city}`;
  const hours = openingHoursLine(location, t);
  const confirmation = kind === 'request-confirmed' || kind === 'request-updated';
  const rows: [string, string | Html][] = [
    ...references(request, t, context.extraLabels),
    [t.vehicle, vehicle],
    ...(plate && kind !== 'request-declined' && kind !== 'request-expired' ? [[t.plate, plate] as [string, string]] : []),
    [t.pickup, formatWhen(request.period.pickup, location, t)],
    [t.address, confirmation ? html`${address} (<a href="${mapUrl(location)}">${t.mapLink}</a>)` : address],
    ...(confirmation && hours ? [[t.openingHours, hours] as [string, string]] : []),
    [t.returnAt, returnValue(request, t)],
    ...deliveryRows(request, t),
    ...extrasRows(request, t),
    [t.price, priceValue(request, t)],
  ];
  const textRows: [string, string][] = rows.map(([label, value]) =>
    [label, label === t.address && confirmation ? `${address} (${t.mapLink}: ${mapUrl(location)})` : String(value)]);
  const decision = request.decision && (kind === 'request-declined' || kind === 'request-cancelled') ? request.decision : undefined;
  const decisionRows: [string, string][] = decision
    ? [[t.reason, t.reasons[decision.reason]], ...(decision.note ? [[t.note, decision.note] as [string, string]] : [])]
    : [];

  let subject: string;
  let intro: string;
  let calendar: MailAttachment | undefined;
  const extra: string[] = [];
  const day = formatDay(request.period.pickup, location, t);
  const entry = (method: 'REQUEST' | 'CANCEL') =>
    buildCalendar({
      method,
      uid: calendarUid(request.id, context.mailFrom),
      sequence: message.calendarSequence ?? 0,
      start: request.period.pickup,
      end: request.period.return,
      timeZone: timeZoneOf(location),
      summary: marked(t.summary(vehicle, plate ?? request.vehicleType.name), request, t),
      location: address,
      description: [`${t.reference}: ${request.id}`, ...references(request, t, context.extraLabels).slice(1).map(([k, v]) => `${k}: ${v}`), `${location.name}: ${location.phone}`].join('\n'),
      organizer: { name: t.reservations(brand.name), email: context.mailFrom },
      attendee: { name: request.requester.fullName, email: request.requester.email },
      stamp: context.now,
    });
  const calendarFile = (method: 'REQUEST' | 'CANCEL'): MailAttachment =>
    method === 'REQUEST'
      ? { filename: 'reservation.ics', contentType: 'text/calendar; charset=UTF-8; method=REQUEST', content: entry('REQUEST') }
      : { filename: 'cancellation.ics', contentType: 'text/calendar; charset=UTF-8; method=CANCEL', content: entry('CANCEL') };
  switch (kind) {
    case 'request-received': {
      subject = t.receivedSubject(request.vehicleType.name, day, request.id);
      const zone = timeZoneOf(location);
      const until = formatWhen(localNow(zone, holdExpiresAt(request, { days: context.holdExpiryDays })), location, t);
      intro = t.receivedIntro(until);
      if (request.replaces) extra.push(t.replacesLine(request.replaces));
      extra.push(...t.receivedNext);
      break;
    }
    case 'request-confirmed':
      subject = t.confirmedSubject(request.vehicleType.name, day, request.id);
      intro = t.confirmedIntro;
      calendar = calendarFile('REQUEST');
      break;
    case 'request-updated':
      subject = t.updatedSubject(request.vehicleType.name, day, request.id);
      intro = t.updatedIntro;
      calendar = calendarFile('REQUEST');
      break;
    case 'request-declined':
      subject = t.declinedSubject(request.id);
      intro = t.declinedIntro;
      extra.push(t.removeLine);
      break;
    case 'request-cancelled':
      subject = t.cancelledSubject(request.id);
      intro = cancelledByRequester(request) ? t.cancelledByYouIntro : t.cancelledIntro;
      extra.push(t.removeLine);
      calendar = calendarFile('CANCEL');
      break;
    case 'request-expired':
      subject = t.expiredSubject(request.id);
      intro = t.expiredIntro(context.holdExpiryDays);
      extra.push(t.removeLine);
      break;
    default:
      throw new Error(`Not a requester e-mail: ${kind}`);
  }
  subject = marked(subject, request, t);
  const testNotice = request.test ? t.testNotice : undefined;
  const calendarNote = calendar ? (calendar.filename === 'cancellation.ics' ? t.calendarRemoved : t.calendarAdded) : undefined;
  const contact = t.contactLine(location.name, location.phone, context.mailFrom);
  const bring = kind === 'request-confirmed';
  // A closed request's link still shows why, for a week; an open one's lets the requester cancel.
  const link = context.statusUrl;
  const closed = kind === 'request-declined' || kind === 'request-cancelled' || kind === 'request-expired';
  const linkIntro = closed ? t.statusLinkClosedIntro : t.statusLinkIntro;
  const linkLabel = closed ? t.statusLinkClosedLabel : t.statusLinkLabel;

  const text = [
    ...(testNotice ? [testNotice, ''] : []),
    t.greeting(request.requester.fullName),
    '',
    intro,
    '',
    ...extra.flatMap((line) => [line, '']),
    ...[...decisionRows, ...textRows].map(([label, value]) => `${label}: ${value}`),
    '',
    ...(bring ? [`${t.bringTitle}:`, ...t.bringItems.map((item) => `- ${item}`), '', `${t.cancellationTitle}: ${t.cancellationRule}`, ''] : []),
    ...(link ? [linkIntro, link, ''] : []),
    ...(calendarNote ? [calendarNote, ''] : []),
    t.quoteReference,
    `${t.contact} ${contact}`,
    '',
    t.signature(brand.name),
    '',
  ].join('\n');
  const button = `display:inline-block;background:${brand.colour};color:#ffffff;padding:10px 16px;border-radius:6px;text-decoration:none;font-weight:600`;
  const body = html`${testNotice ? html`<p style="${TEST_STYLE}"><strong>${testNotice}</strong></p>
` : ''}<p>${t.greeting(request.requester.fullName)}</p>
<p>${intro}</p>
${extra.map((line) => html`<p>${line}</p>\n`)}${detailsTable([...decisionRows, ...rows])}
${bring ? html`<h2 style="font-size:17px;color:${brand.colour}">${t.bringTitle}</h2><ul>${t.bringItems.map((item) => html`<li>${item}</li>`)}</ul>
<h2 style="font-size:17px;color:${brand.colour}">${t.cancellationTitle}</h2><p>${t.cancellationRule}</p>` : ''}
${link ? html`<p>${linkIntro}</p><p><a href="${link}" style="${button}">${linkLabel}</a></p>` : ''}
${calendarNote ? html`<p>${calendarNote}</p>` : ''}
<p>${t.quoteReference}</p>
<p><strong>${t.contact}</strong> ${contact}</p>
<p>${multiline(t.signature(brand.name))}</p>`;
  return {
    from: { name: brand.name, email: context.mailFrom },
    to: request.requester.email,
    replyTo: context.mailFrom,
    subject,
    text,
    html: page(message.language, subject, body, brand),
    attachments: calendar ? [calendar] : [],
  };
}
