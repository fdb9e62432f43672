import { describe, expect, it } from 'vitest';
import { checkCxmlCart, cxmlCartWarningCount } from '../../functions/punchout/cxml-cart-check';
import { cxmlOrderMessage } from '../../functions/punchout/cxml-cart';
import { orderRequestDocument, setupRequestDocument } from '../../functions/local/test-buyer-cxml';
import { dtdProblems } from '../support/cxml';
import { demoConnection, demoRequest } from '../support/fixtures';

const COOKIE = 'cookie-&-42';
const message = cxmlOrderMessage(
  demoRequest(),
  demoConnection,
  { buyerCookie: COOKIE, operation: 'create', setupPayloadId: 'p@buyer', buyer: { domain: 'NetworkID', identity: 'demo-buyer' } },
  { domain: 'DomainName', identity: 'catalog.example' },
  new Date('2026-11-22T10:00:00Z'),
);
const sent = { sentBuyerCookie: (cookie: string) => cookie === COOKIE };
const check = (xml: string, field = 'cxml-urlencoded') => checkCxmlCart([[field, xml]], sent);
const allWarnings = (xml: string) => {
  const c = check(xml);
  return [...c.warnings, ...c.items.flatMap((i) => i.warnings)].join('\n');
};

describe('the cXML cart check of the test procurement page', () => {
  it('reads our own cart with no warnings: items, Period, price, the BuyerCookie echoed', () => {
    const c = check(message);
    expect(cxmlCartWarningCount(c)).toBe(0);
    expect(c).toMatchObject({ field: 'cxml-urlencoded', buyerCookie: COOKIE, operationAllowed: 'edit', total: { amount: '247.50', currency: 'EUR' } });
    expect(c.items).toHaveLength(1);
    expect(c.items[0]).toMatchObject({ supplierPartId: 'FF-ESTATE-OCTAVIA', supplierPartAuxiliaryId: 'RQ-261122-7K3M9Q', quantity: '1', unitOfMeasure: 'EA', unitPrice: { amount: '247.50', currency: 'EUR' } });
    expect(c.items[0]!.period).toEqual({ startDate: '2026-12-07T09:00:00+01:00', endDate: '2026-12-12T09:00:00+01:00' });
  });

  it('decodes a cxml-base64 field alike, and says so when neither field came', () => {
    expect(cxmlCartWarningCount(check(Buffer.from(message).toString('base64'), 'cxml-base64'))).toBe(0);
    expect(checkCxmlCart([['NEW_ITEM-DESCRIPTION[1]', 'x']], sent).warnings[0]).toContain('No cxml-urlencoded or cxml-base64 field');
    expect(check('not base64 !', 'cxml-base64').warnings).toContain('The cxml-base64 field is not base64.');
  });

  it('warns when the BuyerCookie is not the one sent in a set-up, or missing', () => {
    expect(allWarnings(message.replace('cookie-&amp;-42', 'other'))).toContain('not one this buyer sent');
    expect(allWarnings(message.replace(/<BuyerCookie>.*<\/BuyerCookie>/, '<BuyerCookie></BuyerCookie>'))).toContain('The BuyerCookie is missing');
  });

  it('warns when the SupplierPartAuxiliaryID is missing: the order could not name the request', () => {
    expect(allWarnings(message.replace(/<SupplierPartAuxiliaryID>.*<\/SupplierPartAuxiliaryID>/, ''))).toContain('SupplierPartAuxiliaryID is missing');
  });

  it('warns about Money with a comma, thousands separators or a bad currency, and a Total that is not the sum', () => {
    const comma = allWarnings(message.replace('<UnitPrice><Money currency="EUR">247.50</Money>', '<UnitPrice><Money currency="EUR">247,50</Money>'));
    expect(comma).toContain('UnitPrice "247,50" is not a plain amount');
    expect(allWarnings(message.replace('<Total><Money currency="EUR">247.50', '<Total><Money currency="euro">1,247.50'))).toMatch(/Total "1,247.50" is not a plain amount[\s\S]*Total currency "euro"/);
    expect(allWarnings(message.replace('<Total><Money currency="EUR">247.50', '<Total><Money currency="EUR">250.00'))).toContain('is not the sum of quantity × UnitPrice (247.50)');
  });

  it('warns about a Period without an offset, or ending before it starts', () => {
    expect(allWarnings(message.replace('startDate="2026-12-07T09:00:00+01:00"', 'startDate="2026-12-07T09:00:00"'))).toContain('Period startDate "2026-12-07T09:00:00" is not a date-time with an offset');
    expect(allWarnings(message.replace('startDate="2026-12-07T09:00:00+01:00"', 'startDate="2026-12-13T09:00:00+01:00"'))).toContain('Period startDate is not before endDate');
    expect(allWarnings(message.replace(/<Period [^>]*\/>/, ''))).toContain('Period is missing');
  });

  it('warns loudly about a SharedSecret in the cart, which passes through the browser', () => {
    const leaky = message.replace('<Identity>catalog.example</Identity></Credential><UserAgent>', '<Identity>catalog.example</Identity><SharedSecret>demo-secret</SharedSecret></Credential><UserAgent>');
    expect(leaky).not.toBe(message);
    expect(allWarnings(leaky)).toContain('carries a SharedSecret');
  });

  it('warns about an operationAllowed outside create, inspect and edit, and a unit that is not a UN/CEFACT code', () => {
    expect(allWarnings(message.replace('operationAllowed="edit"', 'operationAllowed="order"'))).toContain('operationAllowed "order" is not create, inspect or edit');
    expect(allWarnings(message.replace('<UnitOfMeasure>EA</UnitOfMeasure>', '<UnitOfMeasure>piece</UnitOfMeasure>'))).toContain('UnitOfMeasure "piece" is not a UN/CEFACT code');
  });

  it('reports an XXE attempt or broken XML as unreadable, never reading an entity', () => {
    const xxe = message.replace(/<!DOCTYPE[^>]*>/, '<!DOCTYPE cXML [<!ENTITY x SYSTEM "file:///etc/passwd">]>').replace('cookie-&amp;-42', '&x;');
    expect(allWarnings(xxe)).toContain('cannot be read: DOCTYPE declarations with an internal subset');
    expect(allWarnings(xxe)).not.toContain('root:');
    expect(allWarnings('<cXML><Header>')).toContain('not well-formed');
  });

  it('the buyer documents the page sends are valid against the cXML DTD: the set-up and the OrderRequest for a cart', async () => {
    const now = new Date('2026-11-22T10:00:00Z');
    const setup = setupRequestDocument({
      payloadId: '1@test-buyer.local', now, buyer: { domain: 'NetworkID', identity: 'demo-buyer' }, secret: 's', operation: 'create', buyerCookie: 'c<&>',
      browserFormPostUrl: 'http://localhost:3000/buyer/cxml/cart', requester: { email: 'jane@acme.example', firstName: 'Jane', lastName: 'Doe' },
      extrinsics: [['UserEmail', 'jane@acme.example'], ['oci_costcenter', 'CC-1042']], shipTo: { addressId: 'RTM-HQ', name: 'Head office' }, test: true,
    });
    expect(await dtdProblems(setup)).toBe('');
    const order = orderRequestDocument({
      payloadId: '2@test-buyer.local', now, buyer: { domain: 'NetworkID', identity: 'demo-buyer' }, secret: 'demo-order-secret', orderId: '4500012345', type: 'new',
      cart: check(message), shipTo: { addressId: 'RTM-HQ', name: 'Head office' }, billTo: 'Accounts payable', test: false,
    });
    expect(await dtdProblems(order)).toBe('');
    expect(order).toContain('<SupplierPartAuxiliaryID>RQ-261122-7K3M9Q</SupplierPartAuxiliaryID>');
    expect(order).toContain('<Total><Money currency="EUR">247.50</Money></Total>');
  });
});
