import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { hashPassword } from '../../functions/punchout/password';
import { putLogin, removeLogin } from '../../functions/store/logins';
import { payloadsOf } from '../../functions/store/payload-log';
import { keys } from '../../functions/store/keys';
import { getSession } from '../../functions/store/sessions';
import { openSession } from '../support/punchout';
import { seededStack } from '../support/stack';

/**
 * The call-up reads login, throttle counters and (as this container last saw it) the login's
 * connection in one round trip, and writes the session with its payload-log entry in one (issue 12).
 * Memory only chooses what is read: what the call-up decides always comes from the table.
 */
let deps: AppDeps;
let app: Hono;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
});

const sessionOf = async (path: string) => (await getSession(deps.db, deps.secrets.signingKey, path.split('/')[2]!))!;
const mover = { username: 'moving-buyer', password: 'moving-secret' };

describe('call-up reads', () => {
  it('opens the new connection’s catalog for a login moved to another connection, though this container remembered the old one', async () => {
    await putLogin(deps.db, { username: mover.username, connectionId: 'acme-demo', passwordHash: await hashPassword(mover.password), createdAt: new Date().toISOString() });
    const first = await sessionOf(await openSession(app, { USERNAME: mover.username, PASSWORD: mover.password }));
    expect(first.connectionId).toBe('acme-demo');
    expect(await removeLogin(deps.db, 'acme-demo', mover.username)).toBe('removed');
    await putLogin(deps.db, { username: mover.username, connectionId: 'utrecht-visma', passwordHash: await hashPassword(mover.password), createdAt: new Date().toISOString() });
    // utrecht-visma's buyer system names the requester's fields its own way (demo-connections.ts).
    const utrechtFields = { EMAIL: 'jan@utrecht.example', LNAME: 'Jansen', projectcode: 'P-1', HOOK_URL: 'https://spend.visma.example/punchout/return' };
    const second = await sessionOf(await openSession(app, { USERNAME: mover.username, PASSWORD: mover.password, ...utrechtFields }));
    expect(second.connectionId).toBe('utrecht-visma');
  });

  it('refuses a removed login at once, though this container had opened sessions for it', async () => {
    const username = 'short-lived-buyer';
    await putLogin(deps.db, { username, connectionId: 'acme-demo', passwordHash: await hashPassword('short-secret'), createdAt: new Date().toISOString() });
    await openSession(app, { USERNAME: username, PASSWORD: 'short-secret' });
    await removeLogin(deps.db, 'acme-demo', username);
    const response = await app.request('/punchout/oci', {
      method: 'POST',
      body: new URLSearchParams({ USERNAME: username, PASSWORD: 'short-secret', HOOK_URL: 'http://localhost:4999/hook' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(response.status).toBe(401);
  });

  it('keeps each call-up in its session’s payload log, written with the session', async () => {
    const path = await openSession(app, { oci_usermail: 'logged.buyer@acme.example' });
    const session = await sessionOf(path);
    const logged = await payloadsOf(deps.db, keys.session(session.id).pk);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ kind: 'callup', direction: 'in', status: 303, sessionId: session.id, connectionId: 'acme-demo' });
    expect(logged[0]!.body).toContain('logged.buyer@acme.example');
    expect(logged[0]!.body).not.toContain('demo-secret');
  });
});
