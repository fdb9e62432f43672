import { createHash } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { createLocalApp } from '../../functions/local/server';
import { callUpRefusalsOf } from '../../functions/store/callup-stats';
import { keys } from '../../functions/store/keys';
import { LOGIN_THROTTLE } from '../../functions/store/login-attempts';
import { PAYLOAD_BODY_MAX, payloadsOf, recordPayload } from '../../functions/store/payload-log';
import { getSession } from '../../functions/store/sessions';
import { callUpForm, postCallUp } from '../support/punchout';
import { seededStack, startServer } from '../support/stack';

const CLIENT_HEADER = 'cloudfront-viewer-address';
const CONNECTION_ID = DEMO_CONNECTION.connection.id;
const today = () => new Date().toISOString().slice(0, 10);

let deps: AppDeps;
let app: Hono;
let server: { base: string; stop(): Promise<void> };

beforeAll(async () => {
  deps = await seededStack({ TRUSTED_CLIENT_IP_HEADER: CLIENT_HEADER });
  app = createLocalApp(deps);
  server = await startServer(deps);
});

afterAll(() => server?.stop());

async function refusedCallUps(): Promise<unknown[]> {
  const { Items } = await deps.db.doc.send(
    new QueryCommand({
      TableName: deps.db.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.refusedCallUps(today()) },
    }),
  );
  return Items ?? [];
}

const from = (address: string) => ({ [CLIENT_HEADER]: `${address}:51234` });

/**
 * POST `size` bytes to the running server (declared up front, or chunked) and resolve with the
 * status, without waiting to send it all; `reset` when the server closed the connection on the
 * refused upload before the client read its answer.
 */
function postBig(path: string, size: number, chunked = false): Promise<number | 'reset'> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(chunked ? {} : { 'content-length': String(size) }) },
    });
    req.on('response', (res) => {
      res.resume();
      resolve(res.statusCode!);
      req.destroy();
    });
    req.on('error', (error: NodeJS.ErrnoException) =>
      ['ECONNRESET', 'EPIPE'].includes(error.code ?? '') ? resolve('reset') : req.destroyed ? undefined : reject(error),
    );
    const chunk = Buffer.alloc(64 * 1024, 'a=%41%42%43&');
    let sent = 0;
    const pump = () => {
      while (sent < size && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!req.destroyed) req.end();
    };
    pump();
  });
}

