import { createHmac, randomBytes } from 'node:crypto';

/** The longest a successful check is remembered: the bound is 5 minutes. */
export const VERIFICATION_TTL_MS = 2 * 60_000;
/** Entries kept at most (an HMAC and a time each): oldest out first. */
export const VERIFICATION_MAX_ENTRIES = 1_000;

/**
 * Successful password checks, remembered for a short while per container, so a buyer system calling
 * up again and again does not pay some 50 ms of scrypt each time (the chain's bottleneck).
 *
 * Keyed by an HMAC under a random key made per container (never stored, never logged) over the
 * username, the password and the stored hash: the password itself is not kept, a table read gives
 * nothing to test guesses against, and a rotation or any change of the stored hash misses (the new
 * hash is checked by scrypt). Only successes are remembered: a wrong password always costs scrypt.
 * Rules that do not depend on the password (an overlap's end, a removed login, a switched-off
 * connection) are decided by the caller on every call, cache or not.
 */
export function verificationCache(options: { ttlMs?: number; maxEntries?: number; now?: () => number } = {}) {
  const ttlMs = Math.min(options.ttlMs ?? VERIFICATION_TTL_MS, 5 * 60_000);
  const maxEntries = options.maxEntries ?? VERIFICATION_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const key = randomBytes(32);
  const verified = new Map<string, number>();
  // Checks under way: many call-ups of one login at once (a cold container at 9:00) share one scrypt run.
  const pending = new Map<string, Promise<boolean>>();
  // Length-prefixed, so ("ab", "c") and ("a", "bc") never meet.
  const digest = (parts: readonly string[]) => {
    const mac = createHmac('sha256', key);
    for (const part of parts) mac.update(`${Buffer.byteLength(part)}:`).update(part);
    return mac.digest('base64url');
  };
  return {
    /** Whether (username, password, stored hash) was verified within the TTL. */
    has(username: string, password: string, stored: string): boolean {
      const id = digest([username, password, stored]);
      const at = verified.get(id);
      if (at === undefined) return false;
      if (now() - at < ttlMs) return true;
      verified.delete(id);
      return false;
    },
    /** Remember a successful check (call only after scrypt said yes). */
    remember(username: string, password: string, stored: string): void {
      const id = digest([username, password, stored]);
      verified.delete(id);
      verified.set(id, now());
      while (verified.size > maxEntries) verified.delete(verified.keys().next().value!);
    },
    /**
     * Run `check` (scrypt) once for identical (username, password, stored hash) checks under way at
     * the same time: without it, 30 concurrent first call-ups each paid scrypt and overran the
     * request deadline (test/reliability/load.test.ts). Only the sharing lasts while it runs; a
     * failure is never remembered.
     */
    once(username: string, password: string, stored: string, check: () => Promise<boolean>): Promise<boolean> {
      const id = digest([username, password, stored]);
      let running = pending.get(id);
      if (!running) {
        running = check().finally(() => pending.delete(id));
        pending.set(id, running);
      }
      return running;
    },
    get size() {
      return verified.size;
    },
  };
}

export type VerificationCache = ReturnType<typeof verificationCache>;
