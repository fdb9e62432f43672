import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { AppDeps } from '../../functions/http/deps';
import { timeZoneOf } from '../../functions/catalog/time-zone';
import { createLocalApp } from '../../functions/local/server';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import { quantityCheckPeriod } from '../../functions/punchout/oci-functions';
import { keys } from '../../functions/store/keys';
import { payloadsOf } from '../../functions/store/payload-log';
import { callUpForm, openSession, postCallUp } from '../support/punchout';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
});

/** A QUANTITYCHECK as SAP sends it: the login, no HOOK_URL, no requester. */
function quantityCheck(fields: Record<string, string | undefined>): URLSearchParams {
  return callUpForm({
    HOOK_URL: undefined,
    oci_usermail: undefined,
    oci_userfullname: undefined,
    '~OkCode': undefined,
    '~TARGET': undefined,
    '~CALLER': undefined,
    oci_ponumber: undefined,
    oci_costcenter: undefined,
    FUNCTION: 'QUANTITYCHECK',
    ...fields,
  });
}

const inService = (vehicleTypeId: string) => DEMO_FLEET.units.filter((u) => u.vehicleTypeId === vehicleTypeId && u.inService !== false).length;

describe('OCI 5 FUNCTION=QUANTITYCHECK', () => {
  it('answers JSON with the vehicles of that type free tomorrow and a lead time of 1 day, on the URL called', async () => {
    const response = await postCallUp(app, quantityCheck({ EXT_PRODUCT_ID: 'van-transit', QUANTITY: '2.000' }));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.json()).toEqual({ AVAILABLE_QUANTITY: `${inService('van-transit')}.000`, LEADTIME: '1' });
  });

  it('counts one fewer once a requester holds one of them for that day', async () => {
    const ask = async () =>
      ((await (await postCallUp(app, quantityCheck({ EXT_PRODUCT_ID: 'estate-passat', QUANTITY: '1' }))).json()) as { AVAILABLE_QUANTITY: string })
        .AVAILABLE_QUANTITY;
    const before = await ask();
    expect(before).toBe(`${inService('estate-passat')}.000`);
    const location = DEMO_FLEET.locations.find((l) => l.id === 'ams-sloterdijk')!;
    const period = quantityCheckPeriod(timeZoneOf(location), new Date());
    const session = await openSession(app);
    const transfer = await app.request(`${session}/api/transfer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ vehicleTypeId: 'estate-passat', locationId: location.id, ...period }),
    });
    expect(transfer.status).toBe(201);
    expect(await ask()).toBe(`${inService('estate-passat') - 1}.000`);
  });

  it('answers 0 for a product we do not have', async () => {
    const response = await postCallUp(app, quantityCheck({ EXT_PRODUCT_ID: 'no-such-type', QUANTITY: '1' }));
    expect(await response.json()).toEqual({ AVAILABLE_QUANTITY: '0.000', LEADTIME: '1' });
  });

  it('refuses a missing product, a decimal comma and a wrong password with JSON naming the problem', async () => {
    const missing = await postCallUp(app, quantityCheck({ QUANTITY: '1' }));
    expect(missing.status).toBe(400);
    expect(await missing.json()).toEqual({ error: 'fields', problems: [{ field: 'EXT_PRODUCT_ID', problem: 'missing' }] });
    const comma = await postCallUp(app, quantityCheck({ EXT_PRODUCT_ID: 'van-transit', QUANTITY: '1,5' }));
    expect(comma.status).toBe(400);
    expect(await comma.json()).toEqual({ error: 'fields', problems: [{ field: 'QUANTITY', problem: 'malformed' }] });
    const tooLong = await postCallUp(app, quantityCheck({ EXT_PRODUCT_ID: 'x'.repeat(41), QUANTITY: '1' }));
    expect(tooLong.status).toBe(400);
    expect(await tooLong.json()).toEqual({ error: 'fields', problems: [{ field: 'EXT_PRODUCT_ID', problem: 'too-long' }] });
    const wrong = await postCallUp(app, quantityCheck({ EXT_PRODUCT_ID: 'van-transit', QUANTITY: '1', PASSWORD: 'wrong-password' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({ error: 'credentials' });
  });

  it('keeps the question and the answer in the connection payload log, password redacted', async () => {
    await postCallUp(app, quantityCheck({ EXT_PRODUCT_ID: 'van-transit', QUANTITY: '3' }));
    const logged = await payloadsOf(deps.db, keys.connectionPayloads('acme-demo'));
    const question = logged.filter((p) => p.direction === 'in').at(-1)!;
    expect(question.body).toContain('QUANTITYCHECK');
    expect(question.body).toContain('[redacted]');
    expect(question.body).not.toContain(callUpForm().get('PASSWORD')!);
    const answer = logged.filter((p) => p.direction === 'out').at(-1)!;
    expect(JSON.parse(answer.body)).toMatchObject({ LEADTIME: '1' });
  });

  it('still refuses FUNCTION=VALIDATE as unsupported', async () => {
    const response = await postCallUp(app, callUpForm({ FUNCTION: 'VALIDATE' }));
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('FUNCTION');
  });
});

/** The hidden fields of an OCI form page, in order. */
function formFields(page: string): [string, string][] {
  return [...page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!]);
}

describe('OCI 5 FUNCTION=BACKGROUND_SEARCH', () => {
  const search = (fields: Record<string, string | undefined>) =>
    postCallUp(app, callUpForm({ oci_usermail: undefined, oci_userfullname: undefined, FUNCTION: 'BACKGROUND_SEARCH', ...fields }));

  it('answers on the URL called with the matching vehicle types as OCI items, priced for one day and never auto-submitted', async () => {
    const response = await search({ SEARCHSTRING: 'Estate' });
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self' http://localhost:4999");
    const page = await response.text();
    expect(page).not.toContain('<script');
    expect(page).toContain('action="http://localhost:4999/hook"');
    const fields = Object.fromEntries(formFields(page));
    expect(fields).toMatchObject({
      'sap-client': '100',
      'NEW_ITEM-EXT_PRODUCT_ID[1]': 'estate-octavia',
      'NEW_ITEM-EXT_PRODUCT_ID[2]': 'estate-passat',
      'NEW_ITEM-DESCRIPTION[1]': 'Estate, 1 day',
      'NEW_ITEM-QUANTITY[1]': '1.000',
      'NEW_ITEM-CURRENCY[1]': 'EUR',
      'NEW_ITEM-SERVICE[1]': 'X',
      '~OkCode': 'ADDI',
    });
    expect(fields['NEW_ITEM-PRICE[1]']).toMatch(/^\d+\.\d{3}$/);
    expect(fields['NEW_ITEM-EXT_PRODUCT_ID[3]']).toBeUndefined();
    // No request exists: nothing claims to be a quotation.
    expect(Object.keys(fields).some((name) => name.startsWith('NEW_ITEM-EXT_QUOTE_ID'))).toBe(false);
  });

  it('answers an empty form for a search that matches nothing', async () => {
    const response = await search({ SEARCHSTRING: 'hovercraft' });
    expect(response.status).toBe(200);
    expect(formFields(await response.text()).filter(([name]) => name.startsWith('NEW_ITEM-'))).toEqual([]);
  });

  it('refuses a search without SEARCHSTRING and a HOOK_URL off the allowlist', async () => {
    const missing = await search({});
    expect(missing.status).toBe(400);
    expect(await missing.text()).toContain('SEARCHSTRING');
    const elsewhere = await search({ SEARCHSTRING: 'van', HOOK_URL: 'https://evil.example/collect' });
    expect(elsewhere.status).toBe(403);
  });
});
