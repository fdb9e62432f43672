import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { loadSecrets, parseSecret, resetSecretsCache } from '../../functions/secrets';

const KEY = 'k'.repeat(64);
const ARN = 'arn:aws:secretsmanager:eu-west-1:123456789012:secret:SigningKey-AbCdEf';

describe('loadSecrets', () => {
  const sm = mockClient(SecretsManagerClient);
  beforeEach(() => {
    sm.reset();
    resetSecretsCache();
  });

  it('uses a local signing key when no secret is configured (local stack, tests)', async () => {
    expect(await loadSecrets({})).toEqual({ signingKey: 'local-development-signing-key' });
    expect(await loadSecrets({ LOCAL_SIGNING_KEY: 'mine' })).toEqual({ signingKey: 'mine' });
    expect(sm.calls()).toHaveLength(0);
  });

  it('reads the secret named by SECRETS_PARAMETER once per cold start', async () => {
    sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ signingKey: KEY }) });
    const env = { SECRETS_PARAMETER: ARN, AWS_REGION: 'eu-west-1' };
    const [a, b] = await Promise.all([loadSecrets(env), loadSecrets(env)]);
    const c = await loadSecrets(env);
    expect([a, b, c]).toEqual([{ signingKey: KEY }, { signingKey: KEY }, { signingKey: KEY }]);
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    expect(sm.commandCalls(GetSecretValueCommand)[0].args[0].input).toEqual({ SecretId: ARN });
  });

  it('tries again on the next call after a failed read', async () => {
    sm.on(GetSecretValueCommand)
      .rejectsOnce(Object.assign(new Error('slow down'), { name: 'ThrottlingException' }))
      .resolves({ SecretString: KEY });
    const env = { SECRETS_PARAMETER: ARN, AWS_REGION: 'eu-west-1' };
    await expect(loadSecrets(env)).rejects.toThrow('slow down');
    expect(await loadSecrets(env)).toEqual({ signingKey: KEY });
  });
});

describe('parseSecret', () => {
  it('accepts the generated JSON or a bare key', () => {
    expect(parseSecret(JSON.stringify({ signingKey: KEY }))).toEqual({ signingKey: KEY });
    expect(parseSecret(`  ${KEY}\n`)).toEqual({ signingKey: KEY });
  });

  it('refuses empty and short keys', () => {
    expect(() => parseSecret(undefined)).toThrow(/empty/);
    expect(() => parseSecret('short')).toThrow(/32/);
    expect(() => parseSecret(JSON.stringify({ signingKey: 'short' }))).toThrow(/32/);
  });
});
