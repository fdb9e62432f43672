import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TransferAccepted } from '../../functions/catalog/api';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { getSession } from '../../functions/store/sessions';
import { callUpForm, daysAhead, postCallUp } from '../support/punchout';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;

beforeAll(async () => {
  deps = await seededStack();
  app = createLocalApp(deps);
});

/** A call-up whose name is sent as the buyer's page sends it: bytes of its charset, percent-encoded. */
async function callUpWithRawName(charset: string, rawName: string) {
  const body = `${callUpForm({ oci_userfullname: undefined, HTTP_CONTENT_CHARSET: charset })}&oci_userfullname=${rawName}`;
  const response = await app.request('/punchout/oci', { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } });
  expect(response.status).toBe(303);
  const session = response.headers.get('location')!.replace(/\/$/, '');
  return { session, stored: await getSession(deps.db, deps.secrets.signingKey, session.split('/')[2]) };
}

async function transferPageBytes(session: string): Promise<{ type: string | null; bytes: Buffer }> {
  const transfer = await app.request(`${session}/api/transfer`, {
    method: 'POST',
    body: JSON.stringify({ vehicleTypeId: 'compact-clio', locationId: 'ams-sloterdijk', pickup: daysAhead(12), return: daysAhead(14) }),
    headers: { 'content-type': 'application/json' },
  });
  expect(transfer.status).toBe(201);
  const page = await app.request(((await transfer.json()) as TransferAccepted).transferUrl);
  return { type: page.headers.get('content-type'), bytes: Buffer.from(await page.arrayBuffer()) };
}

describe('buyer charsets', () => {
  it('reads O%92Brien from a windows-1252 buyer as O’Brien and sends it back as byte 0x92', async () => {
    const { session, stored } = await callUpWithRawName('windows-1252', 'Sin%E9ad+O%92Brien');
    expect(stored!.requester.fullName).toBe('Sinéad O’Brien');
    const page = await transferPageBytes(session);
    expect(page.type).toBe('text/html; charset=windows-1252');
    expect(page.bytes.includes(Buffer.from('Sin\xe9ad O\x92Brien', 'latin1'))).toBe(true);
  });

  it('reads and writes ISO-8859-15 with its own letters (0xBC is Œ, not ¼)', async () => {
    const { session, stored } = await callUpWithRawName('ISO-8859-15', '%BCuvre+%A6koda');
    expect(stored!.requester.fullName).toBe('Œuvre Škoda');
    const page = await transferPageBytes(session);
    expect(page.type).toBe('text/html; charset=iso-8859-15');
    expect(page.bytes.includes(Buffer.from('\xbcuvre \xa6koda', 'latin1'))).toBe(true);
  });
});
