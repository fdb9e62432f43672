import type { Language } from '../i18n/language';
import type { OrderConfirmation } from '../orders/confirmation';
import { type ManagedRequest, versionOf } from '../requests/lifecycle';
import type { RentalRequest } from '../requests/request';

/**
 * The outbox: an e-mail intent written in the same transaction as the change it tells about.
 * The table's stream hands each new or re-queued message to the mail worker; its status makes
 * sending happen at most once per message.
 *
 *   pending ──claim──▶ sending ──SES accepted──▶ sent
 *      ▲                  ├──SES refused (retries spent)──▶ failed ──retry──▶ pending
 *      │                  └──outcome unknown (connection lost)──▶ uncertain ──resend (admin)──┘
 */
export type MailKind =
  | 'ops-new-request'
  /** To operations: the requester cancelled a CONFIRMED reservation with their status link (a unit was set aside for it). */
  | 'ops-requester-cancelled'
  /** To the requester at transfer: the request arrived, held until …, what happens next (issue 11). */
  | 'request-received'
  | 'request-confirmed'
  | 'request-updated'
  | 'request-declined'
  | 'request-cancelled'
  | 'request-expired'
  | 'staff-sign-in'
  /** Not an e-mail: a cXML ConfirmationRequest posted to the buyer's system (orders/confirmation-delivery.ts). */
  | 'order-confirmation';

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain';

export interface OutboxMessage {
  /** Unique per event: `<request id>.<version>.<kind>`; a second intent for the same event cannot be written. */
  id: string;
  kind: MailKind;
  /** The partition it belongs to: `REQUEST#<id>` or `STAFF#<email>`. */
  owner: string;
  /** `operations` is resolved by the worker to the configured operations mailbox; `buyer` is the connection's confirmation URL. */
  audience: 'requester' | 'operations' | 'staff' | 'buyer';
  to?: string;
  language: Language;
  requestId?: string;
  /** The request as it was when the event happened: the e-mail tells about that moment. */
  request?: ManagedRequest;
  /** iCalendar SEQUENCE of this event's calendar entry, when it has one. */
  calendarSequence?: number;
  /** Sign-in link (staff-sign-in only): removed once sent. */
  link?: string;
  staffName?: string;
  /** order-confirmation only: the ConfirmationRequest to post, its payloadID fixed here so a retry sends the same document. */
  confirmation?: OrderConfirmation;
  /** order-confirmation only: the buyer's last answer (its cXML Status, or the HTTP status when it sent none). */
  buyerAnswer?: BuyerAnswer;
  status: OutboxStatus;
  /** SES calls made so far. */
  attempts: number;
  /** Delivery rounds that ended in failure (each round retries a few times with backoff). */
  rounds: number;
  createdAt: string;
  sentAt?: string;
  sesMessageId?: string;
  lastError?: string;
  failedAt?: string;
  /** When housekeeping re-queues a failed message by itself; absent when a person must decide. */
  nextAttemptAt?: string;
}

export interface BuyerAnswer {
  /** cXML Status code (200, 401, 503...), or the HTTP status when the body was no cXML answer. */
  code: number;
  text: string;
  at: string;
}

export function outboxId(requestId: string, version: number, kind: MailKind): string {
  return `${requestId}.${version}.${kind}`;
}

/** A new message, pending, as the transaction of its change writes it. */
export function newOutboxMessage(fields: Omit<OutboxMessage, 'status' | 'attempts' | 'rounds' | 'createdAt'>, now: Date): OutboxMessage {
  return { ...fields, status: 'pending', attempts: 0, rounds: 0, createdAt: now.toISOString() };
}

/** The notice to the operations mailbox that a request came in (the worker resolves the address); `owner` is the request's partition. */
export function newRequestNotice(request: RentalRequest, owner: string, now: Date): OutboxMessage {
  return newOutboxMessage(
    {
      id: outboxId(request.id, 0, 'ops-new-request'),
      kind: 'ops-new-request',
      owner,
      audience: 'operations',
      language: 'en',
      requestId: request.id,
      request: { ...request, unknownParams: {} },
    },
    now,
  );
}

