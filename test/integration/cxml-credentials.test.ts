import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { SECOND_CONNECTION } from '../../functions/local/demo-connections';
import { callUpRefusalsOf } from '../../functions/store/callup-stats';
import { createConnection, CxmlCredentialTaken, getConnection, putConnection, replaceConnection } from '../../functions/store/connections';
import { connectionByCxmlCredential, indexCxmlCredentials } from '../../functions/store/cxml-credentials';
import { keys } from '../../functions/store/keys';
import { setupRequest } from '../support/cxml';
import { addTestStaff, signedIn } from '../support/ops';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;
let admin: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
  admin = await signedIn(deps, await addTestStaff(deps, 'admin'));
});

async function setupCode(identity: string, secret = 'demo-secret'): Promise<string | undefined> {
  const response = await app.request('/punchout/cxml', { method: 'POST', body: setupRequest({ identity, secret }), headers: { 'content-type': 'text/xml' } });
  return /<Status code="(\d+)"/.exec(await response.text())?.[1];
}

const admins = (path: string, body?: unknown) =>
  app.request(`/ops/api${path}`, { method: body === undefined ? 'GET' : 'POST', headers: admin.headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });

describe('the cXML credential index', () => {
  it('finds the connection a set-up names by its credential, whatever the case, through the index the seed wrote', async () => {
    expect((await connectionByCxmlCredential(deps.db, [{ domain: 'networkid', identity: 'DEMO-BUYER' }]))?.id).toBe('acme-demo');
    expect(await connectionByCxmlCredential(deps.db, [{ domain: 'NetworkID', identity: 'nobody' }])).toBeUndefined();
    expect(await setupCode('demo-buyer')).toBe('200');
  });

  it("refuses to save a connection with another connection's credential, naming it, and saves nothing", async () => {
    const taken = { domain: 'networkid', identity: 'Demo-Buyer' };
    expect(await createConnection(deps.db, { ...SECOND_CONNECTION.connection, id: 'copycat', cxml: taken })).toBe('credential-taken');
    expect(await getConnection(deps.db, 'copycat')).toBeUndefined();
    const utrecht = (await getConnection(deps.db, 'utrecht-visma'))!;
    expect(await replaceConnection(deps.db, { ...utrecht, cxml: taken, version: utrecht.version + 1 }, utrecht.version)).toBe('credential-taken');
    expect((await getConnection(deps.db, 'utrecht-visma'))!.cxml).toBeUndefined();
    await expect(putConnection(deps.db, { ...utrecht, cxml: taken })).rejects.toThrow(CxmlCredentialTaken);
    await expect(putConnection(deps.db, { ...utrecht, cxml: taken })).rejects.toThrow(/networkid\/Demo-Buyer is used by another connection/);
    // The set-up still reaches its own connection.
    expect((await connectionByCxmlCredential(deps.db, [taken]))?.id).toBe('acme-demo');
  });

  it('answers 409 naming the credential when an administrator gives a connection the credential of another', async () => {
    const { connection } = (await (await admins('/admin/connections/utrecht-visma')).json()) as { connection: Record<string, unknown> & { version: number } };
    const { id: _id, status: _s, active: _a, createdAt: _c, updatedAt: _u, ...editable } = connection;
    const response = await admins('/admin/connections/utrecht-visma', { ...editable, cxml: { domain: 'NetworkID', identity: 'demo-buyer' }, version: connection.version });
    expect(response.status, await response.clone().text()).toBe(409);
    expect(((await response.json()) as { message: string }).message).toMatch(/NetworkID\/demo-buyer is used by another connection/);
    expect((await getConnection(deps.db, 'utrecht-visma'))!.version).toBe(connection.version);
  });

  it('follows a change of credential: the new one reaches the connection, the old one nobody', async () => {
    const acme = (await getConnection(deps.db, 'acme-demo'))!;
    expect(await replaceConnection(deps.db, { ...acme, cxml: { ...acme.cxml!, identity: 'acme-renamed' }, version: acme.version + 1 }, acme.version)).toBe('saved');
    expect(await setupCode('acme-renamed')).toBe('200');
    expect(await setupCode('demo-buyer')).toBe('401');
    // The old credential is free for another connection now.
    const utrecht = (await getConnection(deps.db, 'utrecht-visma'))!;
    await putConnection(deps.db, { ...utrecht, cxml: { domain: 'NetworkID', identity: 'demo-buyer' } });
    expect((await connectionByCxmlCredential(deps.db, [{ domain: 'NetworkID', identity: 'demo-buyer' }]))?.id).toBe('utrecht-visma');
    await putConnection(deps.db, { ...utrecht, cxml: undefined });
    await putConnection(deps.db, acme);
    expect(await setupCode('demo-buyer')).toBe('200');
  });

  it('indexes connections saved before the index existed (the one-off for a deployed table), and a refused set-up is counted for the connection', async () => {
    await deps.db.doc.send(new DeleteCommand({ TableName: deps.db.table, Key: keys.cxmlCredential('NetworkID', 'demo-buyer') }));
    expect(await setupCode('demo-buyer')).toBe('401');
    expect(await indexCxmlCredentials(deps.db)).toEqual({ indexed: ['acme-demo'], conflicts: [] });
    expect(await setupCode('demo-buyer')).toBe('200');
    expect(await setupCode('demo-buyer', 'wrong')).toBe('401');
    const day = new Date().toISOString().slice(0, 10);
    const counts = await callUpRefusalsOf(deps.db, 'acme-demo', day);
    expect(counts.find((c) => c.reason === 'credentials')?.count).toBeGreaterThanOrEqual(1);
  });
});
