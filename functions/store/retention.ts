import { TTL_ATTRIBUTE } from './keys';

/**
 * Every retention decision, in one place: when each kind of item leaves the table. The table's
 * TTL attribute (`expiresAt`, epoch seconds) is set when an item is written, from these functions
 * only. DynamoDB deletes expired items eventually (often within days), so reads that matter check
 * expiry themselves (sessions, sign-in links, holds). README, "Retention", lists the schedule.
 */

/** Default of the `PERSONAL_DATA_DAYS` setting: a year after the rental, for questions and disputes about it. */
export const DEFAULT_PERSONAL_DATA_DAYS = 365;
/** Refused call-ups are kept for the connection's health and abuse analysis, not for business. */
export const REFUSED_CALL_UP_DAYS = 30;
/** Holds and unit slots of a past half-day slot block nobody; kept a week for the planning's look back. */
export const PAST_SLOT_DAYS = 7;
/** A repeated transfer finds its request through the marker while its session could still be retried. */
export const TRANSFER_MARKER_DAYS = 30;
/** Housekeeping removes a request (and its count) at its retention date; TTL is the backstop after this. */
export const REQUEST_PURGE_GRACE_DAYS = 7;
/** Failed-login counters outlive their throttling window by this much, no more: nothing lasts past the window. */
export const LOGIN_FAILURES_KEEP_SECONDS = 600;
/** Refused call-ups counted per connection, day and reason (no personal data): a month back, for the connection's health. */
export const CALL_UP_STATS_DAYS = 31;

/**
 * Admin changes (connections, fleet) are kept two years, fixed rather than PERSONAL_DATA_DAYS: they
 * answer "who changed this connection's HOOK_URL rules, and when" across a contract year and its
 * renewal, and hold only staff names and e-mail addresses besides reference data, never a secret.
 */
export const AUDIT_DAYS = 730;

/** What retention depends on besides the item: the `PERSONAL_DATA_DAYS` setting. */
export interface Retention {
  personalDataDays: number;
}

const DAY = 86_400;

export const epochSeconds = (at: Date): number => Math.floor(at.getTime() / 1000);

/** Epoch seconds of a local date or date-time ("2026-11-23", "2026-11-23T09:00"), day precision is enough here. */
function dayEpoch(local: string): number {
  const ms = Date.parse(`${local.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`Not a date: ${local.slice(0, 40)}`);
  return ms / 1000;
}

/** The later of `now` and the day after a local date (the end of a rental, say). */
function laterOf(now: Date, local?: string): number {
  return Math.max(epochSeconds(now), local ? dayEpoch(local) + DAY : 0);
}

/** TTL values (epoch seconds) per item type. */
export const ttl = {
  /** Personal data (call-ups, requests' history, e-mails with their MIME, bounces): `personalDataDays` after it was written, or after the rental ended if later. */
  personal: (retention: Retention, now: Date, rentalEnd?: string): number => laterOf(now, rentalEnd) + retention.personalDataDays * DAY,
  /** The request itself: housekeeping removes it (and its count) at `requestPurgeAt`; TTL only if housekeeping never ran. */
  request: (retention: Retention, createdAt: Date, rentalEnd: string): number =>
    ttl.personal(retention, createdAt, rentalEnd) + REQUEST_PURGE_GRACE_DAYS * DAY,
  /** A hold or unit slot: a week after its half-day slot ("2026-11-23A"). */
  slot: (slot: string): number => dayEpoch(slot) + (1 + PAST_SLOT_DAYS) * DAY,
  /** A punch-out session (the call-up's name and e-mail address): gone when it stops being usable. */
  session: (now: Date, minutes: number): number => epochSeconds(now) + minutes * 60,
  transfer: (sessionExpiresAt: number): number => sessionExpiresAt + TRANSFER_MARKER_DAYS * DAY,
  refusedCallUp: (now: Date): number => epochSeconds(now) + REFUSED_CALL_UP_DAYS * DAY,
  loginFailures: (windowEnd: number): number => windowEnd + LOGIN_FAILURES_KEEP_SECONDS,
  /** Counts of one day ("2026-11-23"): kept through the day `CALL_UP_STATS_DAYS` later. */
  callUpStats: (day: string): number => dayEpoch(day) + (CALL_UP_STATS_DAYS + 1) * DAY,
  /** An admin change (store/audit.ts). */
  audit: (now: Date): number => epochSeconds(now) + AUDIT_DAYS * DAY,
};

/** When housekeeping removes a request: its personal-data date, before the TTL backstop. */
export function requestPurgeAt(retention: Retention, createdAt: Date, rentalEnd: string): number {
  return ttl.personal(retention, createdAt, rentalEnd);
}

/** Whether an item read back has passed its TTL (DynamoDB may not have deleted it yet). */
export function isExpired(item: Record<string, unknown>, now: Date): boolean {
  const at = item[TTL_ATTRIBUTE];
  return typeof at === 'number' && at <= epochSeconds(now);
}

/**
 * Item types without a TTL, and why: reference data that a person maintains and that must not
 * vanish by itself. Every other entity must carry `expiresAt` (test/integration/retention.test.ts).
 */
export const KEPT_WITHOUT_TTL: Readonly<Record<string, string>> = {
  connection: 'a buying organisation set-up, removed by a person',
  login: "a connection's username, removed with it",
  cxmlCredential: "a connection's cXML credential (store/cxml-credentials.ts), removed when the connection changes it",
  vehicleType: 'fleet reference data',
  location: 'fleet reference data',
  unit: 'fleet reference data',
  extra: 'fleet reference data (an option such as a child seat, with its price)',
  staff: 'a staff member, switched off or removed by an administrator',
  statusCount: 'a counter per request status, no personal data',
  seed: 'marks the demo data as loaded (local stack)',
};
