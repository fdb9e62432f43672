import iconv from 'iconv-lite';
import type { Charset } from './oci-callup';

/**
 * The buyer's charset, both ways, with a real codec: Node's TextDecoder maps windows-1252's
 * 0x80-0x9F to C1 controls (`O%92Brien` would read as `O\u0092Brien`), iconv-lite maps them
 * to the characters a buyer's page means (`O’Brien`). All supported charsets but UTF-8 are
 * single-byte, so what one can carry is the 256 characters its bytes decode to.
 */
const repertoires = new Map<Charset, Set<string>>();

function repertoire(charset: Exclude<Charset, 'utf-8'>): Set<string> {
  let chars = repertoires.get(charset);
  if (!chars) {
    const bytes = Buffer.from(Array.from({ length: charset === 'us-ascii' ? 0x80 : 0x100 }, (_, i) => i));
    chars = new Set([...iconv.decode(bytes, charset)].filter((c) => c !== '\ufffd'));
    repertoires.set(charset, chars);
  }
  return chars;
}

const carries = (charset: Charset, text: string) =>
  charset === 'utf-8' || [...text].every((c) => repertoire(charset).has(c));

/** Decode bytes the buyer sent in `charset` (a form value, already percent-decoded). */
export function decodeBytes(bytes: Uint8Array, charset: Charset): string {
  return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), charset);
}

/**
 * Make a value survive the buyer's charset: characters it cannot carry lose their accents
 * (Łódź → Lodz) or become `?`, so a browser never sends `&#321;` in their place and no field
 * grows past its maximum on the way.
 */
export function fitCharset(value: string, charset: Charset): string {
  if (charset === 'utf-8') return value;
  let out = '';
  for (const char of value) {
    if (carries(charset, char)) {
      out += char;
      continue;
    }
    const base = char.normalize('NFD').replace(/\p{M}/gu, '');
    out += base && carries(charset, base) ? base : (SUBSTITUTES[char] ?? '?');
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
  let safe = '';
  for (const char of html) safe += carries(charset, char) ? char : `&#${char.codePointAt(0)};`;
  const bytes = iconv.encode(safe, charset);
  return new Uint8Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}
