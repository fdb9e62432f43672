import { SendEmailCommand, SESv2Client, TooManyRequestsException } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import type { Hono } from 'hono';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { runHousekeeping } from '../../functions/jobs/housekeeping';
import { createLocalApp } from '../../functions/local/server';
import type { StreamPoller } from '../../functions/local/stream-poller';
import type { OutboxView } from '../../functions/operations/api';
import { sesMailer } from '../../functions/mail/ses-mailer';
import { processStreamRecords } from '../../functions/mail/worker';
import type { RentalRequest } from '../../functions/requests/request';
import { payloadsOf } from '../../functions/store/payload-log';
import { requestRecord } from '../../functions/store/queue';
import { assignUnit, changeStatus } from '../../functions/store/request-changes';
import { daysAhead } from '../support/punchout';
import { addTestStaff, eventually, FAST_RETRY, registerTestRequest, signedIn, startMailWorker } from '../support/ops';
import { seededStack } from '../support/stack';

/**
 * SES as aws-sdk-client-mock plays it: throttling, an outage, a connection lost mid-call. What
 * SES "accepted" is counted per outbox message (the X-FlexFleet-Outbox header of the raw MIME).
 */
const ses = new SESv2Client({ region: 'eu-west-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' } });
const sesMock = mockClient(ses);
let accepted: string[] = [];
let calls = 0;
let behaviour: () => 'accept' | Error = () => 'accept';

const throttled = () => new TooManyRequestsException({ message: 'Maximum sending rate exceeded.', $metadata: { httpStatusCode: 429 } });
const unavailable = () => Object.assign(new Error('Service Unavailable'), { name: 'ServiceUnavailable', $fault: 'server', $metadata: { httpStatusCode: 503 } });
const refused = () => Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:443'), { code: 'ECONNREFUSED' });
const lostMidCall = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

let deps: AppDeps;
let app: Hono;
let worker: StreamPoller;
let operator: Record<string, string>;
let admin: Record<string, string>;

beforeAll(async () => {
  sesMock.on(SendEmailCommand).callsFake((input: { Content: { Raw: { Data: Uint8Array } } }) => {
    calls++;
    const outcome = behaviour();
    if (outcome instanceof Error) throw outcome;
    const raw = Buffer.from(input.Content.Raw.Data).toString('utf8');
    accepted.push(/^X-FlexFleet-Outbox: (.+)$/m.exec(raw)![1].trim());
    return { MessageId: `ses-${accepted.length}` };
  });
  deps = await seededStack();
  app = createLocalApp(deps);
  worker = startMailWorker(deps, { mailer: sesMailer(ses) });
  operator = (await signedIn(deps, await addTestStaff(deps, 'operator'))).headers;
  admin = (await signedIn(deps, await addTestStaff(deps, 'admin'))).headers;
});

afterAll(async () => {
  await worker?.stop();
  sesMock.restore();
});

beforeEach(async () => {
  await worker.drain();
  behaviour = () => 'accept';
  accepted = [];
  calls = 0;
});

const staffActor = { kind: 'staff' as const, email: 'otto@flexfleet.example', name: 'Otto' };

/** Register, assign and confirm: the confirmation e-mail is then in the outbox. */
async function confirmedRequest(day: number, vehicleTypeId = 'compact-polo'): Promise<RentalRequest> {
  const request = await registerTestRequest(deps, { vehicleTypeId, period: { pickup: daysAhead(day), return: daysAhead(day + 1) } });
  const plate = (await deps.fleet()).units.find((u) => u.vehicleTypeId === vehicleTypeId && u.locationId === 'ams-sloterdijk')!.plate;
  const assigned = await assignUnit(deps.db, request, plate, staffActor);
  if (assigned.outcome !== 'done') throw new Error(assigned.outcome);
  const confirmed = await changeStatus(deps.db, assigned.request, 'confirm', staffActor);
  if (confirmed.outcome !== 'done') throw new Error(confirmed.outcome);
  return request;
}

const confirmationOf = (request: RentalRequest) => `${request.id}.2.request-confirmed`;
const statusOf = async (request: RentalRequest, id: string) => (await requestRecord(deps.db, request.id))!.outbox.find((m) => m.id === id)?.status;
const count = (id: string) => accepted.filter((a) => a === id).length;

