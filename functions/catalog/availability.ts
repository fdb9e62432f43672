import type { RentalPeriod } from './period';
import { slotsOf } from './period';
import { capacitiesAt, type Fleet } from './vehicles';

/** Vehicles held per vehicle type in one slot, as read from the holds. */
export type HeldBySlot = Map<string, Map<string, number>>;

export interface Availability {
  vehicleTypeId: string;
  capacity: number;
  available: number;
}

/** How many units of each type at a location are free for the whole period. */
export function availabilityAt(fleet: Fleet, locationId: string, period: RentalPeriod, held: HeldBySlot): Availability[] {
  const slots = slotsOf(period);
  const capacities = capacitiesAt(fleet, locationId);
  return fleet.vehicleTypes.map((type) => {
    const capacity = capacities.get(type.id) ?? 0;
    const peak = Math.max(0, ...slots.map((slot) => held.get(slot)?.get(type.id) ?? 0));
    return { vehicleTypeId: type.id, capacity, available: Math.max(0, capacity - peak) };
  });
}
