import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { CatalogBoot } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { dtdProblems, setupRequest } from '../support/cxml';
import { openSession } from '../support/punchout';
import { seededStack } from '../support/stack';

/** The way back after an expired session: an empty cart for OCI, and for cXML an empty PunchOutOrderMessage (issue 11 follow-up). */

const BASE = 'https://catalog.example';
let deps: AppDeps;
let app: Hono;

beforeAll(async () => {
  deps = await seededStack({ PUBLIC_BASE_URL: BASE });
  app = createLocalApp(deps);
});

async function bootOf(session: string): Promise<CatalogBoot> {
  const page = await (await app.request(`${session}/`)).text();
  const json = /<script type="application\/json" id="boot">([\s\S]*?)<\/script>/.exec(page)![1]!;
  return JSON.parse(json) as CatalogBoot;
}

describe('the way back to the procurement system once the session expired', () => {
  it('gives a cXML session a DTD-valid PunchOutOrderMessage without items, with its BuyerCookie and a zero total, posted to the BrowserFormPost URL', async () => {
    const xml = await (await app.request('/punchout/cxml', { method: 'POST', body: setupRequest(), headers: { 'content-type': 'text/xml' } })).text();
    const url = /<URL>([^<]*)<\/URL>/.exec(xml)![1]!;
    const session = (await app.request(url.slice(BASE.length))).headers.get('location')!.replace(/\/$/, '');
    const exit = (await bootOf(session)).session.exit;
    expect(exit).toBeDefined();
    expect(exit!.action).toBe('http://localhost:4999/cxml-cart');
    expect(exit!.fields.map(([name]) => name)).toEqual(['cxml-urlencoded']);
    const message = exit!.fields[0]![1];
    expect(await dtdProblems(message)).toBe('');
    expect(message).toContain('<BuyerCookie>cookie-&amp;-42</BuyerCookie>');
    expect(message).toContain('<Total><Money currency="EUR">0.00</Money></Total>');
    expect(message).not.toContain('<ItemIn');
    expect(message).not.toContain('SharedSecret');
  });

  it('keeps the empty OCI cart for an OCI session', async () => {
    const exit = (await bootOf(await openSession(app))).session.exit;
    expect(exit).toBeDefined();
    expect(exit!.fields.some(([name]) => name.startsWith('NEW_ITEM'))).toBe(false);
  });
});
