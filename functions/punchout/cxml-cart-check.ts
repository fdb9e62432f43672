/**
 * What a cXML buyer's system would object to in a cart we sent (../shared/CXML.md, "Cart"): the
 * PunchOutOrderMessage decoded from the form field it arrived in, read field by field, with a
 * warning for each rule it breaks. The cXML twin of oci-cart-check.ts, for the test procurement
 * page. Free of Hono and the AWS SDK.
 */
import { attributeOf, child, children, parseCxml, textOf, type XmlNode } from './cxml-document';

/** The form fields a cXML cart may arrive in (CXML.md: buyers differ). */
export const CXML_CART_FIELDS = ['cxml-urlencoded', 'cxml-base64'] as const;
export type CxmlCartField = (typeof CXML_CART_FIELDS)[number];

export interface CxmlCredentialSeen {
  domain: string;
  identity: string;
}

export interface CxmlMoneySeen {
  amount: string;
  currency: string;
}

/** One ItemIn as the buyer's system reads it, with what is wrong with it. */
export interface CxmlCartItem {
  lineNumber?: string;
  quantity?: string;
  supplierPartId?: string;
  /** Our request id: the OrderRequest brings it back. */
  supplierPartAuxiliaryId?: string;
  unitPrice?: CxmlMoneySeen;
  shortName?: string;
  description?: string;
  descriptionLanguage?: string;
  unitOfMeasure?: string;
  classification?: { domain: string; code: string };
  period?: { startDate: string; endDate: string };
  extrinsics: { name: string; value: string }[];
  warnings: string[];
}

export interface CxmlCartCheck {
  /** The form field the message came in; absent when none did. */
  field?: CxmlCartField;
  /** The message as decoded from that field. */
  xml?: string;
  payloadId?: string;
  timestamp?: string;
  deploymentMode?: string;
  from: CxmlCredentialSeen[];
  to: CxmlCredentialSeen[];
  sender: CxmlCredentialSeen[];
  buyerCookie?: string;
  operationAllowed?: string;
  total?: CxmlMoneySeen;
  items: CxmlCartItem[];
  /** Problems of the message as a whole. */
  warnings: string[];
}

/** What the buyer's system remembers of its set-ups: whether it sent this BuyerCookie. */
export interface CxmlCartExpectation {
  sentBuyerCookie: (cookie: string) => boolean;
}

const OPERATIONS_ALLOWED = ['create', 'inspect', 'edit'];
/** A decimal with a dot, no thousands separators, at most two decimals: what buyers' systems read. */
const MONEY = /^\d+(\.\d{1,2})?$/;
const CURRENCY = /^[A-Z]{3}$/;
/** An ISO 8601 date-time with its offset (`Z` or `±hh:mm`). */
const DATE_TIME_WITH_OFFSET = /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/;
/** UN/CEFACT unit codes (Recommendation 20): two or three letters or digits. */
const UNIT_CODE = /^[A-Z0-9]{2,3}$/;
const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}\s*$/;

/** The message from the form as posted to the BrowserFormPost URL, or why there is none. */
export function decodeCxmlCartField(received: [string, string][]): { field: CxmlCartField; xml: string; warnings: string[] } | { warnings: string[] } {
  const present = received.filter(([name]) => (CXML_CART_FIELDS as readonly string[]).includes(name));
  if (!present.length) {
    const names = received.map(([name]) => name).slice(0, 10).join(', ') || 'none';
    return { warnings: [`No cxml-urlencoded or cxml-base64 field was posted (fields received: ${names}).`] };
  }
  const warnings = present.length > 1 ? [`${present.length} cXML fields were posted; a buyer reads one: the first (${present[0]![0]}) is shown.`] : [];
  const [name, value] = present[0]! as [CxmlCartField, string];
  if (name === 'cxml-urlencoded') return { field: name, xml: value, warnings };
  if (!BASE64.test(value)) return { warnings: [...warnings, 'The cxml-base64 field is not base64.'] };
  return { field: name, xml: Buffer.from(value, 'base64').toString('utf8'), warnings };
}

function credentials(node: XmlNode | undefined): CxmlCredentialSeen[] {
  return children(node, 'Credential').map((c) => ({ domain: attributeOf(c, 'domain') ?? '', identity: textOf(child(c, 'Identity')) ?? '' }));
}

