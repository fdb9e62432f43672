import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { readConfig } from '../config';
import { withRequestId } from '../request-context';
import { createDb } from '../store/db';
import { createSesClient, sesMailer } from './ses-mailer';
import { processStreamRecords, type WorkerDeps } from './worker';

let deps: WorkerDeps | undefined;

/** Composition root of the mail worker: configuration and clients once per cold start. */
function workerDeps(): WorkerDeps {
  const config = readConfig();
  return {
    db: createDb(config),
    mailer: sesMailer(createSesClient(config), config.sesConfigurationSet),
    config,
  };
}

/** The table stream → the outbox worker (report-batch-item-failures: only unprocessed messages come back). */
export async function handler(event: DynamoDBStreamEvent, context?: Pick<Context, 'awsRequestId'>): Promise<DynamoDBBatchResponse> {
  deps ??= workerDeps();
  const ready = deps;
  return withRequestId(context?.awsRequestId, () => processStreamRecords(ready, event.Records));
}
