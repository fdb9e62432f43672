import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException, ProvisionedThroughputExceededException } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { Hono } from 'hono';
import type { TransferAccepted, VehiclesResponse } from '../../functions/catalog/api';
import { createDeps, type AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { getRequest } from '../../functions/store/requests';
import { daysAhead, openSession, postCallUp, callUpForm } from '../support/punchout';
import { seededStack } from '../support/stack';

// The app under test gets its own document client, mocked per test; the real one checks the table.
let real: AppDeps;
let faulty: AppDeps;
let app: Hono;
let stub: ReturnType<typeof mockClient>;

beforeAll(async () => {
  real = await seededStack();
  faulty = createDeps(real.config, real.secrets);
  app = createLocalApp(faulty);
});

/** Every command the app sends goes to DynamoDB Local, except where a test injects a fault. */
function passThrough() {
  stub = mockClient(faulty.db.doc);
  stub.on(GetCommand).callsFake((input) => real.db.doc.send(new GetCommand(input)));
  stub.on(BatchGetCommand).callsFake((input) => real.db.doc.send(new BatchGetCommand(input)));
  stub.on(PutCommand).callsFake((input) => real.db.doc.send(new PutCommand(input)));
  stub.on(QueryCommand).callsFake((input) => real.db.doc.send(new QueryCommand(input)));
  stub.on(TransactWriteCommand).callsFake((input) => real.db.doc.send(new TransactWriteCommand(input)));
}

afterEach(() => stub?.restore());

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const throttled = () => new ProvisionedThroughputExceededException({ message: 'Rate exceeded', $metadata: {} });

async function available(session: string, vehicleTypeId: string, pickup: string, ret: string) {
  const body = (await (await app.request(`${session}/api/vehicles?location=utr-centraal&pickup=${pickup}&return=${ret}`)).json()) as VehiclesResponse;
  return body.ok ? body.offers.find((o) => o.vehicleTypeId === vehicleTypeId)!.available : -1;
}

describe('faults the real DynamoDB will not produce on demand', () => {
  it('retries a transaction cancelled by a concurrent conflict and registers the request once', async () => {
    passThrough();
    const session = await openSession(app);
    const conflict = new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'None' }, { Code: 'None' }, { Code: 'None' }, { Code: 'TransactionConflict' }],
    });
    stub
      .on(TransactWriteCommand)
      .rejectsOnce(conflict)
      .callsFake((input) => real.db.doc.send(new TransactWriteCommand(input)));
    const pickup = daysAhead(40);
    const ret = daysAhead(42);
    const response = await app.request(`${session}/api/transfer`, json({ vehicleTypeId: 'suv-xc90', locationId: 'utr-centraal', pickup, return: ret }));
    expect(response.status).toBe(201);
    const { requestId } = (await response.json()) as TransferAccepted;
    expect(await getRequest(real.db, requestId)).toMatchObject({ status: 'requested' });
    expect(stub.commandCalls(TransactWriteCommand)).toHaveLength(2);
    expect(await available(session, 'suv-xc90', pickup, ret)).toBe(0);
  });

  it('answers a throttled transfer with a plain 500, no stack trace, and holds nothing', async () => {
    passThrough();
    const session = await openSession(app);
    stub.on(TransactWriteCommand).rejects(throttled());
    const pickup = daysAhead(44);
    const ret = daysAhead(45);
    const response = await app.request(`${session}/api/transfer`, json({ vehicleTypeId: 'van-minibus', locationId: 'utr-centraal', pickup, return: ret }));
    expect(response.status).toBe(500);
    const body = await response.text();
    expect(body).toContain('Nothing was lost; please try again.');
    expect(body).not.toMatch(/Rate exceeded|\.ts:\d+|at /);
    stub.restore();
    expect(await available(session, 'van-minibus', pickup, ret)).toBe(1);
  });

  it('answers a call-up during a DynamoDB outage with a plain page and no session', async () => {
    passThrough();
    // The session is written with its payload-log entry in one transaction; any single write too.
    stub.on(TransactWriteCommand).rejects(throttled());
    stub.on(PutCommand).rejects(throttled());
    const response = await postCallUp(app, callUpForm());
    expect(response.status).toBe(500);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).not.toContain('Rate exceeded');
  });
});
