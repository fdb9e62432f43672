import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkFleet } from '../../functions/catalog/fleet-schema';
import { slotsOf } from '../../functions/catalog/period';
import { capacityOf, type Location, type Unit, type VehicleType } from '../../functions/catalog/vehicles';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import type { OpsRefusal, RequestDetail } from '../../functions/operations/api';
import type { FleetAdminView, FleetAuditView, ReservationsRefusal } from '../../functions/operations/fleet-api';
import { heldAt } from '../../functions/store/holds';
import { daysAhead, openSession } from '../support/punchout';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;
let admin: Record<string, string>;
let operator: Record<string, string>;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
  admin = (await signedIn(deps, await addTestStaff(deps, 'admin'))).headers;
  operator = (await signedIn(deps, await addTestStaff(deps, 'operator'))).headers;
});

const post = (url: string, body: unknown, headers = admin) => app.request(`/ops/api${url}`, { method: 'POST', headers, body: JSON.stringify(body) });
const get = async <T>(url: string) => (await (await app.request(`/ops/api${url}`, { headers: admin })).json()) as T;
type Versioned<T> = T & { version: number };

const zuid = {
  id: 'ams-zuid',
  name: 'Amsterdam Zuid',
  address: 'Zuidplein 1',
  city: '1077 XV Amsterdam',
  phone: '+31 20 555 0300',
  timeZone: 'Europe/Amsterdam',
  openingHours: { mon: { open: '08:00', close: '18:00' }, sat: { open: '10:00', close: '14:00' } },
  closingDays: ['2026-12-25'],
};

const cargoBike = {
  id: 'bike-cargo',
  sku: 'FF-BIKE-CARGO',
  names: { en: 'Electric cargo bike', nl: 'Elektrische bakfiets' },
  descriptions: { en: 'For deliveries in the city centre.', nl: 'Voor bezorging in de binnenstad.' },
  example: 'Urban Arrow Cargo',
  category: 'electric',
  seats: 1,
  doors: 0,
  transmission: 'automatic',
  fuel: 'electric',
  rangeKm: 60,
  luggageLitres: 300,
  art: { body: 'van', colour: '#3aa17e' },
  listRates: { day: 2500, week: 12500, month: 45000 },
};

async function requestDetail(id: string): Promise<RequestDetail> {
  return (await (await app.request(`/ops/api/requests/${id}`, { headers: admin })).json()) as RequestDetail;
}

/** A request for the only unit of a type at a location, assigned to it and confirmed by operations. */
async function confirmedReservation(vehicleTypeId: string, pickupDay: number): Promise<{ id: string; plate: string; slots: string[] }> {
  const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === vehicleTypeId && u.locationId === 'ams-sloterdijk')!.plate;
  const period = { pickup: daysAhead(pickupDay, 9), return: daysAhead(pickupDay + 2, 17) };
  const request = await registerTestRequest(deps, { vehicleTypeId, period, capacity: 1 });
  expect((await post(`/requests/${request.id}/assignment`, { plate, version: 0 })).status).toBe(200);
  const { request: assigned } = await requestDetail(request.id);
  expect((await post(`/requests/${request.id}/confirm`, { version: assigned.version })).status).toBe(200);
  return { id: request.id, plate, slots: slotsOf(period) };
}

