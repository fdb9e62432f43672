import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { slotsOf } from '../../functions/catalog/period';
import { wallToInstant } from '../../functions/catalog/time-zone';
import type { OpsRefusal, PlanningResponse, QueueResponse } from '../../functions/operations/api';
import type { RentalRequest } from '../../functions/requests/request';
import { heldAt } from '../../functions/store/holds';
import { daysAhead } from '../support/punchout';
import { consoleApiStack, eventually, mailsIn, registerTestRequest, type StoredMail } from '../support/ops';

const ops = consoleApiStack();
const { post, get, detail } = ops;

async function assign(request: { id: string }, plate: string): Promise<Response> {
  const { request: current } = await detail(request.id);
  return post(`/ops/api/requests/${request.id}/assignment`, { plate, version: current.version ?? 0 });
}

async function act(request: { id: string }, action: 'confirm' | 'decline' | 'cancel', extra: Record<string, string> = {}): Promise<Response> {
  const { request: current } = await detail(request.id);
  return post(`/ops/api/requests/${request.id}/${action}`, { version: current.version ?? 0, ...extra });
}

async function unitsOf(vehicleTypeId: string, locationId = 'ams-sloterdijk'): Promise<string[]> {
  return (await ops.deps.fleet()).units.filter((u) => u.vehicleTypeId === vehicleTypeId && u.locationId === locationId).map((u) => u.plate);
}

/** The requester's e-mails about a decision on a request (not the "request received" one every registration sends), once the worker has nothing left to do. */
async function requesterMails(request: RentalRequest, expected: number): Promise<StoredMail[]> {
  const received = /^(Request received|Aanvraag ontvangen):/;
  const match = (m: StoredMail) => m.subject.includes(request.id) && m.destination.to.join().includes(request.requester.email) && !received.test(m.subject);
  await eventually(`${expected} e-mail(s) about ${request.id}`, () => mailsIn(match), (m) => m.length >= expected);
  await ops.worker.drain();
  return mailsIn(match);
}

function calendarOf(mail: StoredMail) {
  const attachment = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!attachment) return undefined;
  const text = Buffer.from(attachment.content, 'base64').toString('utf8');
  const component = new ICAL.Component(ICAL.parse(text));
  return { text, method: component.getFirstPropertyValue('method'), event: new ICAL.Event(component.getFirstSubcomponent('vevent')!) };
}

describe('assigning a unit', () => {
  it('lets exactly one of 20 concurrent assignments of one unit to overlapping periods through', async () => {
    const requests = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        registerTestRequest(ops.deps, { vehicleTypeId: 'compact-clio', period: { pickup: daysAhead(40 + (i % 3), 9), return: daysAhead(44 + (i % 2), 17) } }),
      ),
    );
    const [plate] = await unitsOf('compact-clio');
    const responses = await Promise.all(requests.map((r) => post(`/ops/api/requests/${r.id}/assignment`, { plate, version: 0 })));
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(19);
    const winner = requests[statuses.indexOf(200)];
    const refusals = (await Promise.all(responses.filter((r) => r.status === 409).map((r) => r.json()))) as OpsRefusal[];
    for (const refusal of refusals) {
      expect(refusal.error).toBe('taken');
      expect(refusal.conflicts!.map((c) => c.requestId)).toEqual([winner.id]);
      expect(refusal.message).toContain(plate);
    }
    // The console shows the conflict on the losers' unit list, not just an error.
    const loser = requests.find((r) => r !== winner)!;
    const unit = (await detail(loser.id)).units.find((u) => u.plate === plate)!;
    expect(unit.conflicts[0].requestId).toBe(winner.id);
  });

  it('refuses a unit of another type or location', async () => {
    const request = await registerTestRequest(ops.deps, { period: { pickup: daysAhead(50), return: daysAhead(52) } });
    const [other] = await unitsOf('van-transit');
    const response = await assign(request, other);
    expect(response.status).toBe(400);
    expect(((await response.json()) as OpsRefusal).message).toContain('is not a Estate at Amsterdam Sloterdijk');
  });

  it('refuses a change made on a version someone else has changed since', async () => {
    const request = await registerTestRequest(ops.deps, { period: { pickup: daysAhead(53), return: daysAhead(54) } });
    const [a, b] = await unitsOf('estate-octavia');
    expect((await post(`/ops/api/requests/${request.id}/assignment`, { plate: a, version: 0 })).status).toBe(200);
    const stale = await post(`/ops/api/requests/${request.id}/assignment`, { plate: b, version: 0 });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as OpsRefusal).error).toBe('changed');
  });

  it('frees the old unit when the assignment changes', async () => {
    const first = await registerTestRequest(ops.deps, { vehicleTypeId: 'suv-tiguan', period: { pickup: daysAhead(60), return: daysAhead(63) } });
    const second = await registerTestRequest(ops.deps, { vehicleTypeId: 'suv-tiguan', period: { pickup: daysAhead(61), return: daysAhead(62) } });
    const [a, b] = await unitsOf('suv-tiguan');
    expect((await assign(first, a)).status).toBe(200);
    expect((await assign(second, a)).status).toBe(409);
    expect((await assign(first, b)).status).toBe(200);
    expect((await assign(second, a)).status).toBe(200);
    const history = (await detail(first.id)).events.filter((e) => !e.action.startsWith('email'));
    expect(history.map((e) => [e.action, e.detail])).toEqual([
      ['registered', 'transfer from Acme Logistics (demo)'],
      ['assigned', a],
      ['reassigned', `${a} → ${b}`],
    ]);
    expect(history[1].actor).toMatchObject({ kind: 'staff', name: 'Otto Operator' });
  });
});

