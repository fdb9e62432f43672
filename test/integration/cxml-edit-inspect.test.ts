import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { CatalogBoot, TransferAccepted, TransferRefused } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import type { ManagedRequest } from '../../functions/requests/lifecycle';
import { keys } from '../../functions/store/keys';
import { changeStatus } from '../../functions/store/request-changes';
import { getRequest } from '../../functions/store/requests';
import { dtdProblems, setupRequest } from '../support/cxml';
import { callUpForm, daysAhead, openSession } from '../support/punchout';
import { seededStack } from '../support/stack';

const BASE = 'https://catalog.example';
let deps: AppDeps;
let app: Hono;

beforeAll(async () => {
  deps = await seededStack({ PUBLIC_BASE_URL: BASE });
  app = createLocalApp(deps);
});

/** Set up over cXML (create, edit or inspect), open the start URL: the session's base path, or the refusal's Status. */
async function cxmlSession(operation = 'create', selected?: string): Promise<string> {
  const xml = await (await app.request('/punchout/cxml', { method: 'POST', body: setupRequest({ operation, selected }), headers: { 'content-type': 'text/xml' } })).text();
  const url = /<URL>([^<]*)<\/URL>/.exec(xml)?.[1];
  if (!url) throw new Error(xml);
  return (await app.request(url.slice(BASE.length))).headers.get('location')!.replace(/\/$/, '');
}

const unescapeHtml = (text: string) =>
  text.replace(/&(lt|gt|quot|#39|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[name]!);

const post = (path: string, body: unknown) => app.request(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });
const selection = (startDay: number, vehicleTypeId = 'estate-passat') => ({
  vehicleTypeId,
  locationId: 'ams-sloterdijk',
  pickup: daysAhead(startDay),
  return: daysAhead(startDay + 3),
  deliveryAddressId: 'rotterdam-hq',
});

async function bootOf(session: string): Promise<CatalogBoot> {
  const page = await (await app.request(`${session}/`)).text();
  return JSON.parse(/<script type="application\/json" id="boot">([^<]*)<\/script>/.exec(page)![1]!) as CatalogBoot;
}

/** The PunchOutOrderMessage a transfer page posts. */
async function cartMessage(transferUrl: string): Promise<string> {
  const page = await (await app.request(transferUrl)).text();
  return unescapeHtml(/<input type="hidden" name="cxml-urlencoded" value="([^"]*)">/.exec(page)![1]!);
}

/** A request made in a cXML create session, as the buyer's cart holds it. */
async function earlierRequest(startDay: number): Promise<string> {
  const accepted = await post(`${(await cxmlSession())}/api/transfer`, selection(startDay));
  expect(accepted.status).toBe(201);
  return ((await accepted.json()) as TransferAccepted).requestId;
}

describe('cXML edit: the catalog reopens the earlier selection', () => {
  it('opens on the earlier request: its vehicle, location, period and delivery address, public fields only', async () => {
    const id = await earlierRequest(40);
    const boot = await bootOf(await cxmlSession('edit', id));
    expect(boot.selection).toMatchObject({
      operation: 'edit',
      requestId: id,
      status: 'requested',
      open: true,
      vehicleType: { id: 'estate-passat' },
      location: { id: 'ams-sloterdijk' },
      period: { pickup: daysAhead(40), return: daysAhead(43) },
      deliveryAddress: { id: 'rotterdam-hq' },
    });
    expect(boot.selection!.transferUrl).toMatch(new RegExp(`^/s/[A-Za-z0-9_-]+/transfer/${id}$`));
    // Nothing of the earlier requester reaches a session that may be someone else's.
    expect(JSON.stringify(boot.selection)).not.toContain('jane.doe');
    expect(Object.keys(boot.selection!)).not.toContain('requester');
  });

  it('sends the same request back when the same selection is transferred, with a DTD-valid cart this session\'s buyer accepts, and makes a new request for another', async () => {
    const id = await earlierRequest(44);
    const session = await cxmlSession('edit', id);
    const same = await post(`${session}/api/transfer`, selection(44));
    expect(same.status).toBe(200);
    const kept = (await same.json()) as TransferAccepted;
    expect(kept.requestId).toBe(id);
    const message = await cartMessage(kept.transferUrl);
    expect(await dtdProblems(message)).toBe('');
    expect(message).toContain(`<SupplierPartAuxiliaryID>${id}</SupplierPartAuxiliaryID>`);
    expect(message).toContain('<BuyerCookie>cookie-&amp;-42</BuyerCookie>');
    expect(message).toContain('operationAllowed="edit"');
    // "Keep as it is" is the same transfer page.
    expect(kept.transferUrl).toBe((await bootOf(session)).selection!.transferUrl);

    const other = await post(`${session}/api/transfer`, selection(44, 'estate-octavia'));
    expect(other.status).toBe(201);
    const changed = (await other.json()) as TransferAccepted;
    expect(changed.requestId).not.toBe(id);
    expect((await getRequest(deps.db, changed.requestId))!.vehicleType.id).toBe('estate-octavia');
  });

  it('says a closed earlier request holds nothing and offers no "Keep as it is"; choosing it again makes a new request', async () => {
    const id = await earlierRequest(48);
    expect((await changeStatus(deps.db, (await getRequest(deps.db, id)) as ManagedRequest, 'expire', { kind: 'system' })).outcome).toBe('done');
    const session = await cxmlSession('edit', id);
    expect((await bootOf(session)).selection).toMatchObject({ requestId: id, status: 'expired', open: false });
    const again = await post(`${session}/api/transfer`, selection(48));
    expect(again.status).toBe(201);
    expect(((await again.json()) as TransferAccepted).requestId).not.toBe(id);
  });
});

