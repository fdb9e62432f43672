import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { timeZoneOf, wallToInstant } from '../catalog/time-zone';
import type { ManagedRequest } from './lifecycle';

/**
 * The requester's signed status link (issue 11, "self-service without accounts"): `/r/<token>`,
 * token = `<request id>.<expiry, epoch seconds, base 36>.<HMAC-SHA256, 128 bits, base64url>`.
 * Whoever holds the link sees that one request and may cancel it before pick-up; nothing else.
 * The MAC is keyed with a key derived (HKDF) from the app's signing key for this purpose alone,
 * so a status token can never pass for a session token or the other way round.
 */

/** Days after the return (or after the request closed) that its link still opens the page. */
export const STATUS_LINK_DAYS_AFTER = 7;
/** Longest token accepted before any work is done with it. */
export const STATUS_TOKEN_MAX = 80;

const DAY_MS = 86_400_000;
const TOKEN = /^(RQ-\d{6}-[A-Z0-9]{6})\.([0-9a-z]{1,9})\.([A-Za-z0-9_-]{22})$/;

const derived = new Map<string, Buffer>();

/** The key status links are signed with, derived once per signing key. */
export function statusLinkKey(signingKey: string): Buffer {
  let key = derived.get(signingKey);
  if (!key) {
    key = Buffer.from(hkdfSync('sha256', signingKey, 'flexfleet-status-link', 'requester status link v1', 32));
    derived.set(signingKey, key);
  }
  return key;
}

function mac(key: Buffer, purpose: string, payload: string): string {
  return createHmac('sha256', key).update(`${purpose}\n${payload}`).digest().subarray(0, 16).toString('base64url');
}

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** When the link stops working: a week after the return, as the location's clock has it. */
export function statusLinkExpiry(request: Pick<ManagedRequest, 'period' | 'location'>): Date {
  return new Date(wallToInstant(request.period.return, timeZoneOf(request.location)).getTime() + STATUS_LINK_DAYS_AFTER * DAY_MS);
}

export function signStatusToken(signingKey: string, requestId: string, expiresAt: Date): string {
  const payload = `${requestId}.${Math.floor(expiresAt.getTime() / 1000).toString(36)}`;
  return `${payload}.${mac(statusLinkKey(signingKey), 'link', payload)}`;
}

/** The token for a request's link. */
export function statusTokenFor(signingKey: string, request: Pick<ManagedRequest, 'id' | 'period' | 'location'>): string {
  return signStatusToken(signingKey, request.id, statusLinkExpiry(request));
}

/** The request id a token opens, or null when it is malformed, forged or past its expiry (never saying which). */
export function verifyStatusToken(signingKey: string, token: string, now: Date): string | null {
  if (token.length > STATUS_TOKEN_MAX) return null;
  const parts = TOKEN.exec(token);
  if (!parts) return null;
  const [, requestId, expiry, signature] = parts;
  if (!sameText(signature, mac(statusLinkKey(signingKey), 'link', `${requestId}.${expiry}`))) return null;
  return parseInt(expiry, 36) * 1000 > now.getTime() ? requestId : null;
}

/** The cancel form's CSRF token: bound to the link, so a form copied from another request's page fails. */
export function cancelFormToken(signingKey: string, token: string): string {
  return mac(statusLinkKey(signingKey), 'cancel-form', token);
}

export function cancelFormTokenMatches(signingKey: string, token: string, presented: string): boolean {
  return presented.length <= 64 && sameText(presented, cancelFormToken(signingKey, token));
}

/**
 * Whether the link still opens the page for the request as it is now: a closed request's link
 * works a week past its closing, so the requester can read why, then stops.
 */
export function statusLinkOpen(request: Pick<ManagedRequest, 'status' | 'statusChangedAt'>, now: Date): boolean {
  if (request.status === 'requested' || request.status === 'confirmed') return true;
  const closedAt = Date.parse(request.statusChangedAt ?? '');
  return Number.isNaN(closedAt) || closedAt + STATUS_LINK_DAYS_AFTER * DAY_MS > now.getTime();
}

/** Whether the requester may still cancel it themselves: open, and before the pick-up time at the location. */
export function requesterMayCancel(request: Pick<ManagedRequest, 'status' | 'period' | 'location'>, now: Date): boolean {
  if (request.status !== 'requested' && request.status !== 'confirmed') return false;
  return wallToInstant(request.period.pickup, timeZoneOf(request.location)).getTime() > now.getTime();
}

/** The link itself, from the configured public origin (never from a request header). */
export function statusLinkUrl(publicBaseUrl: string, token: string): string {
  return `${publicBaseUrl}/r/${token}`;
}

/** Whether the requester cancelled it themselves (through the status link), as the status page and the e-mail say. */
export function cancelledByRequester(request: Pick<ManagedRequest, 'status' | 'statusChangedBy' | 'decision' | 'requester'>): boolean {
  return request.status === 'cancelled' && request.decision?.reason === 'requester-asked' && request.statusChangedBy === request.requester.email;
}
