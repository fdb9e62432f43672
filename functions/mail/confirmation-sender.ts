import { describeError, log } from '../log';
import { emitMetric } from '../metrics';
import { CONFIRMATION_ROUND_MS, CONFIRMATION_TIMEOUT_MS, confirmationUrlProblem, postConfirmation, type PostOutcome } from '../orders/confirmation-delivery';
import type { Connection } from '../punchout/connection';
import { confirmationRequestDocument, REDACTED_SECRET } from '../punchout/cxml-confirmation';
import { supplierCredential } from '../punchout/cxml-document';
import { unseal } from '../punchout/sealed-secret';
import { loadSecrets } from '../secrets';
import { getConnection } from '../store/connections';
import { markConfirmationSent, markOutboxProblem } from '../store/outbox';
import type { PayloadEntry } from '../store/payload-log';
import { bookkeep } from './bookkeep';
import { backoffMs, type BuyerAnswer, DEFAULT_RETRY, nextRoundAt, type OutboxMessage } from './outbox';
import type { Delivery, WorkerDeps } from './worker';

/**
 * The outbox worker's part for a cXML ConfirmationRequest (issue 10, item 5): claimed like an
 * e-mail (so sent at most once per claim), posted to the buyer's order-confirmation URL with the
 * e-mail's retry policy (attempts with backoff, then automatic rounds, then a person), every post
 * stopped after 15 s. The same document every time (payloadID fixed at enqueue): the buyer dedupes.
 */

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

type Prepared = { url: string; document: string; logged: string } | { problem: string };

/** The document to post and where, or why it cannot be posted (a person must fix the connection). */
function prepare(message: OutboxMessage, connection: Connection | undefined, signingKey: string, deps: WorkerDeps): Prepared {
  const c = message.confirmation;
  if (!c) return { problem: 'The message carries no confirmation' };
  if (!connection) return { problem: `Connection ${c.connectionId} no longer exists` };
  const channel = connection.orderChannel;
  if (channel.kind !== 'cxml') return { problem: 'The connection no longer takes orders by cXML' };
  const urlProblem = confirmationUrlProblem(channel.confirmationUrl, deps.config.localStack);
  if (urlProblem) return { problem: urlProblem };
  if (!connection.cxml) return { problem: "The connection has no cXML credential (the buyer's To)" };
  if (!channel.confirmationSecret) return { problem: 'The connection has no confirmation secret: set it in the connection' };
  const secret = unseal(signingKey, channel.confirmationSecret, connection.id);
  if (secret === undefined) return { problem: 'The confirmation secret cannot be opened (the signing key changed?): set it again' };
  const host = deps.config.publicBaseUrl ? new URL(deps.config.publicBaseUrl).hostname : 'localhost';
  const parties = { from: supplierCredential(connection.cxml, host), to: { domain: connection.cxml.domain, identity: connection.cxml.identity } };
  return {
    url: channel.confirmationUrl!,
    document: confirmationRequestDocument(c, { ...parties, sharedSecret: secret }),
    logged: confirmationRequestDocument(c, { ...parties, sharedSecret: REDACTED_SECRET }),
  };
}

/** The payload-log entries of a round: the document as sent (secret redacted) and the buyer's last answer. */
function payloads(message: OutboxMessage, logged: string, outcome: PostOutcome | undefined): Omit<PayloadEntry, 'id' | 'at' | 'owner'>[] {
  const connectionId = message.confirmation?.connectionId;
  const out = { kind: 'order' as const, direction: 'out' as const, connectionId, contentType: 'text/xml', body: logged };
  if (!outcome?.body) return [out];
  return [out, { kind: 'order', direction: 'in', connectionId, status: outcome.code, contentType: 'text/xml', body: outcome.body }];
}

export async function sendConfirmation(deps: WorkerDeps, message: OutboxMessage, claim: string): Promise<Delivery> {
  const now = deps.now ?? (() => new Date());
  const sleep = deps.sleep ?? wait;
  const policy = deps.retry ?? DEFAULT_RETRY;
  const fail = async (error: string, extra: { attempts?: number; nextAttemptAt?: Date; answer?: BuyerAnswer; payloads?: ReturnType<typeof payloads> } = {}) => {
    await markOutboxProblem(deps.db, message, claim, { status: 'failed', error, attempts: extra.attempts ?? message.attempts, now: now(), ...extra });
    // An alarm watches these (infra/monitoring.ts): a buyer's system does not know of a decision.
    emitMetric('ConfirmationFailed');
    log('error', 'order confirmation not delivered', { outboxId: message.id, error, nextAttemptAt: extra.nextAttemptAt });
    return 'failed' as const;
  };

  let prepared: Prepared;
  try {
    const signingKey = (deps.secrets ?? (await loadSecrets())).signingKey;
    prepared = prepare(message, await getConnection(deps.db, message.confirmation?.connectionId ?? ''), signingKey, deps);
  } catch (error) {
    log('warn', 'order confirmation not prepared', { outboxId: message.id, ...describeError(error) });
    prepared = { problem: `Cannot prepare: ${(error as Error).message}` };
  }
  if ('problem' in prepared) return fail(prepared.problem);

  const timeoutMs = deps.confirmationTimeoutMs ?? CONFIRMATION_TIMEOUT_MS;
  const roundStart = Date.now();
  let attempts = message.attempts;
  for (let attempt = 1; ; attempt++) {
    attempts++;
    const outcome = await postConfirmation(prepared.url, prepared.document, { timeoutMs, localStack: deps.config.localStack });
    const answer: BuyerAnswer | undefined = outcome.code === undefined ? undefined : { code: outcome.code, text: outcome.text, at: now().toISOString() };
    if (outcome.result === 'accepted') {
      const sent = { attempts, answer: answer!, to: prepared.url, payloads: payloads(message, prepared.logged, outcome), now: now() };
      await bookkeep(() => markConfirmationSent(deps.db, message, claim, sent), sleep);
      log('info', 'order confirmation delivered', { outboxId: message.id, attempts, code: outcome.code });
      return 'sent';
    }
    const pause = backoffMs(policy, attempt);
    const inTime = Date.now() - roundStart + pause + timeoutMs <= CONFIRMATION_ROUND_MS;
    if (outcome.result === 'retryable' && attempt < policy.attemptsPerRound && inTime) {
      log('warn', 'order confirmation not taken, retrying', { outboxId: message.id, attempt, answer: outcome.text });
      await sleep(pause);
      continue;
    }
    // Refused: a person must look (credentials, the document). Retryable but the round is spent: again later, by itself.
    const nextAttemptAt = outcome.result === 'retryable' ? nextRoundAt(policy, message.rounds + 1, now()) : undefined;
    const error = answer ? `The buyer answered ${answer.code}: ${answer.text}` : outcome.text;
    return fail(error, { attempts, nextAttemptAt, answer, payloads: payloads(message, prepared.logged, outcome) });
  }
}
