/**
 * What an outside attacker found after the safe-to-expose fixes (a red-team pass against
 * `npm start`): each test replays one of those requests and asserts the plain 4xx (or the quiet
 * drop) a stranger should get instead of a 500 or a silently wrong answer.
 */
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { callUpForm, daysAhead, openSession, postCallUp } from '../support/punchout';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
});

const json = (body: unknown) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

/** The call-up form as raw text with `extra` appended verbatim (names a URLSearchParams would not produce). */
function rawCallUp(extra: string): Promise<Response> {
  return Promise.resolve(
    app.request('/punchout/oci', {
      method: 'POST',
      body: `${callUpForm().toString()}&${extra}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    }),
  );
}

/** The next last Sunday of March, the night Europe/Amsterdam skips 02:00–03:00. */
function nextSpringChange(): string {
  const now = new Date();
  for (let year = now.getUTCFullYear(); ; year++) {
    const lastOfMarch = new Date(Date.UTC(year, 2, 31));
    const sunday = new Date(Date.UTC(year, 2, 31 - lastOfMarch.getUTCDay()));
    if (sunday.getTime() > now.getTime() + 2 * 86400_000) return sunday.toISOString().slice(0, 10);
  }
}

describe('call-up parameters nobody agreed on', () => {
  for (const [label, extra] of [
    ['an empty name', '=x'],
    ['a blank name', '%20=1'],
    ['a no-break space for a name', '%C2%A0=1'],
    ['a byte-order mark for a name', '%EF%BB%BF=1'],
    ['"constructor"', 'constructor=1'],
    ['"__proto__"', '__proto__=1'],
    ['"toString"', 'toString=1'],
  ] as const) {
    it(`are dropped, not a 500, when one has ${label}`, async () => {
      const response = await rawCallUp(extra);
      expect(response.status).toBe(303);
    });
  }
});

describe('characters that hide or reorder text', () => {
  it('refuses a right-to-left override in the requester name, naming the field', async () => {
    const response = await postCallUp(app, callUpForm({ oci_userfullname: 'Anna \u202Eevil' }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('oci_userfullname');
  });

  it('refuses a zero-width space inside the requester e-mail address, naming the field', async () => {
    const response = await postCallUp(app, callUpForm({ oci_usermail: 'anna\u200B@buyer.example' }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('oci_usermail');
  });

  it('refuses a right-to-left override in an agreed extra field', async () => {
    const response = await postCallUp(app, callUpForm({ oci_ponumber: '4500\u202E123' }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('oci_ponumber');
  });
});

describe('HOOK_URL with an encoded slash after the registered prefix', () => {
  it('is not accepted as a path below the prefix', async () => {
    const response = await postCallUp(
      app,
      callUpForm({
        USERNAME: 'utrecht-visma',
        PASSWORD: 'utrecht-secret',
        HOOK_URL: 'https://spend.visma.example/punchout/return/..%2F..%2Fx',
        projectcode: 'P1',
        oci_ponumber: undefined,
        oci_costcenter: undefined,
      }),
    );
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  });
});

describe('the transfer page and the transfer', () => {
  it('answers 404, not 500, for a request id far longer than any of ours', async () => {
    const session = await openSession(app);
    const response = await app.request(`${session}/transfer/${'A'.repeat(2100)}`);
    expect(response.status).toBe(404);
  });

  it('refuses a pick-up at a wall time the location skips when clocks go forward, naming the pick-up', async () => {
    const session = await openSession(app);
    const day = nextSpringChange();
    const response = await app.request(
      `${session}/api/transfer`,
      json({ vehicleTypeId: 'compact-clio', locationId: 'ams-sloterdijk', pickup: `${day}T02:30`, return: `${day}T10:00` }),
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { field?: string; message: string };
    expect(body.field).toBe('pickup');
    expect(body.message).toMatch(/02:30/);
  });

  it('refuses a pick-up years ahead, naming the pick-up', async () => {
    const session = await openSession(app);
    const response = await app.request(
      `${session}/api/transfer`,
      json({ vehicleTypeId: 'compact-clio', locationId: 'ams-sloterdijk', pickup: '9999-12-30T10:00', return: '9999-12-31T10:00' }),
    );
    expect(response.status).toBe(400);
    expect(((await response.json()) as { field?: string }).field).toBe('pickup');
  });

  it('still accepts a pick-up a few months ahead', async () => {
    const session = await openSession(app);
    const response = await app.request(
      `${session}/api/transfer`,
      json({ vehicleTypeId: 'compact-clio', locationId: 'ams-sloterdijk', pickup: daysAhead(120), return: daysAhead(123) }),
    );
    expect(response.status, await response.clone().text()).toBe(201);
  });
});
