import { timeZoneOf } from '../catalog/time-zone';
import { formatMoney } from '../format/money';
import { formatWallTime } from '../format/period';
import { type Html, html } from './html';
import type { ManagedRequest } from '../requests/lifecycle';
import { buildCalendar } from './ics';
import { mailTexts, type MailTexts } from './messages';
import type { MailAttachment, MailMessage } from './mime';
import type { OutboxMessage } from './outbox';

/** What the templates need besides the message itself. */
export interface MailContext {
  mailFrom: string;
  opsMailbox: string;
  /** Absolute URL of the operations console, when known: linked from the operations notice. */
  consoleUrl?: string;
  holdExpiryDays: number;
  now: Date;
  /** The connection's names of the request's extra fields, in the message's language (requests/request.ts, extraFieldLabels). */
  extraLabels?: Record<string, string>;
}

const SENDER_NAME = 'FlexFleet';
const TEST_STYLE = 'background:#fff4ce;border:2px solid #9a6700;padding:8px';

/** The e-mail an outbox message becomes. Throws when the message lacks what its kind needs. */
export function renderMail(message: OutboxMessage, context: MailContext): MailMessage {
  const from = { name: SENDER_NAME, email: context.mailFrom };
  if (message.kind === 'staff-sign-in') return signInMail(message, context, from);
  const request = message.request;
  if (!request) throw new Error(`Outbox message ${message.id} has no request snapshot`);
  if (message.kind === 'ops-new-request') return opsNotice(request, context, from);
  return requesterMail(message, request, context, from);
}

/** A wall time at the request's location, on that location's clock, with its zone named. */
function formatWhen(local: string, location: ManagedRequest['location'], t: MailTexts): string {
  return formatWallTime(local, timeZoneOf(location), t.dateLocale, 'long');
}

function formatDay(local: string, location: ManagedRequest['location'], t: MailTexts): string {
  return formatWallTime(local, timeZoneOf(location), t.dateLocale, 'day');
}

function money(cents: number, currency: string, t: MailTexts): string {
  return formatMoney(cents, currency, t.dateLocale);
}

/** The request's references: ours first, the purchase order once it arrived, then the buyer's (cost centre...) when known. */
function references(request: ManagedRequest, t: MailTexts, labels: Record<string, string> = {}): [string, string][] {
  const known = Object.entries(request.extra ?? {}).filter(([, value]) => value);
  const order: [string, string][] = request.order ? [[t.purchaseOrder, request.order.orderNumber]] : [];
  return [[t.reference, request.id], ...order, ...known.map(([key, value]): [string, string] => [labels[key] ?? key, value])];
}

/** The price row's value: net and gross, and the contract rate it comes from, if any. */
function priceValue(request: ManagedRequest, t: MailTexts): string {
  const { price } = request;
  const line = t.priceLine(money(price.net, price.currency, t), money(price.gross, price.currency, t), price.vatPercent);
  return price.contract ? `${line}, ${t.contractRate(price.contract)}` : line;
}

/** The delivery address row, when the request has one: label, address and the buyer's codes for it. */
function deliveryRows(request: ManagedRequest, t: MailTexts): [string, string][] {
  const place = request.deliveryAddress;
  if (!place) return [];
  const codes = [place.locationCode, place.customerNumber].filter(Boolean).join(' / ');
  return [[t.deliveryAddress, `${place.label}, ${place.address} (${codes})`]];
}

/** A test request's subject is marked, so no mailbox rule or reader takes it for a reservation. */
function marked(subject: string, request: ManagedRequest, t: MailTexts): string {
  return request.test ? `${t.testMark} ${subject}` : subject;
}

