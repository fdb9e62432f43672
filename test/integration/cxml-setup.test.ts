import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { payloadsOf } from '../../functions/store/payload-log';
import { getSession } from '../../functions/store/sessions';
import { dtdProblems, setupRequest } from '../support/cxml';
import { parseCxml } from '../../functions/punchout/cxml-document';
import { readSetupRequest } from '../../functions/punchout/cxml-setup';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { addTestStaff, signedIn } from '../support/ops';
import { seededStack } from '../support/stack';

const BASE = 'https://catalog.example';
let deps: AppDeps;
let app: Hono;

beforeAll(async () => {
  deps = await seededStack({ PUBLIC_BASE_URL: BASE });
  app = createLocalApp(deps);
});

async function postSetup(body: string, headers: Record<string, string> = {}): Promise<{ http: number; xml: string; code?: string; reason?: string; url?: string }> {
  const response = await app.request('/punchout/cxml', { method: 'POST', body, headers: { 'content-type': 'text/xml; charset=utf-8', ...headers } });
  const xml = await response.text();
  return {
    http: response.status,
    xml,
    code: /<Status code="(\d+)"/.exec(xml)?.[1],
    reason: /<Status [^>]*>([^<]*)<\/Status>/.exec(xml)?.[1],
    url: /<URL>([^<]*)<\/URL>/.exec(xml)?.[1]?.replace(/&amp;/g, '&'),
  };
}

async function refusedToday(): Promise<{ status: number; body: string; direction: string }[]> {
  const { Items } = await deps.db.doc.send(
    new QueryCommand({ TableName: deps.db.table, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `CALLUP#${new Date().toISOString().slice(0, 10)}` } }),
  );
  return (Items ?? []) as { status: number; body: string; direction: string }[];
}

