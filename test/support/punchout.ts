import type { Hono } from 'hono';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';

/** A valid call-up of the demo connection; override or drop (undefined) any field. */
export function callUpForm(overrides: Record<string, string | undefined> = {}): URLSearchParams {
  const fields: Record<string, string | undefined> = {
    USERNAME: DEMO_CONNECTION.username,
    PASSWORD: DEMO_CONNECTION.password,
    HOOK_URL: 'http://localhost:4999/hook?sap-client=100',
    oci_usermail: 'jane.doe@acme.example',
    oci_userfullname: 'Jane Doe',
    '~OkCode': 'ADDI',
    '~TARGET': '_top',
    '~CALLER': 'CTLG',
    oci_ponumber: '4500012345',
    oci_costcenter: 'CC-1042',
    ...overrides,
  };
  const form = new URLSearchParams();
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) form.append(name, value);
  return form;
}

/** POST a call-up to the app; returns the response. */
export function postCallUp(app: Hono, form: URLSearchParams, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request('/punchout/oci', {
      method: 'POST',
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    }),
  );
}

/** Punch out and return the session's base path (`/s/<id>`). */
export async function openSession(app: Hono, overrides: Record<string, string | undefined> = {}): Promise<string> {
  const response = await postCallUp(app, callUpForm(overrides));
  if (response.status !== 303) throw new Error(`call-up answered ${response.status}: ${await response.text()}`);
  return response.headers.get('location')!.replace(/\/$/, '');
}

/** POST a call-up to a served app at `base`, as the buyer's browser does; returns the catalog's address (the session's start page). */
export async function catalogUrlAt(base: string, form: URLSearchParams): Promise<string> {
  const response = await fetch(`${base}/punchout/oci`, { method: 'POST', body: form, redirect: 'manual' });
  if (response.status !== 303) throw new Error(`call-up answered ${response.status}: ${await response.text()}`);
  return new URL(response.headers.get('location')!, base).href;
}

/** A local date-time `days` days from now at `hour`:00. */
export function daysAhead(days: number, hour = 9): string {
  const d = new Date(Date.now() + days * 86400_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}
