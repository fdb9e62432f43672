import type { Connection } from '../punchout/connection';
import { availabilityAt, type HeldBySlot } from './availability';
import { contractRatesFor } from './contract-rates';
import { fromMinutes, rentalDays, toMinutes, type RentalPeriod } from './period';
import { netFor, type PriceQuote, quotePeriod } from './pricing';
import type { Fleet, VehicleType } from './vehicles';
import type { VehicleOffer } from './api';

/** Every vehicle type stationed at a location, with what is free for the period and its price for the connection. */
export function offersAt(fleet: Fleet, connection: Connection, locationId: string, period: RentalPeriod, held: HeldBySlot): VehicleOffer[] {
  return availabilityAt(fleet, locationId, period, held)
    .filter((a) => a.capacity > 0)
    .map((a) => {
      const type = fleet.vehicleTypes.find((t) => t.id === a.vehicleTypeId)!;
      const weekendNet = weekendNetFor(type, connection, period);
      return { ...a, price: priceFor(type, connection, period), ...(weekendNet !== undefined ? { weekendNet } : {}) };
    });
}

/** The connection's weekend rate for a type (net cents, the contract rate at pick-up applied), for the card to state its rule. */
export function weekendNetFor(type: VehicleType, connection: Pick<Connection, 'contractRates'>, period: RentalPeriod): number | undefined {
  return contractRatesFor(type.listRates, connection.contractRates ?? [], type.id, period).rates.weekend;
}

/** How far ahead "free here from …" looks when a vehicle was just taken. */
export const FIRST_FREE_DAYS = 14;

/**
 * The first period of the same length and times, moved on by whole days (at most FIRST_FREE_DAYS),
 * in which a type is free at a location: "free here from …" when it was just taken. `held` must
 * cover the moved periods' slots.
 */
export function firstFreePeriod(
  fleet: Fleet,
  locationId: string,
  vehicleTypeId: string,
  period: RentalPeriod,
  held: HeldBySlot,
): { period: RentalPeriod; available: number } | undefined {
  for (let days = 1; days <= FIRST_FREE_DAYS; days++) {
    const moved = { pickup: fromMinutes(toMinutes(period.pickup) + days * 1440), return: fromMinutes(toMinutes(period.return) + days * 1440) };
    const available = availabilityAt(fleet, locationId, moved, held).find((a) => a.vehicleTypeId === vehicleTypeId)?.available ?? 0;
    if (available > 0) return { period: moved, available };
  }
  return undefined;
}

/**
 * The connection's price for renting a vehicle type over a period: its contract rate valid on the
 * pick-up date (contract-rates.ts), else the list rates. The catalog shows it, the request keeps it,
 * the cart and the e-mails carry it.
 */
export function priceFor(type: VehicleType, connection: Pick<Connection, 'contractRates' | 'vatPercent' | 'currency'>, period: RentalPeriod): PriceQuote {
  const days = rentalDays(period);
  const { rates, contract } = contractRatesFor(type.listRates, connection.contractRates ?? [], type.id, period);
  const price = quotePeriod(rates, period, days, connection.vatPercent, connection.currency);
  return contract ? { ...price, contract, listNet: netFor(type.listRates, period, days).net } : price;
}

/**
 * What to offer when a vehicle type was just taken: free types of the same category first, then
 * other types at the location, then the same type at other locations; at most `limit`.
 */
export function alternativesTo(
  fleet: Fleet,
  taken: { vehicleTypeId: string; locationId: string },
  offersByLocation: Map<string, VehicleOffer[]>,
  limit = 4,
): { vehicleTypeId: string; locationId: string; offer: VehicleOffer }[] {
  const category = fleet.vehicleTypes.find((t) => t.id === taken.vehicleTypeId)?.category;
  const categoryOf = (id: string) => fleet.vehicleTypes.find((t) => t.id === id)?.category;
  const candidates = [...offersByLocation].flatMap(([locationId, offers]) =>
    offers
      .filter((o) => o.available > 0 && !(o.vehicleTypeId === taken.vehicleTypeId && locationId === taken.locationId))
      .map((offer) => ({ vehicleTypeId: offer.vehicleTypeId, locationId, offer })),
  );
  const rank = (c: (typeof candidates)[number]) =>
    c.locationId === taken.locationId
      ? categoryOf(c.vehicleTypeId) === category
        ? 0
        : 2
      : c.vehicleTypeId === taken.vehicleTypeId
        ? 1
        : 3;
  return candidates
    .filter((c) => rank(c) < 3)
    .sort((a, b) => rank(a) - rank(b) || a.offer.price.net - b.offer.price.net)
    .slice(0, limit);
}
