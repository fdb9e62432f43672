/**
 * The bytes of a cXML document as text: the character encoding it declares is honoured (a
 * byte-order mark first, then the Content-Type charset, then the XML declaration, else UTF-8, as
 * RFC 7303 orders them), decoded with iconv-lite for the common single-byte encodings, and refused
 * by name when it is one we do not read (UTF-7 among them: an XXE hidden in it is never decoded).
 * The XXE refusal (cxml-document.ts) runs on the decoded text, so a UTF-16 document cannot hide a
 * DOCTYPE from it. Free of Hono and the AWS SDK.
 */
import iconv from 'iconv-lite';

/** The encodings we read, by every name buyers' systems write them, and the codec that decodes them. */
const CODECS: Record<string, string> = {
  'utf-8': 'utf-8',
  utf8: 'utf-8',
  'utf-16': 'utf-16',
  'utf-16le': 'utf-16le',
  'utf-16be': 'utf-16be',
  'us-ascii': 'us-ascii',
  ascii: 'us-ascii',
  'iso-8859-1': 'iso-8859-1',
  iso_8859_1: 'iso-8859-1',
  'iso_8859-1': 'iso-8859-1',
  latin1: 'iso-8859-1',
  'latin-1': 'iso-8859-1',
  'iso-8859-15': 'iso-8859-15',
  latin9: 'iso-8859-15',
  'windows-1252': 'windows-1252',
  cp1252: 'windows-1252',
};

export const CXML_ENCODINGS = ['UTF-8', 'UTF-16 (with a byte-order mark)', 'US-ASCII', 'ISO-8859-1', 'ISO-8859-15', 'windows-1252'] as const;

export type DecodeResult = { ok: true; text: string; encoding: string } | { ok: false; reason: string; text: string };

const DECLARED = /^<\?xml\s[^>]*?\bencoding\s*=\s*["']([^"']{0,40})["']/;
const CHARSET = /;\s*charset\s*=\s*"?([^";\s]{0,40})"?/i;

/** The byte-order mark's encoding, and its length; UTF-16 without a mark is recognised by `<?` in two bytes. */
function sniff(bytes: Uint8Array): { codec: string; skip: number } | undefined {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { codec: 'utf-8', skip: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { codec: 'utf-16le', skip: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { codec: 'utf-16be', skip: 2 };
  if (bytes[0] === 0x3c && bytes[1] === 0x00 && bytes[2] === 0x3f && bytes[3] === 0x00) return { codec: 'utf-16le', skip: 0 };
  if (bytes[0] === 0x00 && bytes[1] === 0x3c && bytes[2] === 0x00 && bytes[3] === 0x3f) return { codec: 'utf-16be', skip: 0 };
  return undefined;
}

const lossy = (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');

/** The document's text, or a plain reason (naming the encoding) why it is not read; `text` is then what the payload log keeps. */
export function decodeCxmlBody(bytes: Uint8Array, contentType?: string): DecodeResult {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const bom = sniff(bytes);
  let codec: string;
  let name: string;
  let skip = 0;
  if (bom) {
    ({ codec, skip } = bom);
    name = codec.toUpperCase();
  } else {
    // The declaration is ASCII in every encoding we read: look at it byte by byte.
    const declared = DECLARED.exec(buffer.subarray(0, 200).toString('latin1'))?.[1];
    const charset = contentType ? CHARSET.exec(contentType)?.[1] : undefined;
    name = (charset ?? declared ?? 'UTF-8').trim();
    const known = CODECS[name.toLowerCase()];
    if (!known) return { ok: false, reason: `the document's encoding ${name.slice(0, 40)} is not supported; send ${CXML_ENCODINGS.join(', ')}`, text: lossy(bytes) };
    // UTF-16 without a byte-order mark that sniffing did not recognise: we cannot tell the byte order.
    if (known === 'utf-16') return { ok: false, reason: 'a UTF-16 document needs a byte-order mark; send UTF-8 or UTF-16 with a byte-order mark', text: lossy(bytes) };
    codec = known;
  }
  const body = buffer.subarray(skip);
  if (codec === 'utf-8') {
    try {
      return { ok: true, text: new TextDecoder('utf-8', { fatal: true }).decode(body), encoding: 'UTF-8' };
    } catch {
      return { ok: false, reason: 'the document is not valid UTF-8: declare its encoding in the XML declaration or the Content-Type charset', text: lossy(bytes) };
    }
  }
  if (codec === 'us-ascii' && body.some((b) => b > 0x7f)) {
    return { ok: false, reason: 'the document declares US-ASCII but holds bytes outside it', text: lossy(bytes) };
  }
  return { ok: true, text: iconv.decode(body, codec), encoding: name.toUpperCase() };
}
