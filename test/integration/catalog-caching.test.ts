import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import { createLocalApp } from '../../functions/local/server';
import { daysAhead, openSession } from '../support/punchout';
import { seededStack } from '../support/stack';

let app: Hono;

beforeAll(async () => {
  app = createLocalApp(await seededStack());
});

describe('nothing under /s/<session>/ is cached (issue 8, finding 7)', () => {
  it('sends cache-control: no-store with the catalog API JSON: prices, refusals, transfers, an expired session', async () => {
    const session = await openSession(app);
    const period = { pickup: daysAhead(12), return: daysAhead(14) };
    const answers = {
      vehicles: await app.request(`${session}/api/vehicles?location=ams-sloterdijk&pickup=${period.pickup}&return=${period.return}`),
      refused: await app.request(`${session}/api/vehicles?location=ams-sloterdijk&pickup=soon&return=later`),
      transfer: await app.request(`${session}/api/transfer`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ vehicleTypeId: 'compact-clio', locationId: 'ams-sloterdijk', ...period }),
      }),
      page: await app.request(`${session}/`),
      expired: await app.request('/s/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA/api/vehicles'),
    };
    expect(answers.vehicles.status).toBe(200);
    expect(answers.refused.status).toBe(400);
    expect(answers.transfer.status).toBe(201);
    expect(answers.expired.status).toBe(410);
    for (const [name, response] of Object.entries(answers)) expect(response.headers.get('cache-control'), name).toBe('no-store');
  });
});
