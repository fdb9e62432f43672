import { randomBytes } from 'node:crypto';
import type { RentalPeriod } from '../catalog/period';
import type { PriceQuote } from '../catalog/pricing';
import type { Category, Location } from '../catalog/vehicles';
import type { Language } from '../i18n/language';
import type { Connection, DeliveryAddress } from '../punchout/connection';

export const REQUEST_STATUSES = ['requested', 'confirmed', 'declined', 'cancelled', 'expired'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** A requester's reservation request: registered at transfer, the vehicle type held for its period. */
export interface RentalRequest {
  id: string;
  status: RequestStatus;
  connectionId: string;
  connectionName: string;
  sessionId: string;
  requester: { email: string; fullName: string };
  language: Language;
  vehicleType: { id: string; sku: string; name: string; example: string; category: Category };
  location: Location;
  period: RentalPeriod;
  /** The connection's price at transfer: its contract rate valid on the pick-up date (`price.contract`), else list rates. */
  price: PriceQuote;
  /**
   * Made while the connection was in test mode: marked as a test in the cart, the e-mails and the
   * console, holds no vehicle, listed apart from the real queue (README, "Test mode"). Absent: real.
   */
  test?: boolean;
  /** Where the vehicle goes, as the connection had it at transfer (a bound login's, or the requester's choice). */
  deliveryAddress?: DeliveryAddress;
  /** Extra call-up fields by arrangement, by our key (poNumber, costCentre...). */
  extra: Record<string, string>;
  unknownParams: Record<string, string>;
  /** Options chosen on the review step (extra driver, child seat, one-way return), each priced; their sum is in `price`. */
  extras?: ChosenExtra[];
  /** The requester's note to operations from the review step (driver's name, flight number). */
  note?: string;
  /** The earlier request of the same session this one replaces: its hold is released once this one is registered. */
  replaces?: string;
  createdAt: string;
  updatedAt: string;
}

/** An option chosen for a rental, as it was offered and priced at transfer (catalog/extras.ts). */
export interface ChosenExtra {
  id: string;
  kind: 'extra-driver' | 'child-seat' | 'one-way' | 'other';
  /** Its name in the request's language, as the requester saw it. */
  name: string;
  /** Euro cents excluding VAT, for the whole rental (all of `count`). */
  net: number;
  /** How many (child seats); absent: 1. */
  count?: number;
  /** A one-way return: where the vehicle is handed back. */
  returnLocation?: { id: string; name: string };
}

/**
 * What a connection calls its extra call-up fields (PO number, cost centre...), in a language, by
 * our key: the connection is the one source of those names, for the catalog, the console and the e-mails.
 */
export function extraFieldLabels(connection: Pick<Connection, 'extraFields'>, language: Language): Record<string, string> {
  return Object.fromEntries(connection.extraFields.map((field) => [field.key, field.label[language] ?? field.label.en]));
}

// Crockford base32 without I, L, O, U: read aloud over the phone without confusion.
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The shape of every request id: checked before an id from outside reaches a key. */
export const REQUEST_ID = /^RQ-\d{6}-[0-9A-Z]{6}$/;

/** `RQ-261122-7K3M9Q`: date of registration and 30 random bits; fits EXT_QUOTE_ID (35). */
export function newRequestId(now = new Date()): string {
  const date = now.toISOString().slice(2, 10).replaceAll('-', '');
  const bytes = randomBytes(6);
  const suffix = [...bytes].map((b) => ALPHABET[b % 32]).join('');
  return `RQ-${date}-${suffix}`;
}
