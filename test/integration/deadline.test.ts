import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BatchGetCommand, GetCommand, PutCommand, QueryCommand, ScanCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { createServer, type Server, type Socket } from 'node:net';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { createSesClient, sesMailer } from '../../functions/mail/ses-mailer';
import { SDK_BUDGETS } from '../../functions/sdk-timeouts';
import { createDynamoClient } from '../../functions/store/client';
import type { Hono } from 'hono';
import type { VehiclesResponse } from '../../functions/catalog/api';
import { createDeps, type AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { callUpForm, daysAhead, openSession, postCallUp } from '../support/punchout';
import { seededStack } from '../support/stack';

// A short deadline so the test runs in seconds; production uses 12 s (REQUEST_DEADLINE_MS).
const DEADLINE_MS = 1500;
const HANG_MS = 20_000;

let real: AppDeps;
let faulty: AppDeps;
let app: Hono;
let stub: ReturnType<typeof mockClient>;

beforeAll(async () => {
  real = await seededStack({ REQUEST_DEADLINE_MS: String(DEADLINE_MS) });
  faulty = createDeps(real.config, real.secrets);
  app = createLocalApp(faulty);
});

afterEach(() => stub?.restore());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A call that answers nothing for 20 s and then times out, as DynamoDB does when it is unreachable. */
const hang = () =>
  sleep(HANG_MS).then(() => {
    throw Object.assign(new Error('socket hang up'), { name: 'TimeoutError' });
  });

/** Every command goes to DynamoDB Local through the real client, unless a test makes one hang or lag. */
function passThrough(lag: Partial<Record<'get' | 'transact', number>> = {}) {
  stub = mockClient(faulty.db.doc);
  const via = <T>(ms: number | undefined, send: () => Promise<T>) => (ms ? sleep(ms).then(send) : send());
  stub.on(GetCommand).callsFake((input) => via(lag.get, () => real.db.doc.send(new GetCommand(input))));
  stub.on(BatchGetCommand).callsFake((input) => via(lag.get, () => real.db.doc.send(new BatchGetCommand(input))));
  stub.on(PutCommand).callsFake((input) => real.db.doc.send(new PutCommand(input)));
  stub.on(UpdateCommand).callsFake((input) => real.db.doc.send(new UpdateCommand(input)));
  stub.on(QueryCommand).callsFake((input) => real.db.doc.send(new QueryCommand(input)));
  stub.on(TransactWriteCommand).callsFake((input) => via(lag.transact, () => real.db.doc.send(new TransactWriteCommand(input))));
}

/** Waits until `done()` holds, at most 10 s. */
async function until(done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 50) {
    if (waited > 10_000) throw new Error('the handler never reached the session write');
    await sleep(50);
  }
}

async function timed(work: () => Promise<Response>): Promise<{ response: Response; ms: number }> {
  const started = Date.now();
  const response = await work();
  return { response, ms: Date.now() - started };
}

async function sessions(): Promise<number> {
  const out = await real.db.doc.send(
    new ScanCommand({ TableName: real.db.table, FilterExpression: 'entity = :s', ExpressionAttributeValues: { ':s': 'session' }, Select: 'COUNT' }),
  );
  return out.Count ?? 0;
}

async function available(session: string, vehicleTypeId: string, pickup: string, ret: string): Promise<number> {
  const body = (await (await app.request(`${session}/api/vehicles?location=utr-centraal&pickup=${pickup}&return=${ret}`)).json()) as VehiclesResponse;
  return body.ok ? body.offers.find((o) => o.vehicleTypeId === vehicleTypeId)!.available : -1;
}

