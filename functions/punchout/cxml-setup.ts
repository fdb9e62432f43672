/**
 * The cXML PunchOutSetupRequest (../shared/CXML.md, "Punch-out set-up"): who sends it, what it
 * asks for, and the call-up it becomes. Every value is length-checked here, before anything is
 * looked up or stored. Free of Hono and the AWS SDK.
 */
import { hasControlCharacters } from '../format/characters';
import { chooseLanguage } from '../i18n/language';
import { type Connection, type CxmlExtrinsicNames, DEFAULT_CXML_EXTRINSICS } from './connection';
import { attributeOf, child, children, type CxmlStatusCode, textOf, xmlEscape, type XmlNode } from './cxml-document';
import { type CallUp, REQUESTER_MAX } from './oci-callup';
import { REQUEST_ID } from '../requests/request';

export const CXML_OPERATIONS = ['create', 'edit', 'inspect'] as const;
export type CxmlOperation = (typeof CXML_OPERATIONS)[number];

/** The most characters of each value read from a set-up request. */
export const CXML_SETUP_MAX = { domain: 64, identity: 128, sharedSecret: 256, buyerCookie: 2048, url: 2048, payloadId: 255, extrinsic: 255, addressId: 64 };

/** The cXML session fields a catalog session keeps (store/sessions.ts). */
export interface CxmlSessionFields {
  buyerCookie: string;
  operation: CxmlOperation;
  /** The set-up request's payloadID, for the payload log and support. */
  setupPayloadId: string;
  /** The buyer's From credential, which the cart's `To` names. */
  buyer: { domain: string; identity: string };
  /** edit/inspect: the request the SelectedItem names (its SupplierPartAuxiliaryID), checked to be the connection's. */
  selectedRequestId?: string;
}

export interface SetupCredentials {
  /** Every From and Sender credential sent (domain, identity), Sender's first. */
  identities: { domain: string; identity: string }[];
  sharedSecret?: string;
}

export type SetupProblem = { code: CxmlStatusCode; reason: string };