function money(node: XmlNode | undefined): CxmlMoneySeen | undefined {
  const m = child(node, 'Money');
  return m ? { amount: textOf(m) ?? '', currency: attributeOf(m, 'currency') ?? '' } : undefined;
}

function moneyWarnings(what: string, value: CxmlMoneySeen | undefined): string[] {
  if (!value) return [`${what} has no Money.`];
  const warnings: string[] = [];
  if (!MONEY.test(value.amount)) warnings.push(`${what} "${value.amount}" is not a plain amount: digits, a dot and at most two decimals, no thousands separators.`);
  if (!CURRENCY.test(value.currency)) warnings.push(`${what} currency "${value.currency}" is not an ISO 4217 code (three capitals).`);
  return warnings;
}

function readItem(node: XmlNode): CxmlCartItem {
  const id = child(node, 'ItemID');
  const detail = child(node, 'ItemDetail');
  const description = child(detail, 'Description');
  const classification = child(detail, 'Classification');
  const period = child(node, 'Period');
  const item: CxmlCartItem = {
    lineNumber: attributeOf(node, 'lineNumber'),
    quantity: attributeOf(node, 'quantity'),
    supplierPartId: textOf(child(id, 'SupplierPartID')),
    supplierPartAuxiliaryId: textOf(child(id, 'SupplierPartAuxiliaryID')),
    unitPrice: money(child(detail, 'UnitPrice')),
    shortName: textOf(child(description, 'ShortName')),
    description: textOf(description),
    descriptionLanguage: attributeOf(description, 'xml:lang'),
    unitOfMeasure: textOf(child(detail, 'UnitOfMeasure')),
    classification: classification ? { domain: attributeOf(classification, 'domain') ?? '', code: attributeOf(classification, 'code') ?? textOf(classification) ?? '' } : undefined,
    period: period ? { startDate: attributeOf(period, 'startDate') ?? '', endDate: attributeOf(period, 'endDate') ?? '' } : undefined,
    extrinsics: children(node, 'Extrinsic').map((e) => ({ name: attributeOf(e, 'name') ?? '', value: textOf(e) ?? '' })),
    warnings: [],
  };
  const warn = (warning: string) => item.warnings.push(warning);
  const quantity = Number(item.quantity);
  if (!item.quantity || !Number.isFinite(quantity) || quantity <= 0) warn(`quantity "${item.quantity ?? ''}" is not a positive number.`);
  if (!item.supplierPartId) warn('SupplierPartID is missing.');
  if (!item.supplierPartAuxiliaryId) warn('SupplierPartAuxiliaryID is missing: the purchase order will not name the request it is for.');
  if (detail) item.warnings.push(...moneyWarnings('UnitPrice', item.unitPrice));
  else warn('ItemDetail is missing.');
  if (!item.description && !item.shortName) warn('Description is empty.');
  if (description && !item.descriptionLanguage) warn('Description has no xml:lang.');
  if (!item.unitOfMeasure) warn('UnitOfMeasure is missing.');
  else if (!UNIT_CODE.test(item.unitOfMeasure)) warn(`UnitOfMeasure "${item.unitOfMeasure}" is not a UN/CEFACT code (EA, DAY…).`);
  if (!item.classification?.domain) warn('Classification (with its domain) is missing.');
  if (!item.period) warn('Period is missing: the rental dates reach the buyer only in the description.');
  else {
    for (const [name, value] of [['startDate', item.period.startDate], ['endDate', item.period.endDate]] as const) {
      if (!DATE_TIME_WITH_OFFSET.test(value)) warn(`Period ${name} "${value}" is not a date-time with an offset (e.g. 2026-12-07T09:00:00+01:00).`);
    }
    if (Date.parse(item.period.startDate) >= Date.parse(item.period.endDate)) warn('Period startDate is not before endDate.');
  }
  return item;
}

