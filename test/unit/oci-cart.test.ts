import { describe, expect, it } from 'vitest';
import { buildCart, cartQuantity, clip, wrap } from '../../functions/punchout/oci-cart';
import { checkCart } from '../../functions/punchout/oci-cart-check';
import { encodePage, fitCharset } from '../../functions/punchout/charset';
import { transferPage } from '../../functions/http/pages/transfer-page';
import { demoConnection, demoRequest } from '../support/fixtures';

const hook = new URL('https://srm.acme.example/sap/bc/srm/hook?sap-client=100');
const context = { hook, target: '_top', targetParam: '_top', okCode: 'ADDI', caller: 'CTLG', charset: 'utf-8' as const };
const now = '2026-11-22T10:00';

describe('OCI cart', () => {
  it('encodes a 5-day estate rental as one service line, right to the letter', () => {
    const cart = buildCart(demoRequest(), demoConnection, context, now);
    expect(cart.action).toBe('https://srm.acme.example/sap/bc/srm/hook');
    expect(cart.target).toBe('_top');
    const fields = Object.fromEntries(cart.fields);
    // 5 days × €55 list, 10% off = €247.50 net; the week rate (€275 → €247.50) ties, days win.
    expect(fields).toMatchObject({
      'sap-client': '100',
      'NEW_ITEM-DESCRIPTION[1]': 'Estate, 5 days',
      'NEW_ITEM-QUANTITY[1]': '1.000',
      'NEW_ITEM-UNIT[1]': 'EA',
      'NEW_ITEM-PRICE[1]': '247.500',
      'NEW_ITEM-CURRENCY[1]': 'EUR',
      'NEW_ITEM-PRICEUNIT[1]': '1',
      'NEW_ITEM-LEADTIME[1]': '15',
      'NEW_ITEM-VENDOR[1]': '100234',
      'NEW_ITEM-VENDORMAT[1]': 'FF-ESTATE-OCTAVIA',
      'NEW_ITEM-MATGROUP[1]': 'RENTAL',
      'NEW_ITEM-SERVICE[1]': 'X',
      'NEW_ITEM-EXT_QUOTE_ID[1]': 'RQ-261122-7K3M9Q',
      'NEW_ITEM-EXT_QUOTE_ITEM[1]': '1',
      'NEW_ITEM-EXT_PRODUCT_ID[1]': 'RQ-261122-7K3M9Q',
      'NEW_ITEM-EXT_SCHEMA_TYPE[1]': 'UNSPSC',
      'NEW_ITEM-EXT_CATEGORY_ID[1]': '78111808',
      'NEW_ITEM-CUST_FIELD5[1]': '4500012345',
      'NEW_ITEM-CUST_FIELD1[1]': 'CC-1042',
      '~OkCode': 'ADDI',
      '~TARGET': '_top',
      '~CALLER': 'CTLG',
    });
    expect(fields).not.toHaveProperty('NEW_ITEM-MATNR[1]');
    const longText = fields['NEW_ITEM-LONGTEXT_1:132[]'];
    expect(longText).toContain('Pick-up: 2026-12-07 09:00, Amsterdam Sloterdijk');
    expect(longText).toContain('Return: 2026-12-12 09:00');
    expect(longText).toContain('Requested by: Jane Doe <jane.doe@acme.example>');
    expect(longText).toContain('PO number: 4500012345');
    expect(longText).toContain('RQ-261122-7K3M9Q');
    expect(longText.split('\n').every((line) => line.length <= 132)).toBe(true);
  });

  it('passes its own OCI check with no warnings', () => {
    const cart = buildCart(demoRequest(), demoConnection, context, now);
    const check = checkCart(cart.fields);
    expect(check.itemWarnings).toEqual([]);
    expect(check.fields.flatMap((f) => f.warnings)).toEqual([]);
  });

  it('keeps every field within its maximum, cutting long names at a word', () => {
    const long = demoRequest({
      vehicleType: { ...demoRequest().vehicleType, name: 'Extraordinarily spacious family estate with towbar and roof box' },
    });
    const fields = Object.fromEntries(buildCart(long, demoConnection, context, now).fields);
    expect(fields['NEW_ITEM-DESCRIPTION[1]']).toBe('Extraordinarily spacious family estate');
    expect(clip('abcdefghijklmnopqrstuvwxyz', 10)).toBe('abcdefghij');
    expect(wrap('word '.repeat(60)).every((line) => line.length <= 132)).toBe(true);
    expect(wrap('x'.repeat(300))).toEqual(['x'.repeat(132), 'x'.repeat(132), 'x'.repeat(36)]);
  });

  it('echoes only the echoes the buyer sent', () => {
    const fields = Object.fromEntries(buildCart(demoRequest(), demoConnection, { hook, target: '_top', charset: 'utf-8' }, now).fields);
    expect(Object.keys(fields).filter((k) => k.startsWith('~'))).toEqual([]);
  });

  it('fits values to a Latin-1 buyer without growing them', () => {
    expect(fitCharset('Łukasz Żółć — café', 'iso-8859-1')).toBe('Lukasz Zólc - café');
    const request = demoRequest({ requester: { email: 'l@acme.example', fullName: 'Łukasz Żółć' } });
    const cart = buildCart(request, demoConnection, { ...context, charset: 'iso-8859-1' }, now);
    const longText = Object.fromEntries(cart.fields)['NEW_ITEM-LONGTEXT_1:132[]'];
    expect(longText).toContain('Lukasz Zólc');
    expect([...longText].every((c) => c.codePointAt(0)! <= 0xff)).toBe(true);
  });

  it('renders the transfer page in the buyer charset with every value escaped', () => {
    const request = demoRequest({ requester: { email: 'x@acme.example', fullName: 'Zoë "<script>alert(1)</script>"' } });
    const cart = buildCart(request, demoConnection, { ...context, charset: 'iso-8859-1' }, now);
    const page = transferPage(cart, 'en', request.id, 'nonce123').value;
    expect(page).toContain('<meta charset="iso-8859-1">');
    expect(page).toContain('accept-charset="iso-8859-1"');
    expect(page).toContain('action="https://srm.acme.example/sap/bc/srm/hook"');
    expect(page).toContain('<input type="hidden" name="sap-client" value="100">');
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('Zoë &quot;&lt;script&gt;alert(1)&lt;/script&gt;&quot;');
    const bytes = encodePage(page, 'iso-8859-1');
    expect(Buffer.from(bytes).includes(Buffer.from([0x5a, 0x6f, 0xeb]))).toBe(true); // "Zoë" as Latin-1
  });
});

