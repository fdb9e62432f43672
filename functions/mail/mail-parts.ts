import { extraLabel, oneWayReturn } from '../catalog/extras';
import { timeZoneOf } from '../catalog/time-zone';
import { reviewMessages } from '../i18n/review-messages';
import { WEEKDAYS, type Location } from '../catalog/vehicles';
import { DEFAULT_BRAND, type Brand } from '../config';
import { formatMoney } from '../format/money';
import { formatWallTime } from '../format/period';
import type { ManagedRequest } from '../requests/lifecycle';
import { type Html, html } from './html';
import type { MailTexts } from './messages';

/** Pieces every e-mail template shares: formatting of a request's facts, the details table, the branded page. */

/** A wall time at the request's location, on that location's clock, with its zone named. */
export function formatWhen(local: string, location: ManagedRequest['location'], t: MailTexts): string {
  return formatWallTime(local, timeZoneOf(location), t.dateLocale, 'long');
}

export function formatDay(local: string, location: ManagedRequest['location'], t: MailTexts): string {
  return formatWallTime(local, timeZoneOf(location), t.dateLocale, 'day');
}

export function money(cents: number, currency: string, t: MailTexts): string {
  return formatMoney(cents, currency, t.dateLocale);
}

/** The request's references: ours first, the purchase order once it arrived, then the buyer's (cost centre...) when known. */
export function references(request: ManagedRequest, t: MailTexts, labels: Record<string, string> = {}): [string, string][] {
  const known = Object.entries(request.extra ?? {}).filter(([, value]) => value);
  const order: [string, string][] = request.order ? [[t.purchaseOrder, request.order.orderNumber]] : [];
  return [[t.reference, request.id], ...order, ...known.map(([key, value]): [string, string] => [labels[key] ?? key, value])];
}

/** The price row's value: net and gross, and the contract rate it comes from, if any. */
export function priceValue(request: ManagedRequest, t: MailTexts): string {
  const { price } = request;
  const line = t.priceLine(money(price.net, price.currency, t), money(price.gross, price.currency, t), price.vatPercent);
  return price.contract ? `${line}, ${t.contractRate(price.contract)}` : line;
}

/** The return row's value: when, and where (the pick-up location, or a one-way return's location named). */
export function returnValue(request: ManagedRequest, t: MailTexts): string {
  const place = oneWayReturn(request);
  return `${formatWhen(request.period.return, request.location, t)}, ${place ? t.oneWayTo(place.name) : t.sameLocation}`;
}

/** One row per chosen extra (extra driver, child seat, one-way return), with its price excl. VAT. */
export function extrasRows(request: ManagedRequest, t: MailTexts): [string, string][] {
  // extraLabel: a one-way return names where the vehicle goes back.
  const label = (extra: NonNullable<ManagedRequest['extras']>[number]) => extraLabel(extra, reviewMessages(request.language));
  return (request.extras ?? []).map((extra): [string, string] => [
    extra.count && extra.count > 1 ? `${label(extra)} × ${extra.count}` : label(extra),
    money(extra.net, request.price.currency, t),
  ]);
}

/** The delivery address row, when the request has one: label, address and the buyer's codes for it. */
export function deliveryRows(request: ManagedRequest, t: MailTexts): [string, string][] {
  const place = request.deliveryAddress;
  if (!place) return [];
  const codes = [place.locationCode, place.customerNumber].filter(Boolean).join(' / ');
  return [[t.deliveryAddress, `${place.label}, ${place.address} (${codes})`]];
}

/** A test request's subject is marked, so no mailbox rule or reader takes it for a reservation. */
export function marked(subject: string, request: ManagedRequest, t: MailTexts): string {
  return request.test ? `${t.testMark} ${subject}` : subject;
}

/** The calendar entry's UID: the request's, so changes and cancellations update the same entry. */
export function calendarUid(requestId: string, mailFrom: string): string {
  return `${requestId}@${mailFrom.split('@')[1] ?? 'flexfleet.example'}`;
}

/** An OpenStreetMap search for the location's address: a map link that needs no API key and sets no cookie for us. */
export function mapUrl(location: Pick<Location, 'address' | 'city'>): string {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(`${location.address}, ${location.city}`)}`;
}

/** "Mon–Fri 07:00–20:00, Sat 09:00–17:00, Sun closed": runs of weekdays with the same hours grouped. */
export function openingHoursLine(location: Pick<Location, 'openingHours'>, t: MailTexts): string | undefined {
  const hours = location.openingHours;
  if (!hours) return undefined;
  const text = (day: (typeof WEEKDAYS)[number]) => (hours[day] ? `${hours[day]!.open}–${hours[day]!.close}` : t.closed);
  const runs: { from: string; to: string; text: string }[] = [];
  for (const day of WEEKDAYS) {
    const last = runs[runs.length - 1];
    if (last && last.text === text(day)) last.to = day;
    else runs.push({ from: day, to: day, text: text(day) });
  }
  return runs.map((r) => `${t.weekdays[r.from as keyof MailTexts['weekdays']]}${r.to !== r.from ? `–${t.weekdays[r.to as keyof MailTexts['weekdays']]}` : ''} ${r.text}`).join(', ');
}

export function multiline(text: string): Html[] {
  return text.split('\n').map((line, i) => (i ? html`<br>${line}` : html`${line}`));
}

export function detailsTable(rows: [string, string | Html][]): Html {
  return html`<table role="presentation" cellpadding="6" cellspacing="0" style="border-collapse:collapse;border:1px solid #d0d7de">
${rows.map(([label, value]) => html`<tr><th align="left" style="background:#f4f6f9;border:1px solid #d0d7de">${label}</th><td style="border:1px solid #d0d7de">${value}</td></tr>\n`)}</table>`;
}

/** The whole HTML document; with the supplier's logo and accent colour (config.ts `brand`) on requester e-mails. */
export function page(language: string, title: string, body: Html, brand?: Brand): string {
  const b = brand ?? DEFAULT_BRAND;
  const header = brand
    ? html`<div style="border-bottom:4px solid ${b.colour};padding:0 0 8px;margin:0 0 16px">${
        b.logoUrl ? html`<img src="${b.logoUrl}" alt="${b.name}" height="40" style="height:40px;border:0">` : html`<strong style="font-size:20px;color:${b.colour}">${b.name}</strong>`
      }</div>`
    : '';
  return html`<!doctype html>
<html lang="${language}"><head><meta charset="utf-8"><title>${title}</title></head>
<body style="font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;color:#1b1f24;line-height:1.45">
${header}${body}
</body></html>`.value;
}
