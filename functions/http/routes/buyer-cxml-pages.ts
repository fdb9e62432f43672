/**
 * The pages of the test procurement system's cXML mode (local stack only). Everything shown came
 * over the network (a cart through the browser, answers, confirmations): every value is escaped by
 * `html`, documents are shown as text.
 */
import { type CxmlCartCheck, cxmlCartWarningCount } from '../../punchout/cxml-cart-check';
import { Html, html } from '../../mail/html';
import { layout } from '../pages/layout';
import type { SentSetup } from './buyer-cxml';

/** A document sent and the answer that came back, shown as text. */
export interface ExchangeView {
  title: string;
  sent: string;
  answer?: string;
  error?: string;
}

/** A ConfirmationRequest the test buyer received. */
export interface ReceivedConfirmation {
  payloadId: string;
  receivedAt: string;
  type: string;
  operation: string;
  confirmId: string;
  orderId: string;
  /** The OrderRequest's payloadID it refers to (DocumentReference). */
  orderPayloadId: string;
  buyer: string;
  /** Whether the Sender's SharedSecret was checked (the demo connections' secret is known). */
  secretChecked: boolean;
  /** How often the same payloadID arrived (a buyer dedupes by it). */
  copies: number;
  xml: string;
}

const STYLE = new Html(`<style>pre{white-space:pre-wrap;word-break:break-all;background:#fff;border:1px solid #d5dbe5;padding:.75rem;font-size:.8rem;max-height:24rem;overflow:auto}
summary,td code{word-break:break-all}dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem}dt{font-weight:600}dd{margin:0;word-break:break-all}
form.order{background:#fff;border:1px solid #d5dbe5;border-radius:6px;padding:1rem;display:grid;gap:.6rem;max-width:30rem}
form.order label{display:grid;gap:.2rem}.value{white-space:pre-wrap}input,select{font:inherit;padding:.3rem}main{max-width:64rem}</style>`);

function page(title: string, body: Html): Html {
  return layout({ lang: 'en', title, head: STYLE, body: html`<main>${body}
<p><a href="/buyer?protocol=cxml">Punch out again</a> · <a href="/buyer/cxml/confirmations">Confirmations received</a></p></main>` });
}

function documents(exchange: ExchangeView): Html {
  return html`<details class="exchange"><summary>${exchange.title} sent (shared secret redacted)</summary><pre>${exchange.sent}</pre></details>
${exchange.answer === undefined ? '' : html`<details class="exchange" open><summary>Answer</summary><pre id="answer">${exchange.answer}</pre></details>`}`;
}

/** A set-up refused or an order answered: the cXML Status, and both documents. */
export function exchangePage(view: ExchangeView & { heading: string; code?: string; statusText?: string; reason?: string; resend?: string }): Html {
  const ok = view.code === '200';
  return page(
    view.heading,
    html`<h1>${view.heading}</h1>
<p class="notice ${ok ? 'ok' : ''}" id="status" data-code="${view.code ?? ''}">cXML Status <strong>${view.code || '—'}</strong> ${view.statusText ?? ''}${view.reason ? html`<br><span id="reason">${view.reason}</span>` : ''}${view.error ? html` <span class="warn">(${view.error})</span>` : ''}</p>
${view.resend ? html`<form method="post" action="/buyer/cxml/order"><input type="hidden" name="resend" value="${view.resend}"><button type="submit" id="resend">Send the same document again</button> <span class="hint">same payloadID: the supplier must answer alike and store nothing twice</span></form>` : ''}
${documents(view)}`,
  );
}

function credentials(list: { domain: string; identity: string }[]): string {
  return list.map((c) => `${c.domain}: ${c.identity}`).join(', ') || '—';
}

