/**
 * Priced extras a rental may take (extra driver, child seat, one-way return): fleet data, chosen
 * on the review step, priced HERE on the server from the fleet (never from what the page sends),
 * kept on the request and carried in the cart's long text and the e-mails.
 */
import { plainAmount } from '../format/money';
import type { Language } from '../i18n/language';
import { reviewMessages, type ReviewMessages } from '../i18n/review-messages';
import type { ChosenExtra } from '../requests/request';
import { type PriceQuote, vatOn } from './pricing';
import type { Localised, Location } from './vehicles';

export const EXTRA_KINDS = ['extra-driver', 'child-seat', 'one-way', 'other'] as const;
export type ExtraKind = (typeof EXTRA_KINDS)[number];

/** One extra the fleet offers. Amounts in cents excluding VAT, like the list rates. */
export interface Extra {
  id: string;
  kind: ExtraKind;
  names: Localised;
  /** Per rental, or per rental day (rentalDays of the period). */
  price: { net: number; per: 'rental' | 'day' };
  /** How many one rental may take (child seats: 2); absent: 1. */
  maxCount?: number;
  /** The pick-up locations that offer it. */
  locationIds: string[];
  /** one-way only: where the vehicle may be handed back (never the pick-up location itself). */
  returnLocationIds?: string[];
}

/** What the page sends for one extra: only ids and a count; the price is ours. */
export interface ExtraChoice {
  id: string;
  count?: number;
  returnLocationId?: string;
}

/** Extras one request may carry. */
export const MAX_EXTRAS = 10;
/** The note to operations. */
export const MAX_NOTE = 500;

/** The extras offered for a pick-up at `locationId`: drivers, child seats, one-way, others (the table stores them by id). */
export function extrasAt(extras: readonly Extra[], locationId: string): Extra[] {
  const rank = (extra: Extra) => EXTRA_KINDS.indexOf(extra.kind);
  return extras.filter((extra) => extra.locationIds.includes(locationId)).sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id));
}

/** Where a one-way extra may return to from `locationId`: known locations, not the pick-up one. */
export function returnLocationsOf(extra: Extra, locationId: string, locations: readonly Pick<Location, 'id' | 'name'>[]): Pick<Location, 'id' | 'name'>[] {
  if (extra.kind !== 'one-way') return [];
  return locations.filter((l) => l.id !== locationId && (extra.returnLocationIds ?? []).includes(l.id));
}

/** The net price of `count` of an extra over `rentalDays`. */
export function extraNet(extra: Pick<Extra, 'price'>, count: number, rentalDays: number): number {
  return extra.price.net * count * (extra.price.per === 'day' ? rentalDays : 1);
}

export type PricedExtras =
  | { ok: true; extras: ChosenExtra[]; net: number }
  /** `field` names the body field (`extras[1].returnLocationId`), `message` says what to do, in the session's language. */
  | { ok: false; field: string; message: string };

/**
 * Check the page's choices against the fleet (ids known, offered at the pick-up location, counts
 * within limits, a one-way return to an allowed location) and price them for the period.
 */
export function priceExtras(
  offered: readonly Extra[],
  choices: readonly ExtraChoice[],
  at: { locationId: string; rentalDays: number; language: Language; locations: readonly Pick<Location, 'id' | 'name'>[] },
): PricedExtras {
  const p = reviewMessages(at.language).problems;
  if (choices.length > MAX_EXTRAS) return { ok: false, field: 'extras', message: p.tooMany(MAX_EXTRAS) };
  const seen = new Set<string>();
  const chosen: ChosenExtra[] = [];
  for (const [i, choice] of choices.entries()) {
    const refuse = (key: string, message: string): PricedExtras => ({ ok: false, field: `extras[${i}]${key ? `.${key}` : ''}`, message });
    const extra = offered.find((e) => e.id === choice.id);
    if (!extra) return refuse('id', p.unknown);
    if (!extra.locationIds.includes(at.locationId)) return refuse('id', p.notHere);
    if (seen.has(extra.id)) return refuse('id', p.twice);
    seen.add(extra.id);
    const max = extra.maxCount ?? 1;
    const count = choice.count ?? 1;
    if (!Number.isInteger(count) || count < 1 || count > max) return refuse('count', p.count(max));
    let returnLocation: ChosenExtra['returnLocation'];
    if (extra.kind === 'one-way') {
      if (!choice.returnLocationId) return refuse('returnLocationId', p.returnRequired);
      const allowed = returnLocationsOf(extra, at.locationId, at.locations).find((l) => l.id === choice.returnLocationId);
      if (!allowed) return refuse('returnLocationId', p.returnNotAllowed);
      returnLocation = { id: allowed.id, name: allowed.name };
    } else if (choice.returnLocationId !== undefined) return refuse('returnLocationId', p.returnNotOneWay);
    chosen.push({
      id: extra.id,
      kind: extra.kind,
      name: extra.names[at.language] ?? extra.names.en,
      net: extraNet(extra, count, at.rentalDays),
      ...(count > 1 ? { count } : {}),
      ...(returnLocation ? { returnLocation } : {}),
    });
  }
  return { ok: true, extras: chosen, net: chosen.reduce((sum, e) => sum + e.net, 0) };
}

/** The rental's quote with the extras added: net, VAT and gross become the totals; `extrasNet` keeps the extras' part. */
export function withExtras(price: PriceQuote, extrasNet: number): PriceQuote {
  if (extrasNet === 0) return price;
  const net = price.net + extrasNet;
  const vat = vatOn(net, price.vatPercent);
  return { ...price, net, vat, gross: net + vat, extrasNet };
}

/** Where the vehicle goes back: a one-way extra's return location; absent: the pick-up location. Every return line names it. */
export function oneWayReturn(request: { extras?: readonly ChosenExtra[] }): { id: string; name: string } | undefined {
  return request.extras?.find((extra) => extra.returnLocation)?.returnLocation;
}

/** An extra's name as the requester, operations and the buyer read it: a one-way names its return location. */
export function extraLabel(extra: ChosenExtra, t: ReviewMessages): string {
  return extra.returnLocation ? t.oneWayName(extra.name, extra.returnLocation.name) : extra.name;
}

/**
 * One line per extra for the cart's long text and plain-text e-mails, with the rental's own net
 * first so the lines add up to the line's price: "Rental: EUR 320.00 excl. VAT", "Child seat × 2: EUR 20.00 excl. VAT".
 */
export function extrasTextLines(request: { extras?: ChosenExtra[]; price: PriceQuote; language: Language }): string[] {
  const extras = request.extras ?? [];
  if (!extras.length) return [];
  const t = reviewMessages(request.language);
  const { currency } = request.price;
  const rentalNet = request.price.net - (request.price.extrasNet ?? extras.reduce((sum, e) => sum + e.net, 0));
  return [
    t.rentalNet(plainAmount(rentalNet), currency),
    ...extras.map((extra) => t.extraLine(extraLabel(extra, t), extra.count ?? 1, plainAmount(extra.net), currency)),
  ];
}
