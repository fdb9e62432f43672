import { describe, expect, it } from 'vitest';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import { weekOf, weekPlan } from '../../functions/operations/planning';
import type { ManagedRequest } from '../../functions/requests/lifecycle';

const AMS = DEMO_FLEET.locations[0];
const plate = DEMO_FLEET.units.find((u) => u.locationId === AMS.id)!.plate;
const vehicleTypeId = DEMO_FLEET.units.find((u) => u.plate === plate)!.vehicleTypeId;

function booked(pickup: string, ret: string): ManagedRequest {
  return {
    id: 'RQ-1',
    status: 'confirmed',
    location: AMS,
    vehicleType: { id: vehicleTypeId },
    period: { pickup, return: ret },
    assignment: { plate },
    requester: { fullName: 'Zoë Janssen' },
    connectionName: 'Acme',
  } as unknown as ManagedRequest;
}

const freeOf = (plan: ReturnType<typeof weekPlan>) => plan.units.find((u) => u.plate === plate)!.freeMinutes;

describe('week plan of a location', () => {
  it('counts the real time of the weeks with a summer-time change: an hour less in spring, an hour more in autumn', () => {
    expect(freeOf(weekPlan(DEMO_FLEET, AMS.id, '2026-11-23', []))).toBe(7 * 1440);
    expect(freeOf(weekPlan(DEMO_FLEET, AMS.id, '2026-03-23', []))).toBe(7 * 1440 - 60);
    expect(freeOf(weekPlan(DEMO_FLEET, AMS.id, '2026-10-19', []))).toBe(7 * 1440 + 60);
  });

  it('counts a booking over the change night by the hours the unit is really out', () => {
    // Saturday 09:00 to the end of the week (Monday 00:00) across the spring change: 38 hours, not 39.
    const plan = weekPlan(DEMO_FLEET, AMS.id, '2026-03-23', [booked('2026-03-28T09:00', '2026-03-30T09:00')]);
    expect(plan.units.find((u) => u.plate === plate)!.bookings.map((b) => [b.from, b.to])).toEqual([['2026-03-28T09:00', '2026-03-30T00:00']]);
    expect(freeOf(plan)).toBe(7 * 1440 - 60 - 38 * 60);
  });

  it('opens on the week that is current on the location\'s clock, not the server\'s', () => {
    // Sunday 29 November 23:30 UTC is already Monday 30 November 00:30 in Amsterdam, still Sunday in London.
    const now = new Date('2026-11-29T23:30:00Z');
    expect(weekOf(AMS, undefined, now)).toBe('2026-11-30');
    expect(weekOf({ timeZone: 'Europe/London' }, undefined, now)).toBe('2026-11-23');
    expect(weekOf(AMS, '2026-12-02', now)).toBe('2026-11-30');
  });
});