describe('confirming, declining, cancelling', () => {
  it('will not confirm before a unit is assigned', async () => {
    const request = await registerTestRequest(ops.deps, { period: { pickup: daysAhead(70), return: daysAhead(71) } });
    const response = await act(request, 'confirm');
    expect(response.status).toBe(409);
    expect(((await response.json()) as OpsRefusal).message).toBe('Assign a vehicle before confirming.');
  });

  it('confirms with exactly one e-mail carrying a valid iCalendar REQUEST with the plate, dates and references', async () => {
    const request = await registerTestRequest(ops.deps, { period: { pickup: daysAhead(72, 8), return: daysAhead(75, 18) } });
    const [plate] = await unitsOf('estate-octavia');
    expect((await assign(request, plate)).status).toBe(200);
    expect((await act(request, 'confirm')).status).toBe(200);
    expect((await act(request, 'confirm')).status).toBe(409);
    const [mail, ...more] = await requesterMails(request, 1);
    expect(more).toEqual([]);
    expect(mail.subject).toBe(`Reservation confirmed: Estate, ${new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', timeZone: 'UTC' }).format(new Date(`${request.period.pickup}:00Z`))} (${request.id})`);
    for (const expected of [plate, request.id, '4500012345', 'CC-1042', 'Orlyplein 10', '+31 20 555 0100', 'Škoda Octavia Combi']) {
      expect(mail.body.text).toContain(expected);
      expect(mail.body.html).toContain(expected);
    }
    const calendar = calendarOf(mail)!;
    expect(calendar.method).toBe('REQUEST');
    expect(calendar.event.uid).toBe(`${request.id}@flexfleet.example`);
    expect(calendar.event.sequence).toBe(0);
    // The location's wall times, written as the UTC instants they are (ics.ts says why).
    expect(calendar.event.startDate.toJSDate().toISOString()).toBe(wallToInstant(request.period.pickup, 'Europe/Amsterdam').toISOString());
    expect(calendar.event.endDate.toJSDate().toISOString()).toBe(wallToInstant(request.period.return, 'Europe/Amsterdam').toISOString());
    expect(calendar.event.summary).toContain(plate);
    expect(calendar.text).toMatch(/\r\nDTSTART:\d{8}T\d{6}Z\r\n/);
    const { request: after, outbox } = await detail(request.id);
    expect(after.status).toBe('confirmed');
    expect(outbox.filter((m) => m.kind === 'request-confirmed').map((m) => m.status)).toEqual(['sent']);
  });

  it('writes a Dutch requester in Dutch', async () => {
    const request = await registerTestRequest(ops.deps, { language: 'nl', period: { pickup: daysAhead(76), return: daysAhead(77) } });
    const [, plate] = await unitsOf('estate-octavia');
    await assign(request, plate);
    await act(request, 'confirm');
    const [mail] = await requesterMails(request, 1);
    expect(mail.subject).toMatch(/^Reservering bevestigd: /);
    expect(mail.body.text).toContain('Kenteken');
    expect(mail.body.text).toContain('Inkoopordernummer: 4500012345');
  });

  it('declines with one e-mail giving the reason, and releases the hold and the unit', async () => {
    const period = { pickup: daysAhead(80), return: daysAhead(82) };
    const slots = slotsOf(period);
    const heldBefore = async () => (await heldAt(ops.deps.db, 'ams-sloterdijk', slots[0], slots[slots.length - 1])).get(slots[0])?.get('van-minibus') ?? 0;
    const request = await registerTestRequest(ops.deps, { vehicleTypeId: 'van-minibus', period });
    expect(await heldBefore()).toBe(1);
    const [plate] = await unitsOf('van-minibus');
    await assign(request, plate);
    const response = await act(request, 'decline', { reason: 'no-vehicle', note: 'The minibus is in for its yearly service <that week>.' });
    expect(response.status).toBe(200);
    const [mail, ...more] = await requesterMails(request, 1);
    expect(more).toEqual([]);
    expect(mail.subject).toBe(`Vehicle request declined (${request.id})`);
    expect(mail.body.text).toContain('Reason: No vehicle of this type is available for the period.');
    expect(mail.body.text).toContain('The minibus is in for its yearly service <that week>.');
    expect(mail.body.html).toContain('The minibus is in for its yearly service &lt;that week&gt;.');
    expect(mail.attachments).toEqual([]);
    expect(await heldBefore()).toBe(0);
    const other = await registerTestRequest(ops.deps, { vehicleTypeId: 'van-minibus', period });
    expect((await assign(other, plate)).status).toBe(200);
  });

  it('cancels a confirmed reservation with an iCalendar CANCEL for the same entry, after a change of vehicle updated it', async () => {
    const request = await registerTestRequest(ops.deps, { period: { pickup: daysAhead(90), return: daysAhead(92) } });
    const [a, b] = await unitsOf('estate-octavia');
    await assign(request, a);
    await act(request, 'confirm');
    await assign(request, b);
    await act(request, 'cancel', { reason: 'requester-asked', note: '' });
    const mails = await requesterMails(request, 3);
    expect(mails).toHaveLength(3);
    const byKind = (prefix: string) => mails.find((m) => m.subject.startsWith(prefix))!;
    const [confirmed, changed, cancelled] = [byKind('Reservation confirmed'), byKind('Reservation changed'), byKind('Reservation cancelled')].map((m) => calendarOf(m)!);
    expect([confirmed.method, changed.method, cancelled.method]).toEqual(['REQUEST', 'REQUEST', 'CANCEL']);
    expect([confirmed.event.sequence, changed.event.sequence, cancelled.event.sequence]).toEqual([0, 1, 2]);
    expect(new Set([confirmed.event.uid, changed.event.uid, cancelled.event.uid]).size).toBe(1);
    expect(changed.event.summary).toContain(b);
    expect(cancelled.text).toContain('STATUS:CANCELLED');
    const { request: after, events } = await detail(request.id);
    expect(after.status).toBe('cancelled');
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['confirmed', 'reassigned', 'cancelled']));
  });
});

