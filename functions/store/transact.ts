import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { cancellationCodes, type Db } from './db';
import type { TxItem } from './request-events';

export type TransactOutcome =
  | { ok: true }
  /** A condition failed: the codes, one per action, say which. */
  | { ok: false; codes: (string | undefined)[] }
  /** Lost every attempt to concurrent transactions on the same items. */
  | { ok: false; codes: 'busy' };

const MAX_ATTEMPTS = 8;
const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One transaction, retried with jittered backoff while it only conflicts with concurrent
 * transactions (TransactionConflict): a failed condition is an answer, not something to retry.
 */
export async function transactWithRetry(db: Db, items: TxItem[], options: { baseDelayMs?: number; sleep?: (ms: number) => Promise<unknown> } = {}): Promise<TransactOutcome> {
  const sleep = options.sleep ?? wait;
  for (let attempt = 1; ; attempt++) {
    try {
      await db.doc.send(new TransactWriteCommand({ TransactItems: items }));
      return { ok: true };
    } catch (error) {
      const codes = cancellationCodes(error);
      if (!codes) throw error;
      if (codes.includes('ConditionalCheckFailed')) return { ok: false, codes };
      if (attempt >= MAX_ATTEMPTS) return { ok: false, codes: 'busy' };
      await sleep(Math.random() * (options.baseDelayMs ?? 20) * 2 ** attempt);
    }
  }
}
