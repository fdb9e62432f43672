/**
 * The cXML ConfirmationRequest we post to a buyer's system (../shared/CXML.md, Fulfill.dtd), built
 * from what the outbox keeps (orders/confirmation.ts), and the reading of the buyer's answer. The
 * same message always gives the same document (its payloadID and dates were fixed when it was
 * enqueued), so a retry is a resend the buyer can recognise. Free of Hono and the AWS SDK.
 */
import type { OrderConfirmation } from '../orders/confirmation';
import { attributeOf, child, cxmlDocument, FULFILL_DOCTYPE, parseCxml, textOf, xmlEscape as e } from './cxml-document';

export interface Credential {
  domain: string;
  identity: string;
}

export interface ConfirmationParties {
  /** Us, as the buyer knows us (supplierCredential). */
  from: Credential;
  /** The buyer: the connection's cXML credential. */
  to: Credential;
  /** The shared secret the buyer gave us, unsealed just before sending (or a placeholder for the payload log). */
  sharedSecret: string;
}

/** What the payload log keeps in place of the shared secret. */
export const REDACTED_SECRET = '[redacted]';

const credential = ({ domain, identity }: Credential, secret?: string) =>
  `<Credential domain="${e(domain)}"><Identity>${e(identity)}</Identity>${secret === undefined ? '' : `<SharedSecret>${e(secret)}</SharedSecret>`}</Credential>`;

function item(c: OrderConfirmation): string {
  if (!c.line) return '';
  const { lineNumber, quantity, unitOfMeasure } = c.line;
  // A detail tells what differs from the order: here the vehicle, in words for the buyer's people.
  const comments = c.comment ? `\n          <Comments xml:lang="en">${e(c.comment)}</Comments>` : '';
  return `
      <ConfirmationItem quantity="${quantity}" lineNumber="${lineNumber}">
        <UnitOfMeasure>${e(unitOfMeasure)}</UnitOfMeasure>
        <ConfirmationStatus quantity="${quantity}" type="accept">
          <UnitOfMeasure>${e(unitOfMeasure)}</UnitOfMeasure>${comments}
        </ConfirmationStatus>
      </ConfirmationItem>`;
}

/** The whole ConfirmationRequest document, DOCTYPE Fulfill.dtd. */
export function confirmationRequestDocument(c: OrderConfirmation, parties: ConfirmationParties): string {
  const header = [
    c.previousPayloadId ? `<DocumentReference payloadID="${e(c.previousPayloadId)}"/>` : '',
    // A reject says why in the header (Fulfill.dtd: no item detail); a detail says it on its item.
    c.comment && !c.line ? `<Comments xml:lang="en">${e(c.comment)}</Comments>` : '',
  ].filter(Boolean);
  const body = `  <Header>
    <From>${credential(parties.from)}</From>
    <To>${credential(parties.to)}</To>
    <Sender>${credential(parties.from, parties.sharedSecret)}<UserAgent>Vehicle rental punch-out catalog</UserAgent></Sender>
  </Header>
  <Request deploymentMode="${c.test ? 'test' : 'production'}">
    <ConfirmationRequest>
      <ConfirmationHeader type="${c.type}" noticeDate="${e(c.noticeDate)}" operation="${c.operation}" confirmID="${e(c.confirmId)}">${header.map((h) => `\n        ${h}`).join('')}
      </ConfirmationHeader>
      <OrderReference orderID="${e(c.order.orderNumber)}" orderDate="${e(c.order.orderDate)}">
        <DocumentReference payloadID="${e(c.order.payloadId)}"/>
      </OrderReference>${item(c)}
    </ConfirmationRequest>
  </Request>`;
  return cxmlDocument(body, { payloadId: c.payloadId, now: new Date(c.noticeDate), language: 'en', doctype: FULFILL_DOCTYPE });
}

/** The buyer's answer as far as it is a cXML Response: its Status code and text (with the reason, if any). */
export function readBuyerAnswer(text: string): { code: number; text: string } | undefined {
  const parsed = parseCxml(text);
  if (!parsed.ok) return undefined;
  const status = child(child(parsed.root, 'Response'), 'Status');
  const code = Number(attributeOf(status, 'code'));
  if (!status || !Number.isInteger(code)) return undefined;
  const words = [attributeOf(status, 'text'), textOf(status)].filter(Boolean).join(': ');
  return { code, text: words.slice(0, 300) };
}
