/**
 * SES down across a whole round while the mail worker is killed mid-batch, then both back (issue
 * 12, item 4), beyond test/reliability/faults.test.ts (one kill with SES holding sends; SES down
 * for one round with the worker alive). The worker runs as its own process
 * (test/support/stack-process.ts, short backoff) behind a fault proxy that answers every SES call
 * 503 after a pause. Afterwards: every e-mail of every request in the local mailbox exactly once,
 * none lost (the ones the dead worker held are shown to a person, who resends them), and no hold
 * left past its expiry (housekeeping with a clock past it), its e-mail sent once as well.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { runHousekeeping } from '../../functions/jobs/housekeeping';
import type { StreamPoller } from '../../functions/local/stream-poller';
import type { OutboxStatus } from '../../functions/mail/outbox';
import type { OutboxView } from '../../functions/operations/api';
import type { RentalRequest } from '../../functions/requests/request';
import { requestRecord } from '../../functions/store/queue';
import { passThrough, sesError } from '../support/fault-proxy';
import { eventually, mailsIn, startMailWorker } from '../support/ops';
import { sesFaultStack } from '../support/ses-fault-stack';
import { killAllParts, type PartProcess } from '../support/stack-processes';
import { checkBookings } from './booking-check';

afterAll(() => killAllParts());

const stack = sesFaultStack();
const { worker, register } = stack;
const outboxOf = async (request: RentalRequest) => (await requestRecord(stack.deps.db, request.id))!.outbox;
const statuses = async (requests: RentalRequest[]) => (await Promise.all(requests.map(outboxOf))).flat().map((m) => m.status);
const allSent = (list: OutboxStatus[]) => list.length > 0 && list.every((s) => s === 'sent');
/** E-mails in the local mailbox about `request`: to operations, and to its requester. */
const mailsAbout = async (request: RentalRequest) => ({
  operations: (await mailsIn((m) => m.destination.to.includes(stack.mailbox) && (m.body.text ?? '').includes(request.id))).length,
  requester: (await mailsIn((m) => m.destination.to.includes(request.requester.email) && (m.body.text ?? '').includes(request.id))).length,
});
/** What the outbox says was sent about `request`, counted like the mailbox. */
const sentAbout = async (request: RentalRequest) => {
  const sent = (await outboxOf(request)).filter((m) => m.status === 'sent');
  return { operations: sent.filter((m) => m.audience === 'operations').length, requester: sent.filter((m) => m.audience === 'requester').length };
};

describe('SES down for a whole round while the mail worker is killed mid-batch', () => {
  it('every e-mail reaches the mailbox exactly once after recovery, none lost, and lapsed holds are released with their e-mail sent once', async () => {
    let answered = 0;
    // The outage: every SES call refused (503) after a pause, so a round of attempts takes a moment.
    stack.ses.handle = async () => {
      await new Promise((r) => setTimeout(r, 200));
      answered++;
      return sesError(503, 'ServiceUnavailable', 'Service unavailable');
    };
    let part: PartProcess | undefined = await worker();
    let restarted: StreamPoller | undefined;
    try {
      // Wave 1: a whole round refused, the worker alive: failed, for the next automatic round.
      const first = [await register(80), await register(81)];
      await eventually('wave 1 failed', () => statuses(first), (s) => s.length === 4 && s.every((x) => x === 'failed'), 20_000);
      // Wave 2: the worker killed in the middle of its round.
      const before = answered;
      const second = [await register(82), await register(83), await register(84)];
      await eventually('wave 2 mid-round', async () => answered - before, (n) => n >= 2, 20_000);
      await part.kill();
      part = undefined;
      const killed = await statuses(second);
      expect(killed.filter((s) => s === 'sending').length, JSON.stringify(killed)).toBeGreaterThan(0);
      // Wave 3: in while the worker is down.
      const third = [await register(85)];
      const all = [...first, ...second, ...third];

      // SES back, the worker back (it reads the stream from its start, as Lambda's event source does after a crash;
      // in this process, so the test can wait for it to be idle).
      stack.ses.handle = passThrough;
      restarted = startMailWorker(stack.deps);
      // The next automatic round of the failed ones (housekeeping when due); the unclaimed ones go by themselves.
      expect((await runHousekeeping(stack.deps.db, stack.deps.config, new Date(Date.now() + 5_000))).requeued).toBe(killed.filter((s) => s === 'failed').length + 4);
      await eventually('waves 1 and 3 sent', () => statuses([...first, ...third]), allSent, 20_000);
      await eventually('no more pending', () => statuses(second), (s) => !s.includes('pending') && !s.includes('failed'), 20_000);
      await restarted.drain();

      // The ones the dead worker held: after the lease, outcome unknown, shown to a person who resends them.
      const stuck = killed.filter((s) => s === 'sending').length;
      expect((await runHousekeeping(stack.deps.db, stack.deps.config, new Date(Date.now() + 11 * 60_000))).uncertain).toBe(stuck);
      const problems = ((await (await stack.app.request('/ops/api/outbox/problems', { headers: stack.admin })).json()) as { messages: OutboxView[] }).messages;
      const uncertain = problems.filter((m) => m.status === 'uncertain');
      expect(uncertain).toHaveLength(stuck);
      for (const m of uncertain) {
        const body = JSON.stringify({ owner: m.owner, id: m.id });
        expect((await stack.app.request('/ops/api/outbox/resend-uncertain', { method: 'POST', headers: stack.admin, body })).status).toBe(200);
      }
      await eventually('every e-mail sent', () => statuses(all), allSent, 20_000).catch(async (error) => {
        const left = (await Promise.all(all.map(outboxOf))).flat().filter((m) => m.status !== 'sent');
        throw new Error(`${(error as Error).message}\n${JSON.stringify(left.map((m) => [m.id, m.status, m.lastError]))}`);
      });
      await restarted.drain();
      for (const request of all) expect(await mailsAbout(request), request.id).toEqual({ operations: 1, requester: 1 });

      // Nobody confirmed them: housekeeping with a clock past their expiry lapses every hold, each once.
      const expiry = stack.deps.config.holdExpiryDays * 86_400_000;
      const lapsed = new Date(Math.max(...all.map((r) => Date.parse(r.createdAt) + expiry)) + 60_000);
      // The worker rests while the two runs go: their clock is days ahead, so a lapse e-mail the worker
      // had just claimed would look like a dead worker's to the other run (seen as 'uncertain' under load).
      await restarted.stop();
      const runs = await Promise.all([runHousekeeping(stack.deps.db, stack.deps.config, lapsed), runHousekeeping(stack.deps.db, stack.deps.config, lapsed)]);
      restarted = startMailWorker(stack.deps);
      expect(runs.flatMap((r) => r.expired).sort()).toEqual(all.map((r) => r.id).sort());
      for (const request of all) expect((await requestRecord(stack.deps.db, request.id))!.request.status).toBe('expired');
      expect(await checkBookings(stack.deps.db)).toEqual([]);
      await eventually('the lapse e-mails sent', () => statuses(all), (s) => allSent(s) && s.length === all.length * 3, 20_000);
      await restarted.drain();
      for (const request of all) {
        expect(await sentAbout(request), request.id).toEqual({ operations: 1, requester: 2 });
        expect(await mailsAbout(request), request.id).toEqual({ operations: 1, requester: 2 });
      }
    } finally {
      stack.ses.handle = passThrough;
      await part?.kill();
      await restarted?.stop();
    }
  }, 90_000);
});
