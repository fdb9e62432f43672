/**
 * A secret we must send ourselves (the buyer's shared secret for our ConfirmationRequests), so it
 * cannot be stored as a hash: sealed with AES-256-GCM under a key derived from the app's signing
 * key (HKDF, its own purpose label), bound to the connection it belongs to, so a sealed value
 * copied onto another connection does not open. Free of Hono and the AWS SDK.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

const PURPOSE = 'confirmation-secret';
const VERSION = 'v1';

function keyOf(signingKey: string): Buffer {
  return Buffer.from(hkdfSync('sha256', signingKey, Buffer.alloc(0), PURPOSE, 32));
}

/** `v1.<iv>.<ciphertext>.<tag>` (base64url): what the connection stores. */
export function seal(signingKey: string, secret: string, connectionId: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(signingKey), iv, { authTagLength: 16 });
  cipher.setAAD(Buffer.from(connectionId, 'utf8'));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return [VERSION, iv, body, cipher.getAuthTag()].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** The secret, or undefined when the value was not sealed by this key for this connection (or was altered). */
export function unseal(signingKey: string, sealed: string, connectionId: string): string | undefined {
  const [version, iv, body, tag, ...rest] = sealed.split('.');
  if (version !== VERSION || !iv || body === undefined || !tag || rest.length) return undefined;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(signingKey), Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(connectionId, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    return undefined;
  }
}
