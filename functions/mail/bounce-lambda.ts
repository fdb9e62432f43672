import type { SNSEvent } from 'aws-lambda';
import { readConfig } from '../config';
import { describeError, log } from '../log';
import { recordBounce } from '../store/bounces';
import { createDb, type Db } from '../store/db';
import { bounceRecords } from './bounces';

let db: Db | undefined;

/** SNS → Lambda. A put that fails throws, so Lambda retries and then sends the event to the DLQ. */
export async function handler(event: SNSEvent): Promise<void> {
  // This function sends no links: it needs no public base URL.
  db ??= createDb(readConfig(process.env, { requirePublicBaseUrl: false }));
  for (const snsRecord of event.Records) {
    const records = bounceRecords(snsRecord.Sns.Message);
    if (records.length === 0) {
      log('warn', 'SES notification without bounce or complaint recipients', { messageId: snsRecord.Sns.MessageId });
      continue;
    }
    for (const record of records) {
      try {
        await recordBounce(db, record);
      } catch (error) {
        log('error', 'Could not record bounce', { messageId: snsRecord.Sns.MessageId, ...describeError(error) });
        throw error;
      }
      log('info', 'Recorded SES notification', { kind: record.kind, at: record.at, messageId: snsRecord.Sns.MessageId });
    }
  }
}
