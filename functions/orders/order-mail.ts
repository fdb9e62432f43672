/**
 * A purchase order that reached us by e-mail (Spend Cloud's "e-mail with a PDF"), recorded on its
 * request by operations: the rules for what they enter and for the PDF they attach. Plain data and
 * checks, free of Hono and the AWS SDK; the route (http/routes/ops-api-order-mail.ts) applies them.
 */
import { hasControlCharacters } from '../format/characters';
import { plainAmount } from '../format/money';

/** Largest PDF kept with a request: a scanned purchase order of a few pages fits easily. */
export const ORDER_PDF_MAX_BYTES = 2 * 1024 * 1024;
/** Longest file name kept (and given back on download), `.pdf` included. */
export const FILE_NAME_MAX = 120;
/** Longest buyer's order number: the same bound as a cXML `orderID`. */
export const ORDER_NUMBER_MAX = 64;
/** Largest amount that can be entered (net, in the request's currency): nine digits before the point. */
const AMOUNT = /^(0|[1-9]\d{0,8})(\.\d{1,2})?$/;

export const PDF_TYPE = 'application/pdf';
const FALLBACK_NAME = 'purchase-order.pdf';

/**
 * An amount as typed ("151.2", "151.20") → integer cents, or why it is not one: a point as the
 * decimal separator, at most two decimals, above zero. "12,50", "1e9" and "-1" are refused rather
 * than guessed, because a guess on an amount is a wrong mismatch flag (or a missed one).
 */
export function parseAmount(text: string): { cents: number; amount: string } | { problem: string } {
  const value = text.trim();
  if (/^-/.test(value)) return { problem: 'expected an amount above zero' };
  if (/^\d+,\d{1,2}$/.test(value)) return { problem: `expected a point as the decimal separator: ${value.replace(',', '.')}, not ${value}` };
  if (!AMOUNT.test(value)) return { problem: 'expected a plain amount with a point and at most two decimals, like 151.20 (at most 999999999.99)' };
  const [whole, fraction = ''] = value.split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (cents === 0) return { problem: 'expected an amount above zero' };
  return { cents, amount: plainAmount(cents) };
}

/** What a file's first bytes say it is, in words, for a refusal that names the problem. */
function describeContent(bytes: Uint8Array): string {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0x4d, 0x5a)) return 'a Windows program (it starts with MZ)';
  if (starts(0x7f, 0x45, 0x4c, 0x46)) return 'a Linux program (it starts with ELF)';
  if (starts(0x50, 0x4b, 0x03, 0x04)) return 'a ZIP archive or Office document';
  if (starts(0xff, 0xd8, 0xff) || starts(0x89, 0x50, 0x4e, 0x47)) return 'an image';
  const head = Buffer.from(bytes.subarray(0, 64)).toString('latin1').trimStart().toLowerCase();
  if (head.startsWith('<')) return 'HTML or XML text';
  return 'not a PDF';
}

/**
 * Why a file is not the PDF we keep, or undefined: it must be sent as application/pdf AND start
 * with `%PDF-` (both: the browser's type is only the file name's extension, the bytes are what a
 * reader will open). No leading bytes before `%PDF-` either: readers tolerate them, we need not.
 */
export function pdfProblem(bytes: Uint8Array, declaredType: string): string | undefined {
  const type = declaredType.split(';')[0].trim().toLowerCase();
  if (type !== PDF_TYPE) return `expected a PDF (${PDF_TYPE}); the file was sent as ${type || 'a file without a type'}`;
  if (!Buffer.from(bytes.subarray(0, 5)).equals(Buffer.from('%PDF-'))) {
    return `the file is named and typed as a PDF but its content is ${describeContent(bytes)}; expected a PDF, which starts with %PDF-`;
  }
  return undefined;
}

/**
 * The name a PDF is kept and downloaded under: no folders (`../`, `C:\`), no control or hidden
 * characters, no leading dots, at most FILE_NAME_MAX characters, always ending in `.pdf` (what
 * it is, whatever it was called). Nothing usable left: `purchase-order.pdf`.
 */
export function safeFileName(name: string): string {
  const base = name.normalize('NFC').split(/[\\/]/).pop() ?? '';
  const printable = [...base].map((ch) => (hasControlCharacters(ch) ? '' : ch)).join('');
  let stem = printable.replace(/\s+/g, ' ').trim().replace(/^[.\s]+/, '').replace(/\.pdf$/i, '').trim();
  if (!stem) return FALLBACK_NAME;
  // Cut by code points, so no half of a surrogate pair is left at the end.
  const room = FILE_NAME_MAX - '.pdf'.length;
  if ([...stem].length > room) stem = [...stem].slice(0, room).join('').trimEnd();
  return `${stem}.pdf`;
}

/**
 * `attachment; filename="…"; filename*=UTF-8''…` (RFC 6266 with RFC 8187): browsers save the file
 * and never show it; the quoted fallback holds printable ASCII only, without quotes or backslashes.
 */
export function attachmentDisposition(fileName: string): string {
  const fallback = [...fileName].map((ch) => (/^[\x20-\x7e]$/.test(ch) && ch !== '"' && ch !== '\\' && ch !== '%' ? ch : '_')).join('');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
