import { randomBytes } from 'node:crypto';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { RequestEvent } from '../requests/lifecycle';
import { type Db, retentionOf } from './db';
import { keys, TTL_ATTRIBUTE } from './keys';
import { ttl } from './retention';

/** One action of a TransactWriteItems call. */
export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * The Put that adds an entry to a request's history, for the transaction of the change itself; kept
 * as long as personal data, counted from the rental's end (`rentalEnd`) when the caller knows it.
 */
export function eventPut(db: Db, requestId: string, event: RequestEvent, rentalEnd?: string): TxItem {
  return {
    Put: {
      TableName: db.table,
      Item: {
        ...keys.requestEvent(requestId, event.at, randomBytes(4).toString('hex')),
        entity: 'requestEvent',
        requestId,
        ...event,
        [TTL_ATTRIBUTE]: ttl.personal(retentionOf(db), new Date(event.at), rentalEnd),
      },
    },
  };
}
