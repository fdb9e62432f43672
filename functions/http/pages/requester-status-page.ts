import { localNow, timeZoneOf } from '../../catalog/time-zone';
import type { Brand } from '../../config';
import type { Language } from '../../i18n/language';
import { requesterStatusTexts } from '../../i18n/requester-status';
import { html, type Html } from '../../mail/html';
import { extrasRows, formatWhen, mapUrl, openingHoursLine, priceValue, returnValue } from '../../mail/mail-parts';
import { mailTexts } from '../../mail/messages';
import type { ManagedRequest } from '../../requests/lifecycle';
import { layout } from './layout';

/** What the page says above the details: the outcome of a cancel just made, or why it was refused. */
export type StatusNotice = { kind: 'done' } | { kind: 'problem'; text: string };

export interface StatusPageOptions {
  request: ManagedRequest;
  /** When the hold lapses if nobody confirms it (an instant). */
  holdUntil: Date;
  mayCancel: boolean;
  /** The cancel form's action (`/r/<token>/cancel`, relative: never built from a header) and its CSRF token. */
  action: string;
  formToken: string;
  cancelledByRequester: boolean;
  notice?: StatusNotice;
  /** The reason typed, shown again when it was refused. */
  reasonDraft?: string;
  brand: Brand;
  nonce: string;
}

function brandHeader(brand: Brand): Html {
  return html`<header class="brand">${brand.logoUrl ? html`<img src="${brand.logoUrl}" alt="${brand.name}" height="40">` : html`<strong>${brand.name}</strong>`}</header>`;
}

/** The brand's colour is a checked `#rrggbb` (config.ts), so it may stand in the style sheet; no style attributes (CSP). */
const extraCss = (brand: Brand) => html`.brand{padding:.75rem 1.5rem;background:#fff;border-bottom:4px solid ${brand.colour}}.brand strong{color:${brand.colour};font-size:1.25rem}.brand img{height:40px}
textarea{font:inherit;width:100%;box-sizing:border-box;min-height:5rem;padding:.5rem;border:1px solid #6b7280;border-radius:6px}
textarea:focus-visible,a:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}label{display:block;font-weight:600;margin:.5rem 0 .25rem}
section{margin-top:1.5rem}.state{font-size:1.1rem}`;

/** The requester's status page: the request's state in their language, and the cancel form while it may be cancelled. */
export function requesterStatusPage(o: StatusPageOptions): Html {
  const { request, brand } = o;
  const language = request.language;
  const p = requesterStatusTexts(language);
  const t = mailTexts(language);
  const location = request.location;
  const zone = timeZoneOf(location);
  const state =
    request.status === 'requested' ? p.states.requested(formatWhen(localNow(zone, o.holdUntil), location, t)) : p.states[request.status];
  const who =
    request.status !== 'cancelled' ? undefined : request.replacedBy ? p.replacedBy(request.replacedBy) : o.cancelledByRequester ? p.cancelledByYou : p.cancelledByUs;
  const hours = openingHoursLine(location, t);
  const rows: [string, string | Html][] = [
    [t.reference, request.id],
    ...(request.order ? [[t.purchaseOrder, request.order.orderNumber] as [string, string]] : []),
    [t.vehicle, t.vehicleLine(request.vehicleType.example, request.vehicleType.name)],
    ...(request.assignment && request.status === 'confirmed' ? [[t.plate, request.assignment.plate] as [string, string]] : []),
    [t.pickup, formatWhen(request.period.pickup, location, t)],
    [t.address, html`${location.name}, ${location.address}, ${location.city} (<a href="${mapUrl(location)}" rel="noreferrer">${t.mapLink}</a>)`],
    ...(hours ? [[t.openingHours, hours] as [string, string]] : []),
    [t.returnAt, returnValue(request, t)],
    ...extrasRows(request, t),
    [t.price, priceValue(request, t)],
    ...(request.decision && request.status !== 'confirmed' ? [[p.reason, t.reasons[request.decision.reason]] as [string, string]] : []),
  ];
  const notice = o.notice
    ? o.notice.kind === 'done'
      ? html`<div class="notice ok" role="status"><p>${p.done}</p></div>`
      : html`<div class="notice" role="alert"><p>${o.notice.text}</p></div>`
    : '';
  const open = request.status === 'requested' || request.status === 'confirmed';
  const form = o.mayCancel
    ? html`<section aria-labelledby="cancel-title"><h2 id="cancel-title">${p.cancelTitle}</h2><p>${p.cancelExplain}</p>
<form method="post" action="${o.action}">
<input type="hidden" name="form" value="${o.formToken}">
<label for="reason">${p.cancelReason}</label>
<textarea id="reason" name="reason" required maxlength="300">${o.reasonDraft ?? ''}</textarea>
<p><button type="submit">${p.cancelButton}</button></p>
</form></section>`
    : open
      ? html`<p>${p.cancelTooLate}</p>`
      : '';
  const body = html`${brandHeader(brand)}<main>
<h1>${p.title(request.id)}</h1>
${notice}<p class="state"><strong>${p.status}:</strong> ${state}${who ? html` ${who}` : ''}</p>
<table><tbody>${rows.map(([label, value]) => html`<tr><th scope="row">${label}</th><td>${value}</td></tr>\n`)}</tbody></table>
${form}
<p>${p.call(location.name, location.phone)}</p>
</main>`;
  return page(language, p.title(request.id), body, o.nonce, brand);
}

/** The one answer to a forged, expired or unknown link (and to a throttled address): nothing about any request. */
export function requesterLinkRefusedPage(language: Language, nonce: string, brand: Brand, text?: string): Html {
  const p = requesterStatusTexts(language);
  return page(language, p.notFoundTitle, html`${brandHeader(brand)}<main><div class="notice" role="alert"><h1>${p.notFoundTitle}</h1><p>${text ?? p.notFound}</p></div></main>`, nonce, brand);
}

function page(lang: Language, title: string, body: Html, nonce: string, brand: Brand): Html {
  return layout({ lang, title, body, nonce, head: html`<meta name="robots" content="noindex, nofollow"><style nonce="${nonce}">${extraCss(brand)}</style>` });
}
