import type { Language } from '../../i18n/language';
import { messages } from '../../i18n/messages';
import type { OciCart } from '../../punchout/oci-cart';
import { type Html, html } from '../../mail/html';
import { layout } from './layout';

/**
 * The answer to an OCI 5 BACKGROUND_SEARCH: the results as an OCI form for the buyer's system to
 * read, never submitted by script (OCI.md §3); the button is only there for a person who opens it.
 */
export function backgroundSearchPage(cart: OciCart, language: Language, nonce: string): Html {
  const t = messages(language);
  const body = html`<main>
<form id="oci-cart" method="post" action="${cart.action}" target="${cart.target}" accept-charset="${cart.charset}">
${cart.fields.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`)}<button type="submit">${t.transferButton}</button>
</form></main>`;
  return layout({ lang: language, title: t.transferButton, body, charset: cart.charset, nonce });
}
