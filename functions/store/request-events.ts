import { randomBytes } from 'node:crypto';
import type { TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import type { RequestEvent } from '../requests/lifecycle';
import type { Db } from './db';
import { keys } from './keys';

/** One action of a TransactWriteItems call. */
export type TxItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/** The Put that adds an entry to a request's history, for the transaction of the change itself. */
export function eventPut(db: Db, requestId: string, event: RequestEvent): TxItem {
  return {
    Put: {
      TableName: db.table,
      Item: { ...keys.requestEvent(requestId, event.at, randomBytes(4).toString('hex')), entity: 'requestEvent', requestId, ...event },
    },
  };
}