describe('the queue and the planning view', () => {
  it('lists requests by status, soonest pick-up first, with counts and filters', async () => {
    const later = await registerTestRequest(ops.deps, { vehicleTypeId: 'electric-id3', period: { pickup: daysAhead(101), return: daysAhead(102) } });
    const sooner = await registerTestRequest(ops.deps, { vehicleTypeId: 'electric-id3', period: { pickup: daysAhead(100), return: daysAhead(101) } });
    const utrecht = await registerTestRequest(ops.deps, { vehicleTypeId: 'electric-id3', locationId: 'utr-centraal', period: { pickup: daysAhead(100), return: daysAhead(101) } });
    const queue = await get<QueueResponse>('/ops/api/queue?status=requested&location=ams-sloterdijk');
    const ids = queue.items.map((i) => i.id);
    expect(ids.indexOf(sooner.id)).toBeLessThan(ids.indexOf(later.id));
    expect(ids).not.toContain(utrecht.id);
    expect(queue.counts.requested).toBeGreaterThanOrEqual(3);
    expect(queue.items.find((i) => i.id === sooner.id)).toMatchObject({ age: { targetMinutes: 240 }, mailProblem: false });
    const onDay = await get<QueueResponse>(`/ops/api/queue?status=requested&date=${sooner.period.pickup.slice(0, 10)}`);
    expect(onDay.items.map((i) => i.id).sort()).toEqual([sooner.id, utrecht.id].sort());
  });

  it('draws each unit of a location for a week, with its bookings', async () => {
    const request = await registerTestRequest(ops.deps, { vehicleTypeId: 'premium-5series', period: { pickup: daysAhead(110, 9), return: daysAhead(111, 17) } });
    const [plate] = await unitsOf('premium-5series');
    await assign(request, plate);
    const plan = await get<PlanningResponse>(`/ops/api/planning?location=ams-sloterdijk&week=${request.period.pickup.slice(0, 10)}`);
    expect(plan.days).toHaveLength(7);
    const row = plan.units.find((u) => u.plate === plate)!;
    expect(row.bookings).toEqual([expect.objectContaining({ requestId: request.id, status: 'requested' })]);
    expect(row.freeMinutes).toBeLessThan(7 * 1440);
    expect(plan.units.length).toBe((await ops.deps.fleet()).units.filter((u) => u.locationId === 'ams-sloterdijk').length);
  });
});

