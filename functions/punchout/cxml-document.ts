/**
 * cXML documents in and out (../shared/CXML.md): parsing with no entity or DTD ever resolved, and
 * the envelope of what we answer. Free of Hono and the AWS SDK.
 */
import { randomUUID } from 'node:crypto';
import { XMLParser, XMLValidator } from 'fast-xml-parser';

/** The DTD every document we emit declares (validated against the local copy in tests only). */
export const CXML_DOCTYPE = '<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.050/cXML.dtd">';

/** cXML status codes we answer with, and the text buyers expect beside them. */
export const CXML_STATUS = {
  200: 'OK',
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  406: 'Not Acceptable',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
} as const;
export type CxmlStatusCode = keyof typeof CXML_STATUS;

export type XmlNode = Record<string, unknown>;

/** Why a body is not a document we read: a DTD of its own or entities (XXE), or not well-formed XML. */
export type ParseRefusal = { kind: 'entities' | 'malformed'; reason: string };

/**
 * A DOCTYPE with an internal subset (`[ ... ]`) or any ENTITY declaration is refused before the
 * parser sees the text: that is where XXE and entity expansion ("billion laughs") live. A plain
 * `<!DOCTYPE cXML SYSTEM "...">` is allowed and never fetched.
 */
const INTERNAL_SUBSET = /<!DOCTYPE[^>[]*\[/i;
const ENTITY_DECLARATION = /<!ENTITY/i;

/** Elements that may repeat: always read as arrays, so one and many look alike. */
const REPEATED = new Set(['Credential', 'Extrinsic', 'Contact', 'Email', 'SelectedItem', 'Street']);

/** The XML standard's five named entities: the only names decoded. */
const XML_ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // Values stay text: an identity "00123" must not become the number 123.
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  // Only the five predefined entities and numeric character references (`M&#252;ller`, `&#x6e;`):
  // an object here is the parser's whole list of named entities (fast-xml-parser 5.12 reads it so,
  // its types say boolean; test/unit/cxml-document.test.ts holds it to that), so no HTML entity is
  // added, and no DOCTYPE reaches here with more.
  processEntities: true,
  htmlEntities: XML_ENTITIES as unknown as boolean,
  isArray: (name) => REPEATED.has(name),
});

export function parseCxml(text: string): { ok: true; root: XmlNode } | { ok: false; refusal: ParseRefusal } {
  if (INTERNAL_SUBSET.test(text) || ENTITY_DECLARATION.test(text)) {
    return { ok: false, refusal: { kind: 'entities', reason: 'DOCTYPE declarations with an internal subset or ENTITY declarations are not accepted' } };
  }
  const malformed = (reason: string) => ({ ok: false as const, refusal: { kind: 'malformed' as const, reason } });
  let parsed: XmlNode;
  try {
    const valid = XMLValidator.validate(text);
    if (valid !== true) return malformed(`the body is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
    parsed = parser.parse(text) as XmlNode;
  } catch (error) {
    // The parser's own limits and guards (nesting depth, names like __proto__) throw: a 400, never a 500.
    return malformed(`the body is not a document we read (${String((error as Error).message ?? error).replace(/\s+/g, ' ').slice(0, 120)})`);
  }
  // Exactly one root element, and it is cXML (the validator lets `<cXML/><cXML/>` pass).
  const roots = Object.keys(parsed).filter((name) => !name.startsWith('?'));
  if (roots.length !== 1 || roots[0] !== 'cXML') return malformed('the document must have exactly one root element, cXML');
  const root = parsed.cXML;
  if (!root || typeof root !== 'object' || Array.isArray(root)) return malformed('the cXML root element is empty');
  return { ok: true, root: root as XmlNode };
}

/** The child element of a node (the first, if it repeats). */
export function child(node: unknown, name: string): XmlNode | undefined {
  if (!node || typeof node !== 'object') return undefined;
  const value = (node as XmlNode)[name];
  const first = Array.isArray(value) ? value[0] : value;
  if (first === undefined || first === null) return undefined;
  return typeof first === 'object' ? (first as XmlNode) : { '#text': String(first) };
}

/** Every child element of a name. */
export function children(node: unknown, name: string): XmlNode[] {
  if (!node || typeof node !== 'object') return [];
  const value = (node as XmlNode)[name];
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  return list.map((item) => (item && typeof item === 'object' ? (item as XmlNode) : { '#text': String(item ?? '') }));
}

/** The text content of a node, trimmed; undefined when empty. */
export function textOf(node: XmlNode | undefined): string | undefined {
  if (!node) return undefined;
  const text = node['#text'];
  const value = text === undefined ? undefined : String(text).trim();
  return value ? value : undefined;
}

export function attributeOf(node: XmlNode | undefined, name: string): string | undefined {
  const value = node?.[`@${name}`];
  return value === undefined ? undefined : String(value);
}

/** Text and attribute values escaped for XML. */
export function xmlEscape(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

/** A globally unique payloadID: `<time>.<uuid>@<our host>`. */
export function newPayloadId(now: Date, host: string): string {
  return `${now.getTime()}.${randomUUID()}@${host}`;
}

/** ConfirmationRequest and ShipNoticeRequest are declared in Fulfill.dtd, not cXML.dtd (../shared/CXML.md). */
export const FULFILL_DOCTYPE = '<!DOCTYPE cXML SYSTEM "http://xml.cxml.org/schemas/cXML/1.2.050/Fulfill.dtd">';

/** How the buyer's system knows us (From/Sender of our cart and confirmations): the connection's supplier credential, else DomainName and our host. */
export function supplierCredential(cxml: { supplier?: { domain: string; identity: string } } | undefined, host: string): { domain: string; identity: string } {
  return cxml?.supplier ?? { domain: 'DomainName', identity: host };
}

/** A whole cXML document around `body` (Response, or Header + Message). */
export function cxmlDocument(body: string, options: { payloadId: string; now: Date; language?: string; doctype?: string }): string {
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    options.doctype ?? CXML_DOCTYPE,
    `<cXML payloadID="${xmlEscape(options.payloadId)}" timestamp="${options.now.toISOString().replace(/\.\d{3}Z$/, '+00:00')}" xml:lang="${xmlEscape(options.language ?? 'en')}">`,
    body,
    '</cXML>',
    '',
  ].join('\n');
}

/** A Response with a status: code, its text, and a plain reason as the content. */
export function cxmlStatus(code: CxmlStatusCode, reason?: string): string {
  return `<Status code="${code}" text="${CXML_STATUS[code]}"${reason ? `>${xmlEscape(reason)}</Status>` : '/>'}`;
}