const EMAIL = /^[^\s@<>()",;]+@[^\s@<>()",;]+\.[^\s@<>()",;]{2,}$/;

/** The credentials of the Header, checked for size; a problem when any is missing or too long. */
export function readCredentials(root: XmlNode): { credentials: SetupCredentials } | { problem: SetupProblem } {
  const header = child(root, 'Header');
  const sender = child(header, 'Sender');
  const all = [...children(sender, 'Credential'), ...children(child(header, 'From'), 'Credential')];
  const identities: SetupCredentials['identities'] = [];
  for (const credential of all.slice(0, 10)) {
    const domain = attributeOf(credential, 'domain')?.trim() ?? '';
    const identity = textOf(child(credential, 'Identity')) ?? '';
    if (domain.length > CXML_SETUP_MAX.domain || identity.length > CXML_SETUP_MAX.identity) {
      return { problem: { code: 400, reason: `a Credential domain or Identity is too long (at most ${CXML_SETUP_MAX.domain} and ${CXML_SETUP_MAX.identity} characters)` } };
    }
    if (identity) identities.push({ domain, identity });
  }
  const secret = textOf(child(children(sender, 'Credential')[0], 'SharedSecret'));
  if (!identities.length) return { problem: { code: 401, reason: 'the Header names no Sender or From Credential Identity' } };
  if (!secret) return { problem: { code: 401, reason: 'the Sender Credential carries no SharedSecret' } };
  if (secret.length > CXML_SETUP_MAX.sharedSecret) return { problem: { code: 401, reason: 'the SharedSecret is too long' } };
  return { credentials: { identities, sharedSecret: secret } };
}

/** Whether a connection is the one a credential names: domain and identity compared case-insensitively. */
export function cxmlIdentityMatches(connection: Pick<Connection, 'cxml'>, identities: SetupCredentials['identities']): boolean {
  const own = connection.cxml;
  if (!own) return false;
  return identities.some((i) => i.domain.toLowerCase() === own.domain.toLowerCase() && i.identity.toLowerCase() === own.identity.toLowerCase());
}

/** The set-up request read for a connection: the call-up it opens and its cXML fields, or what is wrong with it. */
export function readSetupRequest(
  root: XmlNode,
  connection: Pick<Connection, 'extraFields' | 'deliveryAddresses' | 'defaultLanguage' | 'cxml'>,
  acceptLanguage: string | undefined,
): { callUp: CallUp; cxml: CxmlSessionFields; deliveryAddressId?: string } | { problem: SetupProblem } {
  const bad = (reason: string) => ({ problem: { code: 400 as const, reason } });
  const setup = child(child(root, 'Request'), 'PunchOutSetupRequest');
  if (!setup) return bad('the document holds no Request/PunchOutSetupRequest');
  const payloadId = attributeOf(root, 'payloadID')?.trim() ?? '';
  if (!payloadId || payloadId.length > CXML_SETUP_MAX.payloadId) return bad(`the cXML payloadID is missing or longer than ${CXML_SETUP_MAX.payloadId} characters`);
  const operation = attributeOf(setup, 'operation') as CxmlOperation | undefined;
  if (!operation || !CXML_OPERATIONS.includes(operation)) return bad('the PunchOutSetupRequest operation must be create, edit or inspect');
  const buyerCookie = textOf(child(setup, 'BuyerCookie'));
  if (!buyerCookie) return bad('the BuyerCookie is missing');
  if (buyerCookie.length > CXML_SETUP_MAX.buyerCookie) return bad(`the BuyerCookie is longer than ${CXML_SETUP_MAX.buyerCookie} characters`);
  const url = textOf(child(child(setup, 'BrowserFormPost'), 'URL'));
  if (!url) return bad('the BrowserFormPost URL is missing');
  if (url.length > CXML_SETUP_MAX.url) return bad(`the BrowserFormPost URL is longer than ${CXML_SETUP_MAX.url} characters`);

  const extrinsics = new Map<string, string>();
  for (const node of children(setup, 'Extrinsic').slice(0, 50)) {
    const name = attributeOf(node, 'name')?.trim().toLowerCase();
    const value = textOf(node);
    if (!name || !value || extrinsics.has(name)) continue;
    if (value.length > CXML_SETUP_MAX.extrinsic || hasControlCharacters(value)) return bad(`the Extrinsic ${name} is longer than ${CXML_SETUP_MAX.extrinsic} characters or holds control characters`);
    extrinsics.set(name, value);
  }
  // The requester: Contact role="endUser" first, else the Extrinsics under the connection's names
  // (Coupa and Ariba send UserEmail/FirstName/LastName; others differ), the first name that carries a value.
  const names: CxmlExtrinsicNames = connection.cxml?.extrinsics ?? DEFAULT_CXML_EXTRINSICS;
  const extrinsic = (list: string[]) => list.map((name) => extrinsics.get(name.toLowerCase())).find(Boolean);
  const endUser = children(setup, 'Contact').find((c) => (attributeOf(c, 'role') ?? 'endUser') === 'endUser');
  const email = textOf(child(endUser, 'Email')) ?? extrinsic(names.email);
  const joined = [extrinsic(names.firstName), extrinsic(names.lastName)].filter(Boolean).join(' ');
  const fullName = textOf(child(endUser, 'Name')) ?? extrinsic(names.fullName) ?? (joined || undefined);
  if (!email) return bad(`the requester is unknown: send Contact role="endUser" with Email, or the Extrinsic ${names.email.join(' or ')}`);
  if (email.length > REQUESTER_MAX.email || !EMAIL.test(email)) return bad('the requester e-mail address is malformed or too long');
  if (!fullName) return bad(`the requester name is unknown: send Contact role="endUser" with Name, or the Extrinsic ${[...names.fullName, ...names.firstName, ...names.lastName].join(', ')}`);
  if (fullName.length > REQUESTER_MAX.fullName || hasControlCharacters(fullName)) return bad(`the requester name is longer than ${REQUESTER_MAX.fullName} characters or holds control characters`);

  const extra: Record<string, string> = {};
  for (const field of connection.extraFields) {
    const value = extrinsics.get(field.param.toLowerCase()) ?? extrinsics.get(field.key.toLowerCase());
    if (!value) {
      if (field.required) return bad(`the Extrinsic ${field.param} is required by this connection`);
      continue;
    }
    if (value.length > field.maxLength) return bad(`the Extrinsic ${field.param} is longer than ${field.maxLength} characters`);
    extra[field.key] = value;
  }

  // ShipTo names one of the connection's delivery addresses by its addressID (our id or the buyer's location code).
  const addressId = attributeOf(child(child(setup, 'ShipTo'), 'Address'), 'addressID')?.trim();
  const address = addressId && addressId.length <= CXML_SETUP_MAX.addressId
    ? connection.deliveryAddresses.find((a) => a.id === addressId || a.locationCode.toLowerCase() === addressId.toLowerCase())
    : undefined;

  // edit and inspect name the earlier selection by the id our cart gave it (SupplierPartAuxiliaryID).
  const selected = textOf(child(child(child(setup, 'SelectedItem'), 'ItemID'), 'SupplierPartAuxiliaryID'));
  if (selected !== undefined && !REQUEST_ID.test(selected)) return bad('the SelectedItem SupplierPartAuxiliaryID is not one of our request ids');
  if (operation !== 'create' && !selected) return bad(`operation ${operation} needs the SelectedItem with the SupplierPartAuxiliaryID our cart carried`);

  const from = children(child(child(root, 'Header'), 'From'), 'Credential')[0];
  const language = chooseLanguage([attributeOf(root, 'xml:lang')], acceptLanguage, connection.defaultLanguage);
  return {
    callUp: { requester: { email, fullName }, hookUrl: url, target: '_top', charset: 'utf-8', language, extra, unknownParams: {} },
    cxml: {
      buyerCookie,
      operation,
      setupPayloadId: payloadId,
      buyer: { domain: attributeOf(from, 'domain')?.trim().slice(0, CXML_SETUP_MAX.domain) ?? '', identity: textOf(child(from, 'Identity'))?.slice(0, CXML_SETUP_MAX.identity) ?? '' },
      ...(operation !== 'create' && selected ? { selectedRequestId: selected } : {}),
    },
    ...(address ? { deliveryAddressId: address.id } : {}),
  };
}

/** The start of a SharedSecret element: any namespace prefix, any case; its start tag may hold quoted `>`. */
const SECRET_START = /<([\w.-]+:)?SharedSecret(?![\w.:-])((?:[^>"']|"[^"]*"|'[^']*')*)>/gi;

/**
 * A document as the payload log keeps it: the content of every SharedSecret redacted, whatever
 * the buyer's system wrote around it (spaces or attributes in the tags, a namespace prefix, any
 * case, CDATA holding a fake end tag). When its end tag cannot be found, everything after the
 * start tag is redacted: when in doubt, nothing of the secret is kept.
 */
export function redactSharedSecrets(text: string): string {
  let out = '';
  let from = 0;
  SECRET_START.lastIndex = 0;
  for (let start = SECRET_START.exec(text); start; start = SECRET_START.exec(text)) {
    if (start.index < from) continue;
    const contentStart = start.index + start[0].length;
    out += text.slice(from, contentStart);
    from = contentStart;
    if (start[2]!.trimEnd().endsWith('/')) continue;
    const end = secretEnd(text, contentStart);
    if (end === undefined) return `${out}[redacted]`;
    out += '[redacted]';
    from = end;
    SECRET_START.lastIndex = end;
  }
  return out + text.slice(from);
}

/** Where the end tag of a SharedSecret starts, CDATA sections and comments skipped whole; undefined when there is none. */
function secretEnd(text: string, at: number): number | undefined {
  const pattern = /<!\[CDATA\[[\s\S]*?\]\]>|<!--[\s\S]*?-->|<\/([\w.-]+:)?SharedSecret\s*>/gi;
  pattern.lastIndex = at;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    if (m[0].startsWith('</')) return m.index;
  }
  return undefined;
}

/** The body of a PunchOutSetupResponse with the start URL. */
export function setupResponseBody(startUrl: string): string {
  return `<Response>\n  <Status code="200" text="OK"/>\n  <PunchOutSetupResponse><StartPage><URL>${xmlEscape(startUrl)}</URL></StartPage></PunchOutSetupResponse>\n</Response>`;
}
