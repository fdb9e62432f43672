import type { Config } from '../config';
import { describeError, log } from '../log';
import { isHoldExpired } from '../operations/hold-expiry';
import { DEFAULT_WORKING_HOURS } from '../operations/working-hours';
import type { Db } from '../store/db';
import { markStuckUncertain, requeueDueOutbox } from '../store/outbox';
import { requestsByStatus } from '../store/queue';
import { changeStatus } from '../store/request-changes';

export interface HousekeepingReport {
  /** Requests whose unconfirmed hold lapsed now (see operations/README.md). */
  expired: string[];
  /** Failed e-mails put back in the queue because their next automatic attempt was due. */
  requeued: number;
  /** E-mails whose worker died mid-send, now waiting for a person. */
  uncertain: number;
}

/**
 * The periodic jobs: expire unconfirmed holds, re-queue failed e-mails whose backoff has passed,
 * flag e-mails stuck in sending. Each step is a conditional write, so two runs at once do no harm.
 */
export async function runHousekeeping(db: Db, config: Pick<Config, 'holdExpiryDays'>, now = new Date()): Promise<HousekeepingReport> {
  const policy = { days: config.holdExpiryDays, timeZone: DEFAULT_WORKING_HOURS.timeZone };
  const expired: string[] = [];
  for (const request of await requestsByStatus(db, 'requested', { limit: 5000 })) {
    if (!isHoldExpired(request, policy, now)) continue;
    try {
      const outcome = await changeStatus(db, request, 'expire', { kind: 'system' }, now);
      if (outcome.outcome === 'done') expired.push(request.id);
    } catch (error) {
      log('error', 'could not expire a hold', { requestId: request.id, ...describeError(error) });
    }
  }
  const requeued = await requeueDueOutbox(db, now);
  const uncertain = await markStuckUncertain(db, now);
  if (expired.length || requeued || uncertain) log('info', 'housekeeping', { expired: expired.length, requeued, uncertain });
  return { expired, requeued, uncertain };
}
