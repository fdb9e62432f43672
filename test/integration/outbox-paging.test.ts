import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { newOutboxMessage, type OutboxMessage } from '../../functions/mail/outbox';
import { keys } from '../../functions/store/keys';
import { markStuckUncertain, outboxProblems, requeueDueOutbox } from '../../functions/store/outbox';
import { seededStack } from '../support/stack';

/** Enough that one query page (1 MB) cannot hold them: the old single-page reads stopped at 200 or at 1 MB. */
const COUNT = 260;
const PADDING = 'x'.repeat(5_000);

let deps: AppDeps;

beforeAll(async () => {
  deps = await seededStack();
});

/** Messages left in a problem state by a long SES outage (or by dead workers), written as the worker leaves them. */
async function leave(state: 'failed' | 'sending', at: Date): Promise<void> {
  const items = Array.from({ length: COUNT }, (_, i) => {
    const message: OutboxMessage = {
      ...newOutboxMessage({ id: `outage-${state}-${i}`, kind: 'staff-sign-in', owner: keys.staffOwner(`staff-${i}@flexfleet.example`), audience: 'staff', to: `staff-${i}@flexfleet.example`, language: 'en' }, at),
      status: state,
      rounds: 1,
      ...(state === 'failed' ? { nextAttemptAt: at.toISOString(), lastError: 'ServiceUnavailable' } : {}),
    };
    const sort = `${at.toISOString()}#${message.owner}#${message.id}`;
    return {
      ...keys.outbox(message.owner, message.id),
      entity: 'outbox',
      ...message,
      padding: PADDING,
      gsi1pk: keys.outboxProblems(state),
      gsi1sk: sort,
      ...(state === 'sending' ? { claim: `claim-${i}`, claimedAt: at.toISOString() } : {}),
    };
  });
  for (let i = 0; i < items.length; i += 25) {
    await deps.db.doc.send(new BatchWriteCommand({ RequestItems: { [deps.db.table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

describe('outbox problems after a long SES outage', () => {
  it('re-queues every failed message whose next attempt is due, not only the first page', async () => {
    const anHourAgo = new Date(Date.now() - 3_600_000);
    await leave('failed', anHourAgo);
    expect((await outboxProblems(deps.db)).filter((m) => m.status === 'failed')).toHaveLength(COUNT);
    expect(await requeueDueOutbox(deps.db, new Date())).toBe(COUNT);
    expect((await outboxProblems(deps.db)).filter((m) => m.status === 'failed')).toHaveLength(0);
  });

  it('marks every message whose worker died mid-send as uncertain, not only the first page', async () => {
    await leave('sending', new Date(Date.now() - 3_600_000));
    expect(await markStuckUncertain(deps.db, new Date())).toBe(COUNT);
    expect((await outboxProblems(deps.db)).filter((m) => m.status === 'uncertain')).toHaveLength(COUNT);
  });
});