async function healthMs(): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${server.base}/health`);
  expect(response.status).toBe(200);
  return performance.now() - started;
}

describe('call-up input limits', () => {
  it('answers a 100,000-character USERNAME with a 400 naming USERNAME, not a 500', async () => {
    const query = callUpForm({ USERNAME: 'u'.repeat(100_000) });
    const response = await app.request(`/punchout/oci?${query}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('USERNAME');
    const posted = await postCallUp(app, callUpForm({ USERNAME: 'u'.repeat(60_000) }));
    expect(posted.status).toBe(400);
  });

  it('refuses a 500 KB call-up body with a plain 413 and stores nothing', async () => {
    const before = (await refusedCallUps()).length;
    const response = await postCallUp(app, callUpForm({ foo: 'x'.repeat(500 * 1024) }));
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(await response.text()).toMatch(/too large.*64 KB/);
    expect((await refusedCallUps()).length).toBe(before);
    expect(await callUpRefusalsOf(deps.db, 'unknown', today())).toContainEqual(expect.objectContaining({ reason: 'too-large' }));
  });

  it('limits the body of the catalog API and the console too', async () => {
    const big = 'x'.repeat(40 * 1024);
    expect((await app.request('/ops/sign-in', { method: 'POST', body: `email=${big}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } })).status).toBe(413);
    expect((await app.request('/s/whatever/api/transfer', { method: 'POST', body: big, headers: { 'content-type': 'application/json' } })).status).toBe(413);
  });

  it('answers 413 to a declared 10 MB body before it has been sent', async () => {
    const status = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(new URL(server.base).port), '127.0.0.1', () => {
        socket.write(
          'POST /punchout/oci HTTP/1.1\r\nHost: localhost\r\ncontent-type: application/x-www-form-urlencoded\r\n' +
            `content-length: ${10 * 1024 * 1024}\r\n\r\nUSERNAME=a&`,
        );
      });
      socket.once('data', (data) => {
        resolve(data.toString('latin1').split('\r\n')[0]);
        socket.destroy();
      });
      socket.on('error', reject);
    });
    expect(status).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('keeps /health fast while five 10 MB form posts arrive in parallel', async () => {
    const baseline = await healthMs();
    const posts = Array.from({ length: 5 }, (_, i) => postBig('/punchout/oci', 10 * 1024 * 1024, i % 2 === 1));
    const during = await Promise.all([healthMs(), healthMs(), healthMs()]);
    const answers = await Promise.all(posts);
    expect(answers.filter((a, i) => i % 2 === 0)).toEqual([413, 413, 413]);
    for (const answer of answers) expect([413, 'reset']).toContain(answer);
    // Generous (this process also sends the uploads, on a shared machine): the issue measured 5 s.
    expect(Math.max(...during)).toBeLessThan(Math.max(1500, baseline * 10));
  });

  it('answers a malformed multipart body with a 400, not a 500', async () => {
    const response = await app.request('/punchout/oci', {
      method: 'POST',
      body: '--xyz\r\nContent-Disposition: form-data; name="USERNAME"\r\n\r\nnever ends',
      headers: { 'content-type': 'multipart/form-data; boundary=xyz' },
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('could not be read');
  });

  it('refuses CR, LF, NUL and ESC in the requester and extra fields with a 400 naming the field, and opens no session', async () => {
    for (const [field, value] of [
      ['oci_userfullname', 'Jane Doe\r\nBcc: victim@evil.example'],
      ['oci_userfullname', 'Jane\u0000Doe'],
      ['oci_usermail', 'jane@acme.example\nX: y'],
      ['oci_ponumber', '4500\u001b[2J'],
    ]) {
      const response = await postCallUp(app, callUpForm({ [field]: value }), from('192.0.2.50'));
      expect(response.status, field).toBe(400);
      expect(response.headers.get('location')).toBeNull();
      const text = await response.text();
      expect(text).toContain(`“${field}”`);
      expect(text).toContain('control characters');
    }
  });

  it('keeps at most 20 short unknown parameters with the session, and a bounded record in the payload log', async () => {
    const extra = Object.fromEntries(Array.from({ length: 60 }, (_, i) => [`extra${i}`, 'v'.repeat(800)]));
    const response = await postCallUp(app, callUpForm(extra), from('192.0.2.51'));
    expect(response.status).toBe(303);
    const token = response.headers.get('location')!.split('/')[2];
    const session = await getSession(deps.db, deps.secrets.signingKey, token);
    expect(Object.keys(session!.unknownParams)).toEqual([]);
    const [logged] = await payloadsOf(deps.db, keys.session(session!.id).pk);
    expect(Buffer.byteLength(logged.body)).toBeLessThan(64 * 1024);
    expect(JSON.parse(logged.body)).toMatchObject({ omittedParams: 10 });
    const small = await postCallUp(app, callUpForm({ a: '1', b: '2' }), from('192.0.2.51'));
    const smallSession = await getSession(deps.db, deps.secrets.signingKey, small.headers.get('location')!.split('/')[2]);
    expect(smallSession!.unknownParams).toEqual({ a: '1', b: '2' });
  });

  it('keeps a too-large payload-log entry truncated, with its byte size and SHA-256', async () => {
    const body = JSON.stringify({ params: [['foo', 'é'.repeat(250_000)]] });
    const owner = keys.refusedCallUps('2000-01-01');
    await recordPayload(deps.db, { kind: 'callup', direction: 'in', owner, status: 400, contentType: 'application/json', body });
    const [entry] = await payloadsOf(deps.db, owner);
    expect(entry.truncated).toBe(true);
    expect(Buffer.byteLength(entry.body)).toBeLessThanOrEqual(PAYLOAD_BODY_MAX);
    expect(body.startsWith(entry.body)).toBe(true);
    expect(entry.bodyBytes).toBe(Buffer.byteLength(body));
    expect(entry.bodySha256).toBe(createHash('sha256').update(body).digest('hex'));
  });
});

describe('call-up login throttling', () => {
  it('answers 200 wrong passwords with 429 and Retry-After after the threshold, and still lets the buyer in from elsewhere', async () => {
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    const guess = async (i: number) => {
      const response = await postCallUp(app, callUpForm({ PASSWORD: `guess-${i}` }), from('203.0.113.9'));
      if (response.status === 429) retryAfter ??= response.headers.get('retry-after');
      return response.status;
    };
    // One by one up to the threshold and a little past it, then in parallel batches (they only read counters).
    for (let i = 0; i < LOGIN_THROTTLE.perUsername + 2; i++) statuses.push(await guess(i));
    for (let i = statuses.length; i < 200; i += 20) {
      statuses.push(...(await Promise.all(Array.from({ length: Math.min(20, 200 - i) }, (_, j) => guess(i + j)))));
    }
    expect(statuses).toHaveLength(200);
    expect(statuses.slice(0, LOGIN_THROTTLE.perUsername)).toEqual(Array(LOGIN_THROTTLE.perUsername).fill(401));
    expect(statuses.slice(LOGIN_THROTTLE.perUsername)).toEqual(Array(200 - LOGIN_THROTTLE.perUsername).fill(429));
    expect(Number(retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number(retryAfter)).toBeLessThanOrEqual(LOGIN_THROTTLE.windowSeconds);

    // The right password from the guesser's address waits; from the buyer's own address it works.
    expect((await postCallUp(app, callUpForm(), from('203.0.113.9'))).status).toBe(429);
    expect((await postCallUp(app, callUpForm(), from('198.51.100.20'))).status).toBe(303);

    const counts = await callUpRefusalsOf(deps.db, CONNECTION_ID, today());
    expect(counts).toContainEqual({ day: today(), reason: 'credentials', count: LOGIN_THROTTLE.perUsername });
    expect(counts).toContainEqual({ day: today(), reason: 'throttled', count: 200 - LOGIN_THROTTLE.perUsername + 1 });
  }, 60_000);

  it('says in the requester’s language when to try again', async () => {
    const response = await postCallUp(app, callUpForm({ PASSWORD: 'nope', 'sap-language': 'NL' }), from('203.0.113.9'));
    expect(response.status).toBe(429);
    expect(await response.text()).toMatch(/Te veel mislukte pogingen.*Probeer het over (een minuut|\d+ minuten) opnieuw/s);
  });

  it('lets the same address in again once the window has passed', async () => {
    const later = new Date(Date.now() + LOGIN_THROTTLE.windowSeconds * 1000);
    const afterwards = createLocalApp({ ...deps, now: () => later });
    expect((await postCallUp(afterwards, callUpForm(), from('203.0.113.9'))).status).toBe(303);
  });

  it('throttles one address guessing many usernames', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < LOGIN_THROTTLE.perAddress + 2; i++) {
      statuses.push((await postCallUp(app, callUpForm({ USERNAME: `nobody-${i}`, PASSWORD: 'x' }), from('203.0.113.77'))).status);
    }
    expect(statuses.slice(0, LOGIN_THROTTLE.perAddress)).toEqual(Array(LOGIN_THROTTLE.perAddress).fill(401));
    expect(statuses.slice(LOGIN_THROTTLE.perAddress)).toEqual([429, 429]);
    expect((await postCallUp(app, callUpForm({ USERNAME: 'nobody-0', PASSWORD: 'x' }), from('203.0.113.78'))).status).toBe(401);
  });

  it('keeps /health fast while 20 call-ups hash passwords in parallel', async () => {
    const baseline = await healthMs();
    const attempts = Array.from({ length: 20 }, (_, i) =>
      fetch(`${server.base}/punchout/oci`, {
        method: 'POST',
        body: callUpForm({ USERNAME: 'utrecht-visma', PASSWORD: `wrong-${i}` }),
        headers: from(`198.51.100.${100 + i}`),
      }),
    );
    // Let the call-ups reach their hashing first.
    await new Promise((resolve) => setTimeout(resolve, 30));
    const during = await healthMs();
    for (const response of await Promise.all(attempts)) expect([401, 429]).toContain(response.status);
    // 20 synchronous scrypts block the loop for about 2 s on a 2-core machine (about 100 ms each).
    expect(during).toBeLessThan(Math.max(800, baseline * 10));
  });
});
