const utf8 = new TextDecoder('utf-8', { fatal: true });

function decodeComponent(part: string): string {
  const bytes: number[] = [];
  const text = part.replace(/\+/g, ' ');
  for (let i = 0; i < text.length; i++) {
    const hex = text[i] === '%' ? text.slice(i + 1, i + 3) : '';
    if (/^[0-9a-fA-F]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      for (const byte of Buffer.from(text[i], 'utf8')) bytes.push(byte);
    }
  }
  const buffer = Uint8Array.from(bytes);
  try {
    return utf8.decode(buffer);
  } catch {
    // Not UTF-8: a buyer page in ISO-8859-1 / windows-1252 sent it.
    return Buffer.from(buffer).toString('latin1');
  }
}

/** Decode `application/x-www-form-urlencoded` text (a body or a query string), UTF-8 or Latin-1, order and duplicates kept. */
export function decodeForm(raw: string): [string, string][] {
  return raw
    .replace(/^\?/, '')
    .split('&')
    .filter(Boolean)
    .map((pair) => {
      const eq = pair.indexOf('=');
      return eq < 0 ? [decodeComponent(pair), ''] : [decodeComponent(pair.slice(0, eq)), decodeComponent(pair.slice(eq + 1))];
    });
}

/** The form fields of a GET query or a form-encoded POST body. */
export async function formEntries(request: Request): Promise<[string, string][]> {
  const query = decodeForm(new URL(request.url).search);
  if (request.method !== 'POST') return query;
  const type = request.headers.get('content-type') ?? '';
  if (type.startsWith('multipart/form-data')) {
    const data = await request.formData();
    return [...query, ...[...data.entries()].map(([k, v]): [string, string] => [k, typeof v === 'string' ? v : ''])];
  }
  return [...query, ...decodeForm(await request.text())];
}
