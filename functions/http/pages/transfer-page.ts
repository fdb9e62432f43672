import type { Language } from '../../i18n/language';
import { messages } from '../../i18n/messages';
import type { OciCart } from '../../punchout/oci-cart';
import { type Html, html } from '../../mail/html';
import { layout } from './layout';

/**
 * The page that hands the cart to the procurement system: an OCI form posted by script at once,
 * with a visible button for when script does not run. Rendered in the buyer's charset.
 */
export function transferPage(cart: OciCart, language: Language, requestId: string, nonce: string): Html {
  const t = messages(language);
  const body = html`<main>
<div class="notice ok"><h1>${t.transferTitle}</h1><p>${t.transferExplain}</p><p>${t.requestReference}: <strong>${requestId}</strong></p>
<form id="oci-cart" method="post" action="${cart.action}" target="${cart.target}" accept-charset="${cart.charset}">
${cart.fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`)}<button type="submit">${t.transferButton}</button>
</form></div></main>
<script nonce="${nonce}">document.getElementById('oci-cart').submit();</script>`;
  return layout({ lang: language, title: t.transferTitle, body, charset: cart.charset, nonce });
}
