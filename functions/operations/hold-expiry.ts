import { timeZoneOf, wallToInstant } from '../catalog/time-zone';
import type { ManagedRequest } from '../requests/lifecycle';

/**
 * The unconfirmed-hold policy (README, "Unconfirmed holds: the policy"): a request that operations have
 * neither confirmed nor declined expires `days` calendar days after it came in, or at its
 * pick-up time if that comes first. Expiry releases the hold and any assigned unit and e-mails
 * the requester. A buyer's approval often takes days, hence days, not hours.
 */
export interface HoldExpiryPolicy {
  days: number;
}

/** When the request's hold lapses (an instant), if it stays unconfirmed. */
export function holdExpiresAt(request: Pick<ManagedRequest, 'createdAt' | 'period' | 'location'>, policy: HoldExpiryPolicy): Date {
  const byAge = new Date(Date.parse(request.createdAt) + policy.days * 86_400_000);
  // The pick-up is the location's wall time: converted with the zone's offset on the pick-up date,
  // so a pick-up after a summer-time change lapses at its real instant, not an hour off.
  const byPickup = wallToInstant(request.period.pickup, timeZoneOf(request.location));
  return byAge < byPickup ? byAge : byPickup;
}

export function isHoldExpired(request: ManagedRequest, policy: HoldExpiryPolicy, now = new Date()): boolean {
  return request.status === 'requested' && holdExpiresAt(request, policy) <= now;
}
