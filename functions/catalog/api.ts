/** What the catalog page and its API exchange: shared by functions/ and web/catalog. */
import type { Language } from '../i18n/language';
import type { Extra, ExtraChoice } from './extras';
import type { RequestStatus } from '../requests/request';
import type { PeriodProblem, RentalPeriod } from './period';
import type { PriceQuote } from './pricing';
import type { Category, Location, VehicleType } from './vehicles';

/** Embedded in the catalog page as JSON (`<script type="application/json" id="boot">`). */
export interface CatalogBoot {
  language: Language;
  requesterName: string;
  connectionName: string;
  /** The requester's references from the call-up (PO number...), labelled in their language. */
  references: { label: string; value: string }[];
  locations: Location[];
  vehicleTypes: Omit<VehicleType, 'listRates'>[];
  /** The server's clock at page load (ISO instant): each location's wall time is read at its `timeZone`. */
  now: string;
  maxRentalDays: number;
  /** Vehicle type to show first (FUNCTION=DETAIL with PRODUCTID). */
  productId?: string;
  /** Base path of this session's API: `/s/<session id>/api`. */
  apiBase: string;
  /** The connection is in test mode: requests are tests, not real reservations (the page says so). */
  test: boolean;
  /**
   * Where vehicles can go: the login's bound address alone (then `deliveryAddressFixed`), or the
   * connection's addresses to choose from (none: no choice to make).
   */
  deliveryAddresses: { id: string; label: string; address: string }[];
  deliveryAddressFixed: boolean;
  /** cXML `edit`: the earlier request the catalog opens on (catalog/selection.ts). */
  selection?: CatalogSelection;
  /** When the session ends (ISO instant), and the way back after it: see CatalogExit. */
  session: { expiresAt: string; exit?: CatalogExit };
  /** The fleet's priced extras, for the review step (each says where it is offered). */
  extras?: Extra[];
  /** The connection's reference fields the call-up left empty (labels): the review names them as missing. */
  missingReferences?: string[];
  /**
   * The offers the page shows first (the first location — the earlier request's for a cXML edit — and the
   * default period), read when the page was served with the same rules as the API, so the first screen needs
   * no second round trip. Absent when that period has a problem; every later change asks the API.
   */
  offers?: FirstOffers;
}

/** The catalog's first answer, embedded in its page: the API's answer for one location and period. */
export interface FirstOffers {
  locationId: string;
  period: RentalPeriod;
  /** The location's wall time when they were read: the page's first screen needs no time-zone work of its own. */
  localNow: string;
  rentalDays: number;
  offers: VehicleOffer[];
}

/**
 * An empty cart (OCI allows one: the requester chose nothing) posted to the session's HOOK_URL, so a
 * requester whose session expired gets back to the procurement system with one button. Built when
 * the page is served, while the session and its checked HOOK_URL still exist; for cXML it is a
 * PunchOutOrderMessage without items (cxml-cart.ts cxmlEmptyOrderMessage) carrying the BuyerCookie.
 */
export interface CatalogExit {
  action: string;
  target: string;
  charset: string;
  fields: [string, string][];
}

/** The earlier request of a cXML `edit` or `inspect` set-up, as the requester may see it: its public fields only. */
export interface CatalogSelection {
  operation: 'edit' | 'inspect';
  requestId: string;
  status: RequestStatus;
  /** Still requested or confirmed: a vehicle is held for it. */
  open: boolean;
  vehicleType: { id: string; name: string; example: string; category: Category };
  location: Pick<Location, 'id' | 'name' | 'address' | 'city'>;
  period: RentalPeriod;
  price: PriceQuote;
  deliveryAddress?: { id: string; label: string; address: string };
  /** GET: the transfer page that sends this request's cart back unchanged ("Keep as it is", "Return"). */
  transferUrl: string;
}

/** GET `{apiBase}/vehicles?location=..&pickup=..&return=..` */
export interface VehicleOffer {
  vehicleTypeId: string;
  available: number;
  capacity: number;
  price: PriceQuote;
  /** The type's weekend rate for this connection (net cents), when it has one: the card states the rule (pricing.ts WEEKEND_RULE). */
  weekendNet?: number;
}

export type VehiclesResponse =
  | { ok: true; rentalDays: number; offers: VehicleOffer[] }
  | { ok: false; problem: PeriodProblem; message: string };

/** POST `{apiBase}/transfer` with JSON body TransferBody. */
export interface TransferBody {
  vehicleTypeId: string;
  locationId: string;
  pickup: string;
  return: string;
  /** The chosen delivery address, when the connection has several and the login is bound to none. */
  deliveryAddressId?: string;
  /** The review step's note to operations (≤ 500 characters, line breaks allowed): kept on the request, not sent in the cart. */
  note?: string;
  /** Extras chosen on the review step, by id (catalog/extras.ts): the server checks and prices them. */
  extras?: ExtraChoice[];
}

/** 201 (new) or 200 (the same transfer again): go to `transferUrl`. */
export interface TransferAccepted {
  requestId: string;
  transferUrl: string;
}

/** 409 when taken (with alternatives), 400 for a bad period, 410 for an expired session, 503 busy. */
export interface TransferRefused {
  /** `read-only`: a cXML `inspect` session, which requests nothing. */
  error: 'taken' | 'invalid' | 'session-expired' | 'busy' | 'read-only';
  message: string;
  /** 400: the body field refused (`deliveryAddressId`...). */
  field?: string;
  alternatives?: TakenAlternative[];
}

/**
 * A vehicle still free when the chosen one was just taken: the same type at another location
 * (`elsewhere`), the same type here from a later date (`later`, with that period), a similar type
 * here (`similar`: same category) or another type here (`other-type`).
 */
export interface TakenAlternative {
  kind?: 'elsewhere' | 'later' | 'similar' | 'other-type';
  vehicleTypeId: string;
  locationId: string;
  name: string;
  locationName: string;
  available: number;
  price: PriceQuote;
  /** `later`: the period it is free in (same length and times, moved on by whole days). */
  period?: RentalPeriod;
}
