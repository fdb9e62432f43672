import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { FleetId, LocationFields, OutOfServiceWindowSchema, Plate, VehicleTypeSchema, vehicleTypeWith } from '../../catalog/fleet-schema';
import { timeZoneOf } from '../../catalog/time-zone';
import type { Location, VehicleType } from '../../catalog/vehicles';
import type { OpsRefusal } from '../../operations/api';
import type { FleetAdminView, FleetAuditView, ReservationsRefusal } from '../../operations/fleet-api';
import { auditOf } from '../../store/audit';
import { loadVersionedFleet } from '../../store/fleet';
import { addOutOfService, createFleetItem, createUnit, type FleetWrite, removeOutOfService, updateFleetItem, updateUnit } from '../../store/fleet-admin';
import { windowProblem } from '../../catalog/out-of-service';
import type { AppDeps } from '../deps';
import { valid, Version } from './ops-api-input';
import { type OpsEnv, requireRole } from './ops-auth';

/** The explicit choice an admin makes for reservations a unit's absence affects: keep them, reassign later. */
const Choice = { confirm: z.optional(z.literal(true)), action: z.optional(z.enum(['keep'])) };
/** `confirm` names its choice: a bare "yes" to a list of reservations is not a decision. */
const choiceMade = z.refine((body: unknown) => (body as { confirm?: true }).confirm !== true || (body as { action?: string }).action !== undefined, {
  message: 'expected the choice for the reservations (action: "keep") with confirm',
  path: ['action'],
});
const kept = (body: { confirm?: true; action?: 'keep' }) => body.confirm === true && body.action === 'keep';

const IdParam = z.object({ id: FleetId });
const PlateParam = z.object({ plate: Plate });
const WindowParam = z.object({ plate: Plate, windowId: OutOfServiceWindowSchema.shape.id });
const LocationBody = z.extend(LocationFields, { id: FleetId });
const LocationEdit = z.extend(LocationFields, { version: Version });
const VehicleTypeEdit = vehicleTypeWith({ version: Version });
const UnitBody = z.object({ plate: Plate, vehicleTypeId: FleetId, locationId: FleetId, inService: z.optional(z.boolean()) });
const UnitEdit = z.object({ vehicleTypeId: FleetId, locationId: FleetId, inService: z.boolean(), version: Version, ...Choice }).check(choiceMade);
const WindowBody = z
  .object({ from: OutOfServiceWindowSchema.shape.from, to: OutOfServiceWindowSchema.shape.to, reason: OutOfServiceWindowSchema.shape.reason, ...Choice })
  .check(choiceMade);

/**
 * Fleet administration (admins): locations, vehicle types, units and their out-of-service
 * windows. Every change names the version it replaces (409 when stale), is recorded in the audit,
 * and empties this process's fleet cache. A change that would leave reservations without a vehicle
 * answers 409 with them listed and changes nothing, until the admin chooses to keep them.
 */
