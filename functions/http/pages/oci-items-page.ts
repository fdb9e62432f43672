import type { Language } from '../../i18n/language';
import { messages } from '../../i18n/messages';
import type { OciCart } from '../../punchout/oci-cart';
import { type Html, html } from '../../mail/html';
import { layout } from './layout';

/**
 * The answer to an OCI 5 BACKGROUND_SEARCH or VALIDATE: items as an OCI form of hidden fields for
 * the buyer's system to read. VALIDATE's is submitted by script at once (OCI.md §3), with the button
 * for when script does not run; BACKGROUND_SEARCH's never is (the button is there for a person who
 * opens it).
 */
export function ociItemsPage(cart: OciCart, language: Language, nonce: string, options: { autoSubmit: boolean }): Html {
  const t = messages(language);
  const body = html`<main>
<form id="oci-cart" method="post" action="${cart.action}" target="${cart.target}" accept-charset="${cart.charset}">
${cart.fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`)}${options.autoSubmit ? html`<noscript><button type="submit">${t.transferButton}</button></noscript>` : html`<button type="submit">${t.transferButton}</button>`}
</form></main>${options.autoSubmit ? html`\n<script nonce="${nonce}">document.getElementById('oci-cart').submit();</script>` : ''}`;
  return layout({ lang: language, title: t.transferButton, body, charset: cart.charset, nonce });
}