/** The notice to operations that the requester cancelled a confirmed reservation themselves (written in the cancel's transaction). */
export function requesterCancelNotice(after: ManagedRequest, owner: string, now: Date): OutboxMessage {
  const { releasing: _r, ...snapshot } = after;
  return newOutboxMessage(
    {
      id: outboxId(after.id, versionOf(after), 'ops-requester-cancelled'),
      kind: 'ops-requester-cancelled',
      owner,
      audience: 'operations',
      language: 'en',
      requestId: after.id,
      request: { ...snapshot, unknownParams: {} },
    },
    now,
  );
}

/** The e-mail to the requester about a change, with the request as it is after it; `owner` is the request's partition. */
export function requesterChangeMail(after: ManagedRequest, kind: MailKind, owner: string, now: Date, calendarSequence?: number): OutboxMessage {
  const { releasing: _r, ...snapshot } = after;
  return newOutboxMessage(
    {
      id: outboxId(after.id, versionOf(after), kind),
      kind,
      owner,
      audience: 'requester',
      to: after.requester.email,
      language: after.language,
      requestId: after.id,
      request: snapshot,
      calendarSequence,
    },
    now,
  );
}

/** Pauses between the SES calls of one round (ms), and between automatic rounds (s). */
export interface RetryPolicy {
  attemptsPerRound: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Automatic rounds before a person must press retry. */
  autoRounds: number;
  roundDelaysSeconds: readonly number[];
}

export const DEFAULT_RETRY: RetryPolicy = {
  attemptsPerRound: 5,
  baseDelayMs: 200,
  maxDelayMs: 5000,
  autoRounds: 6,
  roundDelaysSeconds: [60, 300, 900, 1800, 3600, 3600],
};

/** Exponential backoff with full jitter for attempt `n` (1-based) of a round. */
export function backoffMs(policy: RetryPolicy, attempt: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** When to try again after round `rounds` failed, or undefined when rounds are spent. */
export function nextRoundAt(policy: RetryPolicy, rounds: number, now: Date): Date | undefined {
  if (rounds >= policy.autoRounds) return undefined;
  const seconds = policy.roundDelaysSeconds[Math.min(rounds, policy.roundDelaysSeconds.length) - 1] ?? 3600;
  return new Date(now.getTime() + seconds * 1000);
}

export type SendErrorClass = 'retryable' | 'permanent' | 'unknown';

const PERMANENT = new Set([
  'MessageRejected',
  'BadRequestException',
  'NotFoundException',
  'AccountSuspendedException',
  'MailFromDomainNotVerifiedException',
  'SendingPausedException',
]);

/**
 * Whether SES surely did not send (retry is safe) or might have (never retry by itself). An
 * answer from SES (an HTTP status) means it refused; a connection that never opened means it never
 * heard; a connection lost mid-call leaves the outcome unknown.
 */
export function classifySendError(error: unknown): SendErrorClass {
  const e = error as { name?: string; code?: string; $metadata?: { httpStatusCode?: number } };
  const status = e?.$metadata?.httpStatusCode;
  if (e?.name && PERMANENT.has(e.name)) return 'permanent';
  if (status !== undefined) return status === 429 || status >= 500 ? 'retryable' : 'permanent';
  const code = e?.code ?? e?.name ?? '';
  // The SDK's connection timeout: no connection was ever opened, so SES cannot have the message.
  if (e?.name === 'TimeoutError' && !e.code && /establish a connection/i.test((error as Error).message ?? '')) return 'retryable';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'].includes(code)) return 'retryable';
  if (['TooManyRequestsException', 'LimitExceededException', 'ThrottlingException', 'ServiceUnavailable', 'InternalFailure'].includes(code)) {
    return 'retryable';
  }
  return 'unknown';
}
