import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { payloadsOf } from '../../functions/store/payload-log';
import { getSession, sessionIdOf } from '../../functions/store/sessions';
import { keys } from '../../functions/store/keys';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { callUpForm, postCallUp } from '../support/punchout';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
});

async function refusedCallUps(): Promise<{ status: number; body: string }[]> {
  const { Items } = await deps.db.doc.send(
    new QueryCommand({
      TableName: deps.db.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': `CALLUP#${new Date().toISOString().slice(0, 10)}` },
    }),
  );
  return (Items ?? []) as { status: number; body: string }[];
}

describe('OCI call-up', () => {
  it('opens a session carried in the URL and shows the catalog', async () => {
    const response = await postCallUp(app, callUpForm());
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toMatch(/^\/s\/[A-Za-z0-9_-]{32}\/$/);
    const page = await app.request(location);
    expect(page.status).toBe(200);
    expect(page.headers.get('x-frame-options')).toBeNull();
    expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'self' http://localhost:3000 http://127.0.0.1:3000");
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await page.text();
    expect(html).toContain('"requesterName":"Jane Doe"');
    expect(html).toContain('"value":"4500012345"');
  });

  it('stores only the HMAC of the session token in the URL', async () => {
    const token = (await postCallUp(app, callUpForm())).headers.get('location')!.split('/')[2];
    const session = await getSession(deps.db, deps.secrets.signingKey, token);
    expect(session!.id).toBe(sessionIdOf(token, deps.secrets.signingKey));
    expect(session!.id).not.toBe(token);
    expect(await getSession(deps.db, 'another signing key, after rotation', token)).toBeUndefined();
  });

  it('accepts a GET call-up as well, and two punch-outs never share a session', async () => {
    const first = await app.request(`/punchout/oci?${callUpForm({ oci_userfullname: 'First Person' })}`);
    const second = await app.request(`/punchout/oci?${callUpForm({ oci_userfullname: 'Second Person' })}`);
    expect(first.status).toBe(303);
    const [a, b] = [first, second].map((r) => r.headers.get('location')!.split('/')[2]);
    expect(a).not.toBe(b);
    expect((await getSession(deps.db, deps.secrets.signingKey, a))?.requester.fullName).toBe('First Person');
    expect((await getSession(deps.db, deps.secrets.signingKey, b))?.requester.fullName).toBe('Second Person');
  });

  it('keeps the call-up in the payload log with the password redacted', async () => {
    const response = await postCallUp(app, callUpForm({ foo: 'bar' }));
    const token = response.headers.get('location')!.split('/')[2];
    const sessionId = sessionIdOf(token, deps.secrets.signingKey);
    const [entry] = await payloadsOf(deps.db, keys.session(sessionId).pk);
    expect(entry).toMatchObject({ kind: 'callup', direction: 'in', status: 303, sessionId });
    expect(entry.body).not.toContain('demo-secret');
    expect(JSON.parse(entry.body).params).toContainEqual(['PASSWORD', '[redacted]']);
    expect(JSON.parse(entry.body).params).toContainEqual(['foo', 'bar']);
    expect((await getSession(deps.db, deps.secrets.signingKey, token))?.unknownParams).toEqual({ foo: 'bar' });
  });

  it('answers a missing HOOK_URL with a 400 page that names it, and stores nothing but the log entry', async () => {
    const before = (await refusedCallUps()).length;
    const response = await postCallUp(app, callUpForm({ HOOK_URL: undefined }));
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('HOOK_URL');
    expect(html).not.toMatch(/at .*\.ts:\d+/);
    const after = await refusedCallUps();
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)!.body).not.toContain('demo-secret');
  });

  it('answers in the requester’s language', async () => {
    const dutch = await postCallUp(app, callUpForm({ oci_usermail: undefined, 'sap-language': 'NL' }));
    expect(dutch.status).toBe(400);
    expect(await dutch.text()).toContain('heeft “oci_usermail” niet meegestuurd');
    const english = await postCallUp(app, callUpForm({ oci_usermail: 'not-an-address' }), { 'accept-language': 'en-GB' });
    expect(await english.text()).toContain('sent “oci_usermail” in a form');
  });

  it('refuses a wrong password or an unknown connection with 401, the same way', async () => {
    const wrong = await postCallUp(app, callUpForm({ PASSWORD: 'guess' }));
    const unknown = await postCallUp(app, callUpForm({ USERNAME: 'nobody' }));
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect(await wrong.text()).toBe(await unknown.text());
  });

  it('matches the username case-insensitively', async () => {
    expect((await postCallUp(app, callUpForm({ USERNAME: 'DEMO-Buyer' }))).status).toBe(303);
  });

  it('refuses a HOOK_URL off the allowlist with 403', async () => {
    const response = await postCallUp(app, callUpForm({ HOOK_URL: 'https://attacker.example/steal' }));
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('HOOK_URL');
  });

  it('refuses loopback HOOK_URLs for a connection that does not allow them', async () => {
    const response = await postCallUp(
      app,
      callUpForm({ USERNAME: 'utrecht-visma', PASSWORD: 'utrecht-secret', projectcode: 'P-1', email: 'piet@utrecht.example', fname: 'Piet', lname: 'de Vries', oci_ponumber: undefined, oci_costcenter: undefined }),
    );
    expect(response.status).toBe(403);
    expect(await response.text()).toContain('HOOK_URL');
  });

  it('requires the extra fields a connection agreed as required', async () => {
    const response = await postCallUp(app, callUpForm({ USERNAME: 'utrecht-visma', PASSWORD: 'utrecht-secret', HOOK_URL: 'https://spend.visma.example/punchout/return' }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('projectcode');
  });

  it('refuses an expired session with a page that says so', async () => {
    const expired = await seededStack({ SESSION_MINUTES: '0' });
    const localApp = createLocalApp(expired);
    const response = await postCallUp(localApp, callUpForm());
    const page = await localApp.request(response.headers.get('location')!);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('This catalog session has expired');
  });
});
