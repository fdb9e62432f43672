/** The pages' HTML helpers: one home, beside the e-mails that use them too (functions/mail/html.ts). */
export { escapeHtml, Html, html, jsonScript } from '../mail/html';