describe('cXML punch-out set-up', () => {
  it('answers a valid set-up with Status 200 and a start URL, in a document valid against the cXML DTD', async () => {
    const answer = await postSetup(setupRequest());
    expect(answer.http).toBe(200);
    expect(answer.code).toBe('200');
    expect(answer.url).toMatch(new RegExp(`^${BASE}/punchout/cxml/start/[A-Za-z0-9_-]{32}$`));
    expect(await dtdProblems(answer.xml)).toBe('');
  });

  it('opens a catalog session for the requester once from the start URL, and refuses the same URL a second time', async () => {
    const { url } = await postSetup(setupRequest());
    const path = url!.slice(BASE.length);
    const first = await app.request(path);
    expect(first.status).toBe(303);
    const token = first.headers.get('location')!.split('/')[2];
    const session = await getSession(deps.db, deps.secrets.signingKey, token);
    expect(session!.connectionId).toBe('acme-demo');
    expect(session!.requester).toEqual({ email: 'jane.doe@acme.example', fullName: 'Jane Doe' });
    expect(session!.hookUrl).toBe('http://localhost:4999/cxml-cart');
    expect(session!.deliveryAddressId).toBe('rotterdam-hq');
    expect(session!.extra).toEqual({ costCentre: 'CC-1042' });
    expect(session!.cxml).toMatchObject({ buyerCookie: 'cookie-&-42', operation: 'create', buyer: { domain: 'NetworkID', identity: 'demo-buyer' } });
    const page = await app.request(first.headers.get('location')!);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('"requesterName":"Jane Doe"');

    const again = await app.request(path);
    expect(again.status).toBe(410);
    expect(again.headers.get('location')).toBeNull();
  });

  it('refuses a start URL after five minutes', async () => {
    const { url } = await postSetup(setupRequest());
    const later = createLocalApp({ ...deps, now: () => new Date(Date.now() + 5 * 60_000 + 1000) });
    expect((await later.request(url!.slice(BASE.length))).status).toBe(410);
  });

  it('reads the requester from the UserEmail, FirstName and LastName extrinsics when no Contact is sent', async () => {
    const { url } = await postSetup(
      setupRequest({ contact: '', extrinsics: '<Extrinsic name="UserEmail">piet@acme.example</Extrinsic><Extrinsic name="FirstName">Piet</Extrinsic><Extrinsic name="LastName">Jansen</Extrinsic>' }),
    );
    const token = (await app.request(url!.slice(BASE.length))).headers.get('location')!.split('/')[2];
    expect((await getSession(deps.db, deps.secrets.signingKey, token))!.requester).toEqual({ email: 'piet@acme.example', fullName: 'Piet Jansen' });
  });

  it('answers a wrong shared secret with cXML status 401, and an unknown sender alike', async () => {
    const wrong = await postSetup(setupRequest({ secret: 'not-the-secret' }));
    const unknown = await postSetup(setupRequest({ identity: 'someone-else' }));
    for (const answer of [wrong, unknown]) {
      expect(answer.code).toBe('401');
      expect(answer.reason).toBe('unknown sender or wrong shared secret');
      expect(answer.url).toBeUndefined();
      expect(await dtdProblems(answer.xml)).toBe('');
    }
  });

  it('answers malformed XML with cXML status 400 naming the problem', async () => {
    const answer = await postSetup('<cXML><Header></cXML>');
    expect(answer.code).toBe('400');
    expect(answer.reason).toContain('not well-formed XML');
    expect(await dtdProblems(answer.xml)).toBe('');
  });

  it('refuses an XXE attempt with 400 and reads nothing from disk', async () => {
    const xxe = setupRequest({ doctype: '<!DOCTYPE cXML [ <!ENTITY leak SYSTEM "file:///etc/passwd"> ]>', contact: '<Contact role="endUser"><Name xml:lang="en">&leak;</Name><Email>jane.doe@acme.example</Email></Contact>' });
    const answer = await postSetup(xxe);
    expect(answer.code).toBe('400');
    expect(answer.reason).toContain('ENTITY');
    expect(answer.xml).not.toContain('root:');
    const laughs = await postSetup('<?xml version="1.0"?><!DOCTYPE cXML [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><cXML>&b;</cXML>');
    expect(laughs.code).toBe('400');
  });

  it('refuses a BrowserFormPost URL the connection has not registered with status 403', async () => {
    const answer = await postSetup(setupRequest({ url: 'https://evil.example/collect' }));
    expect(answer.code).toBe('403');
    expect(answer.reason).toContain('BrowserFormPost URL');
  });

  it('refuses a set-up without a requester with status 400 naming what to send', async () => {
    const answer = await postSetup(setupRequest({ contact: '' }));
    expect(answer.code).toBe('400');
    expect(answer.reason).toContain('UserEmail');
  });

  it('refuses a body over 64 KB with 413 before reading it', async () => {
    const big = setupRequest({ extrinsics: `<Extrinsic name="Filler">${'x'.repeat(70 * 1024)}</Extrinsic>` });
    const response = await app.request('/punchout/cxml', { method: 'POST', body: big, headers: { 'content-type': 'text/xml', 'content-length': String(big.length) } });
    expect(response.status).toBe(413);
  });

  it('keeps the set-up and the answer in the payload log, the shared secret redacted', async () => {
    await postSetup(setupRequest({ secret: 'wrong-secret-to-log' }));
    const refused = (await refusedToday()).filter((entry) => entry.body.includes('wrong-secret-to-log') || entry.body.includes('<SharedSecret>[redacted]'));
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((entry) => !entry.body.includes('wrong-secret-to-log'))).toBe(true);

    const { url } = await postSetup(setupRequest());
    const token = url!.split('/').pop()!;
    const { sessionIdOf } = await import('../../functions/store/sessions');
    const entries = await payloadsOf(deps.db, `CXMLSTART#${sessionIdOf(token, deps.secrets.signingKey)}`);
    expect(entries.map((e) => e.direction).sort()).toEqual(['in', 'out']);
    expect(entries.find((e) => e.direction === 'in')!.body).toContain('<SharedSecret>[redacted]</SharedSecret>');
    expect(entries.find((e) => e.direction === 'in')!.body).not.toContain('demo-secret');
    expect(entries.find((e) => e.direction === 'out')!.body).toContain('<PunchOutSetupResponse>');
  });

  it('shows the console only whether the cXML secret is set, and an edit of the connection keeps set-up working', async () => {
    const admin = await signedIn(deps, await addTestStaff(deps, 'admin'));
    const api = (path: string, body?: unknown) =>
      app.request(`/ops/api${path}`, { method: body === undefined ? 'GET' : 'POST', headers: admin.headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const view = (await (await api('/admin/connections/acme-demo')).json()) as { connection: Record<string, unknown> & { version: number } };
    expect(view.connection.cxml).toEqual({ domain: 'NetworkID', identity: 'demo-buyer', sharedSecretSet: true });
    expect(JSON.stringify(view)).not.toContain('scrypt$');
    const { id: _i, status: _s, active: _a, createdAt: _c, updatedAt: _u, ...fields } = view.connection;
    const edit = await api('/admin/connections/acme-demo', { ...fields, vatPercent: 21 });
    expect(edit.status, await edit.clone().text()).toBe(200);
    expect((await postSetup(setupRequest())).code).toBe('200');
  });
});

describe('cXML set-up: the requester under the connection\'s Extrinsic names', () => {
  const connection = (extrinsics?: { email: string[]; firstName: string[]; lastName: string[]; fullName: string[] }) => ({
    ...DEMO_CONNECTION.connection,
    cxml: { domain: 'NetworkID', identity: 'demo-buyer', ...(extrinsics ? { extrinsics } : {}) },
  });
  const read = (extrinsics: string, names?: Parameters<typeof connection>[0], contact = '') => {
    const parsed = parseCxml(setupRequest({ contact, extrinsics }));
    if (!parsed.ok) throw new Error(parsed.refusal.reason);
    return readSetupRequest(parsed.root, connection(names), undefined);
  };
  const jaggaer = { email: ['Email', 'UserEmail'], firstName: [], lastName: [], fullName: ['UserName'] };

  it('reads e-mail and name from the Extrinsics the connection names, the first that carries a value', () => {
    const setup = read('<Extrinsic name="Email"></Extrinsic><Extrinsic name="UserEmail">kees@acme.example</Extrinsic><Extrinsic name="UserName">Kees Smit</Extrinsic>', jaggaer);
    expect('callUp' in setup && setup.callUp.requester).toEqual({ email: 'kees@acme.example', fullName: 'Kees Smit' });
  });

  it('ignores the default names once the connection names others, and says which to send', () => {
    const setup = read('<Extrinsic name="UserEmail">kees@acme.example</Extrinsic><Extrinsic name="FirstName">Kees</Extrinsic><Extrinsic name="LastName">Smit</Extrinsic>', {
      ...jaggaer,
      email: ['Email'],
    });
    expect(setup).toEqual({ problem: { code: 400, reason: 'the requester is unknown: send Contact role="endUser" with Email, or the Extrinsic Email' } });
    const nameless = read('<Extrinsic name="Email">kees@acme.example</Extrinsic><Extrinsic name="FirstName">Kees</Extrinsic>', jaggaer);
    expect(nameless).toEqual({ problem: { code: 400, reason: 'the requester name is unknown: send Contact role="endUser" with Name, or the Extrinsic UserName' } });
  });

  it('prefers Contact role="endUser" to any Extrinsic, and uses UserEmail/FirstName/LastName/UserFullName when the connection names none', () => {
    const contact = '<Contact role="endUser"><Name xml:lang="en">Jane Doe</Name><Email>jane.doe@acme.example</Email></Contact>';
    const both = read('<Extrinsic name="UserEmail">kees@acme.example</Extrinsic><Extrinsic name="UserName">Kees Smit</Extrinsic>', jaggaer, contact);
    expect('callUp' in both && both.callUp.requester).toEqual({ email: 'jane.doe@acme.example', fullName: 'Jane Doe' });
    const defaults = read('<Extrinsic name="useremail">piet@acme.example</Extrinsic><Extrinsic name="UserFullName">Piet Jansen</Extrinsic>');
    expect('callUp' in defaults && defaults.callUp.requester).toEqual({ email: 'piet@acme.example', fullName: 'Piet Jansen' });
  });
});
