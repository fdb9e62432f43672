import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Location } from '../../functions/catalog/vehicles';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import type { OpsRefusal, QueueResponse, RequestDetail } from '../../functions/operations/api';
import type { FleetAdminView } from '../../functions/operations/fleet-api';
import { keys } from '../../functions/store/keys';
import { createOpsSession } from '../../functions/store/staff';
import { addTestStaff, registerTestRequest, signedIn } from '../support/ops';
import { daysAhead } from '../support/punchout';
import { seededStack } from '../support/stack';

let deps: AppDeps;
let app: Hono;
let admin: Record<string, string>;
let adminEmail: string;
/** The clock the app reads: real time while signing in, a fixed instant while the queue is read. */
let clock: Date | undefined;

beforeAll(async () => {
  deps = await seededStack({}, () => clock ?? new Date());
  app = createLocalApp(deps);
  adminEmail = await addTestStaff(deps, 'admin');
  admin = (await signedIn(deps, adminEmail)).headers;
});

const post = (url: string, body: unknown) => app.request(`/ops/api${url}`, { method: 'POST', headers: admin, body: JSON.stringify(body) });
const getJson = async <T>(url: string) => (await (await app.request(`/ops/api${url}`, { headers: admin })).json()) as T;
type Versioned<T> = T & { version: number };

/** A request at `locationId` picked up `day` days ahead, as if it came in at `createdAt`. */
async function requestIn(locationId: string, day: number, createdAt: string): Promise<{ id: string; date: string }> {
  const request = await registerTestRequest(deps, { locationId, period: { pickup: daysAhead(day, 10), return: daysAhead(day + 1, 10) } });
  await deps.db.doc.send(
    new UpdateCommand({ TableName: deps.db.table, Key: keys.request(request.id), UpdateExpression: 'SET createdAt = :at', ExpressionAttributeValues: { ':at': createdAt } }),
  );
  return { id: request.id, date: daysAhead(day, 10).slice(0, 10) };
}

/** The request's row in the queue of its pick-up day, read at `at`. */
async function rowAt(request: { id: string; date: string }, at: string) {
  clock = new Date(at);
  try {
    // A console session of that moment: the one signed in today has expired by then.
    const { token, session } = await createOpsSession(deps.db, adminEmail, 1, clock);
    const headers = { cookie: `__Host-ff_ops=${token}`, 'x-csrf-token': session.csrf };
    const read = async <T>(url: string) => {
      const response = await app.request(`/ops/api${url}`, { headers });
      expect(response.status).toBe(200);
      return (await response.json()) as T;
    };
    const queue = await read<QueueResponse>(`/queue?date=${request.date}`);
    const detail = await read<RequestDetail>(`/requests/${request.id}`);
    return { row: queue.items.find((i) => i.id === request.id)!, detail };
  } finally {
    clock = undefined;
  }
}

describe('a location’s country and closing days', () => {
  it('are entered by an administrator, closing days with a label, and bare dates from before still read', async () => {
    const fleet = await getJson<FleetAdminView>('/admin/fleet');
    const utrecht = fleet.locations.find((l) => l.id === 'utr-centraal') as Versioned<Location>;
    expect(utrecht.country).toBe('NL');
    const { version: _v, id: _id, ...fields } = utrecht;
    const saved = await post('/admin/locations/utr-centraal', { ...fields, closingDays: [{ date: '2027-01-04', label: 'Staff day' }, '2027-01-05'], version: utrecht.version });
    expect(saved.status).toBe(200);
    const after = (await getJson<FleetAdminView>('/admin/fleet')).locations.find((l) => l.id === 'utr-centraal')!;
    expect(after.closingDays).toEqual([{ date: '2027-01-04', label: 'Staff day' }, { date: '2027-01-05' }]);
  });

  it('refuses a country whose public holidays the app does not know, naming the field', async () => {
    const bad = await post('/admin/locations', { id: 'nyc-jfk', name: 'JFK', address: 'JFK Airport', city: 'New York', phone: '+1 212 555 0100', timeZone: 'America/New_York', country: 'US' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as OpsRefusal).message).toContain('country: expected a country code we know the public holidays of');
    const label = await post('/admin/locations', { id: 'ams-zuid', name: 'Zuid', address: 'Zuidplein 1', city: 'Amsterdam', phone: '+31 20 555 0300', timeZone: 'Europe/Amsterdam', country: 'NL', closingDays: [{ date: '2027-02-30', label: 'x' }] });
    expect(label.status).toBe(400);
    expect(((await label.json()) as OpsRefusal).message).toContain('closingDays');
  });
});

describe('the queue’s response time left', () => {
  it('does not count Christmas Day at a Dutch location', async () => {
    // In on Thursday 24 December 2026 at 17:00 Amsterdam time; read on Monday 28 December at 09:00.
    const request = await requestIn('ams-sloterdijk', 40, '2026-12-24T16:00:00.000Z');
    const { row, detail } = await rowAt(request, '2026-12-28T08:00:00.000Z');
    // Thursday 17–18 and Monday 08–09: Christmas Day (Friday) and the weekend do not count.
    expect(row.age).toMatchObject({ workingMinutes: 120, leftMinutes: 4 * 60 - 120, overdue: false });
    expect(detail.age).toEqual(row.age);
  });

  it('does not count the location’s own closing day the administrator entered', async () => {
    // In on Thursday 31 December 2026 at 17:00, read on Tuesday 5 January 2027 at 09:00. New Year's
    // Day (Friday) is a holiday everywhere; Utrecht is closed on Monday 4 and Tuesday 5 January
    // (entered above), Sloterdijk is not.
    const closed = await requestIn('utr-centraal', 41, '2026-12-31T16:00:00.000Z');
    const open = await requestIn('ams-sloterdijk', 41, '2026-12-31T16:00:00.000Z');
    expect((await rowAt(closed, '2027-01-05T08:00:00.000Z')).row.age?.workingMinutes).toBe(60);
    expect((await rowAt(open, '2027-01-05T08:00:00.000Z')).row.age?.workingMinutes).toBe(60 + 600 + 60);
  });
});
