import * as z from 'zod/mini';
import { parseWorkingHours } from './operations/working-hours';

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
  /** SES configuration set the mail worker sends with (bounces, complaints); none locally. */
  sesConfigurationSet?: string;
  /** Absolute base URL of the app (`https://rent.example.com`), for links in e-mails; else taken from the request. */
  publicBaseUrl?: string;
  /** Working hours within which an open request should be answered. */
  responseTargetHours: number;
  /** Working hours at the desks (Monday to Friday), `08:00-18:00`. */
  workingHours: { start: number; end: number };
  /** An unconfirmed request expires after this many days (or at its pick-up, if sooner). */
  holdExpiryDays: number;
  /** Hours an operations console sign-in lasts. */
  opsSessionHours: number;
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
  SES_CONFIGURATION_SET: z.optional(z.string()),
  PUBLIC_BASE_URL: z.optional(z.url()),
  RESPONSE_TARGET_HOURS: z.optional(z.string().check(z.regex(/^\d+(\.\d+)?$/))),
  WORKING_HOURS: z.optional(z.string().check(z.regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/))),
  HOLD_EXPIRY_DAYS: z.optional(z.string().check(z.regex(/^[1-9]\d?$/))),
  OPS_SESSION_HOURS: z.optional(z.string().check(z.regex(/^[1-9]\d?$/))),
});

function workingHours(text: string): { start: number; end: number } {
  const hours = parseWorkingHours(text);
  if (!hours) throw new Error('Invalid configuration in environment: WORKING_HOURS');
  return hours;
}

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
    sesConfigurationSet: e.SES_CONFIGURATION_SET || undefined,
    publicBaseUrl: e.PUBLIC_BASE_URL?.replace(/\/+$/, ''),
    responseTargetHours: Number(e.RESPONSE_TARGET_HOURS ?? 4),
    workingHours: workingHours(e.WORKING_HOURS ?? '08:00-18:00'),
    holdExpiryDays: Number(e.HOLD_EXPIRY_DAYS ?? 3),
    opsSessionHours: Number(e.OPS_SESSION_HOURS ?? 10),
  };
}
