import type { Context } from 'hono';
import { describe, expect, it } from 'vitest';
import { clientAddress } from '../../functions/http/client-address';

function context(headers: Record<string, string>, env: unknown): Context {
  return { req: { header: (name: string) => headers[name.toLowerCase()] }, env } as unknown as Context;
}

const lambda = { requestContext: { http: { sourceIp: '203.0.113.5' } } };
const node = { incoming: { socket: { remoteAddress: '::ffff:127.0.0.1' } } };

describe('client address', () => {
  it('takes the Lambda event’s source IP, or the socket’s address locally', () => {
    expect(clientAddress(context({}, lambda), {})).toBe('203.0.113.5');
    expect(clientAddress(context({}, node), {})).toBe('127.0.0.1');
    expect(clientAddress(context({}, undefined), {})).toBe('unknown');
  });

  it('ignores address headers a client can set unless configuration trusts one', () => {
    const spoofed = { 'cloudfront-viewer-address': '198.51.100.1:443', 'x-forwarded-for': '198.51.100.2' };
    expect(clientAddress(context(spoofed, lambda), {})).toBe('203.0.113.5');
  });

  it('reads CloudFront’s viewer address without its port, IPv4 and IPv6', () => {
    const config = { trustedClientIpHeader: 'cloudfront-viewer-address' };
    expect(clientAddress(context({ 'cloudfront-viewer-address': '198.51.100.1:443' }, lambda), config)).toBe('198.51.100.1');
    expect(clientAddress(context({ 'cloudfront-viewer-address': '2001:DB8::7:51234' }, lambda), config)).toBe('2001:db8::7');
    expect(clientAddress(context({}, lambda), config)).toBe('203.0.113.5');
  });
});
