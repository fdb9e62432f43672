/**
 * The cXML documents the local test procurement system sends as a buyer's system would
 * (../shared/CXML.md): the PunchOutSetupRequest and, after "approval", the OrderRequest for a cart
 * it received. Local stack only; the supplier side never builds these.
 */
import { cxmlDocument, xmlEscape as e } from '../punchout/cxml-document';
import type { CxmlCartCheck } from '../punchout/cxml-cart-check';

export interface BuyerCredential {
  domain: string;
  identity: string;
}

function credential(c: BuyerCredential, secret?: string): string {
  return `<Credential domain="${e(c.domain)}"><Identity>${e(c.identity)}</Identity>${secret === undefined ? '' : `<SharedSecret>${e(secret)}</SharedSecret>`}</Credential>`;
}

const USER_AGENT = '<UserAgent>Local test procurement system</UserAgent>';

export interface SetupRequestInput {
  payloadId: string;
  now: Date;
  buyer: BuyerCredential;
  secret: string;
  operation: 'create' | 'edit' | 'inspect';
  buyerCookie: string;
  browserFormPostUrl: string;
  requester: { email: string; firstName: string; lastName: string };
  /** Extrinsic name → value: the requester's (UserEmail…) and the connection's extra fields. */
  extrinsics: [name: string, value: string][];
  /** The delivery address as the buyer names it (addressID), if one was chosen. */
  shipTo?: { addressId: string; name: string };
  /** edit/inspect: the request id the earlier cart carried. */
  selectedRequestId?: string;
  test: boolean;
}

/** A PunchOutSetupRequest as Coupa or Ariba send it: Contact role="endUser" and the requester's Extrinsics. */
export function setupRequestDocument(input: SetupRequestInput): string {
  const name = [input.requester.firstName, input.requester.lastName].filter(Boolean).join(' ');
  const body = `<Header>
  <From>${credential(input.buyer)}</From>
  <To><Credential domain="DomainName"><Identity>supplier</Identity></Credential></To>
  <Sender>${credential(input.buyer, input.secret)}${USER_AGENT}</Sender>
</Header>
<Request deploymentMode="${input.test ? 'test' : 'production'}">
  <PunchOutSetupRequest operation="${input.operation}">
    <BuyerCookie>${e(input.buyerCookie)}</BuyerCookie>
    ${input.extrinsics.map(([n, v]) => `<Extrinsic name="${e(n)}">${e(v)}</Extrinsic>`).join('\n    ')}
    <BrowserFormPost><URL>${e(input.browserFormPostUrl)}</URL></BrowserFormPost>
    ${name || input.requester.email ? `<Contact role="endUser">${name ? `<Name xml:lang="en">${e(name)}</Name>` : ''}${input.requester.email ? `<Email>${e(input.requester.email)}</Email>` : ''}</Contact>` : ''}
    <SupplierSetup><URL>${e(input.browserFormPostUrl)}</URL></SupplierSetup>
    ${input.shipTo ? `<ShipTo><Address addressID="${e(input.shipTo.addressId)}"><Name xml:lang="en">${e(input.shipTo.name)}</Name></Address></ShipTo>` : ''}
    ${input.selectedRequestId ? `<SelectedItem><ItemID><SupplierPartID>selected</SupplierPartID><SupplierPartAuxiliaryID>${e(input.selectedRequestId)}</SupplierPartAuxiliaryID></ItemID></SelectedItem>` : ''}
  </PunchOutSetupRequest>
</Request>`;
  return cxmlDocument(body, { payloadId: input.payloadId, now: input.now });
}

export const ORDER_REQUEST_TYPES = ['new', 'update', 'delete'] as const;
export type OrderRequestType = (typeof ORDER_REQUEST_TYPES)[number];

export interface OrderRequestInput {
  payloadId: string;
  now: Date;
  buyer: BuyerCredential;
  /** The order shared secret the supplier gave this buyer. */
  secret: string;
  orderId: string;
  type: OrderRequestType;
  /** The cart it orders, as the buyer received and read it. */
  cart: CxmlCartCheck;
  shipTo?: { addressId: string; name: string };
  billTo: string;
  test: boolean;
}

/** ISO 8601 with an offset and no milliseconds, as cXML wants it. */
function cxmlTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '+00:00');
}

/**
 * The OrderRequest for a cart: every ItemIn becomes an ItemOut with the same ItemID (our request id
 * in SupplierPartAuxiliaryID), price, description, unit and classification. ItemOut has no Period in
 * the DTD: the rental goes in the header's DeliveryPeriod (a cart holds one rental).
 */
export function orderRequestDocument(input: OrderRequestInput): string {
  const { cart } = input;
  const total = cart.total ?? { amount: '0.00', currency: 'EUR' };
  const periods = cart.items.flatMap((i) => (i.period ? [i.period] : []));
  const address = (tag: 'ShipTo' | 'BillTo', id: string | undefined, name: string) =>
    `<${tag}><Address${id ? ` addressID="${e(id)}"` : ''}><Name xml:lang="en">${e(name)}</Name></Address></${tag}>`;
  const lines = cart.items.map((item, index) => {
    const price = item.unitPrice ?? { amount: '0.00', currency: total.currency };
    return `<ItemOut quantity="${e(item.quantity ?? '1')}" lineNumber="${index + 1}">
    <ItemID><SupplierPartID>${e(item.supplierPartId ?? '')}</SupplierPartID>${item.supplierPartAuxiliaryId ? `<SupplierPartAuxiliaryID>${e(item.supplierPartAuxiliaryId)}</SupplierPartAuxiliaryID>` : ''}</ItemID>
    <ItemDetail>
      <UnitPrice><Money currency="${e(price.currency)}">${e(price.amount)}</Money></UnitPrice>
      <Description xml:lang="${e(item.descriptionLanguage ?? 'en')}">${item.shortName ? `<ShortName>${e(item.shortName)}</ShortName>` : ''}${e(item.description ?? '')}</Description>
      <UnitOfMeasure>${e(item.unitOfMeasure ?? 'EA')}</UnitOfMeasure>
      <Classification domain="${e(item.classification?.domain || 'UNSPSC')}">${e(item.classification?.code ?? '')}</Classification>
    </ItemDetail>
  </ItemOut>`;
  });
  const supplier = cart.from[0] ?? { domain: 'DomainName', identity: 'supplier' };
  const deliveryPeriod = periods.length ? `<DeliveryPeriod><Period startDate="${e(periods[0]!.startDate)}" endDate="${e(periods[0]!.endDate)}"/></DeliveryPeriod>` : '';
  const body = `<Header>
  <From>${credential(input.buyer)}</From>
  <To>${credential(supplier)}</To>
  <Sender>${credential(input.buyer, input.secret)}${USER_AGENT}</Sender>
</Header>
<Request deploymentMode="${input.test ? 'test' : 'production'}">
  <OrderRequest>
    <OrderRequestHeader orderID="${e(input.orderId)}" orderDate="${cxmlTime(input.now)}" type="${input.type}">
      <Total><Money currency="${e(total.currency)}">${e(total.amount)}</Money></Total>
      ${input.shipTo ? address('ShipTo', input.shipTo.addressId, input.shipTo.name) : ''}
      ${address('BillTo', undefined, input.billTo)}
      ${deliveryPeriod}
    </OrderRequestHeader>
  ${lines.join('\n  ')}
  </OrderRequest>
</Request>`;
  return cxmlDocument(body, { payloadId: input.payloadId, now: input.now });
}
