import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { VehiclesResponse } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { keys } from '../../functions/store/keys';
import { daysAhead, openSession } from '../support/punchout';
import { seededStack } from '../support/stack';

/**
 * The availability reads session, connection and holds in one round trip once the container has seen
 * the session (http/session-access.ts): nothing of the connection may come from memory.
 */
let deps: AppDeps;
let app: Hono;
let clock = Date.now();

beforeAll(async () => {
  deps = await seededStack({}, () => new Date(clock));
  app = createLocalApp(deps);
});

const period = { pickup: daysAhead(10), return: daysAhead(13) };
const vehicles = (session: string) => app.request(`${session}/api/vehicles?location=ams-sloterdijk&pickup=${period.pickup}&return=${period.return}`);
async function netOf(session: string): Promise<number> {
  const response = await vehicles(session);
  const body = (await response.json()) as VehiclesResponse;
  if (!body.ok) throw new Error(body.message);
  return body.offers.find((o) => o.vehicleTypeId === 'estate-passat')!.price.net;
}
const setConnection = (expression: string, values: Record<string, unknown>) =>
  deps.db.doc.send(new UpdateCommand({ TableName: deps.db.table, Key: keys.connection('acme-demo'), UpdateExpression: expression, ExpressionAttributeValues: values }));

describe('availability in one round trip: still the stored session and connection every time', () => {
  it('prices by a contract rate changed after the session was first seen, at the next call', async () => {
    const session = await openSession(app);
    const before = await netOf(session);
    expect(await netOf(session)).toBe(before); // the second call takes the one-round-trip path
    await setConnection('SET contractRates = :rates', { ':rates': [{ id: 'half', kind: 'discount', percent: 50, validFrom: '2000-01-01' }] });
    expect(await netOf(session)).toBeLessThan(before);
    await setConnection('SET contractRates = :rates', { ':rates': [{ id: 'acme-discount', kind: 'discount', percent: 10, validFrom: '2026-01-01' }] });
    expect(await netOf(session)).toBe(before);
  });

  it('answers 410 once the session expired, though the container knew it', async () => {
    const session = await openSession(app);
    expect((await vehicles(session)).status).toBe(200);
    expect((await vehicles(session)).status).toBe(200);
    const saved = clock;
    clock += (deps.config.sessionMinutes + 1) * 60_000;
    try {
      expect((await vehicles(session)).status).toBe(410);
      expect((await app.request(`${session}/`)).status).toBe(410);
    } finally {
      clock = saved;
    }
  });

  it('answers 410 once the session item is gone (deleted or a new signing key), though the container knew it', async () => {
    const session = await openSession(app);
    expect((await vehicles(session)).status).toBe(200);
    const { sessionIdOf } = await import('../../functions/store/sessions');
    const token = session.split('/')[2];
    await deps.db.doc.send(new DeleteCommand({ TableName: deps.db.table, Key: keys.session(sessionIdOf(token, deps.secrets.signingKey)) }));
    expect((await vehicles(session)).status).toBe(410);
  });

  it('names a bad period in the session language and answers 410, not 400, for an unknown session with a bad period', async () => {
    const session = await openSession(app);
    const bad = await app.request(`${session}/api/vehicles?location=nowhere&pickup=${period.pickup}&return=${period.return}`);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/\w/);
    const unknown = await app.request(`/s/${'x'.repeat(32)}/api/vehicles?location=nowhere&pickup=x&return=y`);
    expect(unknown.status).toBe(410);
  });

  // Last: it deletes the demo connection.
  it('answers 410 when the connection was deleted after the session was first seen', async () => {
    const session = await openSession(app);
    expect((await vehicles(session)).status).toBe(200);
    await deps.db.doc.send(new DeleteCommand({ TableName: deps.db.table, Key: keys.connection('acme-demo') }));
    expect((await vehicles(session)).status).toBe(410);
  });
});
