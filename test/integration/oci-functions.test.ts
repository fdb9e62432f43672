import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { AppDeps } from '../../functions/http/deps';
import { timeZoneOf } from '../../functions/catalog/time-zone';
import { createLocalApp } from '../../functions/local/server';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import { quantityCheckPeriod } from '../../functions/punchout/oci-functions';
import { keys } from '../../functions/store/keys';
import { payloadsOf } from '../../functions/store/payload-log';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { TransferAccepted } from '../../functions/catalog/api';
import type { ManagedRequest } from '../../functions/requests/lifecycle';
import { changeStatus } from '../../functions/store/request-changes';
import { getRequest } from '../../functions/store/requests';
import { callUpForm, daysAhead, openSession, postCallUp } from '../support/punchout';
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

  it('still refuses FUNCTION=SOURCING as unsupported', async () => {
    const response = await postCallUp(app, callUpForm({ FUNCTION: 'SOURCING' }));
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

describe('OCI 5 FUNCTION=VALIDATE', () => {
  /** A request made in a catalog session of the demo connection, and the OCI cart its transfer page posted. */
  async function requestWithCart(startDay: number): Promise<{ id: string; cart: Record<string, string> }> {
    const session = await openSession(app);
    const body = { vehicleTypeId: 'estate-passat', locationId: 'ams-sloterdijk', pickup: daysAhead(startDay), return: daysAhead(startDay + 3) };
    const accepted = await app.request(`${session}/api/transfer`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect(accepted.status).toBe(201);
    const { requestId, transferUrl } = (await accepted.json()) as TransferAccepted;
    const cart = Object.fromEntries(formFields(await (await app.request(transferUrl)).text()));
    return { id: requestId, cart };
  }
  const validate = (fields: Record<string, string | undefined>) =>
    postCallUp(app, callUpForm({ oci_usermail: undefined, oci_userfullname: undefined, FUNCTION: 'VALIDATE', QUANTITY: '1.000', ...fields }));
  const longText = (fields: Record<string, string>) => fields['NEW_ITEM-LONGTEXT_1:132[]']!;

  it('returns the item of an open request on the URL called, auto-submitted with hidden fields only, at the quoted price and said to be held', async () => {
    const { id, cart } = await requestWithCart(30);
    const response = await validate({ PRODUCTID: id });
    expect(response.status).toBe(200);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.get('content-security-policy')).toContain("form-action 'self' http://localhost:4999");
    const page = await response.text();
    expect(page).toMatch(/<script nonce="[^"]+">document.getElementById\('oci-cart'\).submit\(\);<\/script>/);
    // Nothing a person fills in: every input is hidden; the button shows only without script.
    expect([...page.matchAll(/<input [^>]*>/g)].every((m) => m[0].includes('type="hidden"'))).toBe(true);
    expect(page).toMatch(/<noscript><button type="submit">/);
    const fields = Object.fromEntries(formFields(page));
    for (const name of ['NEW_ITEM-DESCRIPTION[1]', 'NEW_ITEM-QUANTITY[1]', 'NEW_ITEM-PRICE[1]', 'NEW_ITEM-CURRENCY[1]', 'NEW_ITEM-EXT_QUOTE_ID[1]', 'NEW_ITEM-EXT_PRODUCT_ID[1]', '~OkCode', 'sap-client']) {
      expect(fields[name], name).toBe(cart[name]);
    }
    expect(fields['NEW_ITEM-EXT_QUOTE_ID[1]']).toBe(id);
    expect(longText(fields)).toMatch(new RegExp(`^Checked \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}: a vehicle is held for request ${id} at the quoted price\\.`));
    expect(longText(fields)).not.toContain('Today’s price');
    const logged = await payloadsOf(deps.db, keys.request(id).pk);
    expect(logged.filter((e) => e.kind === 'callup' && e.direction === 'in' && e.body.includes('VALIDATE'))).toHaveLength(1);
    expect(logged.filter((e) => e.kind === 'cart' && e.direction === 'out')).toHaveLength(2);
  });

  it('keeps the quoted price of an open request and says what the same rental would cost today when that differs', async () => {
    const { id, cart } = await requestWithCart(33);
    // The quote was made when the price was 1.00 EUR lower than today's.
    const quoted = (await getRequest(deps.db, id))!.price.net - 100;
    await deps.db.doc.send(new UpdateCommand({ TableName: deps.db.table, Key: keys.request(id), UpdateExpression: 'SET price.net = :net', ExpressionAttributeValues: { ':net': quoted } }));
    const fields = Object.fromEntries(formFields(await (await validate({ PRODUCTID: id })).text()));
    expect(fields['NEW_ITEM-PRICE[1]']).not.toBe(cart['NEW_ITEM-PRICE[1]']);
    expect(fields['NEW_ITEM-PRICE[1]']).toBe(((quoted) / 100).toFixed(3));
    expect(longText(fields)).toContain(`Today’s price for this rental would be ${((quoted + 100) / 100).toFixed(2)} EUR excl. VAT; the quoted price stands for this request.`);
  });

  it('marks an expired request NO LONGER VALID in the returned item, its numbers untouched', async () => {
    const { id, cart } = await requestWithCart(36);
    const done = await changeStatus(deps.db, (await getRequest(deps.db, id)) as ManagedRequest, 'expire', { kind: 'system' });
    expect(done.outcome).toBe('done');
    const fields = Object.fromEntries(formFields(await (await validate({ EXT_QUOTE_ID: id, PRODUCTID: 'estate-passat' })).text()));
    // The mark first; the description cut to OCI's 40 characters after it.
    expect(fields['NEW_ITEM-DESCRIPTION[1]']).toMatch(/^NO LONGER VALID: Estate automatic/);
    expect(fields['NEW_ITEM-DESCRIPTION[1]']!.length).toBeLessThanOrEqual(40);
    expect(fields['NEW_ITEM-PRICE[1]']).toBe(cart['NEW_ITEM-PRICE[1]']);
    expect(fields['NEW_ITEM-QUANTITY[1]']).toBe(cart['NEW_ITEM-QUANTITY[1]']);
    expect(longText(fields)).toMatch(new RegExp(`^Request ${id} is expired: no vehicle is held for it\\.`));
  });

  it('answers another connection\'s request like an unknown one, NOT FOUND, telling nothing about it and logging nothing on it', async () => {
    const { id } = await requestWithCart(39);
    const before = (await payloadsOf(deps.db, keys.request(id).pk)).length;
    const response = await validate({
      USERNAME: 'utrecht-visma',
      PASSWORD: 'utrecht-secret',
      HOOK_URL: 'https://spend.visma.example/punchout/return',
      oci_ponumber: undefined,
      oci_costcenter: undefined,
      PRODUCTID: id,
    });
    expect(response.status).toBe(200);
    const page = await response.text();
    const fields = Object.fromEntries(formFields(page));
    expect(fields['NEW_ITEM-DESCRIPTION[1]']).toBe(`NIET GEVONDEN: ${id}`);
    expect(fields['NEW_ITEM-PRICE[1]']).toBeUndefined();
    expect(page).not.toContain('Passat');
    expect(page).not.toContain('jane.doe');
    expect((await payloadsOf(deps.db, keys.request(id).pk)).length).toBe(before);
    const unknown = Object.fromEntries(formFields(await (await validate({ PRODUCTID: 'RQ-261231-ZZZZZZ' })).text()));
    expect(unknown['NEW_ITEM-DESCRIPTION[1]']).toBe('NOT FOUND: RQ-261231-ZZZZZZ');
    expect(longText(unknown)).toContain('The catalog knows no request RQ-261231-ZZZZZZ for your organisation.');
  });

  it('refuses a vehicle type id or no PRODUCTID with 400 naming PRODUCTID, a malformed QUANTITY naming it, and a HOOK_URL off the allowlist with 403', async () => {
    for (const fields of [{ PRODUCTID: 'estate-passat' }, {}]) {
      const response = await validate(fields);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('PRODUCTID');
    }
    const { id } = await requestWithCart(42);
    const comma = await validate({ PRODUCTID: id, QUANTITY: '1,5' });
    expect(comma.status).toBe(400);
    expect(await comma.text()).toContain('QUANTITY');
    const elsewhere = await validate({ PRODUCTID: id, HOOK_URL: 'https://evil.example/collect' });
    expect(elsewhere.status).toBe(403);
    expect(await elsewhere.text()).not.toContain(id.slice(3));
  });
});

describe('the cart’s EXT_PRODUCT_ID comes back as PRODUCTID (red team, finding 11)', () => {
  /** A request of the demo connection and the OCI cart its transfer page posted. */
  async function requestWithCart(startDay: number, vehicleTypeId = 'estate-passat'): Promise<{ id: string; cart: Record<string, string> }> {
    const session = await openSession(app);
    const body = { vehicleTypeId, locationId: 'ams-sloterdijk', pickup: daysAhead(startDay), return: daysAhead(startDay + 2) };
    const accepted = await app.request(`${session}/api/transfer`, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
    expect(accepted.status).toBe(201);
    const { requestId, transferUrl } = (await accepted.json()) as TransferAccepted;
    return { id: requestId, cart: Object.fromEntries(formFields(await (await app.request(transferUrl)).text())) };
  }

  it('VALIDATE as SAP sends it (PRODUCTID = the cart’s EXT_PRODUCT_ID) answers the request’s item, not 400', async () => {
    const { id, cart } = await requestWithCart(70);
    expect(cart['NEW_ITEM-EXT_PRODUCT_ID[1]']).toBe(id);
    const response = await postCallUp(app, callUpForm({ oci_usermail: undefined, oci_userfullname: undefined, FUNCTION: 'VALIDATE', PRODUCTID: cart['NEW_ITEM-EXT_PRODUCT_ID[1]'], QUANTITY: '1.000' }));
    expect(response.status).toBe(200);
    expect(Object.fromEntries(formFields(await response.text()))['NEW_ITEM-EXT_QUOTE_ID[1]']).toBe(id);
  });

  it('DETAIL with a request id opens that request’s vehicle type, for the same connection only; a type id still works', async () => {
    const { id } = await requestWithCart(73, 'van-transit');
    const boot = async (productId: string) => {
      const location = (await postCallUp(app, callUpForm({ FUNCTION: 'DETAIL', PRODUCTID: productId }))).headers.get('location')!;
      return (await (await app.request(location)).text()).match(/"productId":"([^"]*)"/)?.[1];
    };
    expect(await boot(id)).toBe('van-transit');
    expect(await boot('estate-octavia')).toBe('estate-octavia');
    // Another connection's request tells nothing about itself.
    await deps.db.doc.send(new UpdateCommand({ TableName: deps.db.table, Key: keys.request(id), UpdateExpression: 'SET connectionId = :c', ExpressionAttributeValues: { ':c': 'someone-else' } }));
    expect(await boot(id)).toBeUndefined();
  });

  it('QUANTITYCHECK with a request id answers for that request’s vehicle type', async () => {
    const { id } = await requestWithCart(76, 'van-transit');
    const byType = (await (await postCallUp(app, quantityCheck({ EXT_PRODUCT_ID: 'van-transit', QUANTITY: '1' }))).json()) as { AVAILABLE_QUANTITY: string };
    const response = await postCallUp(app, quantityCheck({ EXT_PRODUCT_ID: id, QUANTITY: '1' }));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(byType);
    expect(Number(byType.AVAILABLE_QUANTITY)).toBeGreaterThan(0);
  });
});
