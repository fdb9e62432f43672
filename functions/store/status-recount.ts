import { GetCommand, paginateQuery, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { REQUEST_STATUSES, type RequestStatus } from '../requests/request';
import { log } from '../log';
import { type Db, isConditionFailure } from './db';
import { GSI1, keys } from './keys';

/**
 * The status counters (store/queue.ts) are kept by the transactions that change a status. A table
 * whose requests predate them gets them counted once, by housekeeping: each counter is set to the
 * count of its status on the condition that no change touched it meanwhile (else counted again),
 * then a marker says it is done. On a table so busy that a status keeps changing under its count,
 * the recount waits for the next run (no marker written); housekeeping's other steps go on.
 */
const MARKER = { pk: keys.statusCounts, sk: 'RECOUNTED' };
const ATTEMPTS = 5;

/** Count the requests of every status once, if that has never been done on this table; returns whether it ran. */
export async function recountStatusesOnce(db: Db, now = new Date()): Promise<boolean> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: MARKER, ConsistentRead: true }));
  if (Item) return false;
  for (const status of REQUEST_STATUSES) {
    if (await recount(db, status)) continue;
    log('warn', 'status recount postponed: the requests kept changing while they were counted', { status, attempts: ATTEMPTS });
    return false;
  }
  await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...MARKER, entity: 'statusCount', recountedAt: now.toISOString() } }));
  return true;
}

/** Set the counter of `status` to its count; false when a change beat every attempt. */
async function recount(db: Db, status: RequestStatus): Promise<boolean> {
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.statusCount(status), ConsistentRead: true }));
    const before = Item?.count as number | undefined;
    let counted = 0;
    const pages = paginateQuery(
      { client: db.doc },
      { TableName: db.table, IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.queue(status) }, Select: 'COUNT' },
    );
    for await (const page of pages) counted += page.Count ?? 0;
    try {
      await db.doc.send(
        new UpdateCommand({
          TableName: db.table,
          Key: keys.statusCount(status),
          UpdateExpression: 'SET #count = :counted, entity = :entity, #status = :status',
          ConditionExpression: before === undefined ? 'attribute_not_exists(#count)' : '#count = :before',
          ExpressionAttributeNames: { '#count': 'count', '#status': 'status' },
          ExpressionAttributeValues: { ':counted': counted, ':entity': 'statusCount', ':status': status, ...(before === undefined ? {} : { ':before': before }) },
        }),
      );
      return true;
    } catch (error) {
      // A request changed status while it was being counted: count again, after a short pause.
      if (!isConditionFailure(error)) throw error;
      if (attempt < ATTEMPTS) await new Promise((done) => setTimeout(done, 20 * attempt + Math.random() * 30));
    }
  }
  return false;
}
