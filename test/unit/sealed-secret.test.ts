import { describe, expect, it } from 'vitest';
import { seal, unseal } from '../../functions/punchout/sealed-secret';

const KEY = 'a-signing-key-of-at-least-thirty-two-characters';

describe('a sealed confirmation secret', () => {
  it('opens with the same key for the same connection, and does not show the secret', () => {
    const sealed = seal(KEY, 'buyer-shared-secret-é', 'acme');
    expect(sealed).not.toContain('buyer-shared-secret');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(unseal(KEY, sealed, 'acme')).toBe('buyer-shared-secret-é');
  });

  it('is different every time it is sealed', () => {
    expect(seal(KEY, 'same', 'acme')).not.toBe(seal(KEY, 'same', 'acme'));
  });

  it('does not open with another signing key', () => {
    expect(unseal('another-signing-key-of-thirty-two-characters', seal(KEY, 'secret', 'acme'), 'acme')).toBeUndefined();
  });

  it('does not open when copied onto another connection', () => {
    expect(unseal(KEY, seal(KEY, 'secret', 'acme'), 'globex')).toBeUndefined();
  });

  it('does not open once altered or cut short', () => {
    const sealed = seal(KEY, 'secret', 'acme');
    const [v, iv, body, tag] = sealed.split('.');
    const flipped = Buffer.from(body, 'base64url');
    flipped[0] ^= 1;
    expect(unseal(KEY, [v, iv, flipped.toString('base64url'), tag].join('.'), 'acme')).toBeUndefined();
    expect(unseal(KEY, [v, iv, body, Buffer.from(tag, 'base64url').subarray(0, 4).toString('base64url')].join('.'), 'acme')).toBeUndefined();
    expect(unseal(KEY, 'plain-text-secret', 'acme')).toBeUndefined();
    expect(unseal(KEY, `${sealed}.extra`, 'acme')).toBeUndefined();
  });
});
