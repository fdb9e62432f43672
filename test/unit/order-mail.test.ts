import { describe, expect, it } from 'vitest';
import { attachmentDisposition, FILE_NAME_MAX, parseAmount, pdfProblem, safeFileName } from '../../functions/orders/order-mail';

describe('the name an e-mailed PDF is kept under', () => {
  it.each([
    ['PO 4500012345.pdf', 'PO 4500012345.pdf'],
    ['../../etc/passwd', 'passwd.pdf'],
    ['C:\\Users\\anna\\Desktop\\po.PDF', 'po.pdf'],
    ['..', 'purchase-order.pdf'],
    ['', 'purchase-order.pdf'],
    ['.hidden.pdf', 'hidden.pdf'],
    ['invoice.exe', 'invoice.exe.pdf'],
    ['a\u0000b\u001bc\u202ed\u200be\r\nf.pdf', 'abcdef.pdf'],
    ['Bestellung Müller.pdf', 'Bestellung Müller.pdf'],
  ])('keeps %j as %j', (sent, kept) => {
    expect(safeFileName(sent)).toBe(kept);
  });

  it('cuts a long name to 120 characters without splitting a character, and keeps .pdf', () => {
    const kept = safeFileName(`${'😀'.repeat(300)}.pdf`);
    expect([...kept]).toHaveLength(FILE_NAME_MAX);
    expect(kept.endsWith('😀.pdf')).toBe(true);
    expect(kept).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});

describe('the download header', () => {
  it('gives an ASCII fallback without quotes and the exact name in RFC 8187 encoding', () => {
    expect(attachmentDisposition('PO "1" 100% Müller (2).pdf')).toBe(
      `attachment; filename="PO _1_ 100_ M_ller (2).pdf"; filename*=UTF-8''PO%20%221%22%20100%25%20M%C3%BCller%20%282%29.pdf`,
    );
  });
});

describe('an amount as typed', () => {
  it.each([
    ['151.2', 15120, '151.20'],
    ['151.20', 15120, '151.20'],
    [' 7 ', 700, '7.00'],
    ['999999999.99', 99999999999, '999999999.99'],
  ])('reads %j as %i cents', (typed, cents, amount) => {
    expect(parseAmount(typed)).toEqual({ cents, amount });
  });

  it.each(['1e9', '12,50', '-1', '0', '0.00', '1.234', '1,234.50', '01.5', '1000000000', '', '.5', 'NaN', 'Infinity', '0x10'])('refuses %j', (typed) => {
    expect(parseAmount(typed)).toHaveProperty('problem');
  });
});

describe('what counts as a PDF', () => {
  const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'latin1'));
  it('takes %PDF- sent as application/pdf, with parameters or in capitals', () => {
    expect(pdfProblem(bytes('%PDF-1.7\n'), 'application/pdf')).toBeUndefined();
    expect(pdfProblem(bytes('%PDF-1.7\n'), 'Application/PDF; name=x.pdf')).toBeUndefined();
  });

  it('names what else it is', () => {
    expect(pdfProblem(bytes('MZ\x90\x00'), 'application/pdf')).toMatch(/Windows program/);
    expect(pdfProblem(bytes('\x7fELF\x02'), 'application/pdf')).toMatch(/Linux program/);
    expect(pdfProblem(bytes('PK\x03\x04'), 'application/pdf')).toMatch(/ZIP/);
    expect(pdfProblem(bytes('  <!doctype html>'), 'application/pdf')).toMatch(/HTML/);
    expect(pdfProblem(bytes(' %PDF-1.7'), 'application/pdf')).toMatch(/starts with %PDF-/);
    expect(pdfProblem(bytes('%PDF-1.7'), 'text/html')).toMatch(/sent as text\/html/);
    expect(pdfProblem(bytes('%PDF-1.7'), '')).toMatch(/without a type/);
  });
});
