import * as z from 'zod/mini';

/** Everything the app reads from its environment, validated once at start-up and passed in. */
export interface Config {
  tableName: string;
  region: string;
  /** Set only when talking to DynamoDB Local. */
  dynamoEndpoint?: string;
  /** Set only when talking to the local SES. */
  sesEndpoint?: string;
  /** The local stack: loopback HOOK_URLs allowed, the test procurement page mounted. */
  localStack: boolean;
  /** Minutes a punch-out session stays usable after the call-up. */
  sessionMinutes: number;
  /** Where web bundles are served from (`/assets/*`). */
  assetsDir: string;
  mailFrom: string;
  opsMailbox: string;
}

const flag = z.optional(z.enum(['true', 'false', '1', '0']));

const EnvSchema = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  AWS_REGION: z.optional(z.string()),
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  SES_ENDPOINT: z.optional(z.url()),
  LOCAL_STACK: flag,
  SESSION_MINUTES: z.optional(z.string().check(z.regex(/^\d+$/))),
  ASSETS_DIR: z.optional(z.string()),
  MAIL_FROM: z.optional(z.email()),
  OPS_MAILBOX: z.optional(z.email()),
});

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Invalid configuration in environment: ${fields}`);
  }
  const e = parsed.data;
  return {
    tableName: e.TABLE_NAME,
    region: e.AWS_REGION ?? 'eu-west-1',
    dynamoEndpoint: e.DYNAMODB_ENDPOINT,
    sesEndpoint: e.SES_ENDPOINT,
    localStack: e.LOCAL_STACK === 'true' || e.LOCAL_STACK === '1',
    sessionMinutes: Number(e.SESSION_MINUTES ?? 240),
    assetsDir: e.ASSETS_DIR ?? 'dist/web',
    mailFrom: e.MAIL_FROM ?? 'reservations@flexfleet.example',
    opsMailbox: e.OPS_MAILBOX ?? 'operations@flexfleet.example',
  };
}
