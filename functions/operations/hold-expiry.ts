import { localNow, toMinutes } from '../catalog/period';
import type { ManagedRequest } from '../requests/lifecycle';

/**
 * The unconfirmed-hold policy (README, "Unconfirmed holds: the policy"): a request that operations have
 * neither confirmed nor declined expires `days` calendar days after it came in, or at its
 * pick-up time if that comes first. Expiry releases the hold and any assigned unit and e-mails
 * the requester. A buyer's approval often takes days, hence days, not hours.
 */
export interface HoldExpiryPolicy {
  days: number;
  timeZone: string;
}

/** When the request's hold lapses (an instant), if it stays unconfirmed. */
export function holdExpiresAt(request: Pick<ManagedRequest, 'createdAt' | 'period'>, policy: HoldExpiryPolicy, now = new Date()): Date {
  const byAge = new Date(Date.parse(request.createdAt) + policy.days * 86_400_000);
  // The pick-up is desk-local wall time: convert by the offset the desks have now (exact to the hour).
  const offsetMinutes = toMinutes(localNow(policy.timeZone, now)) - Math.floor(now.getTime() / 60000);
  const byPickup = new Date((toMinutes(request.period.pickup) - offsetMinutes) * 60000);
  return byAge < byPickup ? byAge : byPickup;
}

export function isHoldExpired(request: ManagedRequest, policy: HoldExpiryPolicy, now = new Date()): boolean {
  return request.status === 'requested' && holdExpiresAt(request, policy, now) <= now;
}
