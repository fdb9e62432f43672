import { availabilityAt, type HeldBySlot } from '../catalog/availability';
import { priceFor } from '../catalog/offers';
import { plainAmount } from '../format/money';
import { OPEN_STATUSES } from '../requests/lifecycle';
import { REQUEST_ID, type RentalRequest } from '../requests/request';
import type { RentalPeriod } from '../catalog/period';
import { localNow, timeZoneOf } from '../catalog/time-zone';
import { type Fleet, typeName, type VehicleType } from '../catalog/vehicles';
import type { Language } from '../i18n/language';
import { messages } from '../i18n/messages';
import { fitCharset } from './charset';
import type { Connection } from './connection';
import { splitHookUrl } from './hook-url';
import type { CallUpParams, CallUpProblem } from './oci-callup';
import { buildCart, type CartContext, cartQuantity, clip, DEFAULT_CATEGORY_CODING, type OciCart, wrap } from './oci-cart';
import { itemField, longTextField, OCI_FIELD_MAX, ociNumber } from './oci-fields';

/** The OCI 5 functions a call-up may ask for (../shared/OCI.md §2); absent: a shopping session. */
export const SUPPORTED_FUNCTIONS = ['DETAIL', 'VALIDATE', 'QUANTITYCHECK', 'BACKGROUND_SEARCH'] as const;
export type OciFunction = (typeof SUPPORTED_FUNCTIONS)[number];

/** The FUNCTION a call-up asks for, upper-cased; undefined for a normal session. */
export function ociFunction(params: CallUpParams): string | undefined {
  return params.get('function')?.trim().toUpperCase() || undefined;
}

/** Functions that answer data, not a page posted back to HOOK_URL: they need no HOOK_URL. */
export function needsHookUrl(fn: string | undefined): boolean {
  return fn !== 'QUANTITYCHECK';
}

/** OCI's QUANTITY: up to 11 digits before and 3 after the decimal point, `.` as separator (§3). */
const QUANTITY = /^\d{1,11}(\.\d{1,3})?$/;
const PRODUCT_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A QUANTITYCHECK's question: which vehicle type (a type id, or our EXT_PRODUCT_ID: a request id, see productVehicleType) and how many. */
export interface QuantityCheck {
  productId: string;
  quantity: number;
}

export function readQuantityCheck(params: CallUpParams): { check?: QuantityCheck; problems: CallUpProblem[] } {
  const problems: CallUpProblem[] = [];
  const productId = params.get('ext_product_id')?.trim();
  const quantity = params.get('quantity')?.trim();
  if (!productId) problems.push({ field: 'EXT_PRODUCT_ID', problem: 'missing' });
  else if (!PRODUCT_ID.test(productId)) problems.push({ field: 'EXT_PRODUCT_ID', problem: 'malformed' });
  if (!quantity) problems.push({ field: 'QUANTITY', problem: 'missing' });
  else if (!QUANTITY.test(quantity)) problems.push({ field: 'QUANTITY', problem: 'malformed' });
  if (problems.length) return { problems };
  return { check: { productId: productId!, quantity: Number(quantity) }, problems };
}

/**
 * The vehicle type a product id names, as the buyer's system sends it back (DETAIL's PRODUCTID,
 * QUANTITYCHECK's EXT_PRODUCT_ID): our cart's EXT_PRODUCT_ID is the request id, so a request id
 * stands for its vehicle type, for this connection's request only (another's tells nothing: undefined);
 * a vehicle type id stands for itself.
 */
export function productVehicleType(
  productId: string | undefined,
  request: Pick<RentalRequest, 'connectionId' | 'vehicleType'> | undefined,
  connection: Pick<Connection, 'id'>,
): string | undefined {
  if (!productId || !REQUEST_ID.test(productId)) return productId;
  return request && request.connectionId === connection.id ? request.vehicleType.id : undefined;
}

/** The JSON answer OCI 5 defines for QUANTITYCHECK. */
export interface QuantityCheckAnswer {
  AVAILABLE_QUANTITY: string;
  LEADTIME: string;
}

/**
 * The period a QUANTITYCHECK is answered for: a rental has dates and the question has none, so it is
 * read as "one day from tomorrow 09:00" at the location's clock, the earliest pick-up the catalog
 * offers every requester; LEADTIME is then 1 day.
 */
export function quantityCheckPeriod(timeZone: string, now: Date): RentalPeriod {
  const today = localNow(timeZone, now).slice(0, 10);
  const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  return { pickup: `${day(1)}T09:00`, return: `${day(2)}T09:00` };
}
export const QUANTITY_CHECK_LEAD_DAYS = 1;

/**
 * How many vehicles of the type are free for that day, summed over every location, with `.` and 3
 * decimals as OCI writes quantities. An unknown type has none.
 */
