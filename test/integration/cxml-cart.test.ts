import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { TransferAccepted } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { getConnection, putConnection } from '../../functions/store/connections';
import { getSession } from '../../functions/store/sessions';
import { payloadsOf } from '../../functions/store/payload-log';
import { dtdProblems, setupRequest } from '../support/cxml';
import { daysAhead } from '../support/punchout';
import { seededStack } from '../support/stack';

const BASE = 'https://catalog.example';
let deps: AppDeps;
let app: Hono;

beforeAll(async () => {
  deps = await seededStack({ PUBLIC_BASE_URL: BASE });
  app = createLocalApp(deps);
});

/** Set up over cXML, open the start URL: the session's base path. */
async function cxmlSession(): Promise<string> {
  const xml = await (await app.request('/punchout/cxml', { method: 'POST', body: setupRequest(), headers: { 'content-type': 'text/xml' } })).text();
  const url = /<URL>([^<]*)<\/URL>/.exec(xml)![1]!;
  return (await app.request(url.slice(BASE.length))).headers.get('location')!.replace(/\/$/, '');
}

const unescapeHtml = (text: string) =>
  text.replace(/&(lt|gt|quot|#39|#x27|apos|amp);/g, (_, name: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#x27': "'", apos: "'", amp: '&' })[name]!);

/** Transfer a rental from a session and read the transfer page's form: its action and hidden fields. */
async function transfer(session: string, vehicleTypeId: string, startDay: number): Promise<{ requestId: string; action: string; fields: Map<string, string> }> {
  const chosen = { vehicleTypeId, locationId: 'ams-sloterdijk', pickup: daysAhead(startDay), return: daysAhead(startDay + 3) };
  const accepted = (await (await app.request(`${session}/api/transfer`, { method: 'POST', body: JSON.stringify(chosen), headers: { 'content-type': 'application/json' } })).json()) as TransferAccepted;
  const page = await (await app.request(accepted.transferUrl)).text();
  const action = unescapeHtml(/<form id="oci-cart" method="post" action="([^"]*)"/.exec(page)![1]!);
  const fields = new Map([...page.matchAll(/<input type="hidden" name="([^"]*)" value="([^"]*)">/g)].map((m) => [m[1]!, unescapeHtml(m[2]!)]));
  return { requestId: accepted.requestId, action, fields };
}

describe('cXML cart', () => {
  it('posts a DTD-valid PunchOutOrderMessage in cxml-urlencoded to the BrowserFormPost URL, with the BuyerCookie and the request id', async () => {
    const { requestId, action, fields } = await transfer(await cxmlSession(), 'compact-polo', 30);
    expect(action).toBe('http://localhost:4999/cxml-cart');
    expect([...fields.keys()]).toEqual(['cxml-urlencoded']);
    const message = fields.get('cxml-urlencoded')!;
    expect(await dtdProblems(message)).toBe('');
    expect(message).toContain('<BuyerCookie>cookie-&amp;-42</BuyerCookie>');
    expect(message).toContain(`<SupplierPartAuxiliaryID>${requestId}</SupplierPartAuxiliaryID>`);
    expect(message).toMatch(/<Period startDate="\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d" endDate="[^"]+"\/>/);
    expect(message).toContain('<Classification domain="UNSPSC" code="78111808">');
    expect(message).toContain('<Extrinsic name="costCentre">CC-1042</Extrinsic>');
    // Money as buyers read it: two decimals, a dot (EA: one rental at its whole price).
    expect(message).toMatch(/<ItemIn quantity="1" lineNumber="1">/);
    expect(message).toMatch(/<UnitPrice><Money currency="EUR">\d+\.\d\d<\/Money><\/UnitPrice>/);
    expect(message).not.toContain('SharedSecret');
    expect(message).not.toContain('demo-secret');
    const logged = await payloadsOf(deps.db, `REQUEST#${requestId}`);
    expect(logged.find((e) => e.kind === 'cart')!.body).toBe(message);
  });

  it('sends the message base64-encoded in cxml-base64 when the connection asks for it', async () => {
    const connection = (await getConnection(deps.db, 'acme-demo'))!;
    await putConnection(deps.db, { ...connection, cxml: { ...connection.cxml!, cartField: 'cxml-base64' } });
    try {
      const { fields, requestId } = await transfer(await cxmlSession(), 'compact-polo', 40);
      expect([...fields.keys()]).toEqual(['cxml-base64']);
      const message = Buffer.from(fields.get('cxml-base64')!, 'base64').toString('utf8');
      expect(await dtdProblems(message)).toBe('');
      expect(message).toContain(`<SupplierPartAuxiliaryID>${requestId}</SupplierPartAuxiliaryID>`);
    } finally {
      await putConnection(deps.db, connection);
    }
  });

  it('accepts an edit set-up that names our earlier request, and refuses one naming a request we never made', async () => {
    const { requestId } = await transfer(await cxmlSession(), 'compact-polo', 50);
    const body = setupRequest({ operation: 'edit', selected: requestId });
    expect(await dtdProblems(body)).toBe('');
    const xml = await (await app.request('/punchout/cxml', { method: 'POST', body, headers: { 'content-type': 'text/xml' } })).text();
    expect(xml).toContain('<Status code="200"');
    const url = /<URL>([^<]*)<\/URL>/.exec(xml)![1]!;
    const token = (await app.request(url.slice(BASE.length))).headers.get('location')!.split('/')[2]!;
    expect((await getSession(deps.db, deps.secrets.signingKey, token))!.cxml).toMatchObject({ operation: 'edit', selectedRequestId: requestId });

    for (const selected of ['RQ-991231-ZZZZZZ', undefined]) {
      const refused = await (await app.request('/punchout/cxml', { method: 'POST', body: setupRequest({ operation: 'inspect', selected }), headers: { 'content-type': 'text/xml' } })).text();
      expect(refused).toContain('<Status code="400"');
      expect(refused).toContain('SelectedItem');
    }
  });
});
