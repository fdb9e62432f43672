import { request as httpRequest } from 'node:http';
import { handle, type LambdaEvent } from 'hono/aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readConfig } from '../../functions/config';
import { createApp } from '../../functions/http/app';
import type { AppDeps } from '../../functions/http/deps';
import type { StreamPoller } from '../../functions/local/stream-poller';
import { requestSignInLink } from '../../functions/store/staff';
import { addTestStaff, eventually, mailsIn, startMailWorker, type StoredMail } from '../support/ops';
import { seededStack, startServer } from '../support/stack';

let deps: AppDeps;
let server: { base: string; stop(): Promise<void> };
let worker: StreamPoller;

beforeAll(async () => {
  deps = await seededStack();
  server = await startServer(deps);
  worker = startMailWorker(deps);
});

afterAll(async () => {
  await worker?.stop();
  await server?.stop();
});

/** A raw HTTP POST as curl sends it: whatever Host header the sender likes. */
function rawPost(path: string, body: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  const url = new URL(path, server.base);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { hostname: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

const signInBody = (email: string) => `email=${encodeURIComponent(email)}`;
const to = (email: string) => (m: StoredMail) => m.destination.to.join().includes(email);
const linkIn = (mail: StoredMail) => /https?:\/\/\S+\/ops\/welcome#token=[A-Za-z0-9_-]+/.exec(mail.body.text ?? '')?.[0];

describe('sign-in links come from configuration, never from the request (issue 8, finding 1)', () => {
  it('refuses the sign-in curl with Host: evil.example and e-mails the operator no link to it', async () => {
    const email = await addTestStaff(deps, 'operator');
    const host = new URL(server.base).host;
    const evil = await rawPost('/ops/sign-in', signInBody(email), { host: 'evil.example' });
    expect(evil.status).toBe(421);
    expect(evil.body).toContain('not the operations console');
    expect(evil.body).toContain(`Open the console at ${server.base}/ops`);
    const forwarded = await rawPost('/ops/sign-in', signInBody(email), { host, 'x-forwarded-host': 'evil.example' });
    expect(forwarded.status).toBe(421);
    const crossSite = await rawPost('/ops/sign-in', signInBody(email), { host, origin: 'http://evil.example' });
    expect(crossSite.status).toBe(403);

    // The real sign-in afterwards is the only mail: none of the refused ones queued a link (nor
    // used up the 30-second allowance of one link per address).
    const real = await rawPost('/ops/sign-in', signInBody(email), { host, origin: server.base });
    expect(real.status).toBe(303);
    await eventually('the sign-in e-mail', () => mailsIn(to(email)), (m) => m.length > 0);
    await worker.drain();
    const mails = await mailsIn(to(email));
    expect(mails).toHaveLength(1);
    expect(mails[0].body.text).not.toContain('evil.example');
    expect(linkIn(mails[0])).toMatch(new RegExp(`^${server.base}/ops/welcome#token=`));
  });

  it('refuses a sign-in link posted to /ops/welcome at another host, and the link still works at the real one', async () => {
    const email = await addTestStaff(deps, 'operator');
    let link = '';
    expect(await requestSignInLink(deps.db, email, (token) => (link = `${server.base}/ops/welcome#token=${token}`))).toBe('sent');
    const token = link.split('#token=')[1];
    const evil = await rawPost('/ops/welcome', `token=${token}`, { host: 'evil.example' });
    expect(evil.status).toBe(421);
    expect(evil.body).not.toContain('set-cookie');
    const real = await rawPost('/ops/welcome', `token=${token}`, { host: new URL(server.base).host, origin: server.base });
    expect(real.status).toBe(303);
  });

  it('requires PUBLIC_BASE_URL outside Lambda, and keeps only its origin', () => {
    expect(() => readConfig({ TABLE_NAME: 't' })).toThrow(/PUBLIC_BASE_URL/);
    expect(() => readConfig({ TABLE_NAME: 't', PUBLIC_BASE_URL: 'javascript:alert(1)' })).toThrow(/PUBLIC_BASE_URL/);
    expect(readConfig({ TABLE_NAME: 't', PUBLIC_BASE_URL: 'https://rent.example.com/' }).publicBaseUrl).toBe('https://rent.example.com');
    expect(readConfig({ TABLE_NAME: 't', AWS_LAMBDA_FUNCTION_NAME: 'web' }).publicBaseUrl).toBeUndefined();
  });

  it('in Lambda without a custom domain, builds the link from the Function URL host of the event and refuses any other Host', async () => {
    const domainName = 'abcdefghijklmnop.lambda-url.eu-west-1.on.aws';
    const lambda = handle(createApp({ ...deps, config: { ...deps.config, publicBaseUrl: undefined } }));
    const invoke = (email: string, host: string) =>
      lambda({
        version: '2.0',
        routeKey: '$default',
        rawPath: '/ops/sign-in',
        rawQueryString: '',
        headers: { host, 'content-type': 'application/x-www-form-urlencoded' },
        requestContext: {
          accountId: 'anonymous',
          apiId: 'abcdefghijklmnop',
          domainName,
          domainPrefix: 'abcdefghijklmnop',
          http: { method: 'POST', path: '/ops/sign-in', protocol: 'HTTP/1.1', sourceIp: '203.0.113.9', userAgent: 'curl/8' },
          requestId: 'r1',
          routeKey: '$default',
          stage: '$default',
          time: '23/Nov/2026:14:00:00 +0000',
          timeEpoch: Date.now(),
        },
        body: signInBody(email),
        isBase64Encoded: false,
      } as unknown as LambdaEvent);
    const email = await addTestStaff(deps, 'operator');
    expect((await invoke(email, 'evil.example')).statusCode).toBe(421);
    expect((await invoke(email, domainName)).statusCode).toBe(303);
    await eventually('the sign-in e-mail', () => mailsIn(to(email)), (m) => m.length > 0);
    await worker.drain();
    const mails = await mailsIn(to(email));
    expect(mails).toHaveLength(1);
    expect(linkIn(mails[0])).toMatch(new RegExp(`^https://${domainName.replaceAll('.', '\\.')}/ops/welcome#token=`));
  });
});