export function answerQuantityCheck(
  fleet: Fleet,
  check: QuantityCheck,
  heldByLocation: Map<string, HeldBySlot>,
  periods: Map<string, RentalPeriod>,
): QuantityCheckAnswer {
  let available = 0;
  if (fleet.vehicleTypes.some((t) => t.id === check.productId)) {
    for (const location of fleet.locations) {
      const at = availabilityAt(fleet, location.id, periods.get(location.id)!, heldByLocation.get(location.id) ?? new Map());
      available += at.find((a) => a.vehicleTypeId === check.productId)?.available ?? 0;
    }
  }
  return { AVAILABLE_QUANTITY: available.toFixed(3), LEADTIME: String(QUANTITY_CHECK_LEAD_DAYS) };
}

/** The location-clock period for each location, for the hold look-up and the answer alike. */
export function quantityCheckPeriods(fleet: Fleet, now: Date): Map<string, RentalPeriod> {
  return new Map(fleet.locations.map((l) => [l.id, quantityCheckPeriod(timeZoneOf(l), now)]));
}

/** One page of BACKGROUND_SEARCH results: at most this many items. */
export const SEARCH_RESULTS_MAX = 20;

export function readSearchString(params: CallUpParams): { searchString?: string; problems: CallUpProblem[] } {
  const searchString = params.get('searchstring')?.trim();
  if (!searchString) return { problems: [{ field: 'SEARCHSTRING', problem: 'missing' }] };
  return { searchString, problems: [] };
}

/** Vehicle types whose id, name, example model or category holds every word of the search, case-insensitively. */
export function searchVehicleTypes(fleet: Fleet, searchString: string): VehicleType[] {
  const words = searchString.toLowerCase().split(/\s+/).filter(Boolean);
  return fleet.vehicleTypes
    .filter((type) => {
      const text = [type.id, type.name, type.example, type.category].join(' ').toLowerCase();
      return words.every((word) => text.includes(word));
    })
    .slice(0, SEARCH_RESULTS_MAX);
}

/**
 * BACKGROUND_SEARCH results as OCI items, one per vehicle type, priced for one rental day (the
 * QUANTITYCHECK period): no request exists yet, so no EXT_QUOTE_ID; a requester who picks one in
 * the buyer's system punches out again to choose dates.
 */
export function searchCart(types: VehicleType[], connection: Connection, context: CartContext, period: RentalPeriod, language: Language): OciCart {
  const t = messages(language);
  const { action, hidden } = splitHookUrl(context.hook);
  const settings = connection.cart;
  const fields: [string, string][] = [...hidden];
  types.forEach((type, i) => {
    const price = priceFor(type, connection, period);
    const coding = settings.categories[type.category] ?? DEFAULT_CATEGORY_CODING;
    const line = cartQuantity(settings.unit, price.net, price.rentalDays);
    const item: [string, string | undefined][] = [
      ['DESCRIPTION', t.cartDescription(typeName(type, language), price.rentalDays)],
      ['QUANTITY', line.quantity],
      ['UNIT', settings.unit],
      ['PRICE', line.price],
      ['CURRENCY', price.currency],
      ['PRICEUNIT', '1'],
      ['LEADTIME', String(QUANTITY_CHECK_LEAD_DAYS)],
      ['VENDOR', settings.vendorNumber],
      ['VENDORMAT', type.sku],
      ['MATGROUP', coding.matGroup ?? settings.matGroup],
      ['SERVICE', 'X'],
      ['EXT_PRODUCT_ID', type.id],
      ['EXT_SCHEMA_TYPE', coding.schemaType],
      ['EXT_CATEGORY_ID', coding.categoryId],
      ['EXT_CATEGORY', coding.categoryName],
    ];
    for (const [name, value] of item) {
      if (value === undefined || value === '') continue;
      fields.push([itemField(name, i + 1), clip(fitCharset(value, context.charset), OCI_FIELD_MAX[name])]);
    }
  });
  if (context.okCode) fields.push(['~OkCode', context.okCode]);
  if (context.targetParam) fields.push(['~TARGET', context.targetParam]);
  if (context.caller) fields.push(['~CALLER', context.caller]);
  return { action, target: context.target, charset: context.charset, fields };
}

/**
 * FUNCTION=VALIDATE (OCI.md §2): the buyer's system asks about an item of its cart again, by
 * PRODUCTID (+ QUANTITY), and takes back the item we return, auto-submitted.
 *
 * What it means for a rental: the item in the buyer's cart is a request (vehicle type, location,
 * period, quoted price), not a catalogue article; a vehicle type alone has no period, so neither its
 * price nor its availability can be checked. So VALIDATE names a request: PRODUCTID (or
 * EXT_QUOTE_ID / EXT_PRODUCT_ID, as some systems send the cart's own fields back) must be one of our
 * request ids (RQ-…), and the answer is that request's item checked now:
 * - open (requested or confirmed) and this connection's: a vehicle is held for it, so it is
 *   available; the quoted price stands (the purchase order is matched against it) and the long text
 *   says so, adding today's price for the same rental when that differs;
 * - declined, cancelled or expired: the same item, marked NO LONGER VALID in its description and
 *   long text (its numbers untouched, so nothing in the buyer's cart changes silently);
 * - unknown, or another connection's: an item marked NOT FOUND, with no price (nothing about another
 *   customer's request is told).
 * A vehicle type id in PRODUCTID is refused (400 naming PRODUCTID): no answer about it would be true.
 */
