import { describe, expect, it } from 'vitest';
import { decodeForm, formEntries } from '../../functions/http/form';
import { encodePage, fitCharset } from '../../functions/punchout/charset';

const value = (form: [string, string][], name: string) => form.find(([k]) => k === name)?.[1];

function post(body: string, type = 'application/x-www-form-urlencoded'): Request {
  return new Request('http://localhost/punchout/oci', { method: 'POST', body: Buffer.from(body, 'latin1'), headers: { 'content-type': type } });
}

describe('form decoding', () => {
  it('reads O%92Brien as O’Brien for a buyer that declares windows-1252', () => {
    const form = decodeForm('HTTP_CONTENT_CHARSET=windows-1252&oci_userfullname=Sin%E9ad+O%92Brien');
    expect(value(form, 'oci_userfullname')).toBe('Sinéad O’Brien');
  });

  it('reads O%92Brien as O’Brien when the bytes are not UTF-8 and no charset is declared', () => {
    expect(value(decodeForm('oci_userfullname=O%92Brien'), 'oci_userfullname')).toBe('O’Brien');
  });

  it('takes the charset from the content type before the form field', async () => {
    const form = await formEntries(post('oci_userfullname=%A4+5&HTTP_CONTENT_CHARSET=utf-8', 'application/x-www-form-urlencoded; charset=ISO-8859-15'));
    expect(value(form, 'oci_userfullname')).toBe('€ 5');
  });

  it('reads ISO-8859-15 as ISO-8859-15, not Latin-1 (%A4 is the euro sign)', () => {
    expect(value(decodeForm('http_content_charset=iso-8859-15&x=%A4%BD'), 'x')).toBe('€œ');
  });

  it('reads UTF-8 from a buyer that declares ISO-8859-1 for its cart (a Unicode SAP system)', () => {
    expect(value(decodeForm('HTTP_CONTENT_CHARSET=iso-8859-1&x=Zo%C3%AB'), 'x')).toBe('Zoë');
    expect(value(decodeForm('HTTP_CONTENT_CHARSET=iso-8859-1&x=Zo%EB'), 'x')).toBe('Zoë');
  });

  it('still reads UTF-8 forms, raw non-ASCII bytes included', async () => {
    expect(value(decodeForm('x=caf%C3%A9+%E2%80%99'), 'x')).toBe('café ’');
    expect(value(await formEntries(post(Buffer.from('x=Zoë', 'utf8').toString('latin1'))), 'x')).toBe('Zoë');
  });

  it('answers a malformed multipart body with a 400, not a 500', async () => {
    const request = post('--nope\r\ngarbage', 'multipart/form-data; boundary=xyz');
    const error = await formEntries(request).then(
      () => undefined,
      (e: unknown) => e as { getResponse(): Response },
    );
    expect(error?.getResponse().status).toBe(400);
  });
});

describe('cart charset', () => {
  it('encodes a windows-1252 page with its own bytes for ’ and €', () => {
    const bytes = Buffer.from(encodePage('O’Brien €5', 'windows-1252'));
    expect([...bytes]).toEqual([0x4f, 0x92, 0x42, 0x72, 0x69, 0x65, 0x6e, 0x20, 0x80, 0x35]);
  });

  it('encodes an ISO-8859-15 page with € as 0xA4 and characters it lacks as references', () => {
    expect(Buffer.from(encodePage('€Ł', 'iso-8859-15')).toString('latin1')).toBe('\xa4&#321;');
  });

  it('keeps ’ for a windows-1252 buyer but fits it for a Latin-1 one', () => {
    expect(fitCharset('O’Brien — Łódź', 'windows-1252')).toBe('O’Brien — Lódz');
    expect(fitCharset('O’Brien — Łódź', 'iso-8859-1')).toBe("O'Brien - Lódz");
  });
});