export function opsAdminFleetRoutes(deps: AppDeps): Hono<OpsEnv> {
  const app = new Hono<OpsEnv>();
  const { db } = deps;
  const actor = (c: Context<OpsEnv>) => ({ email: c.var.staff.email, name: c.var.staff.name });

  app.get('/admin/fleet', requireRole('admin'), async (c) => c.json((await loadVersionedFleet(db)) satisfies FleetAdminView));

  app.post('/admin/locations', requireRole('admin'), valid('json', LocationBody), async (c) => {
    return answer(c, await createFleetItem(db, 'location', c.req.valid('json') as Location, actor(c), deps.now()), 201);
  });
  app.get('/admin/locations/:id', requireRole('admin'), valid('param', IdParam), async (c) => {
    const found = (await loadVersionedFleet(db)).locations.find((l) => l.id === c.req.valid('param').id);
    return found ? c.json(found) : notFound(c, 'location');
  });
  app.post('/admin/locations/:id', requireRole('admin'), valid('param', IdParam), valid('json', LocationEdit), async (c) => {
    const { version, ...fields } = c.req.valid('json');
    const location = { ...fields, id: c.req.valid('param').id } as Location;
    return answer(c, await updateFleetItem(db, 'location', location, version, actor(c), deps.now()));
  });

  app.post('/admin/vehicle-types', requireRole('admin'), valid('json', VehicleTypeSchema), async (c) => {
    return answer(c, await createFleetItem(db, 'vehicleType', c.req.valid('json') as VehicleType, actor(c), deps.now()), 201);
  });
  app.get('/admin/vehicle-types/:id', requireRole('admin'), valid('param', IdParam), async (c) => {
    const found = (await loadVersionedFleet(db)).vehicleTypes.find((t) => t.id === c.req.valid('param').id);
    return found ? c.json(found) : notFound(c, 'vehicle type');
  });
  app.post('/admin/vehicle-types/:id', requireRole('admin'), valid('param', IdParam), valid('json', VehicleTypeEdit), async (c) => {
    const { version, ...fields } = c.req.valid('json');
    const type = { ...fields, id: c.req.valid('param').id } as VehicleType;
    return answer(c, await updateFleetItem(db, 'vehicleType', type, version, actor(c), deps.now()));
  });
  /** The type's changes and its units' (which stand for its capacity), newest first. */
  app.get('/admin/vehicle-types/:id/audit', requireRole('admin'), valid('param', IdParam), async (c) => {
    const { id } = c.req.valid('param');
    const fleet = await loadVersionedFleet(db);
    if (!fleet.vehicleTypes.some((t) => t.id === id)) return notFound(c, 'vehicle type');
    const subjects = [`vehicleType#${id}`, ...fleet.units.filter((u) => u.vehicleTypeId === id).map((u) => `unit#${u.plate}`)];
    const entries = (await Promise.all(subjects.map((s) => auditOf(db, s)))).flat().sort((a, b) => b.at.localeCompare(a.at));
    return c.json({ entries } satisfies FleetAuditView);
  });

  app.post('/admin/units', requireRole('admin'), valid('json', UnitBody), async (c) => {
    const input = c.req.valid('json');
    const unit = { ...input, plate: input.plate.toUpperCase() };
    const problem = await unknownReference(unit);
    if (problem) return c.json(problem, 400);
    return answer(c, await createUnit(db, unit, actor(c), deps.now()), 201);
  });
  app.get('/admin/units/:plate', requireRole('admin'), valid('param', PlateParam), async (c) => {
    const found = (await loadVersionedFleet(db)).units.find((u) => u.plate === c.req.valid('param').plate.toUpperCase());
    return found ? c.json(found) : notFound(c, 'unit');
  });
  app.post('/admin/units/:plate', requireRole('admin'), valid('param', PlateParam), valid('json', UnitEdit), async (c) => {
    const { version, confirm, action, ...change } = c.req.valid('json');
    const unit = { ...change, plate: c.req.valid('param').plate.toUpperCase() };
    const problem = await unknownReference(unit);
    if (problem) return c.json(problem, 400);
    return answer(c, await updateUnit(db, unit, version, kept({ confirm, action }), actor(c), deps.now()));
  });
  app.post('/admin/units/:plate/out-of-service', requireRole('admin'), valid('param', PlateParam), valid('json', WindowBody), async (c) => {
    const { confirm, action, ...input } = c.req.valid('json');
    const plate = c.req.valid('param').plate.toUpperCase();
    // The window is wall time at the unit's location: its clock decides which times exist.
    const fleet = await loadVersionedFleet(db);
    const unit = fleet.units.find((u) => u.plate === plate);
    if (!unit) return notFound(c, 'unit');
    const zone = timeZoneOf(fleet.locations.find((l) => l.id === unit.locationId) ?? {});
    const now = deps.now();
    const problem = windowProblem(input, zone, now);
    if (problem) return c.json({ error: 'invalid', field: problem.field, message: `Invalid request body. ${problem.message}.` } satisfies OpsRefusal, 400);
    const window = { id: randomBytes(6).toString('base64url'), ...input };
    return answer(c, await addOutOfService(db, plate, window, kept({ confirm, action }), actor(c), now), 201);
  });
  app.post('/admin/units/:plate/out-of-service/:windowId/remove', requireRole('admin'), valid('param', WindowParam), async (c) => {
    const { plate, windowId } = c.req.valid('param');
    return answer(c, await removeOutOfService(db, plate.toUpperCase(), windowId, actor(c), deps.now()));
  });

  /** 400 naming the field when a unit names a location or type that does not exist. */
  async function unknownReference(unit: { vehicleTypeId: string; locationId: string }): Promise<OpsRefusal | undefined> {
    const fleet = await loadVersionedFleet(db);
    if (!fleet.locations.some((l) => l.id === unit.locationId)) return { error: 'invalid', field: 'locationId', message: `Invalid request body. locationId: no location "${unit.locationId}".` };
    if (!fleet.vehicleTypes.some((t) => t.id === unit.vehicleTypeId)) return { error: 'invalid', field: 'vehicleTypeId', message: `Invalid request body. vehicleTypeId: no vehicle type "${unit.vehicleTypeId}".` };
    return undefined;
  }

  return app;
}

function notFound(c: Context, what: string) {
  return c.json({ error: 'not-found', message: `No such ${what}.` } satisfies OpsRefusal, 404);
}

/** The answer to a fleet write: the item as stored, or the refusal in words. */
function answer<T>(c: Context, result: FleetWrite<T>, okStatus: 200 | 201 = 200) {
  if (result.ok) return c.json(result.item as object, okStatus);
  switch (result.problem) {
    case 'exists':
      return c.json({ error: 'changed', message: 'That id already exists: open it and edit it instead.' } satisfies OpsRefusal, 409);
    case 'not-found':
      return notFound(c, 'item');
    case 'stale':
      return c.json({ error: 'changed', message: 'Someone changed this since you opened it. Reload and make your change again.' } satisfies OpsRefusal, 409);
    case 'has-windows':
      return c.json(
        { error: 'changed', message: 'This unit has out-of-service windows that are not over: they hold vehicles at its location and type. Remove them first.' } satisfies OpsRefusal,
        409,
      );
    case 'overlaps':
      return c.json({ error: 'changed', message: 'This unit is already out of service for part of that time: change that window instead.' } satisfies OpsRefusal, 409);
    case 'too-many-windows':
      return c.json({ error: 'invalid', field: 'from', message: 'This unit has 50 out-of-service windows: remove past ones first.' } satisfies OpsRefusal, 400);
    case 'busy':
      return c.json({ error: 'busy', message: 'Too many changes at once. Try again in a moment.' } satisfies OpsRefusal, 503);
    case 'reservations':
      return c.json(
        {
          error: 'taken',
          message: `${result.reservations.length || 'Some'} reservation(s) would lose their vehicle. Nothing was changed: keep them and reassign later (confirm: true, action: "keep"), or change the reservations first.`,
          reservations: result.reservations,
          actions: ['keep'],
        } satisfies ReservationsRefusal,
        409,
      );
  }
}
