import type { TakenAlternative } from '../../catalog/api';
import { alternativesTo, firstFreePeriod, FIRST_FREE_DAYS, offersAt, priceFor } from '../../catalog/offers';
import { fromMinutes, slotsOf, toMinutes, type RentalPeriod } from '../../catalog/period';
import { existsOnClock } from '../../catalog/time-zone';
import type { Fleet } from '../../catalog/vehicles';
import type { Connection } from '../../punchout/connection';
import type { Db } from '../../store/db';
import { heldAt } from '../../store/holds';

/**
 * What the 409 "just taken" offers instead (catalog/api.ts TakenAlternative): the same type at
 * another location, the same type here from the first later date it is free (within
 * FIRST_FREE_DAYS), a similar type here, another type here; at most five, each priced for the
 * connection and its own period.
 */
export async function takenAlternatives(
  db: Db,
  fleet: Fleet,
  connection: Connection,
  taken: { vehicleTypeId: string; locationId: string },
  period: RentalPeriod,
): Promise<TakenAlternative[]> {
  const slots = slotsOf(period);
  const byLocation = new Map(
    await Promise.all(
      fleet.locations.map(async (l) => [l.id, offersAt(fleet, connection, l.id, period, await heldAt(db, l.id, slots[0], slots[slots.length - 1]))] as const),
    ),
  );
  const name = (id: string) => fleet.vehicleTypes.find((v) => v.id === id)!.name;
  const locationName = (id: string) => fleet.locations.find((l) => l.id === id)!.name;
  const category = fleet.vehicleTypes.find((v) => v.id === taken.vehicleTypeId)?.category;
  const now: TakenAlternative[] = alternativesTo(fleet, taken, byLocation).map(({ vehicleTypeId, locationId, offer }) => ({
    kind: locationId !== taken.locationId ? 'elsewhere' : fleet.vehicleTypes.find((v) => v.id === vehicleTypeId)?.category === category ? 'similar' : 'other-type',
    vehicleTypeId,
    locationId,
    name: name(vehicleTypeId),
    locationName: locationName(locationId),
    available: offer.available,
    price: offer.price,
  }));

  // One read of the holds over the days ahead, then the first day the type is free again here.
  const lastReturn = fromMinutes(toMinutes(period.return) + FIRST_FREE_DAYS * 1440);
  const aheadSlots = slotsOf({ pickup: period.pickup, return: lastReturn });
  const held = await heldAt(db, taken.locationId, aheadSlots[0], aheadSlots[aheadSlots.length - 1]);
  const later = firstFreePeriod(fleet, taken.locationId, taken.vehicleTypeId, period, held);
  const type = fleet.vehicleTypes.find((v) => v.id === taken.vehicleTypeId);
  const zone = fleet.locations.find((l) => l.id === taken.locationId)?.timeZone;
  const onClock = later && zone && existsOnClock(later.period.pickup, zone) && existsOnClock(later.period.return, zone);
  const laterAlternative: TakenAlternative[] =
    later && type && onClock
      ? [
          {
            kind: 'later',
            vehicleTypeId: type.id,
            locationId: taken.locationId,
            name: type.name,
            locationName: locationName(taken.locationId),
            available: later.available,
            price: priceFor(type, connection, later.period),
            period: later.period,
          },
        ]
      : [];
  // The same type first (elsewhere, then later here), then the other types here.
  const sameType = now.filter((a) => a.kind === 'elsewhere');
  return [...sameType, ...laterAlternative, ...now.filter((a) => a.kind !== 'elsewhere')].slice(0, 5);
}
