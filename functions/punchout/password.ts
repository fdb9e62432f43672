import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { type VerificationCache, verificationCache } from './verification-cache';

const N = 16384;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;

/** scrypt on libuv's thread pool: some 50 ms of hashing must not stop every other request. */
function derive(password: string, salt: Buffer, length: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => scrypt(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))));
}

/** Hash a connection secret for storage: `scrypt$N$r$p$salt$hash` (base64url). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await derive(password, salt, KEY_LENGTH, { N, r: R, p: P });
  return ['scrypt', N, R, P, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

// Compared against when the username is unknown, so a miss costs as much time as a hit.
// Made on first need, not at import: a cold start that never meets an unknown name skips it.
let decoy: Promise<string> | undefined;
const decoyHash = () => (decoy ??= hashPassword(randomBytes(12).toString('hex')));

/** The container's remembered successful checks (verification-cache.ts). */
const remembered = verificationCache();

/**
 * Constant-time check of a password against a stored hash (or the decoy when none is stored). With
 * `cache` and a username, a success is remembered for a short while (verification-cache.ts), keyed
 * by username, password and this hash, so a new hash is always checked by scrypt.
 */
export async function verifyPassword(
  password: string,
  stored: string | undefined,
  cached?: { username: string; cache?: VerificationCache },
): Promise<boolean> {
  const cache = cached && stored !== undefined ? (cached.cache ?? remembered) : undefined;
  if (cache?.has(cached!.username, password, stored!)) return true;
  const ok = await (cache ? cache.once(cached!.username, password, stored!, () => scryptMatches(password, stored)) : scryptMatches(password, stored));
  if (ok) cache?.remember(cached!.username, password, stored!);
  return ok;
}

async function scryptMatches(password: string, stored: string | undefined): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = (stored ?? (await decoyHash())).split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await derive(password, Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
  });
  return timingSafeEqual(actual, expected) && stored !== undefined;
}
