/** The fleet as the catalog shows it: vehicle types, locations and the units (licence plates) behind them. */
import type { Country } from './countries';
import type { Extra } from './extras';

export const CATEGORIES = ['compact', 'estate', 'suv', 'van', 'electric', 'premium'] as const;
export type Category = (typeof CATEGORIES)[number];

export const FUELS = ['petrol', 'diesel', 'hybrid', 'electric'] as const;
export type Fuel = (typeof FUELS)[number];

export type BodyShape = 'hatchback' | 'sedan' | 'estate' | 'suv' | 'van' | 'minibus';

/** Amounts in euro cents, excluding VAT. */
export interface Rates {
  day: number;
  week: number;
  month: number;
  /** One weekend (pricing.ts WEEKEND_RULE: Friday 12:00 to Monday 09:00 at the location); absent: no weekend rate. */
  weekend?: number;
}

/** A text in each language the catalog speaks. */
export interface Localised {
  en: string;
  nl: string;
}

/**
 * A vehicle type's name in the requester's language (fleet administration's `names`), else its
 * English `name`. The request stores this at transfer, so the cart, the e-mails and the status page
 * say what the requester saw on the card.
 */
export function typeName(type: Pick<VehicleType, 'name' | 'names'>, language: keyof Localised): string {
  return type.names?.[language] ?? type.name;
}

export interface VehicleType {
  id: string;
  /** Our article number, sent as VENDORMAT. */
  sku: string;
  /** The English name (`names.en` when names are given): what every older reader of the fleet shows. */
  name: string;
  /** Names per language (fleet administration); absent on types stored before, which have `name` only. */
  names?: Localised;
  descriptions?: Localised;
  /** "or similar": the concrete model is assigned by operations. */
  example: string;
  category: Category;
  seats: number;
  doors: number;
  transmission: 'manual' | 'automatic';
  fuel: Fuel;
  /** Electric range in km, for electric vehicles. */
  rangeKm?: number;
  luggageLitres: number;
  /** Parameters of the drawn illustration. */
  art: { body: BodyShape; colour: string };
  listRates: Rates;
}

export interface Location {
  id: string;
  name: string;
  address: string;
  city: string;
  phone: string;
  /**
   * IANA time zone of the desk ("Europe/Amsterdam"): rental periods are its wall time, and hold
   * expiry, calendar entries and e-mails convert with it.
   */
  timeZone: string;
  /** Desk hours per weekday, local wall time; a weekday left out is closed. Absent: not recorded. */
  openingHours?: Partial<Record<Weekday, OpeningHours>>;
  /**
   * ISO 3166-1 alpha-2 code of the country the desk is in ("NL"): its public holidays pause the
   * response target (operations/days-off.ts). Absent on locations saved before: no holidays known.
   */
  country?: Country;
  /**
   * The desk's own closing days besides its weekly hours and the country's public holidays (a
   * staff day, a move), in its calendar. Locations saved before stored bare dates: loadFleet
   * reads them as days without a label (`closingDaysOf`).
   */
  closingDays?: ClosingDay[];
}

export interface ClosingDay {
  /** YYYY-MM-DD */
  date: string;
  /** Why, as the console shows it ("Staff day"). */
  label?: string;
}

/** A location's closing days, also of one stored when they were bare dates. */
export function closingDaysOf(location: { closingDays?: (ClosingDay | string)[] }): ClosingDay[] {
  return (location.closingDays ?? []).map((day) => (typeof day === 'string' ? { date: day } : day));
}

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

export interface OpeningHours {
  /** "08:00" */
  open: string;
  /** "18:00", after `open` */
  close: string;
}

/**
 * A stretch of time a unit cannot be rented (maintenance), in its location's wall time like a
 * rental period. It holds one vehicle of the unit's type in each half-day slot it touches, as a
 * request does (store/fleet-admin.ts), so the catalog and the hold transaction count it.
 */
export interface OutOfServiceWindow {
  id: string;
  from: string;
  to: string;
  reason: string;
}

export interface Unit {
  plate: string;
  vehicleTypeId: string;
  locationId: string;
  /** false: retired or away for good, counted nowhere. Absent (older items): in service. */
  inService?: boolean;
  outOfService?: OutOfServiceWindow[];
}

export interface Fleet {
  vehicleTypes: VehicleType[];
  locations: Location[];
  units: Unit[];
  /** Priced extras (catalog/extras.ts); absent in fleets stored before extras. */
  extras?: Extra[];
}

/**
 * How many units of a type in service stand at a location: the most that can be held at once.
 * Out-of-service windows are not subtracted here: they hold their slots like requests do.
 */
export function capacityOf(fleet: Fleet, locationId: string, vehicleTypeId: string): number {
  return fleet.units.filter((u) => u.locationId === locationId && u.vehicleTypeId === vehicleTypeId && u.inService !== false).length;
}

/** capacityOf for every type at a location, in one pass over the units (not one per type). */
export function capacitiesAt(fleet: Fleet, locationId: string): Map<string, number> {
  const capacities = new Map<string, number>();
  for (const u of fleet.units) {
    if (u.locationId === locationId && u.inService !== false) capacities.set(u.vehicleTypeId, (capacities.get(u.vehicleTypeId) ?? 0) + 1);
  }
  return capacities;
}
