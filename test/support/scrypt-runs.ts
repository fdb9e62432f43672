import type * as Crypto from 'node:crypto';

/**
 * node:crypto with scrypt (and scryptSync) counted into `calls.scrypt`: the real functions, watched.
 * For a test's `vi.mock('node:crypto', …)` factory, with `calls` from `vi.hoisted`; this file must
 * not import node:crypto itself (it would get the mock it is building).
 */
export function countingScrypt(crypto: typeof Crypto, calls: { scrypt: number }): Record<string, unknown> {
  const scrypt = (...args: Parameters<typeof crypto.scrypt>) => {
    calls.scrypt++;
    return (crypto.scrypt as (...a: unknown[]) => void)(...args);
  };
  const scryptSync = (...args: Parameters<typeof crypto.scryptSync>) => {
    calls.scrypt++;
    return crypto.scryptSync(...args);
  };
  return { ...crypto, default: { ...crypto, scrypt, scryptSync }, scrypt, scryptSync };
}
