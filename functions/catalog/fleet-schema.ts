/**
 * The fleet as a file (`npm run fleet -- import`, infra/admin.ts `fleet`) or an admin's form gives
 * it: checked here before it reaches the table. One schema per row kind, shared by the console's
 * API and the import, and a check of a whole file that names every bad row.
 */
import * as z from 'zod/mini';
import { adminText } from '../format/text-input';
import { HOLIDAY_COUNTRIES, isHolidayCountry } from './countries';
import { toMinutes } from './period';
import { isTimeZone } from './time-zone';
import { EXTRA_KINDS, type Extra } from './extras';
import { CATEGORIES, FUELS, type Fleet, type Location, type Unit, type VehicleType, WEEKDAYS } from './vehicles';

/**
 * Fleet texts end up in carts and e-mails: not blank, no control or hidden characters
 * (format/characters.ts); line breaks only in the texts that may be several lines (`lineBreaks`).
 */
const text = adminText;
const cents = z.number('expected an amount in cents').check(z.int('expected whole cents'), z.nonnegative('expected 0 or more cents'), z.lte(100_000_000, 'expected at most 100,000,000 cents'));
const count = z.number('expected a number').check(z.int('expected a whole number'), z.nonnegative('expected 0 or more'), z.lte(100_000, 'expected at most 100,000'));

/** Location and vehicle-type ids: they appear in URLs, keys and carts. */
export const FleetId = z.string().check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected an id of at most 64 letters, digits, dots, dashes or underscores'));
/** Licence plates as operations type them: letters, digits and dashes. */
export const Plate = z.string().check(z.regex(/^[A-Z0-9-]{1,16}$/i, 'expected a plate of at most 16 letters, digits or dashes'));

export const TimeZoneSchema = z.string().check(z.refine(isTimeZone, { message: 'not an IANA time zone this runtime knows (e.g. "Europe/Amsterdam")' }));

const HHMM = z.string().check(z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time as HH:mm'));
const Hours = z.object({ open: HHMM, close: HHMM }).check(z.refine((h) => h.open < h.close, 'expected close after open'));
const Day = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
  z.refine((value) => !Number.isNaN(toMinutes(`${value}T00:00`)), 'expected a date that exists on the calendar'),
);
const ClosingDaySchema = z.strictObject({ date: Day, label: z.optional(text(100)) });
const LocalDateTime = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, 'expected a local date and time as YYYY-MM-DDTHH:mm'),
  z.refine((value) => !Number.isNaN(toMinutes(value)), 'expected a date and time that exist on the calendar'),
);

export const LocationFields = z.object({
  name: text(200),
  address: text(200, { lineBreaks: true }),
  city: text(200),
  phone: z.string().check(z.regex(/^\+?[0-9 ()./-]{3,30}$/, 'expected a phone number of digits, spaces and + ( ) . / -')),
  timeZone: TimeZoneSchema,
  openingHours: z.optional(z.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, z.optional(Hours)])) as Record<(typeof WEEKDAYS)[number], z.ZodMiniOptional<typeof Hours>>)),
  country: z.optional(z.string().check(z.refine(isHolidayCountry, { message: `expected a country code we know the public holidays of: ${HOLIDAY_COUNTRIES.join(', ')}` }))),
  closingDays: z.optional(
    z.pipe(
      z.array(z.union([Day, ClosingDaySchema])).check(z.maxLength(366, 'expected at most 366 closing days')),
      // A file or a form from before labels gives bare dates: each becomes a day without a label.
      z.transform((days) => days.map((day) => (typeof day === 'string' ? { date: day } : day))),
    ),
  ),
});
export const LocationSchema = z.extend(LocationFields, { id: FleetId });

