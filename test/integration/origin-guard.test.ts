import { describe, expect, it } from 'vitest';
import { createDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { loadSecrets } from '../../functions/secrets';
import { testConfig } from '../support/stack';

const VERIFY = 'cloudfront-only-0123456789abcdefghijklmnopqrstuv';

async function appBehindCloudFront() {
  const secrets = { ...(await loadSecrets({})), originVerify: VERIFY };
  return createLocalApp(createDeps(testConfig(), secrets));
}

describe('a request sent to the Function URL around CloudFront', () => {
  it('is refused with 403 and a plain sentence, on any path', async () => {
    const app = await appBehindCloudFront();
    for (const [path, init] of [
      ['/health', {}],
      ['/punchout/oci', { method: 'POST', body: 'USERNAME=x&PASSWORD=y', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
      ['/ops/sign-in', { method: 'POST', body: 'email=operator%40flexfleet.example', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
    ] as const) {
      const response = await app.request(path, init);
      expect(response.status, path).toBe(403);
      expect(await response.text(), path).toMatch(/not served directly/);
    }
  });

  it('is refused with a wrong or a truncated origin value', async () => {
    const app = await appBehindCloudFront();
    for (const value of ['guess', VERIFY.slice(0, -1), `${VERIFY}x`]) {
      expect((await app.request('/health', { headers: { 'x-origin-verify': value } })).status, value).toBe(403);
    }
  });

  it('passes when CloudFront added its value', async () => {
    const app = await appBehindCloudFront();
    const response = await app.request('/health', { headers: { 'x-origin-verify': VERIFY } });
    expect(response.status).toBe(200);
  });

  it('passes without any check when there is no CloudFront (no custom domain, local stack)', async () => {
    const app = createLocalApp(createDeps(testConfig(), await loadSecrets({})));
    expect((await app.request('/health')).status).toBe(200);
  });
});
