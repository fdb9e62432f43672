import { describe, expect, it } from 'vitest';
import {
  cancelFormToken,
  cancelFormTokenMatches,
  requesterMayCancel,
  signStatusToken,
  statusLinkExpiry,
  statusLinkOpen,
  verifyStatusToken,
} from '../../functions/requests/status-link';

const KEY = 'a-signing-key-of-at-least-thirty-two-characters';
const ID = 'RQ-261123-ABCDEF';
const now = new Date('2026-11-20T10:00:00Z');
const later = new Date('2026-12-01T00:00:00Z');
const location = { timeZone: 'Europe/Amsterdam' } as never;

describe('the signed status link', () => {
  it('opens the request it was signed for until its expiry, then no more', () => {
    const token = signStatusToken(KEY, ID, later);
    expect(verifyStatusToken(KEY, token, now)).toBe(ID);
    expect(verifyStatusToken(KEY, token, new Date(later.getTime() + 1000))).toBeNull();
  });

  it('refuses a token whose request id, expiry or signature was changed, or signed with another key', () => {
    const token = signStatusToken(KEY, ID, later);
    const [, expiry, mac] = token.split('.');
    expect(verifyStatusToken(KEY, `RQ-261123-ABCDEG.${expiry}.${mac}`, now)).toBeNull();
    expect(verifyStatusToken(KEY, `${ID}.${(parseInt(expiry, 36) + 86400).toString(36)}.${mac}`, now)).toBeNull();
    expect(verifyStatusToken(KEY, `${ID}.${expiry}.${mac.slice(0, -1)}${mac.endsWith('A') ? 'B' : 'A'}`, now)).toBeNull();
    expect(verifyStatusToken(`${KEY}-other`, token, now)).toBeNull();
    expect(verifyStatusToken(KEY, `${token}x`, now)).toBeNull();
    expect(verifyStatusToken(KEY, 'x'.repeat(5000), now)).toBeNull();
  });

  it('is not the same MAC as the cancel form token, and the form token is bound to its link', () => {
    const token = signStatusToken(KEY, ID, later);
    const other = signStatusToken(KEY, 'RQ-261123-ZZZZZZ', later);
    const form = cancelFormToken(KEY, token);
    expect(token.endsWith(form)).toBe(false);
    expect(cancelFormTokenMatches(KEY, token, form)).toBe(true);
    expect(cancelFormTokenMatches(KEY, other, form)).toBe(false);
    expect(cancelFormTokenMatches(KEY, token, '')).toBe(false);
  });

  it('expires a week after the return at the location, on its clock', () => {
    expect(statusLinkExpiry({ period: { pickup: '2026-11-23T09:00', return: '2026-11-25T17:00' }, location }).toISOString()).toBe('2026-12-02T16:00:00.000Z');
  });

  it('lets the requester cancel an open request before pick-up, not after, not a closed one', () => {
    const period = { pickup: '2026-11-20T11:30', return: '2026-11-22T17:00' };
    expect(requesterMayCancel({ status: 'confirmed', period, location }, now)).toBe(true);
    expect(requesterMayCancel({ status: 'confirmed', period, location }, new Date('2026-11-20T10:31:00Z'))).toBe(false);
    expect(requesterMayCancel({ status: 'declined', period, location }, now)).toBe(false);
  });

  it('keeps a closed request readable for a week after it closed', () => {
    expect(statusLinkOpen({ status: 'declined', statusChangedAt: '2026-11-15T10:00:00Z' }, now)).toBe(true);
    expect(statusLinkOpen({ status: 'declined', statusChangedAt: '2026-11-10T10:00:00Z' }, now)).toBe(false);
    expect(statusLinkOpen({ status: 'requested' }, now)).toBe(true);
  });
});
