import { extrasTextLines, oneWayReturn } from '../catalog/extras';
import { daysUntil } from '../catalog/period';
import { plainAmount } from '../format/money';
import { messages } from '../i18n/messages';
import type { RentalRequest } from '../requests/request';
import { fitCharset } from './charset';
import type { CategoryCoding, Connection } from './connection';
import type { SAPEVENT } from './hook-url';
import { splitHookUrl } from './hook-url';
import type { Charset } from './oci-callup';
import { itemField, LONGTEXT_LINE, longTextField, ociAmount, ociNumber, OCI_FIELD_MAX } from './oci-fields';

/** UNSPSC 78111808: vehicle rental. */
export const UNSPSC_VEHICLE_RENTAL = '78111808';

/** EXT_SCHEMA_TYPE / EXT_CATEGORY_ID / EXT_CATEGORY of a vehicle category the connection has not coded. */
export const DEFAULT_CATEGORY_CODING: CategoryCoding = { schemaType: 'UNSPSC', categoryId: UNSPSC_VEHICLE_RENTAL, categoryName: 'Vehicle rental' };

/**
 * QUANTITY and PRICE of the cart line. EA: 1 at the whole rental (PRICE × QUANTITY is our quote to
 * the cent). DAY: the rental days at the net price divided by the days, rounded half up to three
 * decimals (a tenth of a cent), so PRICE × QUANTITY differs from the quote by at most days × 0.05
 * cent: nothing up to 10 days, at most 2 cents at the longest rental (42 days). The long text and
 * the e-mails carry the exact total, which is what is invoiced.
 */
export function cartQuantity(unit: 'EA' | 'DAY', netCents: number, rentalDays: number): { quantity: string; price: string } {
  if (unit === 'EA' || rentalDays < 1) return { quantity: ociNumber(1), price: ociAmount(netCents) };
  return { quantity: ociNumber(rentalDays), price: ociNumber(Math.round((netCents * 10) / rentalDays) / 1000) };
}

/** What the transfer page posts: the form's action, target and charset, and its fields in order. */
export interface OciCart {
  action: string;
  target: string;
  charset: Charset;
  fields: [string, string][];
}

export interface CartContext {
  hook: URL | typeof SAPEVENT;
  target: string;
  targetParam?: string;
  okCode?: string;
  caller?: string;
  charset: Charset;
}

/** Cut a value to `max` characters, at a word boundary when one is near, without a dangling separator. */
export function clip(value: string, max: number): string {
  const flat = value.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max);
  const space = cut.lastIndexOf(' ');
  const clean = space >= max * 0.6 ? cut.slice(0, space) : cut;
  return clean.replace(/[\s,;:.(–-]+$/, '');
}

/** Break text into lines of at most `width` characters, at spaces where possible. */
export function wrap(text: string, width = LONGTEXT_LINE): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    for (let piece = word; piece; piece = piece.slice(width)) {
      const part = piece.slice(0, width);
      if (!line) line = part;
      else if (line.length + 1 + part.length <= width) line += ` ${part}`;
      else {
        lines.push(line);
        line = part;
      }
    }
  }
  if (line) lines.push(line);
  return lines;
}

const when = (local: string) => local.replace('T', ' ');