describe('the request deadline', () => {
  it('answers a transfer whose DynamoDB write hangs 20 s with a plain "took too long" at the deadline, and holds nothing', async () => {
    passThrough();
    const session = await openSession(app);
    stub.on(TransactWriteCommand).callsFake(hang);
    const pickup = daysAhead(50);
    const ret = daysAhead(52);
    const { response, ms } = await timed(() =>
      Promise.resolve(
        app.request(`${session}/api/transfer`, {
          method: 'POST',
          body: JSON.stringify({ vehicleTypeId: 'van-minibus', locationId: 'utr-centraal', pickup, return: ret }),
          headers: { 'content-type': 'application/json' },
        }),
      ),
    );
    expect(ms).toBeGreaterThanOrEqual(DEADLINE_MS - 50);
    expect(ms).toBeLessThan(DEADLINE_MS + 1500);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    const body = (await response.json()) as { error: string; message: string };
    expect(body).toEqual({ error: 'timeout', message: expect.stringContaining('took too long') });
    expect(JSON.stringify(body)).not.toMatch(/TimeoutError|socket|\.ts:\d+|at /);
    stub.restore();
    expect(await available(session, 'van-minibus', pickup, ret)).toBe(1);
  });

  it('answers an HTML page that hangs with the same sentence as plain text', async () => {
    passThrough();
    // The call-up's first read: login and throttle counters in one BatchGetItem (store/logins.ts).
    stub.on(BatchGetCommand).callsFake(hang);
    stub.on(GetCommand).callsFake(hang);
    const { response, ms } = await timed(() => postCallUp(app, callUpForm()));
    expect(ms).toBeLessThan(DEADLINE_MS + 1500);
    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/took too long.*try again/);
  });

  it('starts no further call once it has answered, so a call-up whose first read came back late opens no session', async () => {
    const before = await sessions();
    passThrough();
    // The login lookup's answer (one BatchGetItem) comes back after the deadline; everything after it must not run.
    let first = true;
    stub.on(BatchGetCommand).callsFake((input) => {
      const answer = real.db.doc.send(new BatchGetCommand(input));
      if (!first) return answer;
      first = false;
      return answer.then((out) => sleep(DEADLINE_MS + 500).then(() => out));
    });
    const { response } = await timed(() => postCallUp(app, callUpForm()));
    expect(response.status).toBe(503);
    // The handler runs on after the answer: wait until it asks for anything more, give it time to write, then look.
    await until(() => stub.calls().length >= 2);
    await sleep(1000);
    expect(await sessions()).toBe(before);
  });

  it('lets a request that finishes in time through untouched', async () => {
    passThrough({ get: 100 });
    const before = await sessions();
    const response = await postCallUp(app, callUpForm());
    expect(response.status).toBe(303);
    expect(await sessions()).toBe(before + 1);
  });
});

describe('every AWS call has a timeout', () => {
  /** A server that accepts connections and never answers, like an endpoint behind a black hole. */
  async function silentServer(): Promise<{ url: string; close(): Promise<void> }> {
    const sockets: Socket[] = [];
    const server: Server = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as { port: number };
    return {
      url: `http://127.0.0.1:${port}`,
      close: () => {
        for (const socket of sockets) socket.destroy();
        return new Promise((resolve) => server.close(() => resolve()));
      },
    };
  }

  const quick = { connectionTimeout: 300, requestTimeout: 400, maxAttempts: 2 };

  it('a DynamoDB call to an endpoint that never answers fails after its attempts instead of hanging', async () => {
    const silent = await silentServer();
    try {
      const client = createDynamoClient({ region: 'eu-west-1', dynamoEndpoint: silent.url }, quick);
      const started = Date.now();
      await expect(client.send(new GetItemCommand({ TableName: 't', Key: { pk: { S: 'x' }, sk: { S: 'y' } } }))).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(quick.maxAttempts * quick.requestTimeout + 1500);
    } finally {
      await silent.close();
    }
  });

  it('an SES send to an endpoint that never answers fails after one attempt', async () => {
    const silent = await silentServer();
    try {
      const mailer = sesMailer(createSesClient({ region: 'eu-west-1', sesEndpoint: silent.url }, { ...quick, maxAttempts: 1 }));
      const started = Date.now();
      await expect(mailer.sendRaw({ from: 'a@flexfleet.example', to: 'b@flexfleet.example', mime: 'Subject: x\r\n\r\nx' })).rejects.toThrow();
      expect(Date.now() - started).toBeLessThan(quick.requestTimeout + 1000);
    } finally {
      await silent.close();
    }
  });

  it('in AWS, a DynamoDB call gives up well inside the request deadline, all attempts counted', () => {
    const { connectionTimeout, requestTimeout, maxAttempts } = SDK_BUDGETS.dynamodb;
    expect(maxAttempts * (connectionTimeout + requestTimeout)).toBeLessThan(12_000 / 1.2);
    expect(SDK_BUDGETS.ses.maxAttempts).toBe(1);
  });
});
