import type { CatalogSelection } from '../../catalog/api';
import { plainAmount } from '../../format/money';
import type { Language } from '../../i18n/language';
import { messages } from '../../i18n/messages';
import { type Html, html } from '../../mail/html';
import { layout } from './layout';

const when = (local: string) => local.replace('T', ' ');

/**
 * cXML `inspect`: the earlier request, read-only. No catalog script is loaded and there is no
 * control that requests anything (the transfer API refuses an inspect session too); the one button
 * goes back to the procurement system with the request's cart as it is. Without a selection (the
 * request is gone), the page says so and offers nothing.
 */
export function inspectPage(selection: CatalogSelection | undefined, connectionName: string, language: Language, nonce: string): Html {
  const t = messages(language);
  if (!selection) {
    return layout({ lang: language, title: connectionName, nonce, body: html`<main><div class="notice"><p>${t.selectionUnavailable}</p></div></main>` });
  }
  const { vehicleType, location, period, price, deliveryAddress } = selection;
  const row = (label: string, value: Html | string) => html`<tr><th scope="row">${label}</th><td>${value}</td></tr>`;
  const body = html`<main data-selection="inspect">
<h1>${t.selectionInspectTitle(selection.requestId)}</h1>
<p>${t.selectionInspectExplain}</p>
<table>
${row(t.selectionStatus, t.requestStatuses[selection.status])}
${row(t.selectionVehicle, html`${vehicleType.name} (${t.orSimilar(vehicleType.example)}), ${t.categories[vehicleType.category]}`)}
${row(t.location, `${location.name}, ${location.address}, ${location.city}`)}
${row(t.pickup, when(period.pickup))}
${row(t.return, when(period.return))}
${row(t.selectionPrice, `${t.days(price.rentalDays)}: ${plainAmount(price.net)} ${price.currency} ${t.priceNet}, ${t.total} ${plainAmount(price.gross)} ${price.currency}`)}
${deliveryAddress ? row(t.deliveryAddress, `${deliveryAddress.label}, ${deliveryAddress.address}`) : ''}
</table>
<form method="get" action="${selection.transferUrl}"><p><button type="submit">${t.selectionReturn}</button></p></form>
</main>`;
  return layout({ lang: language, title: t.selectionInspectTitle(selection.requestId), nonce, body });
}