/** The cart as a buyer's system reads it, its warnings, and the purchase order to send for it. */
export function cartPage(check: CxmlCartCheck, options: { setup?: SentSetup; orderNumber: string; orderSecret: string }): Html {
  const count = cxmlCartWarningCount(check);
  const { setup } = options;
  const buyer = setup?.buyer ?? check.to[0] ?? { domain: 'NetworkID', identity: '' };
  const fact = (term: string, value: string | undefined, id: string) => html`<dt>${term}</dt><dd data-fact="${id}">${value ?? '—'}</dd>`;
  return page(
    'cXML cart received',
    html`<h1>cXML cart received</h1>
<p class="notice ${count ? '' : 'ok'}" id="cart-summary" data-warnings="${count}">
${check.items.length} item(s) in ${check.field ?? 'no cXML field'}; ${count ? `${count} cXML warning(s)` : 'no cXML warnings'}.</p>
<ul id="cart-warnings">${check.warnings.map((w) => html`<li class="warn">${w}</li>`)}</ul>
<dl id="cart-envelope">
${fact('payloadID', check.payloadId, 'payloadID')}${fact('timestamp', check.timestamp, 'timestamp')}${fact('deploymentMode', check.deploymentMode, 'deploymentMode')}
${fact('From', credentials(check.from), 'from')}${fact('To', credentials(check.to), 'to')}${fact('Sender', credentials(check.sender), 'sender')}
${fact('BuyerCookie', check.buyerCookie, 'buyerCookie')}${fact('BuyerCookie echoed', setup ? 'yes, as sent in the set-up' : 'no set-up of this buyer has it', 'cookieEchoed')}
${fact('operationAllowed', check.operationAllowed, 'operationAllowed')}${fact('Total', check.total && `${check.total.amount} ${check.total.currency}`, 'total')}
</dl>
<table id="cart-items"><thead><tr><th scope="col">Line</th><th scope="col">Item</th><th scope="col">Request (SupplierPartAuxiliaryID)</th><th scope="col">Qty × unit price</th><th scope="col">Period</th><th scope="col">Classification</th><th scope="col">Warnings</th></tr></thead>
<tbody>${check.items.map(
      (item) => html`<tr data-request="${item.supplierPartAuxiliaryId ?? ''}"><td>${item.lineNumber ?? ''}</td>
<td><strong>${item.shortName ?? ''}</strong> <code>${item.supplierPartId ?? ''}</code><div class="value">${item.description ?? ''}</div>${item.extrinsics.map((x) => html`<br><code>${x.name}</code> = ${x.value}`)}</td>
<td><code class="request-id">${item.supplierPartAuxiliaryId ?? ''}</code></td>
<td>${item.quantity ?? ''} ${item.unitOfMeasure ?? ''} × ${item.unitPrice ? `${item.unitPrice.amount} ${item.unitPrice.currency}` : ''}</td>
<td>${item.period ? html`${item.period.startDate}<br>${item.period.endDate}` : ''}</td>
<td>${item.classification ? `${item.classification.domain} ${item.classification.code}` : ''}</td>
<td class="warn">${item.warnings.join(' ')}</td></tr>`,
    )}</tbody></table>
${check.items.length ? orderForm(check, options, buyer) : ''}
<details><summary>The message as received</summary><pre id="cart-xml">${check.xml ?? ''}</pre></details>
${setup ? documents(setup.exchange) : ''}`,
  );
}

function orderForm(check: CxmlCartCheck, options: { setup?: SentSetup; orderNumber: string; orderSecret: string }, buyer: { domain: string; identity: string }): Html {
  const { setup } = options;
  return html`<h2>After approval: the purchase order</h2>
<form class="order" method="post" action="/buyer/cxml/order">
<input type="hidden" name="cart" value="${check.xml ?? ''}">
<input type="hidden" name="connectionId" value="${setup?.connectionId ?? ''}">
<label>PO number (orderID) <input name="orderNumber" value="${options.orderNumber}" maxlength="64" required></label>
<label>Type <select name="type"><option value="new">new</option><option value="update">update</option><option value="delete">delete (withdraw the order)</option></select></label>
<label>Credential domain <input name="domain" value="${buyer.domain}"></label>
<label>Identity <input name="identity" value="${buyer.identity}"></label>
<label>Order shared secret <input name="secret" type="password" value="${options.orderSecret}" autocomplete="off"></label>
<label>ShipTo addressID <input name="shipTo" value="${setup?.shipTo?.addressId ?? ''}"></label>
<input type="hidden" name="shipToName" value="${setup?.shipTo?.name ?? ''}">
<button type="submit" id="send-order">Send purchase order</button>
</form>`;
}

/** Every ConfirmationRequest received, newest first. */
export function confirmationsPage(received: ReceivedConfirmation[]): Html {
  return page(
    'Confirmations received',
    html`<h1>Confirmations received</h1>
<p>ConfirmationRequests the supplier posted to <code>/buyer/cxml/confirmations</code> (kept in this process’s memory until it stops). Answered with cXML Status 200; a resend with the same payloadID is counted, not listed again.</p>
<table id="confirmations"><thead><tr><th scope="col">Received</th><th scope="col">Type</th><th scope="col">Operation</th><th scope="col">PO number</th><th scope="col">Refers to order payloadID</th><th scope="col">Copies</th><th scope="col">Secret</th><th scope="col">Document</th></tr></thead>
<tbody>${received.map(
      (r) => html`<tr data-type="${r.type}" data-order="${r.orderId}" data-copies="${r.copies}"><td>${r.receivedAt}</td><td>${r.type}</td><td>${r.operation}</td><td>${r.orderId}</td><td><code>${r.orderPayloadId}</code></td><td>${r.copies}</td>
<td>${r.secretChecked ? 'checked' : 'not known here, not checked'}</td><td><details><summary>${r.payloadId}</summary><pre>${r.xml}</pre></details></td></tr>`,
    )}</tbody></table>
${received.length ? '' : html`<p id="none">None yet. Send a purchase order from a cXML cart, then confirm the request in the console.</p>`}`,
  );
}
