import ICAL from 'ical.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import type { StreamPoller } from '../../functions/local/stream-poller';
import type { ManagedRequest } from '../../functions/requests/lifecycle';
import { slotsOf } from '../../functions/catalog/period';
import { runHousekeeping } from '../../functions/jobs/housekeeping';
import { heldAt } from '../../functions/store/holds';
import { payloadsOf } from '../../functions/store/payload-log';
import { requestRecord } from '../../functions/store/queue';
import { assignUnit, changeStatus } from '../../functions/store/request-changes';
import { daysAhead } from '../support/punchout';
import { eventually, mailsIn, registerTestRequest, startMailWorker } from '../support/ops';
import { seededStack } from '../support/stack';
import { localNow } from '../../functions/catalog/time-zone';

let deps: AppDeps;
let worker: StreamPoller;
const operator = { kind: 'staff' as const, email: 'otto@flexfleet.example', name: 'Otto Operator' };

beforeAll(async () => {
  deps = await seededStack({ OPS_MAILBOX: 'ops-mail-test@flexfleet.example' });
  worker = startMailWorker(deps);
});

afterAll(async () => {
  await worker?.stop();
});

// The requester's "request received" e-mail (issue 11) also names the request: these tests are about the others.
const received = (mail: { subject: string }) => mail.subject.startsWith('Request received');
const about = (request: { id: string }) => (mail: { subject: string }) => mail.subject.includes(request.id) && !received(mail);

async function confirmed(request: ManagedRequest, plate: string): Promise<ManagedRequest> {
  const assigned = await assignUnit(deps.db, request, plate, operator);
  if (assigned.outcome !== 'done') throw new Error(assigned.outcome);
  const done = await changeStatus(deps.db, assigned.request, 'confirm', operator);
  if (done.outcome !== 'done') throw new Error(done.outcome);
  return done.request;
}

describe('outbox e-mails through the stream worker and the local SES', () => {
  it('tells the operations mailbox about a new request, once', async () => {
    const request = await registerTestRequest(deps, { period: { pickup: daysAhead(30), return: daysAhead(32) } });
    const mails = await eventually('the notice', () => mailsIn(about(request)), (m) => m.length > 0);
    await worker.drain();
    expect(await mailsIn(about(request))).toHaveLength(1);
    expect(mails[0].destination.to.join()).toContain('ops-mail-test@flexfleet.example');
    expect(mails[0].subject).toMatch(/^New request RQ-/);
  });

  it("names the buyer's references as the connection names them, not as the code once did", async () => {
    const request = await registerTestRequest(deps, { period: { pickup: daysAhead(33), return: daysAhead(35) }, extra: { poNumber: '4500077777', costCentre: 'CC-7' } });
    const [notice] = await eventually('the notice', () => mailsIn(about(request)), (m) => m.length > 0);
    // The demo connection calls its fields "PO number" and "Cost centre" (functions/local/demo-connections.ts).
    expect(notice.body.text).toContain('PO number: 4500077777');
    expect(notice.body.text).toContain('Cost centre: CC-7');
    expect(notice.body.text).not.toContain('Purchase order');
  });

  it('confirms with exactly one e-mail to the requester carrying a valid iCalendar REQUEST', async () => {
    const request = await registerTestRequest(deps, { period: { pickup: daysAhead(31, 9), return: daysAhead(34, 17) } });
    const done = await confirmed(request, await firstUnit('estate-octavia'));
    const toRequester = (m: { subject: string; destination: { to: string[] } }) =>
      !received(m) && m.subject.includes(request.id) && m.destination.to.join().includes(request.requester.email);
    await eventually('the confirmation', () => mailsIn(toRequester), (m) => m.length > 0);
    await worker.drain();
    const mails = await mailsIn(toRequester);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toContain('Reservation confirmed');
    expect(mail.body.text).toContain(done.assignment!.plate);
    expect(mail.body.text).toContain('4500012345');
    expect(mail.body.html).toContain(done.assignment!.plate);
    const ics = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'))!;
    expect(ics).toBeDefined();
    const text = Buffer.from(ics.content, 'base64').toString('utf8');
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(calendar.getFirstPropertyValue('method')).toBe('REQUEST');
    const event = new ICAL.Event(calendar.getFirstSubcomponent('vevent')!);
    expect(event.uid).toBe(`${request.id}@flexfleet.example`);
    expect(event.sequence).toBe(0);
    // The calendar entry's start, on the location's clock, is the pick-up.
    expect(localNow(request.location.timeZone, event.startDate.toJSDate())).toBe(request.period.pickup);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);

    const record = await requestRecord(deps.db, request.id);
    const sentMails = (await payloadsOf(deps.db, `REQUEST#${request.id}`)).filter((p) => p.kind === 'email');
    expect(sentMails).toHaveLength(3); // operations notice, request received, confirmation
    expect(sentMails.some((p) => p.body.includes('METHOD:REQUEST') || p.body.includes('Content-Type: text/calendar'))).toBe(true);
    expect(record!.outbox.map((m) => m.status)).toEqual(['sent', 'sent', 'sent']);
  });
});

describe('unconfirmed holds', () => {
  it('expire after the configured days with one e-mail to the requester, releasing the hold', async () => {
    const period = { pickup: daysAhead(200), return: daysAhead(202) };
    const request = await registerTestRequest(deps, { vehicleTypeId: 'van-vivaro-e', period });
    const slots = slotsOf(period);
    const held = async () => (await heldAt(deps.db, 'ams-sloterdijk', slots[0], slots[0])).get(slots[0])?.get('van-vivaro-e') ?? 0;
    expect(await held()).toBe(1);
    expect((await runHousekeeping(deps.db, deps.config, new Date(Date.now() + 2 * 86_400_000))).expired).not.toContain(request.id);
    const report = await runHousekeeping(deps.db, deps.config, new Date(Date.now() + 3 * 86_400_000 + 60_000));
    expect(report.expired).toContain(request.id);
    expect(await held()).toBe(0);
    const toRequester = (m: { subject: string; destination: { to: string[] } }) => !received(m) && m.subject.includes(request.id) && m.destination.to.join().includes(request.requester.email);
    const [mail] = await eventually('the expiry notice', () => mailsIn(toRequester), (m) => m.length > 0);
    expect(mail.subject).toBe(`Vehicle request lapsed (${request.id})`);
    expect(mail.body.text).toContain('within 3 days');
    const record = await requestRecord(deps.db, request.id);
    expect(record!.request.status).toBe('expired');
    expect(record!.events.find((e) => e.action === 'expired')!.actor).toEqual({ kind: 'system' });
  });

  it('expire at the pick-up time when that comes first', async () => {
    const request = await registerTestRequest(deps, { vehicleTypeId: 'van-vivaro-e', period: { pickup: daysAhead(1), return: daysAhead(2) } });
    const report = await runHousekeeping(deps.db, deps.config, new Date(Date.now() + 2 * 86_400_000));
    expect(report.expired).toContain(request.id);
  });
});

async function firstUnit(vehicleTypeId: string): Promise<string> {
  const fleet = await deps.fleet();
  return fleet.units.find((u) => u.vehicleTypeId === vehicleTypeId && u.locationId === 'ams-sloterdijk')!.plate;
}
