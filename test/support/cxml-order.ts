import { randomUUID } from 'node:crypto';

/** One ItemOut of a test OrderRequest. */
export interface TestLine {
  requestId?: string;
  sku?: string;
  quantity?: number;
  unitPrice?: string;
}

/** An OrderRequest as a buyer's system sends it (DTD-valid unless a part is replaced); the rental period goes in DeliveryPeriod. */
export function orderRequest(
  parts: {
    payloadId?: string;
    identity?: string;
    secret?: string;
    orderId?: string;
    type?: 'new' | 'update' | 'delete' | string;
    total?: string;
    currency?: string;
    period?: { start: string; end: string };
    addressId?: string;
    lines?: TestLine[];
    doctype?: string;
    /** `test` orders match only test requests. */
    deploymentMode?: 'production' | 'test';
  } = {},
): string {
  const {
    payloadId = `${Date.now()}.${randomUUID()}@buyer.example`,
    identity = 'demo-buyer',
    secret = 'order-secret',
    orderId = `4500${Math.floor(Math.random() * 1e6)}`,
    type = 'new',
    total = '100.00',
    currency = 'EUR',
    period,
    addressId = 'RTM-HQ',
    lines = [{}],
    deploymentMode = 'production',
    doctype = '<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd">',
  } = parts;
  const items = lines
    .map(
      (line, i) => `    <ItemOut quantity="${line.quantity ?? 1}" lineNumber="${i + 1}">
      <ItemID><SupplierPartID>${line.sku ?? 'EST-OCT'}</SupplierPartID>${line.requestId ? `<SupplierPartAuxiliaryID>${line.requestId}</SupplierPartAuxiliaryID>` : ''}</ItemID>
      <ItemDetail>
        <UnitPrice><Money currency="${currency}">${line.unitPrice ?? total}</Money></UnitPrice>
        <Description xml:lang="en">Estate car rental</Description>
        <UnitOfMeasure>EA</UnitOfMeasure>
        <Classification domain="UNSPSC">78111808</Classification>
      </ItemDetail>
    </ItemOut>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
${doctype}
<cXML payloadID="${payloadId}" timestamp="2026-11-23T10:00:00+01:00" xml:lang="en-US">
  <Header>
    <From><Credential domain="NetworkID"><Identity>${identity}</Identity></Credential></From>
    <To><Credential domain="DUNS"><Identity>supplier</Identity></Credential></To>
    <Sender><Credential domain="NetworkID"><Identity>${identity}</Identity><SharedSecret>${secret}</SharedSecret></Credential><UserAgent>Test buyer</UserAgent></Sender>
  </Header>
  <Request deploymentMode="${deploymentMode}">
    <OrderRequest>
    <OrderRequestHeader orderID="${orderId}" orderDate="2026-11-23T10:00:00+01:00" type="${type}">
      <Total><Money currency="${currency}">${total}</Money></Total>
      <ShipTo><Address addressID="${addressId}"><Name xml:lang="en">Head office</Name><PostalAddress><Street>Havenweg 1</Street><City>Rotterdam</City><PostalCode>3011 AA</PostalCode><Country isoCountryCode="NL">Netherlands</Country></PostalAddress></Address></ShipTo>
      <BillTo><Address><Name xml:lang="en">Acme Logistics</Name></Address></BillTo>
      ${period ? `<DeliveryPeriod><Period startDate="${period.start}" endDate="${period.end}"/></DeliveryPeriod>` : ''}
    </OrderRequestHeader>
${items}
    </OrderRequest>
  </Request>
</cXML>
`;
}
