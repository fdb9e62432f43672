import type { Config } from '../config';
import { describeError, log } from '../log';
import { MAX_RENTAL_DAYS } from '../catalog/period';
import { isHoldExpired } from '../operations/hold-expiry';
import type { Db } from '../store/db';
import { markStuckUncertain, requeueDueOutbox } from '../store/outbox';
import { allRequestsByStatus } from '../store/queue';
import { purgeRetiredRequests } from '../store/request-purge';
import { recountStatusesOnce } from '../store/status-recount';
import { emitMetric } from '../metrics';
import { changeStatus, finishReleasing } from '../store/request-changes';

export interface HousekeepingReport {
  /** Requests whose unconfirmed hold lapsed now (README, "Unconfirmed holds: the policy"). */
  expired: string[];
  /** Failed e-mails put back in the queue because their next automatic attempt was due. */
  requeued: number;
  /** Messages whose worker died mid-send: e-mails now waiting for a person, confirmations re-queued. */
  uncertain: number;
  /** Requests whose unit slots were left taken by a failed second release step, now freed. */
  released: string[];
  /** Requests removed at the end of their retention (README, "Retention"). */
  purged: string[];
}

/** Statuses a request can have left a unit release unfinished in (a decision, or a change of unit). */
const RELEASING_STATUSES = ['confirmed', 'declined', 'cancelled', 'expired'] as const;

/**
 * The periodic jobs: expire unconfirmed holds, re-queue failed e-mails whose backoff has passed,
 * flag e-mails stuck in sending, remove requests past their retention. Each step is a conditional write, so two runs at once do no harm.
 */
export async function runHousekeeping(db: Db, config: Pick<Config, 'holdExpiryDays'>, now = new Date()): Promise<HousekeepingReport> {
  // The zone of each pick-up is its location's (operations/hold-expiry.ts).
  const policy = { days: config.holdExpiryDays };
  // A table older than the status counters gets them counted once, before any purge changes them.
  await recountStatusesOnce(db, now);
  const expired: string[] = [];
  // Test requests (test-mode connections) lapse by the same policy: their round trip includes the e-mail.
  const open = [...(await allRequestsByStatus(db, 'requested')), ...(await allRequestsByStatus(db, 'requested', { tests: true }))];
  for (const request of open) {
    if (!isHoldExpired(request, policy, now)) continue;
    try {
      const outcome = await changeStatus(db, request, 'expire', { kind: 'system' }, now);
      if (outcome.outcome === 'done') expired.push(request.id);
    } catch (error) {
      log('error', 'could not expire a hold', { rentalRequest: request.id, ...describeError(error) });
    }
  }
  // Stuck first: a confirmation whose worker died is due again at once (store/outbox.ts) and re-queued in this run.
  const uncertain = await markStuckUncertain(db, now);
  const requeued = await requeueDueOutbox(db, now);
  const released = await finishUnfinishedReleases(db, now);
  const purged = await purgeRetiredRequests(db, now);
  if (expired.length) emitMetric('HoldLapsed', expired.length);
  if (expired.length || requeued || uncertain || released.length || purged.length) {
    log('info', 'housekeeping', { expired: expired.length, requeued, uncertain, released: released.length, purged: purged.length });
  }
  return { expired, requeued, uncertain, released, purged };
}

/** Free unit slots that a decision or a change of unit could not free at once (long rentals, a failed write). */
async function finishUnfinishedReleases(db: Db, now: Date): Promise<string[]> {
  // Only rentals that may still be running matter: slots in the past block nobody.
  const from = new Date(now.getTime() - (MAX_RENTAL_DAYS + 1) * 86400_000).toISOString().slice(0, 10);
  const released: string[] = [];
  for (const status of RELEASING_STATUSES) {
    for (const request of await allRequestsByStatus(db, status, { from, onlyReleasing: true })) {
      if (await finishReleasing(db, request).catch(() => undefined)) released.push(request.id);
    }
  }
  return released;
}