export interface ValidateQuestion {
  requestId: string;
  /** As sent; the request's own quantity is returned (a rental's length sets it, not the buyer). */
  quantity?: string;
}

export function readValidate(params: CallUpParams): { question?: ValidateQuestion; problems: CallUpProblem[] } {
  const sent = ['productid', 'ext_quote_id', 'ext_product_id'].map((name) => params.get(name)?.trim()).filter((v): v is string => !!v);
  const quantity = params.get('quantity')?.trim() || undefined;
  const problems: CallUpProblem[] = [];
  const requestId = sent.find((id) => REQUEST_ID.test(id));
  if (!sent.length) problems.push({ field: 'PRODUCTID', problem: 'missing' });
  else if (!requestId) problems.push({ field: 'PRODUCTID', problem: 'malformed' });
  if (quantity && !QUANTITY.test(quantity)) problems.push({ field: 'QUANTITY', problem: 'malformed' });
  if (problems.length) return { problems };
  return { question: { requestId: requestId!, ...(quantity ? { quantity } : {}) }, problems };
}

export type ValidateVerdict =
  | { kind: 'held'; request: RentalRequest; /** Today's price for the same rental, when it differs from the quote. */ priceNow?: { net: number; currency: string } }
  | { kind: 'closed'; request: RentalRequest }
  | { kind: 'unknown' };

/** The request checked now: still held, closed, or not this connection's to tell about. */
export function validateVerdict(request: RentalRequest | undefined, connection: Connection, fleet: Fleet): ValidateVerdict {
  if (!request || request.connectionId !== connection.id) return { kind: 'unknown' };
  if (!OPEN_STATUSES.includes(request.status)) return { kind: 'closed', request };
  const type = fleet.vehicleTypes.find((t) => t.id === request.vehicleType.id);
  const now = type && priceFor(type, connection, request.period);
  return { kind: 'held', request, ...(now && now.net !== request.price.net ? { priceNow: { net: now.net, currency: now.currency } } : {}) };
}

/** The item VALIDATE returns: the request's cart line with what the check found on top of its long text. */
export function validateCart(question: ValidateQuestion, verdict: ValidateVerdict, connection: Connection, context: CartContext, language: Language, nowLocal: string): OciCart {
  const t = messages(language);
  const fit = (value: string) => fitCharset(value, context.charset);
  if (verdict.kind === 'unknown') {
    const { action, hidden } = splitHookUrl(context.hook);
    const fields: [string, string][] = [
      ...hidden,
      [itemField('DESCRIPTION', 1), clip(fit(`${t.validateUnknownMark}: ${question.requestId}`), OCI_FIELD_MAX.DESCRIPTION)],
      [itemField('QUANTITY', 1), question.quantity ? ociNumber(Number(question.quantity)) : ociNumber(1)],
      [itemField('UNIT', 1), connection.cart.unit],
      [itemField('EXT_PRODUCT_ID', 1), question.requestId],
      [longTextField(1), fit(wrap(t.validateUnknown(question.requestId)).join('\n'))],
    ];
    if (context.okCode) fields.push(['~OkCode', context.okCode]);
    if (context.targetParam) fields.push(['~TARGET', context.targetParam]);
    if (context.caller) fields.push(['~CALLER', context.caller]);
    return { action, target: context.target, charset: context.charset, fields };
  }
  const { request } = verdict;
  const status = t.requestStatuses[request.status];
  const notes =
    verdict.kind === 'closed'
      ? [t.validateClosed(request.id, status)]
      : [t.validateChecked(request.id, nowLocal.replace('T', ' ')), ...(verdict.priceNow ? [t.validatePriceNow(plainAmount(verdict.priceNow.net), verdict.priceNow.currency)] : [])];
  const cart = buildCart(request, connection, context, nowLocal);
  const description = itemField('DESCRIPTION', 1);
  const longText = longTextField(1);
  cart.fields = cart.fields.map(([name, value]): [string, string] => {
    if (name === description && verdict.kind === 'closed') return [name, clip(fit(`${t.validateClosedMark}: ${value}`), OCI_FIELD_MAX.DESCRIPTION)];
    if (name === longText) return [name, [...notes.flatMap((note) => wrap(fit(note))), value].join('\n')];
    return [name, value];
  });
  return cart;
}
