import { describe, expect, it, vi } from 'vitest';

// Count scrypt runs (either flavour): the real functions, watched.
const calls = vi.hoisted(() => ({ scrypt: 0 }));
vi.mock('node:crypto', async (original) => (await import('../support/scrypt-runs')).countingScrypt(await original(), calls));

const { hashPassword, verifyPassword } = await import('../../functions/punchout/password');

describe('connection passwords', () => {
  it('computes no decoy hash at import, only when an unknown username first needs it', async () => {
    expect(calls.scrypt).toBe(0);
    expect(await verifyPassword('guess', undefined)).toBe(false);
    expect(calls.scrypt).toBe(2); // the decoy, then the comparison
    expect(await verifyPassword('guess', undefined)).toBe(false);
    expect(calls.scrypt).toBe(3); // the decoy is kept
  });

  it('hashes off the event loop: timers fire while a password is checked', async () => {
    const stored = await hashPassword('right');
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    const checks = await Promise.all(Array.from({ length: 8 }, (_, i) => verifyPassword(i ? `wrong-${i}` : 'right', stored)));
    clearInterval(timer);
    expect(checks).toEqual([true, false, false, false, false, false, false, false]);
    expect(ticks).toBeGreaterThan(0);
  });
});
