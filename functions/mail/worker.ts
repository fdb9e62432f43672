import { randomUUID } from 'node:crypto';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { Config } from '../config';
import { describeError, log } from '../log';
import { emitMetric } from '../metrics';
import { extraFieldLabels } from '../requests/request';
import { getConnection } from '../store/connections';
import type { Db } from '../store/db';
import { claimOutboxMessage, markOutboxProblem, markOutboxSent } from '../store/outbox';
import { loadSecrets, type Secrets } from '../secrets';
import { statusLinkUrl, statusTokenFor } from '../requests/status-link';
import { bookkeep } from './bookkeep';
import { sendConfirmation } from './confirmation-sender';
import { buildMime } from './mime';
import { backoffMs, classifySendError, DEFAULT_RETRY, nextRoundAt, type OutboxMessage, type RetryPolicy } from './outbox';
import type { Mailer } from './ses-mailer';
import { renderMail } from './templates';

/**
 * The outbox worker: the same code behind the stream Lambda in AWS, the local stream poller and
 * the tests. Each pending outbox message is claimed (so it is sent at most once), rendered, sent
 * through SES with retries and backoff, and marked sent with its MIME in the payload log.
 */
export interface WorkerDeps {
  db: Db;
  mailer: Mailer;
  config: Pick<Config, 'mailFrom' | 'opsMailbox' | 'publicBaseUrl' | 'holdExpiryDays' | 'localStack'> & Partial<Pick<Config, 'brand'>>;
  now?: () => Date;
  sleep?: (ms: number) => Promise<void>;
  retry?: RetryPolicy;
  /** The signing key that opens a connection's sealed confirmation secret; read with loadSecrets() when absent. */
  secrets?: Pick<Secrets, 'signingKey'>;
  /** The hard stop of a post to a buyer (15 s, CONFIRMATION_TIMEOUT_MS); shorter in tests. */
  confirmationTimeoutMs?: number;
}

export type Delivery = 'sent' | 'failed' | 'uncertain' | 'skipped';

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The outbox messages a stream batch announces as pending (new, or put back by a retry). */
export function pendingOutboxKeys(records: DynamoDBRecord[]): { key: { pk: string; sk: string }; sequenceNumber?: string }[] {
  return records.flatMap((record) => {
    const image = record.dynamodb?.NewImage;
    if (record.eventName === 'REMOVE' || !image) return [];
    if (image.entity?.S !== 'outbox' || image.status?.S !== 'pending') return [];
    const pk = image.pk?.S;
    const sk = image.sk?.S;
    return pk && sk ? [{ key: { pk, sk }, sequenceNumber: record.dynamodb?.SequenceNumber }] : [];
  });
}

/** Handle one stream batch; a message whose bookkeeping failed is reported for the stream to deliver again. */
export async function processStreamRecords(deps: WorkerDeps, records: DynamoDBRecord[]): Promise<DynamoDBBatchResponse> {
  const pending = pendingOutboxKeys(records);
  const results = await Promise.allSettled(pending.map(({ key }) => deliverOutboxMessage(deps, key)));
  const batchItemFailures = results.flatMap((result, i) => {
    if (result.status === 'fulfilled') return [];
    log('error', 'outbox message not processed', { key: pending[i].key.sk, ...describeError(result.reason) });
    return pending[i].sequenceNumber ? [{ itemIdentifier: pending[i].sequenceNumber! }] : [];
  });
  return { batchItemFailures };
}

function recipient(message: OutboxMessage, config: WorkerDeps['config']): string {
  if (message.audience === 'operations') return config.opsMailbox;
  if (!message.to) throw new Error(`Outbox message ${message.id} has no recipient`);
  return message.to;
}

