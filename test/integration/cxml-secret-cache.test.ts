import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { Hono } from 'hono';

// Count scrypt runs: the real function, watched (as test/unit/verification-single-flight.test.ts does).
const calls = vi.hoisted(() => ({ scrypt: 0 }));
vi.mock('node:crypto', async (original) => (await import('../support/scrypt-runs')).countingScrypt(await original(), calls));

const { createLocalApp } = await import('../../functions/local/server');
const { getConnection, putConnection } = await import('../../functions/store/connections');
const { hashPassword } = await import('../../functions/punchout/password');
const { setupRequest } = await import('../support/cxml');
const { orderRequest } = await import('../support/cxml-order');
const { addTestStaff, signedIn } = await import('../support/ops');
const { seededStack } = await import('../support/stack');

/**
 * cXML set-up and order secrets are checked like OCI passwords (issue 12): a success is remembered a
 * short while per container, keyed with the stored hash, so a buyer system sending again does not pay
 * scrypt each time; a rotated secret is checked against its new hash at once; a failure is never remembered.
 */
let app: Hono;
let admin: Record<string, string>;

beforeAll(async () => {
  const deps = await seededStack({ PUBLIC_BASE_URL: 'https://catalog.example' });
  const demo = (await getConnection(deps.db, 'acme-demo'))!;
  await putConnection(deps.db, { ...demo, orderChannel: { kind: 'cxml', confirmations: false, sharedSecretHash: await hashPassword('order-secret') } });
  app = createLocalApp(deps);
  ({ headers: admin } = await signedIn(deps, await addTestStaff(deps, 'admin')));
});

/** The cXML Status code of an answer to `body` posted to `path`. */
async function statusOf(path: string, body: string): Promise<string | undefined> {
  const response = await app.request(path, { method: 'POST', body, headers: { 'content-type': 'text/xml; charset=utf-8' } });
  return /<Status code="(\d+)"/.exec(await response.text())?.[1];
}
const setUp = (secret: string) => statusOf('/punchout/cxml', setupRequest({ secret }));
const order = (secret: string) => statusOf('/cxml/order', orderRequest({ secret }));

/** Scrypt runs while `run` runs. */
async function scryptRuns(run: () => Promise<unknown>): Promise<number> {
  const before = calls.scrypt;
  await run();
  return calls.scrypt - before;
}

/** A new secret from the console's rotation (the admin API), as an administrator gets it. */
async function rotate(which: 'cxml-secret' | 'order-secret'): Promise<string> {
  const response = await app.request(`/ops/api/admin/connections/acme-demo/${which}`, { method: 'POST', headers: admin, body: '{}' });
  expect(response.status, await response.clone().text()).toBe(200);
  return ((await response.json()) as { sharedSecret: string }).sharedSecret;
}

describe('cXML shared secrets checked through the verification cache', () => {
  it('a set-up with the right secret runs scrypt once, the next ones not at all; after a rotation the old secret is refused at once and the new one accepted', async () => {
    expect(await scryptRuns(async () => expect(await setUp('demo-secret')).toBe('200'))).toBe(1);
    expect(await scryptRuns(async () => expect(await setUp('demo-secret')).toBe('200'))).toBe(0);
    const fresh = await rotate('cxml-secret');
    expect(await setUp('demo-secret')).toBe('401');
    expect(await scryptRuns(async () => expect(await setUp(fresh)).toBe('200'))).toBe(1);
    expect(await scryptRuns(async () => expect(await setUp(fresh)).toBe('200'))).toBe(0);
  });

  it('a wrong set-up secret is checked by scrypt every time, never remembered', async () => {
    expect(await scryptRuns(async () => expect(await setUp('wrong-secret')).toBe('401'))).toBe(1);
    expect(await scryptRuns(async () => expect(await setUp('wrong-secret')).toBe('401'))).toBe(1);
  });

  it('an order with the right secret runs scrypt once, the next ones not at all; after a rotation the old secret is refused at once', async () => {
    const accepted = (code: string | undefined) => expect(code).not.toBe('401');
    expect(await scryptRuns(async () => accepted(await order('order-secret')))).toBe(1);
    expect(await scryptRuns(async () => accepted(await order('order-secret')))).toBe(0);
    const fresh = await rotate('order-secret');
    expect(await order('order-secret')).toBe('401');
    expect(await scryptRuns(async () => accepted(await order(fresh)))).toBe(1);
    expect(await scryptRuns(async () => expect(await order('wrong-secret')).toBe('401'))).toBe(1);
  });
});
