import type { Brand } from '../config';
import { html } from './html';
import type { ManagedRequest } from '../requests/lifecycle';
import { deliveryRows, detailsTable, extrasRows, formatDay, formatWhen, marked, page, priceValue, references, returnValue } from './mail-parts';
import { mailTexts } from './messages';
import type { MailMessage } from './mime';
import type { OutboxMessage } from './outbox';
import { requesterMail } from './requester-mail';

export { calendarUid } from './mail-parts';

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
  /** The request's signed status link (requests/status-link.ts): in every requester e-mail, when known. */
  statusUrl?: string;
  /** The supplier's branding (config.ts): sender name, logo and colour of requester e-mails. */
  brand?: Brand;
}

/** The e-mail an outbox message becomes. Throws when the message lacks what its kind needs. */
export function renderMail(message: OutboxMessage, context: MailContext): MailMessage {
  const from = { name: context.brand?.name ?? 'FlexFleet', email: context.mailFrom };
  if (message.kind === 'staff-sign-in') return signInMail(message, context, from);
  const request = message.request;
  if (!request) throw new Error(`Outbox message ${message.id} has no request snapshot`);
  if (message.kind === 'ops-new-request' || message.kind === 'ops-requester-cancelled') return opsNotice(request, context, from, message.kind === 'ops-requester-cancelled');
  return requesterMail(message, request, context);
}

function opsNotice(request: ManagedRequest, context: MailContext, from: MailMessage['from'], cancelled = false): MailMessage {
  const t = mailTexts('en');
  const link = context.consoleUrl ? `${context.consoleUrl}#/requests/${encodeURIComponent(request.id)}` : undefined;
  const subject = marked(
    `${cancelled ? 'Cancelled by the requester' : 'New request'} ${request.id}: ${request.vehicleType.name}, ${request.location.name}, ${formatDay(request.period.pickup, request.location, t)} (${request.connectionName})`,
    request,
    t,
  );
  const rows: [string, string][] = [
    ...references(request, t, context.extraLabels),
    ['Requester', `${request.requester.fullName} <${request.requester.email}>`],
    ['Connection', request.connectionName],
    [t.vehicle, t.vehicleLine(request.vehicleType.example, request.vehicleType.name)],
    [t.pickup, formatWhen(request.period.pickup, request.location, t)],
    [t.returnAt, returnValue(request, t)],
    ['Location', request.location.name],
    ...deliveryRows(request, t),
    ...extrasRows(request, t),
    [t.price, priceValue(request, t)],
    ...(request.note ? [['Note from the requester', request.note] as [string, string]] : []),
    ...(request.replaces ? [['Replaces', `${request.replaces} (its hold is released)`] as [string, string]] : []),
  ];
  const intro = cancelled
    ? `The requester cancelled this confirmed reservation with their status link${request.decision?.note ? ` (reason: ${request.decision.note})` : ''}. The hold is released${request.assignment ? ` and unit ${request.assignment.plate} is free again` : ''}; nothing else to do unless the unit was already prepared.`
    : request.test
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

/** Console label of a message kind. */
export const MAIL_KIND_LABELS: Record<OutboxMessage['kind'], string> = {
  'ops-new-request': 'New-request notice to operations',
  'ops-requester-cancelled': 'Notice to operations: cancelled by the requester',
  'request-received': 'Request received (to the requester)',
  'request-confirmed': 'Confirmation',
  'request-updated': 'Change of vehicle',
  'request-declined': 'Decline',
  'request-cancelled': 'Cancellation',
  'request-expired': 'Expiry notice',
  'staff-sign-in': 'Sign-in link',
  'order-confirmation': 'Order confirmation to the buyer (cXML)',
};