function requesterMail(message: OutboxMessage, request: ManagedRequest, context: MailContext, from: MailMessage['from']): MailMessage {
  const t = mailTexts(message.language);
  const vehicle = t.vehicleLine(request.vehicleType.example, request.vehicleType.name);
  const plate = request.assignment?.plate;
  const location = request.location;
  const rows: [string, string][] = [
    ...references(request, t, context.extraLabels),
    [t.vehicle, vehicle],
    ...(plate && message.kind !== 'request-declined' && message.kind !== 'request-expired' ? [[t.plate, plate] as [string, string]] : []),
    [t.pickup, formatWhen(request.period.pickup, request.location, t)],
    [t.address, `${location.name}, ${location.address}, ${location.city}`],
    [t.returnAt, `${formatWhen(request.period.return, request.location, t)}, ${t.sameLocation}`],
    ...deliveryRows(request, t),
    [t.price, priceValue(request, t)],
  ];
  const decision = request.decision && (message.kind === 'request-declined' || message.kind === 'request-cancelled') ? request.decision : undefined;
  const decisionRows: [string, string][] = decision
    ? [[t.reason, t.reasons[decision.reason]], ...(decision.note ? [[t.note, decision.note] as [string, string]] : [])]
    : [];

  let subject: string;
  let intro: string;
  let calendar: MailAttachment | undefined;
  const day = formatDay(request.period.pickup, request.location, t);
  const entry = (method: 'REQUEST' | 'CANCEL') =>
    buildCalendar({
      method,
      uid: calendarUid(request.id, context.mailFrom),
      sequence: message.calendarSequence ?? 0,
      start: request.period.pickup,
      end: request.period.return,
      timeZone: timeZoneOf(location),
      summary: marked(t.summary(vehicle, plate ?? request.vehicleType.name), request, t),
      location: `${location.name}, ${location.address}, ${location.city}`,
      description: [`${t.reference}: ${request.id}`, ...references(request, t, context.extraLabels).slice(1).map(([k, v]) => `${k}: ${v}`), `${location.name}: ${location.phone}`].join('\n'),
      organizer: { name: `${SENDER_NAME} reservations`, email: context.mailFrom },
      attendee: { name: request.requester.fullName, email: request.requester.email },
      stamp: context.now,
    });
  switch (message.kind) {
    case 'request-confirmed':
      subject = t.confirmedSubject(request.vehicleType.name, day, request.id);
      intro = t.confirmedIntro;
      calendar = { filename: 'reservation.ics', contentType: 'text/calendar; charset=UTF-8; method=REQUEST', content: entry('REQUEST') };
      break;
    case 'request-updated':
      subject = t.updatedSubject(request.vehicleType.name, day, request.id);
      intro = t.updatedIntro;
      calendar = { filename: 'reservation.ics', contentType: 'text/calendar; charset=UTF-8; method=REQUEST', content: entry('REQUEST') };
      break;
    case 'request-declined':
      subject = t.declinedSubject(request.id);
      intro = t.declinedIntro;
      break;
    case 'request-cancelled':
      subject = t.cancelledSubject(request.id);
      intro = t.cancelledIntro;
      calendar = { filename: 'cancellation.ics', contentType: 'text/calendar; charset=UTF-8; method=CANCEL', content: entry('CANCEL') };
      break;
    case 'request-expired':
      subject = t.expiredSubject(request.id);
      intro = t.expiredIntro(context.holdExpiryDays);
      break;
    default:
      throw new Error(`Not a requester e-mail: ${message.kind}`);
  }
  subject = marked(subject, request, t);
  const testNotice = request.test ? t.testNotice : undefined;
  const calendarNote = calendar ? (calendar.filename === 'cancellation.ics' ? t.calendarRemoved : t.calendarAdded) : undefined;
  const contact = t.contactLine(location.name, location.phone, context.mailFrom);
  const allRows = [...decisionRows, ...rows];

  const text = [
    ...(testNotice ? [testNotice, ''] : []),
    t.greeting(request.requester.fullName),
    '',
    intro,
    '',
    ...allRows.map(([label, value]) => `${label}: ${value}`),
    '',
    ...(calendarNote ? [calendarNote, ''] : []),
    t.quoteReference,
    `${t.contact} ${contact}`,
    '',
    t.signature,
    '',
  ].join('\n');
  const body = html`${testNotice ? html`<p style="${TEST_STYLE}"><strong>${testNotice}</strong></p>
` : ''}<p>${t.greeting(request.requester.fullName)}</p>
<p>${intro}</p>
${detailsTable(allRows)}
${calendarNote ? html`<p>${calendarNote}</p>` : ''}
<p>${t.quoteReference}</p>
<p><strong>${t.contact}</strong> ${contact}</p>
<p>${multiline(t.signature)}</p>`;
  return {
    from,
    to: request.requester.email,
    replyTo: context.mailFrom,
    subject,
    text,
    html: page(message.language, subject, body),
    attachments: calendar ? [calendar] : [],
  };
}

