import { HTTPException } from 'hono/http-exception';
import { decodeBytes } from '../punchout/charset';
import { type Charset, charsetOf } from '../punchout/oci-callup';

/**
 * Form decoding. The body's size is limited before it gets here (bodyLimits in app.ts); the
 * decoding itself is native (percent-decoding into a Buffer, then one codec call per value).
 *
 * Which charset a value is in: the content-type's `charset=` when the sender says so. Otherwise
 * UTF-8 when its bytes are valid UTF-8 (text in a single-byte charset almost never is, and a
 * Unicode SAP system posts UTF-8 even when it declares ISO-8859-1 for the cart); else the form's
 * own `HTTP_CONTENT_CHARSET` (OCI: the buyer's charset) when it names a single-byte one; else
 * windows-1252, what pages calling themselves "Latin-1" really send.
 */
const utf8 = new TextDecoder('utf-8', { fatal: true });
const CHARSET_FIELD = 'http_content_charset';
const PERCENT = /%([0-9a-fA-F]{2})/g;

function decodeComponent(part: string, sent: Charset | undefined, declared: Charset | undefined): string {
  const latin1 = part.replace(/\+/g, ' ').replace(PERCENT, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  const bytes = Buffer.from(latin1, 'latin1');
  if (sent && sent !== 'utf-8') return decodeBytes(bytes, sent);
  try {
    return utf8.decode(bytes);
  } catch {
    if (sent === 'utf-8') return decodeBytes(bytes, 'utf-8'); // as sent, broken bytes as U+FFFD
    return decodeBytes(bytes, declared && declared !== 'utf-8' && declared !== 'us-ascii' ? declared : 'windows-1252');
  }
}

/**
 * Decode `application/x-www-form-urlencoded` text (a body or a query string), order and
 * duplicates kept. `raw` holds one character per byte (latin1), so raw non-ASCII bytes survive;
 * `sent` is the charset the content type names, if any.
 */
export function decodeForm(raw: string, sent?: Charset): [string, string][] {
  const pairs = raw
    .replace(/^\?/, '')
    .split('&')
    .filter(Boolean)
    .map((pair): [string, string] => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [pair, ''] : [pair.slice(0, eq), pair.slice(eq + 1)];
    });
  const declared = charsetOf(pairs.find(([name]) => name.toLowerCase() === CHARSET_FIELD)?.[1]);
  return pairs.map(([name, value]) => [decodeComponent(name, sent, declared), decodeComponent(value, sent, declared)]);
}

/** A form that cannot be read (a malformed multipart body): the sender's fault, a 400. */
export function unreadableForm(): HTTPException {
  return new HTTPException(400, { res: new Response('The form could not be read: the request body is malformed.', { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' } }) });
}

/** The form fields of a GET query or a form-encoded POST body. */
export async function formEntries(request: Request): Promise<[string, string][]> {
  const query = decodeForm(new URL(request.url).search);
  if (request.method !== 'POST') return query;
  const type = request.headers.get('content-type') ?? '';
  if (/^multipart\/form-data/i.test(type)) {
    let data: FormData;
    try {
      data = await request.formData();
    } catch {
      throw unreadableForm();
    }
    return [...query, ...[...data.entries()].map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : ''])];
  }
  const declared = charsetOf(/;\s*charset=([^;]+)/i.exec(type)?.[1]);
  const body = Buffer.from(await request.arrayBuffer()).toString('latin1');
  return [...query, ...decodeForm(body, declared)];
}
