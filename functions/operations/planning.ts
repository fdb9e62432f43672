import { fromMinutes, toMinutes } from '../catalog/period';
import { localNow, wallToInstant } from '../catalog/time-zone';
import type { Fleet, Location } from '../catalog/vehicles';
import type { ManagedRequest } from '../requests/lifecycle';
import type { PlanningBooking, PlanningResponse, PlanningRow } from './api';

/** The Monday of the week holding `date` (`YYYY-MM-DD`). */
export function mondayOf(date: string): string {
  const minutes = toMinutes(`${date}T00:00`);
  const weekday = (Math.floor(minutes / 1440) + 3) % 7; // 0 = Monday
  return fromMinutes(minutes - weekday * 1440).slice(0, 10);
}

/** The Monday of the week to plan: `date`'s, or that of today on the location's clock. */
export function weekOf(location: Pick<Location, 'timeZone'>, date: string | undefined, now: Date): string {
  return mondayOf(date ?? localNow(location.timeZone, now).slice(0, 10));
}

/**
 * A week's plan at a location: every unit with the requests assigned to it, and per vehicle type
 * the requests that hold the type but have no unit yet (test requests hold nothing: never). Bookings are the location's wall time;
 * free time is real time, so the week of a summer-time change has an hour less (or more).
 */
export function weekPlan(fleet: Fleet, locationId: string, weekStart: string, requests: ManagedRequest[]): PlanningResponse {
  const start = toMinutes(`${weekStart}T00:00`);
  const end = start + 7 * 1440;
  const days = Array.from({ length: 7 }, (_, i) => fromMinutes(start + i * 1440).slice(0, 10));
  const inWeek = requests.filter(
    (r) => r.location.id === locationId && toMinutes(r.period.pickup) < end && toMinutes(r.period.return) > start && (r.status === 'requested' || r.status === 'confirmed') && !r.test,
  );
  const booking = (r: ManagedRequest): PlanningBooking => ({
    requestId: r.id,
    status: r.status,
    from: fromMinutes(Math.max(start, toMinutes(r.period.pickup))),
    to: fromMinutes(Math.min(end, toMinutes(r.period.return))),
    period: r.period,
    requester: r.requester.fullName,
    connection: r.connectionName,
  });
  const location = fleet.locations.find((l) => l.id === locationId)!;
  const real = (local: string) => wallToInstant(local, location.timeZone).getTime() / 60000;
  const typeName = (id: string) => fleet.vehicleTypes.find((t) => t.id === id)?.name ?? id;
  const weekMinutes = real(fromMinutes(end)) - real(weekStart + 'T00:00');
  const free = (bookings: PlanningBooking[]) => weekMinutes - busyMinutes(bookings, real);
  const units: PlanningRow[] = fleet.units
    .filter((u) => u.locationId === locationId)
    .map((u) => {
      const bookings = inWeek.filter((r) => r.assignment?.plate === u.plate).map(booking);
      return { plate: u.plate, vehicleTypeId: u.vehicleTypeId, typeName: typeName(u.vehicleTypeId), bookings, freeMinutes: free(bookings) };
    })
    .sort((a, b) => a.typeName.localeCompare(b.typeName) || a.plate!.localeCompare(b.plate!));
  const unassignedTypes = [...new Set(inWeek.filter((r) => !r.assignment).map((r) => r.vehicleType.id))];
  const unassigned = unassignedTypes.map((id) => {
    const bookings = inWeek.filter((r) => !r.assignment && r.vehicleType.id === id).map(booking);
    return { vehicleTypeId: id, typeName: typeName(id), bookings, freeMinutes: free(bookings) };
  });
  return { location: { id: location.id, name: location.name }, weekStart, days, units, unassigned };
}

/** Real minutes covered by at least one booking (`real` turns the location's wall time into minutes since the epoch). */
function busyMinutes(bookings: PlanningBooking[], real: (local: string) => number): number {
  const spans = bookings.map((b) => [real(b.from), real(b.to)] as const).sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reach = -Infinity;
  for (const [from, to] of spans) {
    const start = Math.max(from, reach);
    if (to > start) total += to - start;
    reach = Math.max(reach, to);
  }
  return total;
}
