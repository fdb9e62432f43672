import { MAX_RENTAL_DAYS } from '../catalog/period';
import type { ManagedRequest } from '../requests/lifecycle';
import { REQUEST_STATUSES } from '../requests/request';
import { type Db, retentionOf } from './db';
import { keys } from './keys';
import { allRequestsByStatus, statusCountChange } from './queue';
import { epochSeconds, requestPurgeAt } from './retention';
import { transactWithRetry } from './transact';

/**
 * Remove requests past their retention date, each with its status count in one transaction, so
 * the counts stay true (a TTL deletion could not decrement them: it is only the backstop, a week
 * later). Their history, e-mails and payload log go by their own TTL. Returns the ids removed.
 */
export async function purgeRetiredRequests(db: Db, now: Date): Promise<string[]> {
  const retention = retentionOf(db);
  // A rental ends at most MAX_RENTAL_DAYS after its pick-up: only pick-ups this old can be due.
  const latestPickup = new Date(now.getTime() - (retention.personalDataDays + MAX_RENTAL_DAYS + 1) * 86_400_000).toISOString().slice(0, 10);
  const purged: string[] = [];
  for (const status of REQUEST_STATUSES) {
    const retired = [...(await allRequestsByStatus(db, status, { to: latestPickup })), ...(await allRequestsByStatus(db, status, { to: latestPickup, tests: true }))];
    for (const request of retired) {
      if (requestPurgeAt(retention, new Date(request.createdAt), request.period.return) > epochSeconds(now)) continue;
      if (await purgeRequest(db, request)) purged.push(request.id);
    }
  }
  return purged;
}

async function purgeRequest(db: Db, request: ManagedRequest): Promise<boolean> {
  const result = await transactWithRetry(db, [
    {
      Delete: {
        TableName: db.table,
        Key: keys.request(request.id),
        // Only as read: a request that changed status meanwhile is counted elsewhere now.
        ConditionExpression: '#status = :status',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':status': request.status },
      },
    },
    statusCountChange(db, request.status, -1, request.test),
  ]);
  return result.ok;
}