const Localised = (max: number) => z.object({ en: text(max), nl: text(max) });
const vehicleTypeShape = {
  sku: text(64),
  /** Older files give `name` only; `names.en` becomes `name` when both are there. */
  name: z.optional(text(200)),
  names: z.optional(Localised(200)),
  descriptions: z.optional(z.object({ en: text(2000, { lineBreaks: true }), nl: text(2000, { lineBreaks: true }) })),
  example: text(200),
  category: z.enum(CATEGORIES),
  seats: count,
  doors: count,
  transmission: z.enum(['manual', 'automatic']),
  fuel: z.enum(FUELS),
  rangeKm: z.optional(count),
  luggageLitres: count,
  art: z.object({
    body: z.enum(['hatchback', 'sedan', 'estate', 'suv', 'van', 'minibus']),
    colour: z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/, 'expected a colour as #rrggbb')),
  }),
  listRates: z.object({ day: cents, week: cents, month: cents, weekend: z.optional(cents) }),
};
/** `name` is the English name: the one every reader before names in two languages shows. */
function withName<T extends { name?: string; names?: { en: string } }>(type: T): T & { name: string } {
  return { ...type, name: type.names?.en ?? type.name ?? '' };
}
const named = z.refine((t: unknown) => (t as { name?: string }).name !== undefined || (t as { names?: unknown }).names !== undefined, {
  message: 'expected names (en, nl) or a name',
  path: ['names'],
});
/** A vehicle type with `extra` fields beside its own (its id in a file, the version in an edit). */
export const vehicleTypeWith = <E extends Record<string, z.ZodMiniType>>(extra: E) =>
  z.pipe(
    z.object({ ...vehicleTypeShape, ...extra }).check(named),
    z.transform((type) => withName(type as { name?: string; names?: { en: string } }) as typeof type & { name: string }),
  );
export const VehicleTypeSchema = vehicleTypeWith({ id: FleetId });

export const OutOfServiceWindowSchema = z.object({
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,40}$/, 'expected a window id')),
  from: LocalDateTime,
  to: LocalDateTime,
  reason: text(200),
});
export const UnitSchema = z.object({
  plate: Plate,
  vehicleTypeId: FleetId,
  locationId: FleetId,
  inService: z.optional(z.boolean()),
  outOfService: z.optional(z.array(OutOfServiceWindowSchema).check(z.maxLength(50, 'expected at most 50 windows'))),
});

/** A priced extra (catalog/extras.ts): offered at some pick-up locations; a one-way return names where it may go back. */
export const ExtraSchema = z
  .object({
    id: FleetId,
    kind: z.enum(EXTRA_KINDS),
    names: Localised(100),
    price: z.object({ net: cents, per: z.enum(['rental', 'day']) }),
    maxCount: z.optional(count.check(z.gte(1, 'expected at least 1'), z.lte(10, 'expected at most 10'))),
    locationIds: z.array(FleetId).check(z.minLength(1, 'expected at least one location'), z.maxLength(100, 'expected at most 100 locations')),
    returnLocationIds: z.optional(z.array(FleetId).check(z.maxLength(100, 'expected at most 100 locations'))),
  })
  .check(
    z.refine((e) => e.kind === 'one-way' || !e.returnLocationIds?.length, { message: 'only a one-way extra has return locations', path: ['returnLocationIds'] }),
    z.refine((e) => e.kind !== 'one-way' || !!e.returnLocationIds?.length, { message: 'a one-way extra needs at least one return location', path: ['returnLocationIds'] }),
  );

const rows = z.array(z.unknown()).check(z.maxLength(10_000, 'expected at most 10,000 rows'));
const FleetFileShape = z.object({ vehicleTypes: rows, locations: rows, units: rows, extras: z.optional(z.array(z.unknown()).check(z.maxLength(100, 'expected at most 100 extras'))) });

const FILE_EXPECTED = 'expected an object with locations, vehicleTypes and units';

/**
 * What a problem says, in words: zod's own "Invalid input" for a field that is not there becomes
 * `required`, and for the whole value (the file, a row) `whole` (what was expected instead).
 */
