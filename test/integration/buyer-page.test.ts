import { beforeAll, describe, expect, it } from 'vitest';
import type { BuyerBoot, BuyerConnection } from '../../functions/http/routes/buyer';
import { createApp } from '../../functions/http/app';
import type { AppDeps } from '../../functions/http/deps';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { createLocalApp } from '../../functions/local/server';
import { createLogin } from '../../functions/store/logins';
import { seededStack } from '../support/stack';

let deps: AppDeps;

beforeAll(async () => {
  deps = await seededStack();
});

describe('the test procurement page’s connections', () => {
  it('lists every connection with its parameter names, extra fields and logins, and no secret but the README’s demo passwords', async () => {
    const address = DEMO_CONNECTION.connection.deliveryAddresses[0];
    const made = await createLogin(deps.db, { username: 'acme-extra', connectionId: 'acme-demo', deliveryAddressId: address.id });
    if (made.result !== 'created') throw new Error('login not made');
    const response = await createLocalApp(deps).request('/buyer/connections');
    expect(response.status).toBe(200);
    const text = await response.text();
    const { connections } = JSON.parse(text) as { connections: BuyerConnection[] };
    const acme = connections.find((c) => c.id === 'acme-demo')!;
    expect(acme.params).toMatchObject({ username: 'username', password: 'password', email: 'oci_usermail', fullName: 'oci_userfullname' });
    expect(acme.extraFields.map((f) => f.param)).toEqual(['oci_ponumber', 'oci_costcenter']);
    expect(acme.logins).toContainEqual({ username: 'acme-extra', deliveryAddress: address.label });
    expect(acme.logins.find((l) => l.username === 'demo-buyer')?.demoPassword).toBe('demo-secret');
    const utrecht = connections.find((c) => c.id === 'utrecht-visma')!;
    expect(utrecht.params).toMatchObject({ email: 'email', firstName: 'fname', lastName: 'lname' });
    expect(utrecht.loopbackHooks).toBe(false);
    expect(utrecht.extraFields).toEqual([{ param: 'projectcode', label: 'Project code', required: true, maxLength: 20 }]);
    expect(text).not.toContain(made.password);
    expect(text).not.toContain('scrypt$');
    expect(text).not.toContain('Hash');
  });

  it('puts the same list in the page, defaulting to the demo connection', async () => {
    const page = await (await createLocalApp(deps).request('/buyer')).text();
    const boot = JSON.parse(/<script type="application\/json" id="boot">(.*?)<\/script>/s.exec(page)![1]) as BuyerBoot;
    expect(boot.defaults.connectionId).toBe('acme-demo');
    expect(boot.connections.map((c) => c.id)).toEqual(expect.arrayContaining(['acme-demo', 'utrecht-visma']));
  });

  it('exists only in the local stack', async () => {
    const app = createApp(deps);
    expect((await app.request('/buyer')).status).toBe(404);
    expect((await app.request('/buyer/connections')).status).toBe(404);
  });
});
