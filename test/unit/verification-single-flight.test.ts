import { describe, expect, it, vi } from 'vitest';

// Count scrypt runs: the real function, watched.
const calls = vi.hoisted(() => ({ scrypt: 0 }));
vi.mock('node:crypto', async (original) => (await import('../support/scrypt-runs')).countingScrypt(await original(), calls));

const { hashPassword, verifyPassword } = await import('../../functions/punchout/password');
const { verificationCache } = await import('../../functions/punchout/verification-cache');

// Found by test/reliability/load.test.ts: 30 concurrent first call-ups of one login each ran scrypt and overran the 12 s deadline (503).
describe('password checks of one login at the same moment', () => {
  it('run scrypt once for thirty identical checks under way together, and all thirty succeed', async () => {
    const cache = verificationCache();
    const stored = await hashPassword('right');
    calls.scrypt = 0;
    const results = await Promise.all(Array.from({ length: 30 }, () => verifyPassword('right', stored, { username: 'buyer', cache })));
    expect(results.every(Boolean)).toBe(true);
    expect(calls.scrypt).toBe(1);
  });

  it('share nothing between different passwords, and a wrong one shared at the same moment is still checked again afterwards', async () => {
    const cache = verificationCache();
    const stored = await hashPassword('right');
    calls.scrypt = 0;
    const results = await Promise.all([
      verifyPassword('wrong', stored, { username: 'buyer', cache }),
      verifyPassword('wrong', stored, { username: 'buyer', cache }),
      verifyPassword('right', stored, { username: 'buyer', cache }),
      verifyPassword('guess', stored, { username: 'buyer', cache }),
    ]);
    expect(results).toEqual([false, false, true, false]);
    expect(calls.scrypt).toBe(3);
    expect(await verifyPassword('wrong', stored, { username: 'buyer', cache })).toBe(false);
    expect(calls.scrypt).toBe(4);
  });
});
