import type { Context } from 'aws-lambda';
import { readConfig } from '../config';
import { withRequestId } from '../request-context';
import { createDb } from '../store/db';
import { type HousekeepingReport, runHousekeeping } from './housekeeping';

const config = readConfig();
const db = createDb(config);

/** Run by a schedule (e.g. EventBridge, every 5 minutes): hold expiry and the outbox's automatic retries. */
export async function handler(_event?: unknown, context?: Pick<Context, 'awsRequestId'>): Promise<HousekeepingReport> {
  return withRequestId(context?.awsRequestId, () => runHousekeeping(db, config));
}