describe('fleet administration in the console API', () => {
  it('creates and edits a location, with its opening hours and time zone checked and every change audited', async () => {
    const created = await post('/admin/locations', zuid);
    expect(created.status).toBe(201);
    const location = (await created.json()) as Versioned<Location>;
    // A bare closing date (as files and forms gave them before labels) is kept as a day without a label.
    expect(location).toMatchObject({ ...zuid, closingDays: [{ date: '2026-12-25' }], version: 1 });

    const edited = await post(`/admin/locations/${zuid.id}`, { ...zuid, id: undefined, phone: '+31 20 555 0399', version: 1 });
    expect(edited.status).toBe(200);
    expect(((await edited.json()) as Versioned<Location>).phone).toBe('+31 20 555 0399');
    // The catalog (this process's cached fleet) shows it at once.
    expect((await deps.fleet()).locations.find((l) => l.id === zuid.id)?.phone).toBe('+31 20 555 0399');

    const stale = await post(`/admin/locations/${zuid.id}`, { ...zuid, phone: '+31 20 000 0000', version: 1 });
    expect(stale.status).toBe(409);
    const badZone = await post(`/admin/locations/${zuid.id}`, { ...zuid, timeZone: 'Europe/Amsterdan', version: 2 });
    expect(badZone.status).toBe(400);
    expect(((await badZone.json()) as OpsRefusal).field).toBe('timeZone');
    const badHours = await post('/admin/locations', { ...zuid, id: 'ams-noord', openingHours: { mon: { open: '18:00', close: '08:00' } } });
    expect(badHours.status).toBe(400);
    expect(((await badHours.json()) as OpsRefusal).message).toContain('openingHours.mon: expected close after open');
    expect((await post('/admin/locations', zuid)).status).toBe(409);
  });

  it('creates and edits a vehicle type with names and descriptions in Dutch and English, keeping `name` in English, and shows its audit', async () => {
    const created = await post('/admin/vehicle-types', cargoBike);
    expect(created.status).toBe(201);
    expect(((await created.json()) as VehicleType).name).toBe('Electric cargo bike');

    const { id: _id, ...fields } = cargoBike;
    const edited = await post(`/admin/vehicle-types/${cargoBike.id}`, { ...fields, names: { en: 'E-cargo bike', nl: 'E-bakfiets' }, listRates: { day: 2700, week: 13000, month: 46000 }, version: 1 });
    expect(edited.status).toBe(200);
    const type = (await deps.fleet()).vehicleTypes.find((t) => t.id === cargoBike.id)!;
    expect(type).toMatchObject({ name: 'E-cargo bike', names: { en: 'E-cargo bike', nl: 'E-bakfiets' }, listRates: { day: 2700 } });

    const noNames = await post('/admin/vehicle-types', { ...cargoBike, id: 'bike-2', names: undefined });
    expect(noNames.status).toBe(400);
    expect(((await noNames.json()) as OpsRefusal).field).toBe('names');
    const badColour = await post('/admin/vehicle-types', { ...cargoBike, id: 'bike-3', art: { body: 'van', colour: 'red;}' } });
    expect(((await badColour.json()) as OpsRefusal).message).toContain('art.colour');

    const { entries } = await get<FleetAuditView>(`/admin/vehicle-types/${cargoBike.id}/audit`);
    expect(entries.map((e) => e.action)).toEqual(['changed', 'created']);
    expect(entries[0].actor.name).toBe('Ada Admin');
    expect(entries[0].changes).toEqual(
      expect.arrayContaining([
        { field: 'names.en', from: 'Electric cargo bike', to: 'E-cargo bike' },
        { field: 'listRates.day', from: 2500, to: 2700 },
      ]),
    );
  });

  it('adds a unit at a known location and type, and names an unknown one', async () => {
    const created = await post('/admin/units', { plate: 'bk-001-z', vehicleTypeId: cargoBike.id, locationId: zuid.id });
    expect(created.status).toBe(201);
    expect((await created.json()) as Unit).toMatchObject({ plate: 'BK-001-Z', inService: true, version: 1 });
    expect((await deps.fleet()).units.some((u) => u.plate === 'BK-001-Z')).toBe(true);

    const unknown = await post('/admin/units', { plate: 'BK-002-Z', vehicleTypeId: cargoBike.id, locationId: 'ams-nowhere' });
    expect(unknown.status).toBe(400);
    expect((await unknown.json()) as OpsRefusal).toMatchObject({ field: 'locationId', message: expect.stringContaining('no location "ams-nowhere"') });

    const retired = await post('/admin/units/BK-001-Z', { vehicleTypeId: cargoBike.id, locationId: zuid.id, inService: false, version: 1 });
    expect(retired.status).toBe(200);
    const { units } = await get<FleetAdminView>('/admin/fleet');
    expect(units.find((u) => u.plate === 'BK-001-Z')).toMatchObject({ inService: false, version: 2 });
    const { entries } = await get<FleetAuditView>(`/admin/vehicle-types/${cargoBike.id}/audit`);
    expect(entries.find((e) => e.subject === 'unit#BK-001-Z' && e.action === 'changed')?.changes).toEqual([{ field: 'inService', from: true, to: false }]);
  });

  it('answers an out-of-service window over a confirmed reservation with 409 listing it, and changes nothing', async () => {
    const reservation = await confirmedReservation('suv-xc90', 20);
    const window = { from: daysAhead(19, 8), to: daysAhead(21, 12), reason: 'Brake service' };
    const heldBefore = await heldAt(deps.db, 'ams-sloterdijk', reservation.slots[0], reservation.slots.at(-1)!);

    const refused = await post(`/admin/units/${reservation.plate}/out-of-service`, window);
    expect(refused.status).toBe(409);
    const body = (await refused.json()) as ReservationsRefusal;
    expect(body.reservations).toEqual([expect.objectContaining({ requestId: reservation.id, status: 'confirmed', plate: reservation.plate, why: 'assigned' })]);
    expect(body.actions).toEqual(['keep']);

    const { units } = await get<FleetAdminView>('/admin/fleet');
    expect(units.find((u) => u.plate === reservation.plate)!.outOfService ?? []).toEqual([]);
    expect(await heldAt(deps.db, 'ams-sloterdijk', reservation.slots[0], reservation.slots.at(-1)!)).toEqual(heldBefore);
    expect((await requestDetail(reservation.id)).request).toMatchObject({ status: 'confirmed', assignment: { plate: reservation.plate } });
  });

  it('saves the window when the admin chooses to keep the reservations, leaving the reservation untouched', async () => {
    const reservation = await confirmedReservation('premium-5series', 25);
    const before = (await requestDetail(reservation.id)).request;
    const window = { from: daysAhead(24, 8), to: daysAhead(26, 12), reason: 'Tyres' };
    const bare = await post(`/admin/units/${reservation.plate}/out-of-service`, { ...window, confirm: true });
    expect(bare.status).toBe(400);
    expect(((await bare.json()) as OpsRefusal).field).toBe('action');

    const saved = await post(`/admin/units/${reservation.plate}/out-of-service`, { ...window, confirm: true, action: 'keep' });
    expect(saved.status).toBe(201);
    expect(((await saved.json()) as Unit).outOfService).toEqual([expect.objectContaining({ ...window, id: expect.any(String) })]);
    expect((await requestDetail(reservation.id)).request).toEqual(before);
    const { entries } = await get<FleetAuditView>('/admin/vehicle-types/premium-5series/audit');
    expect(entries[0]).toMatchObject({ subject: `unit#${reservation.plate}`, action: 'out of service (reservations kept)' });
  });

  it('takes what an out-of-service window covers out of the catalog and out of what can be held, and gives it back when removed', async () => {
    // The only Large SUV at Utrecht: once in maintenance, none is free for those days.
    const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === 'suv-xc90' && u.locationId === 'utr-centraal')!.plate;
    const inside = { pickup: daysAhead(30, 9), return: daysAhead(31, 9) };
    const outside = { pickup: daysAhead(33, 9), return: daysAhead(34, 9) };
    const base = await openSession(app);
    const available = async (period: { pickup: string; return: string }) => {
      const response = await app.request(`${base}/api/vehicles?${new URLSearchParams({ location: 'utr-centraal', ...period })}`);
      const body = (await response.json()) as { offers: { vehicleTypeId: string; available: number }[] };
      return body.offers.find((o) => o.vehicleTypeId === 'suv-xc90')?.available ?? 0;
    };
    expect(await available(inside)).toBe(1);

    const saved = await post(`/admin/units/${plate}/out-of-service`, { from: daysAhead(29, 12), to: daysAhead(32, 12), reason: 'Annual inspection' });
    expect(saved.status).toBe(201);
    expect(await available(inside)).toBe(0);
    expect(await available(outside)).toBe(1);

    // The hold transaction (as a transfer of a live connection runs it) is refused: the window holds the only unit.
    const capacity = capacityOf(await deps.fleet(), 'utr-centraal', 'suv-xc90');
    expect(capacity).toBe(1);
    const hold = (period: { pickup: string; return: string }) => registerTestRequest(deps, { vehicleTypeId: 'suv-xc90', locationId: 'utr-centraal', period, capacity });
    await expect(hold(inside)).rejects.toThrow('registration: taken');

    const windowId = ((await saved.json()) as Unit).outOfService![0].id;
    expect((await post(`/admin/units/${plate}/out-of-service/${windowId}/remove`, {})).status).toBe(200);
    expect(await available(inside)).toBe(1);
    await expect(hold(inside)).resolves.toMatchObject({ status: 'requested' });
  });

  it('refuses a window longer than a transaction can hold, naming the field, and leaves the operator out', async () => {
    const plate = (await deps.fleet()).units[0].plate;
    const long = await post(`/admin/units/${plate}/out-of-service`, { from: daysAhead(50, 8), to: daysAhead(100, 8), reason: 'Long repair' });
    expect(long.status).toBe(400);
    expect(((await long.json()) as OpsRefusal).field).toBe('to');
    expect((await post(`/admin/units/${plate}/out-of-service`, { from: daysAhead(50, 8), to: daysAhead(51, 8), reason: 'x' }, operator)).status).toBe(403);
  });

  it('refuses a window ending in the past, starting more than 365 days ahead, or in the hour the location’s clock skips, naming the field', async () => {
    const unit = (await deps.fleet()).units.find((u) => u.locationId === 'ams-sloterdijk')!;
    const refused = async (from: string, to: string) => {
      const response = await post(`/admin/units/${unit.plate}/out-of-service`, { from, to, reason: 'Repair' });
      expect(response.status, `${from} – ${to}`).toBe(400);
      return (await response.json()) as OpsRefusal;
    };
    expect(await refused('9999-01-01T08:00', '9999-01-02T08:00')).toMatchObject({ field: 'from', message: expect.stringContaining('at most 365 days ahead') });
    expect(await refused(daysAhead(-3, 8), daysAhead(-1, 8))).toMatchObject({ field: 'to', message: expect.stringContaining('in the future') });
    // The next last Sunday of March: Amsterdam's clock goes from 02:00 to 03:00.
    const now = new Date();
    let year = now.getUTCFullYear();
    const springForward = (y: number) => {
      const last = new Date(Date.UTC(y, 2, 31));
      return new Date(Date.UTC(y, 2, 31 - last.getUTCDay())).toISOString().slice(0, 10);
    };
    if (springForward(year) <= now.toISOString().slice(0, 10)) year += 1;
    const day = springForward(year);
    expect(await refused(`${day}T02:30`, `${day}T12:00`)).toMatchObject({ field: 'from', message: expect.stringContaining('Europe/Amsterdam') });
    expect(await refused(`${day}T00:30`, `${day}T02:15`)).toMatchObject({ field: 'to' });
    // A window that began this morning (the van broke down) and ends tomorrow is taken.
    const started = await post(`/admin/units/${unit.plate}/out-of-service`, { from: daysAhead(0, 0), to: daysAhead(1, 23), reason: 'Broke down', confirm: true, action: 'keep' });
    expect(started.status, await started.clone().text()).toBe(201);
  });

  it('says what a fleet file lacks: a required field by name, and what the file should be', () => {
    const fleet = { locations: [zuid], vehicleTypes: [cargoBike], units: [{ plate: 'AA-1' }] };
    expect(checkFleet(fleet)).toEqual({ ok: false, errors: ['units[0].vehicleTypeId: required'] });
    expect(checkFleet([])).toEqual({ ok: false, errors: ['(file): expected an object with locations, vehicleTypes and units'] });
    expect(checkFleet({ locations: [], vehicleTypes: [] })).toEqual({ ok: false, errors: ['units: required'] });
    expect(checkFleet({ ...fleet, units: ['AA-1'] })).toEqual({ ok: false, errors: ['units[0]: expected an object'] });
  });

  it('names a missing field of a unit in the console as required', async () => {
    const response = await post('/admin/units', { plate: 'AA-1' });
    expect(response.status).toBe(400);
    expect((await response.json()) as OpsRefusal).toMatchObject({ field: 'vehicleTypeId', message: expect.stringContaining('vehicleTypeId: required') });
  });

  it('refuses fleet changes without a session, to an operator, and without the CSRF token or from another site', async () => {
    const change = (headers: Record<string, string>) => app.request('/ops/api/admin/locations', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ ...zuid, id: 'ams-west' }) });
    expect((await change({})).status).toBe(401);
    expect((await change(operator)).status).toBe(403);
    const { 'x-csrf-token': _csrf, ...withoutToken } = admin;
    expect(((await (await change(withoutToken)).json()) as OpsRefusal).error).toBe('csrf');
    expect((await change({ ...admin, 'sec-fetch-site': 'cross-site' })).status).toBe(403);
    expect((await change({ ...admin, origin: 'https://evil.example' })).status).toBe(403);
    expect((await get<FleetAdminView>('/admin/fleet')).locations.some((l) => l.id === 'ams-west')).toBe(false);
  });

  it('answers taking a unit out of service for good, or moving it, with 409 listing its assigned reservations, and saves it only with the explicit choice', async () => {
    const reservation = await confirmedReservation('van-minibus', 35);
    const unit = (await get<FleetAdminView>('/admin/fleet')).units.find((u) => u.plate === reservation.plate)!;
    const change = { vehicleTypeId: unit.vehicleTypeId, locationId: unit.locationId, inService: false, version: unit.version };

    const refused = await post(`/admin/units/${unit.plate}`, change);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as ReservationsRefusal).reservations.map((r) => r.requestId)).toEqual([reservation.id]);
    const moved = await post(`/admin/units/${unit.plate}`, { ...change, inService: true, locationId: 'utr-centraal' });
    expect(((await moved.json()) as ReservationsRefusal).reservations.map((r) => r.requestId)).toEqual([reservation.id]);
    expect((await get<FleetAdminView>('/admin/fleet')).units.find((u) => u.plate === unit.plate)).toEqual(unit);

    const kept = await post(`/admin/units/${unit.plate}`, { ...change, confirm: true, action: 'keep' });
    expect(kept.status).toBe(200);
    expect(capacityOf(await deps.fleet(), 'ams-sloterdijk', 'van-minibus')).toBe(0);
    expect((await requestDetail(reservation.id)).request).toMatchObject({ status: 'confirmed', assignment: { plate: unit.plate } });
  });

  it('refuses to move a unit that has an out-of-service window not yet over: the window holds a vehicle where it stands', async () => {
    const unit = (await get<FleetAdminView>('/admin/fleet')).units.find((u) => u.vehicleTypeId === 'estate-octavia' && u.locationId === 'utr-centraal')!;
    const window = await post(`/admin/units/${unit.plate}/out-of-service`, { from: daysAhead(40, 8), to: daysAhead(41, 8), reason: 'Service' });
    expect(window.status).toBe(201);
    const { version } = (await window.json()) as Versioned<Unit>;
    const moved = await post(`/admin/units/${unit.plate}`, { vehicleTypeId: unit.vehicleTypeId, locationId: 'ams-sloterdijk', inService: true, version });
    expect(moved.status).toBe(409);
    expect(((await moved.json()) as OpsRefusal).message).toContain('Remove them first');
    expect((await deps.fleet()).units.find((u) => u.plate === unit.plate)!.locationId).toBe('utr-centraal');
    // A second window over part of the first would hold the same vehicle twice.
    const overlapping = await post(`/admin/units/${unit.plate}/out-of-service`, { from: daysAhead(40, 16), to: daysAhead(42, 8), reason: 'Tyres' });
    expect(overlapping.status).toBe(409);
    const slot = slotsOf({ pickup: daysAhead(40, 16), return: daysAhead(40, 17) })[0];
    expect((await heldAt(deps.db, 'utr-centraal', slot, slot)).get(slot)?.get('estate-octavia')).toBe(1);
  });

  it('lists a request that holds the last vehicle of the type without a unit assigned, since the window would leave it none', async () => {
    const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === 'estate-passat' && u.locationId === 'utr-centraal')!.plate;
    const request = await registerTestRequest(deps, { vehicleTypeId: 'estate-passat', locationId: 'utr-centraal', period: { pickup: daysAhead(45, 9), return: daysAhead(46, 9) }, capacity: 1 });
    const refused = await post(`/admin/units/${plate}/out-of-service`, { from: daysAhead(44, 8), to: daysAhead(45, 12), reason: 'Recall' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as ReservationsRefusal).reservations).toEqual([expect.objectContaining({ requestId: request.id, status: 'requested', why: 'no-vehicle-left' })]);
  });
});
