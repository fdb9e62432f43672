/**
 * The cXML cart (../shared/CXML.md, "Cart"): one PunchOutOrderMessage per request, posted by the
 * user's browser to the set-up's BrowserFormPost URL. It passes through the browser, so it carries
 * no shared secret. Free of Hono and the AWS SDK.
 */
import { TZDate } from '@date-fns/tz';
import { timeZoneOf, wallToInstant } from '../catalog/time-zone';
import { plainAmount } from '../format/money';
import { messages } from '../i18n/messages';
import type { RentalRequest } from '../requests/request';
import type { Connection } from './connection';
import { cxmlDocument, newPayloadId, xmlEscape } from './cxml-document';
import type { CxmlSessionFields } from './cxml-setup';
import { cartQuantity, DEFAULT_CATEGORY_CODING, longText, type OciCart } from './oci-cart';

/** The instant of a wall time at the rental location, with that date's offset (`2026-11-24T09:00:00+01:00`). */
export function withOffset(local: string, timeZone: string): string {
  return new TZDate(wallToInstant(local, timeZone).getTime(), timeZone).toISOString().replace(/\.\d{3}(?=[+-]|Z)/, '');
}

/**
 * The PunchOutOrderMessage for one request: a single ItemIn whose SupplierPartAuxiliaryID is the
 * request id (the buyer's OrderRequest brings it back), priced in the connection's unit like the
 * OCI cart, classified with the connection's coding, with the rental as Period.
 * operationAllowed="edit": the buyer may open the item again with a set-up of operation edit or
 * inspect (cXML's highest operation allowed; "create" would tell it never to).
 */
export function cxmlOrderMessage(
  request: RentalRequest,
  connection: Connection,
  cxml: CxmlSessionFields,
  supplier: { domain: string; identity: string },
  now: Date,
): string {
  const t = messages(request.language);
  const settings = connection.cart;
  const coding = settings.categories[request.vehicleType.category] ?? DEFAULT_CATEGORY_CODING;
  const { quantity, price } = cartQuantity(settings.unit, request.price.net, request.price.rentalDays);
  const zone = timeZoneOf(request.location);
  const money = (amount: string) => `<Money currency="${xmlEscape(request.price.currency)}">${amount}</Money>`;
  const e = xmlEscape;
  const lang = e(request.language);
  const extrinsics = connection.extraFields
    .filter((field) => request.extra[field.key])
    .map((field) => `<Extrinsic name="${e(field.key)}">${e(request.extra[field.key]!)}</Extrinsic>`);
  const body = `${messageHeader(connection, cxml, supplier)}
<Message${request.test ? ' deploymentMode="test"' : ''}>
<PunchOutOrderMessage>
  <BuyerCookie>${e(cxml.buyerCookie)}</BuyerCookie>
  <PunchOutOrderMessageHeader operationAllowed="edit"><Total>${money(plainAmount(request.price.net))}</Total></PunchOutOrderMessageHeader>
  <ItemIn quantity="${Number(quantity)}" lineNumber="1">
    <ItemID><SupplierPartID>${e(request.vehicleType.sku)}</SupplierPartID><SupplierPartAuxiliaryID>${e(request.id)}</SupplierPartAuxiliaryID></ItemID>
    <ItemDetail>
      <UnitPrice>${money(settings.unit === 'EA' ? plainAmount(request.price.net) : price)}</UnitPrice>
      <Description xml:lang="${lang}"><ShortName>${e(t.cartDescription(request.vehicleType.name, request.price.rentalDays))}</ShortName>${e(longText(request, connection))}</Description>
      <UnitOfMeasure>${settings.unit}</UnitOfMeasure>
      <Classification domain="${e(coding.schemaType)}" code="${e(coding.categoryId)}">${e(coding.categoryId)}</Classification>
    </ItemDetail>
    <Period startDate="${withOffset(request.period.pickup, zone)}" endDate="${withOffset(request.period.return, zone)}"/>
    ${extrinsics.join('')}
  </ItemIn>
</PunchOutOrderMessage>
</Message>`;
  return cxmlDocument(body, { payloadId: newPayloadId(now, supplier.identity), now, language: request.language });
}

/** The Header of a PunchOutOrderMessage: from us to the buyer named in the set-up. */
function messageHeader(connection: Pick<Connection, 'id'>, cxml: CxmlSessionFields, supplier: { domain: string; identity: string }): string {
  const e = xmlEscape;
  return `<Header>
  <From><Credential domain="${e(supplier.domain)}"><Identity>${e(supplier.identity)}</Identity></Credential></From>
  <To><Credential domain="${e(cxml.buyer.domain || 'NetworkID')}"><Identity>${e(cxml.buyer.identity || connection.id)}</Identity></Credential></To>
  <Sender><Credential domain="${e(supplier.domain)}"><Identity>${e(supplier.identity)}</Identity></Credential><UserAgent>Vehicle rental punch-out catalog</UserAgent></Sender>
</Header>`;
}

/**
 * A PunchOutOrderMessage with no ItemIn (the DTD has `ItemIn*`), the set-up's BuyerCookie and a
 * zero Total: the cXML way back to the procurement system after the session expired, as the empty
 * OCI cart is for OCI (empty-cart.ts). The buyer's system takes it as "nothing chosen".
 */
export function cxmlEmptyOrderMessage(
  connection: Pick<Connection, 'id' | 'currency' | 'status'>,
  cxml: CxmlSessionFields,
  supplier: { domain: string; identity: string },
  language: string,
  now: Date,
): string {
  const e = xmlEscape;
  const body = `${messageHeader(connection, cxml, supplier)}
<Message${connection.status === 'test' ? ' deploymentMode="test"' : ''}>
<PunchOutOrderMessage>
  <BuyerCookie>${e(cxml.buyerCookie)}</BuyerCookie>
  <PunchOutOrderMessageHeader operationAllowed="create"><Total><Money currency="${e(connection.currency)}">0.00</Money></Total></PunchOutOrderMessageHeader>
</PunchOutOrderMessage>
</Message>`;
  return cxmlDocument(body, { payloadId: newPayloadId(now, supplier.identity), now, language });
}

/** The transfer page's form for a cXML session: the message in one hidden field, as the connection asks. */
export function cxmlCartForm(message: string, action: string, connection: Pick<Connection, 'cxml'>): OciCart {
  const field = connection.cxml?.cartField ?? 'cxml-urlencoded';
  const value = field === 'cxml-base64' ? Buffer.from(message, 'utf8').toString('base64') : message;
  return { action, target: '_top', charset: 'utf-8', fields: [[field, value]] };
}
