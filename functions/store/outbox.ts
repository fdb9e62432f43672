import { randomUUID } from 'node:crypto';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { BuyerAnswer, OutboxMessage } from '../mail/outbox';
import type { Actor, RequestEvent } from '../requests/lifecycle';
import { type Db, isConditionFailure, retentionOf, withoutKeys } from './db';
import { GSI1, keys, TTL_ATTRIBUTE } from './keys';
import { queryAll } from './paging';
import { payloadItem, type PayloadEntry } from './payload-log';
import { eventPut, type TxItem } from './request-events';
import { ttl } from './retention';

/**
 * The Put that enqueues a message (built by mail/outbox.ts), for the transaction of the change it
 * tells about: one per event id. It holds personal data (the request, the address), so it expires.
 */
export function outboxPut(db: Db, message: OutboxMessage): TxItem {
  const expiresAt = ttl.personal(retentionOf(db), new Date(message.createdAt), message.request?.period.return);
  return {
    Put: {
      TableName: db.table,
      Item: { ...keys.outbox(message.owner, message.id), entity: 'outbox', ...message, [TTL_ATTRIBUTE]: expiresAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

function toMessage(item: Record<string, unknown>): OutboxMessage {
  return withoutKeys<OutboxMessage>(item);
}

export async function getOutboxMessage(db: Db, owner: string, id: string): Promise<OutboxMessage | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.outbox(owner, id), ConsistentRead: true }));
  return Item ? toMessage(Item) : undefined;
}

/**
 * Take a pending message for sending: only one worker can, and only while it is pending, so a
 * stream record delivered twice (or a retry pressed twice) never sends twice.
 */
