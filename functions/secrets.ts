import { SDK_BUDGETS, sdkClientOptions } from './sdk-timeouts';

/** Secrets the functions need at run time. Never logged, never put in environment variables. */
export interface Secrets {
  /** HMAC key that signs punch-out session tokens. */
  signingKey: string;
  /**
   * Behind CloudFront: the value CloudFront puts in `x-origin-verify` on every request it
   * forwards, so the app can refuse requests sent to the Function URL around CloudFront (and its
   * web ACL). Absent without a custom domain and locally.
   */
  originVerify?: string;
}

type Env = Record<string, string | undefined>;

const LOCAL_SIGNING_KEY = 'local-development-signing-key';

let cached: { id: string; promise: Promise<Secrets> } | undefined;

/**
 * The secrets, read once per cold start from the Secrets Manager secret named (ARN or name) by
 * `SECRETS_PARAMETER`. Without that variable (local stack, tests) a local signing key is used.
 */
export function loadSecrets(env: Env = process.env): Promise<Secrets> {
  const id = env.SECRETS_PARAMETER;
  if (!id) return Promise.resolve({ signingKey: env.LOCAL_SIGNING_KEY ?? LOCAL_SIGNING_KEY });
  if (cached?.id === id) return cached.promise;
  const promise = fetchSecrets(id, env.AWS_REGION, env.ORIGIN_VERIFY_SECRET);
  cached = { id, promise };
  // A failed read (throttling, a network blip) must not poison the warm container: forget it.
  promise.catch(() => {
    if (cached?.promise === promise) cached = undefined;
  });
  return promise;
}

async function fetchSecrets(secretId: string, region: string | undefined, originVerifyId: string | undefined): Promise<Secrets> {
  // Imported here, not at the top: locally and in every test there is no secret to read, and a
  // Lambda reads it once per container, so its client's module is evaluated only then.
  const { GetSecretValueCommand, SecretsManagerClient } = await import('@aws-sdk/client-secrets-manager');
  const client = new SecretsManagerClient({ ...(region ? { region } : {}), ...sdkClientOptions(SDK_BUDGETS.secrets) });
  const read = async (id: string) => (await client.send(new GetSecretValueCommand({ SecretId: id }))).SecretString;
  const [signing, originVerify] = await Promise.all([read(secretId), originVerifyId ? read(originVerifyId) : undefined]);
  const secrets = parseSecret(signing);
  if (!originVerifyId) return secrets;
  if (!originVerify || originVerify.trim().length < 32) throw new Error('The origin-verify secret is shorter than 32 characters');
  return { ...secrets, originVerify: originVerify.trim() };
}

/** Accepts the JSON the stack generates (`{"signingKey":"…"}`) or a bare key string. */
export function parseSecret(value: string | undefined): Secrets {
  const text = value?.trim();
  if (!text) throw new Error('The secrets value is empty');
  if (text.startsWith('{')) {
    const parsed: unknown = JSON.parse(text);
    const key = (parsed as { signingKey?: unknown }).signingKey;
    if (typeof key !== 'string' || key.length < 32) {
      throw new Error('The secrets value has no signingKey of at least 32 characters');
    }
    return { signingKey: key };
  }
  if (text.length < 32) throw new Error('The signing key is shorter than 32 characters');
  return { signingKey: text };
}

/** For tests: forget the memoised read. */
export function resetSecretsCache(): void {
  cached = undefined;
}
