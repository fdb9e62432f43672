/** The fleet as the catalog shows it: vehicle types, locations and the units (licence plates) behind them. */

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
}

export interface VehicleType {
  id: string;
  /** Our article number, sent as VENDORMAT. */
  sku: string;
  name: string;
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
}

export interface Unit {
  plate: string;
  vehicleTypeId: string;
  locationId: string;
}

export interface Fleet {
  vehicleTypes: VehicleType[];
  locations: Location[];
  units: Unit[];
}

/** How many units of a type stand at a location: the most that can be held at once. */
export function capacityOf(fleet: Fleet, locationId: string, vehicleTypeId: string): number {
  return fleet.units.filter((u) => u.locationId === locationId && u.vehicleTypeId === vehicleTypeId).length;
}