/** The calendar entry's UID: the request's, so changes and cancellations update the same entry. */
export function calendarUid(requestId: string, mailFrom: string): string {
  return `${requestId}@${mailFrom.split('@')[1] ?? 'flexfleet.example'}`;
}

function opsNotice(request: ManagedRequest, context: MailContext, from: MailMessage['from']): MailMessage {
  const t = mailTexts('en');
  const link = context.consoleUrl ? `${context.consoleUrl}#/requests/${encodeURIComponent(request.id)}` : undefined;
  const subject = marked(
    `New request ${request.id}: ${request.vehicleType.name}, ${request.location.name}, ${formatDay(request.period.pickup, request.location, t)} (${request.connectionName})`,
    request,
    t,
  );
  const rows: [string, string][] = [
    ...references(request, t, context.extraLabels),
    ['Requester', `${request.requester.fullName} <${request.requester.email}>`],
    ['Connection', request.connectionName],
    [t.vehicle, t.vehicleLine(request.vehicleType.example, request.vehicleType.name)],
    [t.pickup, formatWhen(request.period.pickup, request.location, t)],
    [t.returnAt, formatWhen(request.period.return, request.location, t)],
    ['Location', request.location.name],
    ...deliveryRows(request, t),
    [t.price, priceValue(request, t)],
  ];
  const intro = request.test
    ? 'TEST: a connection in test mode has transferred a test request. It is not a real reservation and holds no vehicle; confirm or decline it (no unit needed) to complete the round trip.'
    : 'A requester has transferred a vehicle request. The vehicle type is held; assign a unit and confirm or decline it.';
  const text = [intro, '', ...rows.map(([k, v]) => `${k}: ${v}`), '', ...(link ? [`Open it in the console: ${link}`, ''] : [])].join('\n');
  const body = html`<p>${intro}</p>${detailsTable(rows)}${link ? html`<p><a href="${link}">Open it in the console</a></p>` : ''}`;
  return { from, to: context.opsMailbox, subject, text, html: page('en', subject, body), attachments: [] };
}

function signInMail(message: OutboxMessage, context: MailContext, from: MailMessage['from']): MailMessage {
  if (!message.link || !message.to) throw new Error(`Sign-in message ${message.id} has no link or address`);
  const subject = 'Your sign-in link for the FlexFleet operations console';
  const lines = [
    `Hello ${message.staffName ?? ''},`.replace(' ,', ','),
    'Open this link to sign in to the operations console. It works once, within 15 minutes:',
    message.link,
    'If you did not ask to sign in, ignore this e-mail: nobody can sign in without the link.',
  ];
  const body = html`<p>${lines[0]}</p><p>${lines[1]}</p><p><a href="${message.link}">Sign in to the operations console</a></p><p>${lines[3]}</p>`;
  return { from, to: message.to, subject, text: `${lines.join('\n\n')}\n`, html: page('en', subject, body), attachments: [] };
}

function multiline(text: string): Html[] {
  return text.split('\n').map((line, i) => (i ? html`<br>${line}` : html`${line}`));
}

function detailsTable(rows: [string, string][]): Html {
  return html`<table role="presentation" cellpadding="6" cellspacing="0" style="border-collapse:collapse;border:1px solid #d0d7de">
${rows.map(([label, value]) => html`<tr><th align="left" style="background:#f4f6f9;border:1px solid #d0d7de">${label}</th><td style="border:1px solid #d0d7de">${value}</td></tr>\n`)}</table>`;
}

function page(language: string, title: string, body: Html): string {
  return html`<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1f24;line-height:1.45">
${body}
</body></html>`.value;
}

/** Console label of a message kind. */
export const MAIL_KIND_LABELS: Record<OutboxMessage['kind'], string> = {
  'ops-new-request': 'New-request notice to operations',
  'request-received': 'Request received (to the requester)',
  'request-confirmed': 'Confirmation',
  'request-updated': 'Change of vehicle',
  'request-declined': 'Decline',
  'request-cancelled': 'Cancellation',
  'request-expired': 'Expiry notice',
  'staff-sign-in': 'Sign-in link',
  'order-confirmation': 'Order confirmation to the buyer (cXML)',
};