export async function claimOutboxMessage(db: Db, key: { pk: string; sk: string }, claim: string, now: Date): Promise<OutboxMessage | undefined> {
  try {
    const { Attributes } = await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: key,
        // Indexed while sending, so housekeeping finds a message whose worker died mid-send.
        UpdateExpression: 'SET #status = :sending, claimedAt = :now, claim = :claim, gsi1pk = :queue, gsi1sk = :sort',
        ConditionExpression: 'entity = :outbox AND #status = :pending',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':sending': 'sending',
          ':pending': 'pending',
          ':now': now.toISOString(),
          ':claim': claim,
          ':outbox': 'outbox',
          ':queue': keys.outboxProblems('sending'),
          ':sort': `${now.toISOString()}#${key.pk}#${key.sk}`,
        },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? toMessage(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

const SYSTEM: Actor = { kind: 'system' };

/**
 * SES accepted the message: mark it sent, keep the exact MIME in the payload log and note it in
 * the request's history, in one transaction. The sign-in link leaves the table here.
 */
export async function markOutboxSent(
  db: Db,
  message: OutboxMessage,
  claim: string,
  sent: { sesMessageId: string; attempts: number; mime: string; to: string; subject: string; now: Date },
): Promise<void> {
  const at = sent.now.toISOString();
  const payload: PayloadEntry = {
    id: randomUUID(),
    at,
    kind: 'email',
    direction: 'out',
    owner: message.owner,
    requestId: message.requestId,
    connectionId: message.request?.connectionId,
    contentType: 'message/rfc822',
    body: message.link ? sent.mime.split(message.link).join('[sign-in link removed]') : sent.mime,
  };
  const items: TxItem[] = [
    {
      Update: {
        TableName: db.table,
        Key: keys.outbox(message.owner, message.id),
        UpdateExpression: 'SET #status = :sent, sentAt = :at, sesMessageId = :mid, attempts = :attempts, sentTo = :to, subject = :subject REMOVE claim, link, gsi1pk, gsi1sk, nextAttemptAt',
        ConditionExpression: 'claim = :claim',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': at, ':mid': sent.sesMessageId, ':attempts': sent.attempts, ':claim': claim, ':to': sent.to, ':subject': sent.subject },
      },
    },
    { Put: { TableName: db.table, Item: { ...payloadItem(db, payload, sent.now, message.request?.period.return), outboxId: message.id } } },
  ];
  if (message.requestId) {
    const event: RequestEvent = { at, actor: SYSTEM, action: 'email-sent', detail: `${sent.subject} → ${sent.to}` };
    items.push(eventPut(db, message.requestId, event, message.request?.period.return));
  }
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** The payload-log entries of a ConfirmationRequest round (the document out, the buyer's answer in), for its mark's transaction. */
function payloadPuts(db: Db, message: OutboxMessage, payloads: Omit<PayloadEntry, 'id' | 'at' | 'owner'>[] | undefined, now: Date): TxItem[] {
  return (payloads ?? []).map((entry, i) => {
    // One instant per entry, in order: the document went out before its answer came in.
    const at = new Date(now.getTime() + i).toISOString();
    const full: PayloadEntry = { ...entry, id: randomUUID(), at, owner: message.owner, requestId: message.requestId };
    return { Put: { TableName: db.table, Item: { ...payloadItem(db, full, now, message.request?.period.return), outboxId: message.id } } };
  });
}

/**
 * The buyer's system took the ConfirmationRequest (cXML 2xx): mark it sent with the buyer's answer,
 * keep the document (secret redacted) and the answer in the payload log, and note it in the
 * request's history, in one transaction.
 */
export async function markConfirmationSent(
  db: Db,
  message: OutboxMessage,
  claim: string,
  sent: { attempts: number; answer: BuyerAnswer; to: string; payloads: Omit<PayloadEntry, 'id' | 'at' | 'owner'>[]; now: Date },
): Promise<void> {
  const at = sent.now.toISOString();
  const items: TxItem[] = [
    {
      Update: {
        TableName: db.table,
        Key: keys.outbox(message.owner, message.id),
        UpdateExpression: 'SET #status = :sent, sentAt = :at, attempts = :attempts, sentTo = :to, buyerAnswer = :answer REMOVE claim, gsi1pk, gsi1sk, nextAttemptAt',
        ConditionExpression: 'claim = :claim',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': at, ':attempts': sent.attempts, ':claim': claim, ':to': sent.to, ':answer': sent.answer },
      },
    },
    ...payloadPuts(db, message, sent.payloads, sent.now),
  ];
  if (message.requestId) {
    const c = message.confirmation;
    const detail = `Order confirmation ${c?.type ?? ''} (${c?.operation ?? ''}) → buyer: ${sent.answer.code} ${sent.answer.text}`.slice(0, 300);
    items.push(eventPut(db, message.requestId, { at, actor: SYSTEM, action: 'email-sent', detail }, message.request?.period.return));
  }
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

/** Sending failed (`failed`: SES or the buyer refused) or may have happened (`uncertain`): show it in the console. */
export async function markOutboxProblem(
  db: Db,
  message: OutboxMessage,
  claim: string,
  problem: {
    status: 'failed' | 'uncertain';
    error: string;
    attempts: number;
    nextAttemptAt?: Date;
    now: Date;
    /** A ConfirmationRequest's: the buyer's answer, and the document and answer for the payload log. */
    answer?: BuyerAnswer;
    payloads?: Omit<PayloadEntry, 'id' | 'at' | 'owner'>[];
  },
): Promise<void> {
  const at = problem.now.toISOString();
  const items: TxItem[] = [
    {
      Update: {
        TableName: db.table,
        Key: keys.outbox(message.owner, message.id),
        UpdateExpression:
          'SET #status = :status, lastError = :error, failedAt = :at, attempts = :attempts, rounds = rounds + :one, gsi1pk = :queue, gsi1sk = :sort' +
          (problem.answer ? ', buyerAnswer = :answer' : '') +
          (problem.nextAttemptAt ? ', nextAttemptAt = :next REMOVE claim' : ' REMOVE claim, nextAttemptAt'),
        ConditionExpression: 'claim = :claim',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: {
          ':status': problem.status,
          ':error': problem.error.slice(0, 500),
          ':at': at,
          ':attempts': problem.attempts,
          ':one': 1,
          ':queue': keys.outboxProblems(problem.status),
          ':sort': `${at}#${message.owner}#${message.id}`,
          ':claim': claim,
          ...(problem.nextAttemptAt ? { ':next': problem.nextAttemptAt.toISOString() } : {}),
          ...(problem.answer ? { ':answer': problem.answer } : {}),
        },
      },
    },
    ...payloadPuts(db, message, problem.payloads, problem.now),
  ];
  if (message.requestId) {
    const detail = `${message.kind} to ${message.to ?? message.audience}: ${problem.status === 'failed' ? 'not sent' : 'outcome unknown'} (${problem.error.slice(0, 200)})`;
    items.push(eventPut(db, message.requestId, { at, actor: SYSTEM, action: 'email-failed', detail }, message.request?.period.return));
  }
  await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
}

export type RetryOutcome = 'requeued' | 'not-retryable';

/**
 * Put a failed message back in the queue (the stream hands it to the worker again). Only a
 * `failed` message can be (an `uncertain` one only when `resendUncertain`), so a message SES
 * accepted can never be sent again, however often retry is pressed.
 */
export async function retryOutboxMessage(
  db: Db,
  owner: string,
  id: string,
  actor: Actor,
  now: Date,
  options: { resendUncertain?: boolean; expectNextAttemptAt?: string } = {},
): Promise<RetryOutcome> {
  const statuses = options.resendUncertain ? [':failed', ':uncertain'] : [':failed'];
  const at = now.toISOString();
  const update: TxItem = {
    Update: {
      TableName: db.table,
      Key: keys.outbox(owner, id),
      UpdateExpression: 'SET #status = :pending, retriedAt = :at, retriedBy = :by REMOVE gsi1pk, gsi1sk, nextAttemptAt',
      ConditionExpression:
        `#status IN (${statuses.join(', ')})` + (options.expectNextAttemptAt ? ' AND nextAttemptAt = :expected' : ''),
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: {
        ':pending': 'pending',
        ':failed': 'failed',
        ...(options.resendUncertain ? { ':uncertain': 'uncertain' } : {}),
        ':at': at,
        ':by': actor.kind === 'system' ? 'system' : actor.email,
        ...(options.expectNextAttemptAt ? { ':expected': options.expectNextAttemptAt } : {}),
      },
    },
  };
  const items = [update];
  if (owner.startsWith('REQUEST#')) {
    items.push(eventPut(db, owner.slice('REQUEST#'.length), { at, actor, action: 'email-retried', detail: id }));
  }
  try {
    await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
    return 'requeued';
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException') return 'not-retryable';
    throw error;
  }
}

/** Messages in one problem state (`failed`, `uncertain`, `sending`), oldest first: every page, however long an outage ran. */
async function messagesIn(db: Db, status: 'failed' | 'uncertain' | 'sending', before?: string): Promise<Record<string, unknown>[]> {
  return queryAll(db, {
    IndexName: GSI1,
    KeyConditionExpression: before ? 'gsi1pk = :pk AND gsi1sk < :before' : 'gsi1pk = :pk',
    ExpressionAttributeValues: { ':pk': keys.outboxProblems(status), ...(before ? { ':before': before } : {}) },
  });
}

/** Messages that need a person (failed or outcome unknown), oldest first. */
export async function outboxProblems(db: Db): Promise<OutboxMessage[]> {
  const lists = await Promise.all((['failed', 'uncertain'] as const).map((status) => messagesIn(db, status)));
  return lists.flat().map(toMessage);
}

/** Re-queue failed messages whose automatic next attempt is due; returns how many. */
export async function requeueDueOutbox(db: Db, now: Date): Promise<number> {
  const due = (await messagesIn(db, 'failed')).map(toMessage).filter((m) => m.nextAttemptAt && m.nextAttemptAt <= now.toISOString());
  let requeued = 0;
  for (const message of due) {
    const outcome = await retryOutboxMessage(db, message.owner, message.id, SYSTEM, now, { expectNextAttemptAt: message.nextAttemptAt });
    if (outcome === 'requeued') requeued++;
  }
  return requeued;
}

/**
 * A worker that died between SES and the table leaves its message `sending`: after `leaseMinutes`
 * an e-mail becomes `uncertain` (SES may or may not have sent it), for a person to decide. A cXML
 * ConfirmationRequest is posted again by itself instead (failed, due now, for the re-queue that
 * follows): every post is the same document with the same payloadID, which the buyer takes once
 * (orders/confirmation-delivery.ts), so a second post cannot confirm twice. Returns how many.
 */
export async function markStuckUncertain(db: Db, now: Date, leaseMinutes = 10): Promise<number> {
  const cutoff = new Date(now.getTime() - leaseMinutes * 60_000).toISOString();
  let marked = 0;
  for (const item of await messagesIn(db, 'sending', cutoff)) {
    const message = toMessage(item);
    const resendable = message.kind === 'order-confirmation';
    try {
      await markOutboxProblem(db, message, item.claim as string, {
        status: resendable ? 'failed' : 'uncertain',
        error: `The worker stopped while ${resendable ? 'posting it; the same document goes again' : 'sending'} (claimed ${item.claimedAt as string})`,
        attempts: message.attempts,
        ...(resendable ? { nextAttemptAt: now } : {}),
        now,
      });
      marked++;
    } catch (error) {
      if ((error as Error).name !== 'TransactionCanceledException') throw error;
    }
  }
  return marked;
}
