import { describe, expect, it } from 'vitest';
import { availabilityAt, type HeldBySlot } from '../../functions/catalog/availability';
import { capacityOf, type Fleet } from '../../functions/catalog/vehicles';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';

describe('availability at a location', () => {
  it('counts, for every type at once, only the units in service standing at that location, less the peak held', () => {
    const [van, car] = DEMO_FLEET.vehicleTypes;
    const fleet: Fleet = {
      ...DEMO_FLEET,
      units: [
        { plate: 'A-1', vehicleTypeId: van.id, locationId: 'here' },
        { plate: 'A-2', vehicleTypeId: van.id, locationId: 'here', inService: true },
        { plate: 'A-3', vehicleTypeId: van.id, locationId: 'here', inService: false },
        { plate: 'A-4', vehicleTypeId: van.id, locationId: 'elsewhere' },
        { plate: 'B-1', vehicleTypeId: car.id, locationId: 'elsewhere' },
      ],
    };
    const held: HeldBySlot = new Map([['2027-05-03P', new Map([[van.id, 1]])]]);
    const found = availabilityAt(fleet, 'here', { pickup: '2027-05-03T09:00', return: '2027-05-04T09:00' }, held);
    expect(found.find((a) => a.vehicleTypeId === van.id)).toEqual({ vehicleTypeId: van.id, capacity: 2, available: 1 });
    expect(found.find((a) => a.vehicleTypeId === car.id)).toEqual({ vehicleTypeId: car.id, capacity: 0, available: 0 });
    // The same count the hold transaction's capacity check uses.
    for (const a of found) expect(a.capacity).toBe(capacityOf(fleet, 'here', a.vehicleTypeId));
  });
});