describe('e-mail delivery when SES misbehaves', () => {
  it('sends once after throttling, keeping the MIME in the payload log', async () => {
    let throttles = 2;
    behaviour = () => (throttles-- > 0 ? throttled() : 'accept');
    const request = await confirmedRequest(120);
    await eventually('the confirmation sent', () => statusOf(request, confirmationOf(request)), (s) => s === 'sent');
    await worker.drain();
    expect(count(confirmationOf(request))).toBe(1);
    expect(count(`${request.id}.0.ops-new-request`)).toBe(1);
    expect(count(`${request.id}.0.request-received`)).toBe(1);
    // Three messages (the operations notice, the requester's "request received", the confirmation), two throttled calls.
    const record = (await requestRecord(deps.db, request.id))!;
    expect(record.outbox.reduce((sum, m) => sum + m.attempts, 0)).toBe(5);
    const logged = (await payloadsOf(deps.db, `REQUEST#${request.id}`)).filter((p) => p.kind === 'email');
    expect(logged).toHaveLength(3);
    expect(logged.every((p) => p.contentType === 'message/rfc822' && p.body.includes('MIME-Version: 1.0'))).toBe(true);
  });

  it('loses nothing in an outage: every e-mail goes out exactly once after SES recovers', async () => {
    let down = true;
    behaviour = () => (down ? (calls % 2 ? unavailable() : refused()) : 'accept');
    const requests: RentalRequest[] = [];
    for (let i = 0; i < 4; i++) requests.push(await confirmedRequest(130 + 3 * i, i % 2 ? 'compact-yaris' : 'estate-octavia'));
    for (const request of requests) {
      await eventually('the confirmation failed', () => statusOf(request, confirmationOf(request)), (s) => s === 'failed');
    }
    await worker.drain();
    expect(accepted).toEqual([]);

    // The console shows the failures, each with when it is tried again.
    const problems = (await (await app.request('/ops/api/outbox/problems', { headers: operator })).json()) as { messages: OutboxView[] };
    const failed = problems.messages.filter((m) => requests.some((r) => m.requestId === r.id));
    expect(failed.length).toBe(12); // four confirmations, four operations notices, four "request received" e-mails
    expect(failed.every((m) => m.status === 'failed' && m.nextAttemptAt && m.lastError)).toBe(true);

    down = false;
    const report = await runHousekeeping(deps.db, deps.config, new Date(Date.now() + 5_000));
    expect(report.requeued).toBeGreaterThanOrEqual(12);
    for (const request of requests) {
      await eventually('the confirmation sent', () => statusOf(request, confirmationOf(request)), (s) => s === 'sent');
    }
    await worker.drain();
    for (const request of requests) {
      expect(count(confirmationOf(request))).toBe(1);
      expect(count(`${request.id}.0.ops-new-request`)).toBe(1);
      expect(count(`${request.id}.0.request-received`)).toBe(1);
    }
    // Housekeeping again, a retry pressed after the fact: nothing is sent twice.
    await runHousekeeping(deps.db, deps.config, new Date(Date.now() + 60_000));
    const late = await app.request('/ops/api/outbox/retry', {
      method: 'POST',
      headers: operator,
      body: JSON.stringify({ owner: `REQUEST#${requests[0].id}`, id: confirmationOf(requests[0]) }),
    });
    expect(late.status).toBe(409);
    await worker.drain();
    expect(count(confirmationOf(requests[0]))).toBe(1);
  });

  it('sends once when the retry button is pressed twice at the same moment', async () => {
    behaviour = () => refused();
    const request = await confirmedRequest(150);
    await eventually('the confirmation failed', () => statusOf(request, confirmationOf(request)), (s) => s === 'failed');
    behaviour = () => 'accept';
    const body = JSON.stringify({ owner: `REQUEST#${request.id}`, id: confirmationOf(request) });
    const responses = await Promise.all([1, 2, 3].map(() => app.request('/ops/api/outbox/retry', { method: 'POST', headers: operator, body })));
    expect(responses.map((r) => r.status).sort()).toEqual([200, 409, 409]);
    await eventually('the confirmation sent', () => statusOf(request, confirmationOf(request)), (s) => s === 'sent');
    await worker.drain();
    expect(count(confirmationOf(request))).toBe(1);
    const events = (await requestRecord(deps.db, request.id))!.events.map((e) => e.action);
    expect(events).toEqual(expect.arrayContaining(['email-failed', 'email-retried', 'email-sent']));
  });

  it('never sends twice when the stream delivers the same record again', async () => {
    const request = await confirmedRequest(160);
    await eventually('the confirmation sent', () => statusOf(request, confirmationOf(request)), (s) => s === 'sent');
    const record = {
      eventName: 'INSERT' as const,
      dynamodb: {
        SequenceNumber: '1',
        NewImage: { pk: { S: `REQUEST#${request.id}` }, sk: { S: `OUTBOX#${confirmationOf(request)}` }, entity: { S: 'outbox' }, status: { S: 'pending' } },
      },
    };
    const replay = await processStreamRecords({ db: deps.db, mailer: sesMailer(ses), config: deps.config, retry: FAST_RETRY }, [record, record]);
    expect(replay.batchItemFailures).toEqual([]);
    expect(count(confirmationOf(request))).toBe(1);
  });

  it('does not resend by itself when the outcome is unknown; only an admin may resend it', async () => {
    behaviour = () => lostMidCall();
    const request = await confirmedRequest(170);
    await eventually('the confirmation uncertain', () => statusOf(request, confirmationOf(request)), (s) => s === 'uncertain');
    behaviour = () => 'accept';
    await runHousekeeping(deps.db, deps.config, new Date(Date.now() + 3600_000));
    await worker.drain();
    expect(count(confirmationOf(request))).toBe(0);
    const body = JSON.stringify({ owner: `REQUEST#${request.id}`, id: confirmationOf(request) });
    expect((await app.request('/ops/api/outbox/retry', { method: 'POST', headers: operator, body })).status).toBe(409);
    expect((await app.request('/ops/api/outbox/resend-uncertain', { method: 'POST', headers: operator, body })).status).toBe(403);
    expect((await app.request('/ops/api/outbox/resend-uncertain', { method: 'POST', headers: admin, body })).status).toBe(200);
    await eventually('the confirmation sent', () => statusOf(request, confirmationOf(request)), (s) => s === 'sent');
    expect(count(confirmationOf(request))).toBe(1);
  });
});