/** Decode and check a cXML cart as received at the BrowserFormPost URL. */
export function checkCxmlCart(received: [string, string][], expected: CxmlCartExpectation): CxmlCartCheck {
  const check: CxmlCartCheck = { from: [], to: [], sender: [], items: [], warnings: [] };
  const decoded = decodeCxmlCartField(received);
  check.warnings.push(...decoded.warnings);
  if (!('xml' in decoded)) return check;
  check.field = decoded.field;
  check.xml = decoded.xml;
  // A cart passes through the user's browser: a secret in it is readable by anyone on the way.
  if (/<SharedSecret\b/i.test(decoded.xml)) check.warnings.push('The message carries a SharedSecret: a cart passes through the browser and must never hold one.');
  if (!/<!DOCTYPE\s+cXML\s+SYSTEM\s+"http:\/\/xml\.cxml\.org\/schemas\/cXML\/[\d.]+\/cXML\.dtd"/.test(decoded.xml)) check.warnings.push('The message declares no cXML DOCTYPE (cXML.dtd).');
  const parsed = parseCxml(decoded.xml);
  if (!parsed.ok) {
    check.warnings.push(`The message cannot be read: ${parsed.refusal.reason}.`);
    return check;
  }
  const root = parsed.root;
  check.payloadId = attributeOf(root, 'payloadID');
  check.timestamp = attributeOf(root, 'timestamp');
  if (!check.payloadId) check.warnings.push('The cXML payloadID is missing.');
  if (!check.timestamp || !DATE_TIME_WITH_OFFSET.test(check.timestamp)) check.warnings.push(`The cXML timestamp "${check.timestamp ?? ''}" is not a date-time with an offset.`);

  const header = child(root, 'Header');
  check.from = credentials(child(header, 'From'));
  check.to = credentials(child(header, 'To'));
  check.sender = credentials(child(header, 'Sender'));
  for (const [name, list] of [['From', check.from], ['To', check.to], ['Sender', check.sender]] as const) {
    if (!list.some((c) => c.identity)) check.warnings.push(`The Header ${name} has no Credential with an Identity.`);
  }
  if (header && !textOf(child(child(header, 'Sender'), 'UserAgent'))) check.warnings.push('The Header Sender has no UserAgent.');

  const message = child(root, 'Message');
  const order = child(message, 'PunchOutOrderMessage');
  if (!order) {
    check.warnings.push('The document holds no Message/PunchOutOrderMessage.');
    return check;
  }
  check.deploymentMode = attributeOf(message, 'deploymentMode') ?? 'production';
  check.buyerCookie = textOf(child(order, 'BuyerCookie'));
  if (!check.buyerCookie) check.warnings.push('The BuyerCookie is missing: the buyer cannot tell which requisition the cart belongs to.');
  else if (!expected.sentBuyerCookie(check.buyerCookie)) {
    check.warnings.push('The BuyerCookie is not one this buyer sent in a set-up: it must be echoed verbatim (or the set-up was long ago).');
  }

  const orderHeader = child(order, 'PunchOutOrderMessageHeader');
  check.operationAllowed = attributeOf(orderHeader, 'operationAllowed');
  if (!check.operationAllowed || !OPERATIONS_ALLOWED.includes(check.operationAllowed)) {
    check.warnings.push(`operationAllowed "${check.operationAllowed ?? ''}" is not create, inspect or edit.`);
  }
  check.total = money(child(orderHeader, 'Total'));
  check.warnings.push(...moneyWarnings('Total', check.total));

  check.items = children(order, 'ItemIn').map(readItem);
  if (!check.items.length) check.warnings.push('The message holds no ItemIn.');
  const priced = check.items.filter((i) => i.unitPrice && MONEY.test(i.unitPrice.amount) && Number(i.quantity) > 0);
  if (check.total && MONEY.test(check.total.amount) && priced.length === check.items.length && priced.length) {
    const sum = priced.reduce((n, i) => n + Number(i.quantity) * Number(i.unitPrice!.amount), 0);
    if (Math.abs(sum - Number(check.total.amount)) > 0.005) check.warnings.push(`The Total ${check.total.amount} is not the sum of quantity × UnitPrice (${sum.toFixed(2)}).`);
    const currencies = new Set(priced.map((i) => i.unitPrice!.currency));
    if (currencies.size > 1 || !currencies.has(check.total.currency)) check.warnings.push('The items are priced in another currency than the Total.');
  }
  return check;
}

/** Every warning of a check, the message's and each item's, counted. */
export function cxmlCartWarningCount(check: CxmlCartCheck): number {
  return check.warnings.length + check.items.reduce((n, i) => n + i.warnings.length, 0);
}
