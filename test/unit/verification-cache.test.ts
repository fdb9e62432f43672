import { describe, expect, it, vi } from 'vitest';

// Count scrypt runs: the real function, watched.
const calls = vi.hoisted(() => ({ scrypt: 0 }));
vi.mock('node:crypto', async (original) => (await import('../support/scrypt-runs')).countingScrypt(await original(), calls));

const { hashPassword, verifyPassword } = await import('../../functions/punchout/password');
const { verificationCache } = await import('../../functions/punchout/verification-cache');
const { loginAccepts } = await import('../../functions/store/logins');

const clock = (start = 1_000_000) => {
  let t = start;
  return { now: () => t, advance: (ms: number) => (t += ms) };
};

describe('the per-container cache of successful password checks', () => {
  it('checks a repeated correct password without running scrypt again', async () => {
    const cache = verificationCache();
    const stored = await hashPassword('right');
    calls.scrypt = 0;
    expect(await verifyPassword('right', stored, { username: 'buyer', cache })).toBe(true);
    expect(calls.scrypt).toBe(1);
    expect(await verifyPassword('right', stored, { username: 'buyer', cache })).toBe(true);
    expect(calls.scrypt).toBe(1);
  });

  it('refuses a remembered password once the stored hash changed (a rotation), and runs scrypt for the new hash', async () => {
    const cache = verificationCache();
    const before = await hashPassword('old-secret');
    expect(await verifyPassword('old-secret', before, { username: 'buyer', cache })).toBe(true);
    const after = await hashPassword('new-secret');
    calls.scrypt = 0;
    expect(await verifyPassword('old-secret', after, { username: 'buyer', cache })).toBe(false);
    expect(calls.scrypt).toBe(1);
    // The same password hashed again (new salt) is a new hash: checked by scrypt, not by memory.
    const rehashed = await hashPassword('old-secret');
    calls.scrypt = 0;
    expect(await verifyPassword('old-secret', rehashed, { username: 'buyer', cache })).toBe(true);
    expect(calls.scrypt).toBe(1);
  });

  it('does not let a remembered success of one username open another login with the same hash', async () => {
    const cache = verificationCache();
    const stored = await hashPassword('shared');
    await verifyPassword('shared', stored, { username: 'first', cache });
    expect(cache.has('first', 'shared', stored)).toBe(true);
    expect(cache.has('second', 'shared', stored)).toBe(false);
  });

  it('never remembers a failure: every wrong password costs a full scrypt run', async () => {
    const cache = verificationCache();
    const stored = await hashPassword('right');
    calls.scrypt = 0;
    for (let i = 0; i < 3; i++) expect(await verifyPassword('wrong', stored, { username: 'buyer', cache })).toBe(false);
    expect(calls.scrypt).toBe(3);
    expect(cache.size).toBe(0);
    expect(cache.has('buyer', 'wrong', stored)).toBe(false);
  });

  it('forgets a success after its TTL and caps the TTL at five minutes', async () => {
    const time = clock();
    const cache = verificationCache({ ttlMs: 60_000, now: time.now });
    const stored = await hashPassword('right');
    await verifyPassword('right', stored, { username: 'buyer', cache });
    time.advance(59_999);
    expect(cache.has('buyer', 'right', stored)).toBe(true);
    time.advance(1);
    expect(cache.has('buyer', 'right', stored)).toBe(false);
    calls.scrypt = 0;
    expect(await verifyPassword('right', stored, { username: 'buyer', cache })).toBe(true);
    expect(calls.scrypt).toBe(1);

    const greedy = verificationCache({ ttlMs: 3_600_000, now: time.now });
    greedy.remember('buyer', 'right', stored);
    time.advance(5 * 60_000);
    expect(greedy.has('buyer', 'right', stored)).toBe(false);
  });

  it('keeps at most its bound of entries, dropping the oldest first', () => {
    const cache = verificationCache({ maxEntries: 3 });
    for (const name of ['a', 'b', 'c', 'd']) cache.remember(name, 'pw', 'scrypt$hash');
    expect(cache.size).toBe(3);
    expect(cache.has('a', 'pw', 'scrypt$hash')).toBe(false);
    expect(['b', 'c', 'd'].every((n) => cache.has(n, 'pw', 'scrypt$hash'))).toBe(true);
  });

  it('still ends a rotated-out password when its overlap ends, though a success with it was remembered', async () => {
    const cache = verificationCache();
    const oldHash = await hashPassword('old-secret');
    const now = new Date('2026-11-23T10:00:00Z');
    const login = {
      username: 'buyer',
      connectionId: 'acme',
      passwordHash: await hashPassword('new-secret'),
      previousHash: oldHash,
      previousValidUntil: '2026-11-23T11:00:00.000Z',
      createdAt: now.toISOString(),
    };
    expect(await loginAccepts(login, 'old-secret', now, cache)).toBe(true);
    expect(await loginAccepts(login, 'old-secret', new Date('2026-11-23T11:00:00Z'), cache)).toBe(false);
  });

  it('is not used for an unknown username: the decoy check always runs', async () => {
    const cache = verificationCache();
    await verifyPassword('guess', undefined, { username: 'nobody', cache });
    calls.scrypt = 0;
    expect(await verifyPassword('guess', undefined, { username: 'nobody', cache })).toBe(false);
    expect(calls.scrypt).toBe(1);
    expect(cache.size).toBe(0);
  });
});
