/** The fleet as a file gives it (infra/admin.ts `fleet`): checked before it reaches the table. */
import * as z from 'zod/mini';
import { isTimeZone } from './time-zone';
import { CATEGORIES, FUELS, type Fleet } from './vehicles';

const text = (max: number) => z.string().check(z.minLength(1), z.maxLength(max));
const cents = z.number().check(z.int(), z.nonnegative());
const count = z.number().check(z.int(), z.nonnegative(), z.lte(100_000));

export const TimeZoneSchema = z.string().check(z.refine(isTimeZone, { message: 'not an IANA time zone this runtime knows (e.g. "Europe/Amsterdam")' }));

const LocationSchema = z.object({
  id: text(64),
  name: text(200),
  address: text(200),
  city: text(200),
  phone: text(50),
  timeZone: TimeZoneSchema,
});

const VehicleTypeSchema = z.object({
  id: text(64),
  sku: text(64),
  name: text(200),
  example: text(200),
  category: z.enum(CATEGORIES),
  seats: count,
  doors: count,
  transmission: z.enum(['manual', 'automatic']),
  fuel: z.enum(FUELS),
  rangeKm: z.optional(count),
  luggageLitres: count,
  art: z.object({ body: z.enum(['hatchback', 'sedan', 'estate', 'suv', 'van', 'minibus']), colour: text(32) }),
  listRates: z.object({ day: cents, week: cents, month: cents }),
});

const UnitSchema = z.object({ plate: text(16), vehicleTypeId: text(64), locationId: text(64) });

/** A fleet file (infra/admin.ts `fleet`): every location with a known time zone, every unit at a known type and location. */
export const FleetSchema = z
  .object({ vehicleTypes: z.array(VehicleTypeSchema), locations: z.array(LocationSchema), units: z.array(UnitSchema) })
  .check(
    z.refine((f) => f.units.every((u) => f.locations.some((l) => l.id === u.locationId) && f.vehicleTypes.some((t) => t.id === u.vehicleTypeId)), {
      message: 'a unit names an unknown location or vehicle type',
    }),
  );

/** A fleet checked against FleetSchema; throws with the problems named. */
export function parseFleet(input: unknown): Fleet {
  const result = FleetSchema.safeParse(input);
  if (!result.success) {
    throw new Error(`Invalid fleet: ${result.error.issues.map((i) => `${i.path.join('.') || '(fleet)'}: ${i.message}`).join('; ')}`);
  }
  return result.data;
}
