import type { Charset } from './oci-callup';

/** The highest code point a charset carries as one byte (anything above arrives mangled). */
const CEILING: Record<Charset, number> = { 'utf-8': 0x10ffff, 'iso-8859-1': 0xff, 'windows-1252': 0xff, 'us-ascii': 0x7f };

/**
 * Make a value survive the buyer's charset: characters it cannot carry lose their accents
 * (Łódź → Lodz) or become `?`, so a browser never sends `&#321;` in their place and no field
 * grows past its maximum on the way.
 */
export function fitCharset(value: string, charset: Charset): string {
  const ceiling = CEILING[charset];
  let out = '';
  for (const char of value) {
    if (char.codePointAt(0)! <= ceiling) {
      out += char;
      continue;
    }
    const base = char.normalize('NFD').replace(/\p{M}/gu, '');
    out += [...base].every((c) => c.codePointAt(0)! <= ceiling) && base ? base : (SUBSTITUTES[char] ?? '?');
  }
  return out;
}

const SUBSTITUTES: Record<string, string> = {
  'Ł': 'L', 'ł': 'l', 'Ø': 'O', 'ø': 'o', 'Đ': 'D', 'đ': 'd', 'ß': 'ss', 'Æ': 'AE', 'æ': 'ae', 'Œ': 'OE', 'œ': 'oe',
  '€': 'EUR', '–': '-', '—': '-', '‘': "'", '’': "'", '“': '"', '”': '"', '…': '...', '×': 'x',
};

/** Encode a page in the buyer's charset; characters outside it become HTML character references. */
export function encodePage(html: string, charset: Charset): Uint8Array<ArrayBuffer> {
  if (charset === 'utf-8') return new TextEncoder().encode(html);
  const ceiling = CEILING[charset];
  let safe = '';
  for (const char of html) {
    const code = char.codePointAt(0)!;
    safe += code <= ceiling ? char : `&#${code};`;
  }
  return Buffer.from(safe, 'latin1');
}
