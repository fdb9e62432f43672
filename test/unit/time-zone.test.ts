import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseFleet } from '../../functions/catalog/fleet-schema';
import { isTimeZone, localNow, timeZoneOf, wallToInstant } from '../../functions/catalog/time-zone';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import { holdExpiresAt, isHoldExpired } from '../../functions/operations/hold-expiry';
import type { ManagedRequest } from '../../functions/requests/lifecycle';

const AMSTERDAM = DEMO_FLEET.locations[0];
const LONDON = { ...AMSTERDAM, id: 'lhr', name: 'London Heathrow', timeZone: 'Europe/London' };

/** A request held at `location` since `createdAt`, picked up at the location's wall time `pickup`. */
function held(createdAt: string, pickup: string, location: { timeZone?: string } = AMSTERDAM): ManagedRequest {
  return {
    status: 'requested',
    createdAt,
    period: { pickup, return: `${pickup.slice(0, 8)}28T09:00` },
    location,
  } as unknown as ManagedRequest;
}

const policy = { days: 3 };

describe('wall time at a location and instants', () => {
  it('converts with the offset of the date itself, on both sides of both summer-time changes', () => {
    // 2026: summer time starts Sunday 29 March, ends Sunday 25 October (Europe/Amsterdam and Europe/London).
    expect(wallToInstant('2026-03-28T09:00', 'Europe/Amsterdam').toISOString()).toBe('2026-03-28T08:00:00.000Z');
    expect(wallToInstant('2026-03-30T09:00', 'Europe/Amsterdam').toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(wallToInstant('2026-10-24T09:00', 'Europe/Amsterdam').toISOString()).toBe('2026-10-24T07:00:00.000Z');
    expect(wallToInstant('2026-10-26T09:00', 'Europe/Amsterdam').toISOString()).toBe('2026-10-26T08:00:00.000Z');
    expect(wallToInstant('2026-03-30T09:00', 'Europe/London').toISOString()).toBe('2026-03-30T08:00:00.000Z');
    expect(wallToInstant('2026-10-26T09:00', 'Europe/London').toISOString()).toBe('2026-10-26T09:00:00.000Z');
  });

  it('reads a time in the skipped spring hour as the time after the skip, and a repeated autumn hour as the later one', () => {
    expect(wallToInstant('2026-03-29T02:30', 'Europe/Amsterdam').toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(wallToInstant('2026-10-25T02:30', 'Europe/Amsterdam').toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(Number.isNaN(wallToInstant('2026-02-30T09:00', 'Europe/Amsterdam').getTime())).toBe(true);
  });

  it('gives the wall time of an instant at the zone', () => {
    expect(localNow('Europe/Amsterdam', new Date('2026-03-29T00:59:00Z'))).toBe('2026-03-29T01:59');
    expect(localNow('Europe/Amsterdam', new Date('2026-03-29T01:00:00Z'))).toBe('2026-03-29T03:00');
    expect(localNow('Europe/London', new Date('2026-07-01T12:00:00Z'))).toBe('2026-07-01T13:00');
    expect(localNow('UTC', new Date('2026-12-31T23:59:00Z'))).toBe('2026-12-31T23:59');
  });

  it('knows IANA zone names and refuses anything else', () => {
    expect(isTimeZone('Europe/Amsterdam')).toBe(true);
    expect(isTimeZone('America/Argentina/Buenos_Aires')).toBe(true);
    expect(isTimeZone('UTC')).toBe(true);
    for (const bad of ['Europe/Atlantis', 'CET+1', '+01:00', '', 'Europe/Amsterdam\n', 'x'.repeat(100)]) expect(isTimeZone(bad)).toBe(false);
  });
});

describe('unconfirmed hold expiry across summer-time changes', () => {
  // The console shows when a hold lapses from the day it is made: the clock stands at that day,
  // on the other side of the change from the pick-up.
  const madeAt = (createdAt: string) => vi.useFakeTimers({ now: new Date(createdAt), toFake: ['Date'] });
  afterEach(() => vi.useRealTimers());

  it('lapses at the pick-up instant when the pick-up is after the spring change but the hold was made before it', () => {
    // Made Friday in winter time (UTC+1); pick-up Monday 09:00 summer time (UTC+2) = 07:00 UTC.
    const request = held('2026-03-27T10:00:00Z', '2026-03-30T09:00');
    madeAt(request.createdAt);
    expect(holdExpiresAt(request, policy).toISOString()).toBe('2026-03-30T07:00:00.000Z');
    expect(isHoldExpired(request, policy, new Date('2026-03-30T06:30:00Z'))).toBe(false);
    expect(isHoldExpired(request, policy, new Date('2026-03-30T07:00:00Z'))).toBe(true);
  });

  it('lapses at the pick-up instant when the pick-up is after the autumn change', () => {
    // Pick-up Monday 26 October 09:00 winter time (UTC+1) = 08:00 UTC; made in summer time.
    const request = held('2026-10-23T10:00:00Z', '2026-10-26T09:00');
    madeAt(request.createdAt);
    // With the offset of the day it was made (summer time), it would lapse an hour early, at 07:00 UTC.
    expect(holdExpiresAt(request, policy).toISOString()).toBe('2026-10-26T08:00:00.000Z');
    expect(isHoldExpired(request, policy, new Date('2026-10-26T07:30:00Z'))).toBe(false);
    expect(isHoldExpired(request, policy, new Date('2026-10-26T08:00:00Z'))).toBe(true);
  });

  it('reads the pick-up on the clock of its own location (London), not the desks in Amsterdam', () => {
    const request = held('2026-11-20T10:00:00Z', '2026-11-23T09:00', LONDON);
    expect(holdExpiresAt(request, policy).toISOString()).toBe('2026-11-23T09:00:00.000Z');
    expect(isHoldExpired(request, policy, new Date('2026-11-23T08:30:00Z'))).toBe(false);
    const summer = held('2026-06-26T10:00:00Z', '2026-06-29T09:00', LONDON);
    expect(holdExpiresAt(summer, policy).toISOString()).toBe('2026-06-29T08:00:00.000Z');
  });

  it('still lapses after the days of the policy when the pick-up is further away', () => {
    const request = held('2026-03-27T10:00:00Z', '2026-04-20T09:00');
    expect(holdExpiresAt(request, policy).toISOString()).toBe('2026-03-30T10:00:00.000Z');
  });

  it('reads a request stored before locations had a zone on Amsterdam time', () => {
    const { timeZone: _none, ...old }: { timeZone?: string } = AMSTERDAM;
    expect(timeZoneOf(old)).toBe('Europe/Amsterdam');
    expect(holdExpiresAt(held('2026-10-23T10:00:00Z', '2026-10-26T09:00', old), policy).toISOString()).toBe('2026-10-26T08:00:00.000Z');
  });
});

describe('fleet files', () => {
  it('give every demo location a zone and pass the check', () => {
    expect(parseFleet(structuredClone(DEMO_FLEET)).locations.map((l) => l.timeZone)).toEqual(['Europe/Amsterdam', 'Europe/Amsterdam']);
  });

  it('are refused when a location has no zone or an unknown one, naming the location', () => {
    const fleet = structuredClone(DEMO_FLEET) as unknown as { locations: Record<string, unknown>[] };
    delete fleet.locations[0].timeZone;
    fleet.locations[1].timeZone = 'Europe/Atlantis';
    expect(() => parseFleet(fleet)).toThrow(/locations\[0\]\.timeZone: .*locations\[1\]\.timeZone: not an IANA time zone/);
  });

  it('are refused when a unit stands at a location the file does not have', () => {
    const fleet = structuredClone(DEMO_FLEET);
    fleet.units[0].locationId = 'nowhere';
    expect(() => parseFleet(fleet)).toThrow('units[0].locationId: no location "nowhere"');
  });
});