describe('cXML inspect: the earlier request, read-only', () => {
  it('shows the request without the catalog: no script, no booking control, one button back with the same cart', async () => {
    const id = await earlierRequest(52);
    const session = await cxmlSession('inspect', id);
    const response = await app.request(`${session}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const page = await response.text();
    expect(page).toContain(`Your request ${id}`);
    expect(page).toContain('Estate automatic');
    expect(page).not.toContain('<script');
    expect(page).not.toContain('/api/');
    expect([...page.matchAll(/<(button|input|select|textarea)\b/g)].map((m) => m[1])).toEqual(['button']);
    const action = /<form method="get" action="([^"]*)"><p><button type="submit">Return to your procurement system<\/button>/.exec(page)![1]!;
    expect(action).toBe(`${session}/transfer/${id}`);
    const message = await cartMessage(action);
    expect(message).toContain(`<SupplierPartAuxiliaryID>${id}</SupplierPartAuxiliaryID>`);
    expect(await dtdProblems(message)).toBe('');
  });

  it('refuses every transfer from an inspect session with 403 and registers nothing', async () => {
    const id = await earlierRequest(56);
    const session = await cxmlSession('inspect', id);
    for (const body of [selection(56), selection(60, 'compact-polo')]) {
      const refused = await post(`${session}/api/transfer`, body);
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as TransferRefused).error).toBe('read-only');
    }
    const boot = await bootOf(await cxmlSession('edit', id));
    // Nothing was held by the refused transfers: the same period is still offered as before.
    const offers = (await (await app.request(`${boot.apiBase}/vehicles?location=ams-sloterdijk&pickup=${daysAhead(60)}&return=${daysAhead(63)}`)).json()) as { offers: { vehicleTypeId: string; available: number; capacity: number }[] };
    const polo = offers.offers.find((o) => o.vehicleTypeId === 'compact-polo')!;
    expect(polo.available).toBe(polo.capacity);
  });

  it('escapes every value of the request on the page', async () => {
    const id = await earlierRequest(64);
    await deps.db.doc.send(
      new UpdateCommand({ TableName: deps.db.table, Key: keys.request(id), UpdateExpression: 'SET deliveryAddress.label = :label', ExpressionAttributeValues: { ':label': '<img src=x onerror=alert(1)>"&' } }),
    );
    const page = await (await app.request(`${await cxmlSession('inspect', id)}/`)).text();
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&amp;');
    const editPage = await (await app.request(`${await cxmlSession('edit', id)}/`)).text();
    expect(editPage).not.toContain('<img');
  });
});

describe('the selected request is only for sessions of its connection', () => {
  it('gives no other session its cart: not one of the same connection that did not select it, not another connection\'s', async () => {
    const id = await earlierRequest(68);
    const oci = await openSession(app);
    expect((await app.request(`${oci}/transfer/${id}`)).status).toBe(404);
    const utrecht = await openSession(app, {
      ...Object.fromEntries([...callUpForm().keys()].map((k) => [k, undefined])),
      USERNAME: 'utrecht-visma',
      PASSWORD: 'utrecht-secret',
      HOOK_URL: 'https://spend.visma.example/punchout/return',
      email: 'piet@utrecht.example',
      fname: 'Piet',
      lname: 'de Vries',
      projectcode: 'P-1',
    });
    expect((await app.request(`${utrecht}/transfer/${id}`)).status).toBe(404);
    expect((await bootOf(utrecht)).selection).toBeUndefined();
    // A cXML edit of this connection that selected another request does not reach this one either.
    const otherId = await earlierRequest(72);
    expect((await app.request(`${await cxmlSession('edit', otherId)}/transfer/${id}`)).status).toBe(404);
  });
});