/** The long text: everything the buyer's approver needs, in lines of at most 132 characters. */
export function longText(request: RentalRequest, connection: Connection): string {
  const t = messages(request.language);
  const { vehicleType, location, period, price, requester } = request;
  const references = connection.extraFields
    .filter((field) => request.extra[field.key])
    .map((field) => `${field.label[request.language]}: ${request.extra[field.key]}`);
  const paragraphs = [
    // Test mode (README "Test mode"): the approver reads first that this is no real reservation.
    ...(request.test ? [t.cartTest] : []),
    t.cartVehicle(vehicleType.name, vehicleType.example, t.categories[vehicleType.category]),
    t.cartPickup(when(period.pickup), `${location.name}, ${location.address}, ${location.city}`),
    t.cartReturn(when(period.return), oneWayReturn(request)?.name),
    `${t.days(price.rentalDays)}. ${t.cartPrice(
      t.priceBasis(price),
      plainAmount(price.net),
      plainAmount(price.vat),
      plainAmount(price.gross),
      price.currency,
      price.vatPercent,
      price.extrasNet ? { rental: plainAmount(price.net - price.extrasNet), extras: plainAmount(price.extrasNet) } : undefined,
    )}${price.contract ? `. ${t.contractRate(price.contract)}` : ''}`,
    // The review step's extras, each with its net, so the approver sees what the line's price is made of.
    // (The requester's note is for operations: never in the cart.)
    ...extrasTextLines(request),
    t.cartRequester(requester.fullName, requester.email),
    ...(request.deliveryAddress
      ? [
          t.cartDeliveryAddress(
            request.deliveryAddress.label,
            request.deliveryAddress.address,
            request.deliveryAddress.locationCode,
            request.deliveryAddress.customerNumber,
          ),
        ]
      : []),
    ...references,
    t.cartReference(request.id),
    t.cartFinal,
  ];
  return paragraphs.flatMap((p) => wrap(p)).join('\n');
}

/**
 * The OCI cart for one request: a single service line, in the connection's unit (cartQuantity),
 * coded with the connection's VENDOR, MATGROUP and category per vehicle category, carrying the
 * extra fields and the delivery address's location code in the CUST_FIELDs the connection chose.
 */
export function buildCart(request: RentalRequest, connection: Connection, context: CartContext, now: string): OciCart {
  const t = messages(request.language);
  const { action, hidden } = splitHookUrl(context.hook);
  const settings = connection.cart;
  const coding = settings.categories[request.vehicleType.category] ?? DEFAULT_CATEGORY_CODING;
  const { quantity, price } = cartQuantity(settings.unit, request.price.net, request.price.rentalDays);
  const delivery = request.deliveryAddress && settings.deliveryCustField;
  const item: [string, string | undefined][] = [
    ['DESCRIPTION', t.cartDescription(request.vehicleType.name, request.price.rentalDays)],
    ['QUANTITY', quantity],
    ['UNIT', settings.unit],
    ['PRICE', price],
    ['CURRENCY', request.price.currency],
    ['PRICEUNIT', '1'],
    ['LEADTIME', String(daysUntil(request.period, now))],
    ['VENDOR', settings.vendorNumber],
    ['VENDORMAT', request.vehicleType.sku],
    ['MATGROUP', coding.matGroup ?? settings.matGroup],
    ['SERVICE', 'X'],
    ['EXT_QUOTE_ID', request.id],
    ['EXT_QUOTE_ITEM', '1'],
    // The request id: SAP sends it back as PRODUCTID in DETAIL/VALIDATE (OCI.md), and VALIDATE answers about a request.
    ['EXT_PRODUCT_ID', request.id],
    ['EXT_SCHEMA_TYPE', coding.schemaType],
    ['EXT_CATEGORY_ID', coding.categoryId],
    ['EXT_CATEGORY', coding.categoryName],
    ...connection.extraFields
      // The admin schema keeps the delivery CUST_FIELD apart from the extra fields'; should both name one, the address wins.
      .filter((field) => field.custField && field.custField !== (delivery || undefined))
      .map((field): [string, string | undefined] => [`CUST_FIELD${field.custField}`, request.extra[field.key]]),
    ...(delivery ? [[`CUST_FIELD${delivery}`, request.deliveryAddress!.locationCode] as [string, string]] : []),
  ];
  const fit = (value: string) => fitCharset(value, context.charset);
  const fields: [string, string][] = [...hidden];
  for (const [name, value] of item) {
    if (value === undefined || value === '') continue;
    fields.push([itemField(name, 1), clip(fit(value), OCI_FIELD_MAX[name])]);
  }
  fields.push([longTextField(1), fit(longText(request, connection))]);
  if (context.okCode) fields.push(['~OkCode', context.okCode]);
  if (context.targetParam) fields.push(['~TARGET', context.targetParam]);
  if (context.caller) fields.push(['~CALLER', context.caller]);
  return { action, target: context.target, charset: context.charset, fields };
}