/** Send one outbox message if it is still pending. */
export async function deliverOutboxMessage(deps: WorkerDeps, key: { pk: string; sk: string }): Promise<Delivery> {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? wait;
  const policy = deps.retry ?? DEFAULT_RETRY;
  const claim = randomUUID();
  const message = await claimOutboxMessage(deps.db, key, claim, now());
  if (!message) return 'skipped';
  // Not an e-mail: a cXML ConfirmationRequest to the buyer's system, with the same claim and retry policy.
  if (message.kind === 'order-confirmation') return sendConfirmation(deps, message, claim);

  let mime: string;
  let to: string;
  let subject: string;
  try {
    to = recipient(message, deps.config);
    const consoleUrl = deps.config.publicBaseUrl ? `${deps.config.publicBaseUrl}/ops` : undefined;
    const extraLabels = await labelsFor(deps.db, message);
    const statusUrl = await statusLinkOf(deps, message);
    const mail = renderMail(message, { ...deps.config, consoleUrl, now: now(), extraLabels, statusUrl });
    subject = mail.subject;
    mime = buildMime({ ...mail, headers: { 'X-FlexFleet-Outbox': message.id } }, { messageId: `${message.id}.${claim}@${deps.config.mailFrom.split('@')[1]}`, date: now() });
  } catch (error) {
    await markOutboxProblem(deps.db, message, claim, { status: 'failed', error: `Cannot render: ${(error as Error).message}`, attempts: message.attempts, now: now() });
    emitMetric('EmailFailed');
    return 'failed';
  }

  let attempts = message.attempts;
  for (let attempt = 1; ; attempt++) {
    attempts++;
    try {
      const { messageId } = await deps.mailer.sendRaw({ from: deps.config.mailFrom, to, mime });
      await bookkeep(() => markOutboxSent(deps.db, message, claim, { sesMessageId: messageId, attempts, mime, to, subject, now: now() }), sleep);
      log('info', 'e-mail sent', { outboxId: message.id, kind: message.kind, attempts });
      return 'sent';
    } catch (error) {
      if ((error as { bookkeeping?: boolean }).bookkeeping) throw error;
      const kind = classifySendError(error);
      const text = `${(error as Error).name ?? 'Error'}: ${(error as Error).message ?? String(error)}`;
      if (kind === 'retryable' && attempt < policy.attemptsPerRound) {
        log('warn', 'SES refused, retrying', { outboxId: message.id, attempt, error: text });
        await sleep(backoffMs(policy, attempt));
        continue;
      }
      const status = kind === 'unknown' ? 'uncertain' : 'failed';
      const nextAttemptAt = kind === 'retryable' ? nextRoundAt(policy, message.rounds + 1, now()) : undefined;
      await markOutboxProblem(deps.db, message, claim, { status, error: text, attempts, nextAttemptAt, now: now() });
      // An alarm watches these (infra/monitoring.ts): a person may have to act.
      emitMetric(status === 'failed' ? 'EmailFailed' : 'EmailUncertain');
      log('error', status === 'failed' ? 'e-mail not sent' : 'e-mail outcome unknown', { outboxId: message.id, attempts, error: text, nextAttemptAt });
      return status;
    }
  }
}

/** The signed status link of a requester e-mail's request (requests/status-link.ts), from the configured origin only. */
async function statusLinkOf(deps: WorkerDeps, message: OutboxMessage): Promise<string | undefined> {
  if (message.audience !== 'requester' || !message.request || !deps.config.publicBaseUrl) return undefined;
  const signingKey = (deps.secrets ?? (await loadSecrets())).signingKey;
  return statusLinkUrl(deps.config.publicBaseUrl, statusTokenFor(signingKey, message.request));
}

/** The connection's names of the extra fields the request carries; their keys if the connection cannot be read. */
async function labelsFor(db: Db, message: OutboxMessage): Promise<Record<string, string> | undefined> {
  if (!message.request) return undefined;
  try {
    const connection = await getConnection(db, message.request.connectionId);
    return connection && extraFieldLabels(connection, message.language);
  } catch (error) {
    log('warn', 'connection not read for field labels', { outboxId: message.id, ...describeError(error) });
    return undefined;
  }
}

