/**
 * email-latency: an operator's confirm (store/request-changes.ts changeStatus, as the console API
 * runs it) until the local SES has accepted the requester's confirmation e-mail, p50, vs one raw
 * SES send of a message of the same size. The path between: the outbox item written with the
 * confirm, DynamoDB Local's stream, the mail worker (mail/worker.ts, fed by the local stream poller
 * as Lambda's event source mapping feeds it in AWS), the MIME rendering, the send. The poller
 * looks every POLL_MS; in AWS the event source mapping polls a shard about four times a second.
 */
import { randomUUID } from 'node:crypto';
import { SendEmailCommand } from '@aws-sdk/client-sesv2';
import { startStreamPoller } from '../../functions/local/stream-poller';
import { createSesClient, type Mailer, sesMailer } from '../../functions/mail/ses-mailer';
import { processStreamRecords } from '../../functions/mail/worker';
import { assignUnit, changeStatus } from '../../functions/store/request-changes';
import { loadFleet } from '../../functions/store/fleet';
import { daysAhead } from '../support/punchout';
import { FAST_RETRY, registerTestRequest } from '../support/ops';
import { type Bench, median, ms, percentile } from './bench-kit';

const POLL_MS = 10;
const operator = { kind: 'staff' as const, email: 'bench@flexfleet.example', name: 'Bench Operator' };

export const bench: Bench = {
  name: 'email-latency',
  async run(ctx) {
    const deps = await ctx.seededDeps('mail');
    const ses = createSesClient(deps.config);
    const inner = sesMailer(ses);
    // Who waits for which recipient's confirmation; resolved when SES has answered the send.
    const waiting = new Map<string, (at: number) => void>();
    let lastMime = '';
    const mailer: Mailer = {
      async sendRaw(input) {
        const out = await inner.sendRaw(input);
        if (/Reservation confirmed/.test(input.mime)) {
          lastMime = input.mime;
          waiting.get(input.to)?.(performance.now());
        }
        return out;
      },
    };
    const worker = startStreamPoller(deps.config, (records) => processStreamRecords({ db: deps.db, mailer, config: deps.config, retry: FAST_RETRY }, records), {
      intervalMs: POLL_MS,
    });
    const plates = (await loadFleet(deps.db)).units.filter((u) => u.vehicleTypeId === 'estate-octavia').map((u) => u.plate);
    const n = Math.round(20 * ctx.scale);
    const confirmTimes: number[] = [];
    try {
      for (let i = 0; i < n + 2; i++) {
        // A fresh request each time, on its own days and unit, assigned before the clock starts.
        const start = 20 + i * 3;
        const request = await registerTestRequest(deps, { period: { pickup: daysAhead(start, 9), return: daysAhead(start + 1, 17) }, email: `bench-${randomUUID().slice(0, 8)}@acme.example` });
        const assigned = await assignUnit(deps.db, request as never, plates[i % plates.length], operator);
        if (assigned.outcome !== 'done') throw new Error(`assign: ${assigned.outcome}`);
        await worker.drain(); // the "request received" e-mail is out of the way
        const sent = new Promise<number>((resolve) => waiting.set(request.requester.email, resolve));
        const t0 = performance.now();
        const done = await changeStatus(deps.db, assigned.request, 'confirm', operator);
        if (done.outcome !== 'done') throw new Error(`confirm: ${done.outcome}`);
        const t1 = await Promise.race([sent, new Promise<number>((_, reject) => setTimeout(() => reject(new Error('no confirmation e-mail in 15 s')), 15_000))]);
        if (i >= 2) confirmTimes.push(t1 - t0); // two warm-up rounds
      }
    } finally {
      await worker.stop();
    }
    // One raw SES send of a message the size of a confirmation e-mail, same client settings.
    const raw: number[] = [];
    for (let i = 0; i < n * 2; i++) {
      const t0 = performance.now();
      await ses.send(
        new SendEmailCommand({
          FromEmailAddress: deps.config.mailFrom,
          Destination: { ToAddresses: [`raw-${i}@acme.example`] },
          Content: { Raw: { Data: Buffer.from(lastMime.replace(/^To: .*$/m, `To: raw-${i}@acme.example`), 'utf8') } },
        }),
      );
      raw.push(performance.now() - t0);
    }
    ses.destroy();
    ctx.log(`confirm → accepted: p50 ${ms(median(confirmTimes))}, p90 ${ms(percentile(confirmTimes, 90))}; raw send p50 ${ms(median(raw))}; stream polled every ${POLL_MS} ms`);
    return {
      ratio: median(confirmTimes) / median(raw),
      detail: `confirm → e-mail accepted p50 ${ms(median(confirmTimes))}, raw SES send p50 ${ms(median(raw))} (${(lastMime.length / 1024).toFixed(0)} KB message), n=${confirmTimes.length}/${raw.length}, stream polled every ${POLL_MS} ms`,
    };
  },
};
