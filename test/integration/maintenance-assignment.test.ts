import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import type { OpsRefusal, RequestDetail } from '../../functions/operations/api';
import { daysAhead } from '../support/punchout';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;
let admin: Record<string, string>;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
  admin = (await signedIn(deps, await addTestStaff(deps, 'admin'))).headers;
});

const post = (url: string, body: unknown) => app.request(`/ops/api${url}`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
const detail = async (id: string) => (await (await app.request(`/ops/api/requests/${id}`, { headers: admin })).json()) as RequestDetail;

describe('assigning a unit that is in maintenance', () => {
  it('shows the window on the unit and refuses the assignment with a 409 that says why', async () => {
    const plates = (await deps.fleet()).units.filter((u) => u.vehicleTypeId === 'estate-octavia' && u.locationId === 'ams-sloterdijk').map((u) => u.plate);
    expect(plates.length).toBeGreaterThan(1);
    const [inMaintenance, free] = plates;
    const window = { from: daysAhead(20, 8), to: daysAhead(21, 17), reason: 'Brake service' };
    expect((await post(`/admin/units/${inMaintenance}/out-of-service`, window)).status).toBe(201);

    const request = await registerTestRequest(deps, { vehicleTypeId: 'estate-octavia', period: { pickup: daysAhead(21, 9), return: daysAhead(23, 9) } });
    const { units } = await detail(request.id);
    expect(units.find((u) => u.plate === inMaintenance)?.maintenance).toEqual({ from: window.from, to: window.to, reason: 'Brake service' });
    expect(units.find((u) => u.plate === free)?.maintenance).toBeUndefined();

    const refused = await post(`/requests/${request.id}/assignment`, { plate: inMaintenance, version: 0 });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as OpsRefusal).message).toContain('Brake service');
    expect((await detail(request.id)).request.assignment).toBeUndefined();

    expect((await post(`/requests/${request.id}/assignment`, { plate: free, version: 0 })).status).toBe(200);
  });

  it('lets a unit whose window ends before the rental be assigned', async () => {
    const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === 'compact-clio' && u.locationId === 'ams-sloterdijk')!.plate;
    expect((await post(`/admin/units/${plate}/out-of-service`, { from: daysAhead(30, 8), to: daysAhead(31, 10), reason: 'Tyres' })).status).toBe(201);
    const request = await registerTestRequest(deps, { vehicleTypeId: 'compact-clio', period: { pickup: daysAhead(32, 9), return: daysAhead(33, 9) } });
    expect((await post(`/requests/${request.id}/assignment`, { plate, version: 0 })).status).toBe(200);
  });
});