describe('cart unit', () => {
  it('sends EA as one line at the whole rental and DAY as the days at the net price per day, to a tenth of a cent', () => {
    expect(cartQuantity('EA', 24750, 5)).toEqual({ quantity: '1.000', price: '247.500' });
    expect(cartQuantity('DAY', 24750, 5)).toEqual({ quantity: '5.000', price: '49.500' });
    // 100.00 over 3 days: 33.333 a day; 3 × 33.333 = 99.999, which is 100.00 to the cent.
    expect(cartQuantity('DAY', 10000, 3)).toEqual({ quantity: '3.000', price: '33.333' });
    // Half a tenth of a cent rounds up: 0.01 over 4 days is 0.0025 a day, sent as 0.003.
    expect(cartQuantity('DAY', 1, 4)).toEqual({ quantity: '4.000', price: '0.003' });
  });

  it('keeps PRICE × QUANTITY within days × 0.05 cent of the quote for every rental up to 42 days', () => {
    for (let days = 1; days <= 42; days++) {
      for (const net of [1, 999, 10_001, 33_333, 123_457, 999_999]) {
        const { quantity, price } = cartQuantity('DAY', net, days);
        const total = Number(price) * Number(quantity) * 100;
        expect(Math.abs(total - net), `${net} over ${days}`).toBeLessThanOrEqual(days * 0.05 + 1e-6);
        if (days <= 10) expect(Math.round(total), `${net} over ${days}`).toBe(net);
      }
    }
  });

  it("carries the delivery address's location code in the chosen CUST_FIELD and the category coding of the vehicle", () => {
    const connection = {
      ...demoConnection,
      cart: { unit: 'DAY' as const, matGroup: 'RENTAL', categories: { estate: { matGroup: '4311', schemaType: 'ECLASS', categoryId: '41-01-01', categoryName: 'Estate rental' } }, deliveryCustField: 2 as const },
    };
    const request = demoRequest({ deliveryAddress: { id: 'hq', label: 'Head office', address: 'Havenweg 1, Rotterdam', locationCode: 'RTM-HQ', customerNumber: 'C-1' } });
    const fields = Object.fromEntries(buildCart(request, connection, context, now).fields);
    expect(fields).toMatchObject({
      'NEW_ITEM-CUST_FIELD2[1]': 'RTM-HQ',
      'NEW_ITEM-UNIT[1]': 'DAY',
      'NEW_ITEM-QUANTITY[1]': '5.000',
      'NEW_ITEM-MATGROUP[1]': '4311',
      'NEW_ITEM-EXT_SCHEMA_TYPE[1]': 'ECLASS',
      'NEW_ITEM-EXT_CATEGORY_ID[1]': '41-01-01',
      'NEW_ITEM-EXT_CATEGORY[1]': 'Estate rental',
    });
    expect(fields['NEW_ITEM-LONGTEXT_1:132[]']).toContain('Delivery address: Head office, Havenweg 1, Rotterdam (location code RTM-HQ, customer number C-1)');
    expect(fields).not.toHaveProperty('NEW_ITEM-VENDOR[1]');
  });
});

describe('OCI cart check', () => {
  it('warns about lengths, number formats, index 0 and missing required fields', () => {
    const check = checkCart([
      ['NEW_ITEM-DESCRIPTION[0]', 'x'.repeat(41)],
      ['NEW_ITEM-QUANTITY[0]', '1,5'],
      ['NEW_ITEM-PRICE[0]', '1.234,50'],
    ]);
    const warnings = check.fields.flatMap((f) => f.warnings).join(' | ');
    expect(warnings).toContain('more than the maximum of 40');
    expect(warnings).toContain('Index 0');
    expect(warnings).toContain('Not an OCI number');
    expect(check.itemWarnings.map((w) => w.warning)).toEqual([
      'UNIT is required when MATNR is empty.',
      'CURRENCY is required when PRICE is filled.',
    ]);
  });
});