export function issueMessage(issue: z.core.$ZodIssue, input: unknown, whole = 'expected an object'): string {
  if (issue.code !== 'invalid_type') return issue.message;
  if (!issue.path.length) return whole;
  let value = input;
  for (const key of issue.path) value = value !== null && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key as PropertyKey] : undefined;
  if (value === undefined) return 'required';
  return issue.message === 'Invalid input' ? `expected ${issue.expected === 'object' ? 'an object' : issue.expected === 'array' ? 'a list' : `a ${issue.expected}`}` : issue.message;
}

/** A checked fleet, or one message per bad row (`units[3].locationId: no location "ams-zuid"`). */
export type FleetCheck = { ok: true; fleet: Fleet } | { ok: false; errors: string[] };

/**
 * Check a whole fleet file, every row, and name each bad row once (its first problem), so a file
 * can be corrected in one go. `known` is the fleet already stored: units may name its locations
 * and types. Ids must be unique within the file.
 */
export function checkFleet(input: unknown, known: Fleet = { vehicleTypes: [], locations: [], units: [] }): FleetCheck {
  const shape = FleetFileShape.safeParse(input);
  if (!shape.success) return { ok: false, errors: shape.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${issueMessage(i, input, FILE_EXPECTED)}`) };
  const errors: string[] = [];
  const fleet: Fleet = { vehicleTypes: [], locations: [], units: [] };
  const seen = { vehicleTypes: new Set<string>(), locations: new Set<string>(), units: new Set<string>(), extras: new Set<string>() };

  function rowsOf<T>(list: 'vehicleTypes' | 'locations' | 'units' | 'extras', schema: z.ZodMiniType<T>, idOf: (row: T) => string): [number, T][] {
    const good: [number, T][] = [];
    (shape.data![list] ?? []).forEach((row, i) => {
      const parsed = schema.safeParse(row);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        errors.push(`${list}[${i}]${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issueMessage(issue, row, 'expected an object')}`);
        return;
      }
      const id = idOf(parsed.data);
      if (seen[list].has(id)) return void errors.push(`${list}[${i}]: "${id}" appears twice in the file`);
      seen[list].add(id);
      good.push([i, parsed.data]);
    });
    return good;
  }
  fleet.vehicleTypes = rowsOf<VehicleType>('vehicleTypes', VehicleTypeSchema as z.ZodMiniType<VehicleType>, (t) => t.id).map(([, t]) => t);
  fleet.locations = rowsOf<Location>('locations', LocationSchema as z.ZodMiniType<Location>, (l) => l.id).map(([, l]) => l);
  const units = rowsOf<Unit>('units', UnitSchema as z.ZodMiniType<Unit>, (u) => u.plate.toUpperCase());

  const locationIds = new Set([...known.locations.map((l) => l.id), ...seen.locations]);
  const typeIds = new Set([...known.vehicleTypes.map((t) => t.id), ...seen.vehicleTypes]);
  for (const [i, unit] of units) {
    if (!locationIds.has(unit.locationId)) errors.push(`units[${i}].locationId: no location "${unit.locationId}"`);
    else if (!typeIds.has(unit.vehicleTypeId)) errors.push(`units[${i}].vehicleTypeId: no vehicle type "${unit.vehicleTypeId}"`);
    else fleet.units.push({ ...unit, plate: unit.plate.toUpperCase() });
  }
  const extras = rowsOf<Extra>('extras', ExtraSchema as z.ZodMiniType<Extra>, (e) => e.id);
  for (const [i, extra] of extras) {
    const unknown = [...extra.locationIds.map((id) => ['locationIds', id]), ...(extra.returnLocationIds ?? []).map((id) => ['returnLocationIds', id])].find(([, id]) => !locationIds.has(id));
    if (unknown) errors.push(`extras[${i}].${unknown[0]}: no location "${unknown[1]}"`);
    else (fleet.extras ??= []).push(extra);
  }
  return errors.length ? { ok: false, errors } : { ok: true, fleet };
}

/** A fleet checked against the schema; throws with the problems named (infra/admin.ts `fleet`). */
export function parseFleet(input: unknown): Fleet {
  const result = checkFleet(input);
  if (!result.ok) throw new Error(`Invalid fleet: ${result.errors.join('; ')}`);
  return result.fleet;
}
