import * as z from 'zod/mini';
import { isTimeZone } from './catalog/time-zone';
import { DEFAULT_WORKING_TIME_ZONE, parseWorkingHours } from './operations/working-hours';

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
  /**
   * The one origin of the app (`https://rent.example.com`, no trailing slash): every link in an
   * e-mail is built from it, and sign-ins addressed to any other host are refused. Absent only in
   * Lambda without a custom domain, where the Function URL's own host (from the Lambda event, which
   * AWS routes by that host alone) takes its place: see `publicOrigin` in http/public-origin.ts.
   */
  publicBaseUrl?: string;
  /** Working hours within which an open request should be answered. */
  responseTargetHours: number;
  /** Working hours at the desks (Monday to Friday), `08:00-18:00`, in the desk's IANA zone (WORKING_TIME_ZONE). */
  workingHours: { start: number; end: number; timeZone: string };
  /** An unconfirmed request expires after this many days (or at its pick-up, if sooner). */
  holdExpiryDays: number;
  /** Hours an operations console sign-in lasts. */
  opsSessionHours: number;
  /**
   * A header that carries the client's address, trusted only behind CloudFront (`cloudfront-viewer-address`):
   * set by the CDK stack with a custom domain. Otherwise the address is the Lambda event's source IP
   * or the socket's (http/client-address.ts).
   */
  trustedClientIpHeader?: string;
  /** Milliseconds after which an HTTP request is answered "took too long" (http/deadline.ts); below the Lambda timeout. */
  requestDeadlineMs: number;
  /** Days personal data is kept after it was written or after the rental ended (functions/store/retention.ts). */
  personalDataDays: number;
  /** The supplier's branding in requester e-mails and the status page (BRAND_NAME, BRAND_LOGO_URL, BRAND_COLOUR). */
  brand: Brand;
}

export interface Brand {
  /** Sender name and signature ("FlexFleet"). */
  name: string;
  /** An https image URL shown at the top of requester e-mails and the status page. */
  logoUrl?: string;
  /** Accent colour, `#rrggbb`. */
  colour: string;
}

export const DEFAULT_BRAND: Brand = { name: 'FlexFleet', colour: '#0b5cad' };

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
  PUBLIC_BASE_URL: z.optional(z.url({ protocol: /^https?$/ })),
  /** Set by the Lambda runtime: the only place PUBLIC_BASE_URL may be missing. */
  AWS_LAMBDA_FUNCTION_NAME: z.optional(z.string()),
  RESPONSE_TARGET_HOURS: z.optional(z.string().check(z.regex(/^\d+(\.\d+)?$/))),
  WORKING_HOURS: z.optional(z.string().check(z.regex(/^\d{2}:\d{2}-\d{2}:\d{2}$/))),
  WORKING_TIME_ZONE: z.optional(z.string().check(z.refine(isTimeZone))),
  HOLD_EXPIRY_DAYS: z.optional(z.string().check(z.regex(/^[1-9]\d?$/))),
  OPS_SESSION_HOURS: z.optional(z.string().check(z.regex(/^[1-9]\d?$/))),
  TRUSTED_CLIENT_IP_HEADER: z.optional(z.string().check(z.regex(/^[A-Za-z0-9-]{1,64}$/))),
  // 100 ms to 15 s: the issue's hard stop is 15 s.
  REQUEST_DEADLINE_MS: z.optional(z.string().check(z.regex(/^\d{3,5}$/), z.refine((v) => Number(v) >= 100 && Number(v) <= 15000))),
  PERSONAL_DATA_DAYS: z.optional(z.string().check(z.regex(/^[1-9]\d{0,3}$/))),
  // A display name: letters, digits, spaces and a little punctuation; nothing that could break a From header.
  BRAND_NAME: z.optional(z.string().check(z.regex(/^[\p{L}\p{N}][\p{L}\p{N} .&'-]{0,59}$/u))),
  BRAND_LOGO_URL: z.optional(z.url({ protocol: /^https$/ }).check(z.maxLength(500))),
  BRAND_COLOUR: z.optional(z.string().check(z.regex(/^#[0-9a-fA-F]{6}$/))),
});

function workingHours(text: string): { start: number; end: number } {
  const hours = parseWorkingHours(text);
  if (!hours) throw new Error('Invalid configuration in environment: WORKING_HOURS');
  return hours;
}

/**
 * Read and check the environment. PUBLIC_BASE_URL is required (links are never built from request
 * headers) except in Lambda, or for command-line tools that send no links (`requirePublicBaseUrl: false`).
 */
export function readConfig(env: Record<string, string | undefined> = process.env, options: { requirePublicBaseUrl?: boolean } = {}): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((issue) => issue.path.join('.')).join(', ');
    throw new Error(`Invalid configuration in environment: ${fields}`);
  }
  const e = parsed.data;
  if (!e.PUBLIC_BASE_URL && !e.AWS_LAMBDA_FUNCTION_NAME && options.requirePublicBaseUrl !== false) {
    throw new Error('Invalid configuration in environment: PUBLIC_BASE_URL (required outside Lambda, e.g. http://localhost:3000)');
  }
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
    publicBaseUrl: e.PUBLIC_BASE_URL && new URL(e.PUBLIC_BASE_URL).origin,
    responseTargetHours: Number(e.RESPONSE_TARGET_HOURS ?? 4),
    workingHours: { ...workingHours(e.WORKING_HOURS ?? '08:00-18:00'), timeZone: e.WORKING_TIME_ZONE ?? DEFAULT_WORKING_TIME_ZONE },
    holdExpiryDays: Number(e.HOLD_EXPIRY_DAYS ?? 3),
    opsSessionHours: Number(e.OPS_SESSION_HOURS ?? 10),
    trustedClientIpHeader: e.TRUSTED_CLIENT_IP_HEADER?.toLowerCase() || undefined,
    requestDeadlineMs: Number(e.REQUEST_DEADLINE_MS ?? 12000),
    personalDataDays: Number(e.PERSONAL_DATA_DAYS ?? 365),
    brand: {
      name: e.BRAND_NAME ?? DEFAULT_BRAND.name,
      ...(e.BRAND_LOGO_URL ? { logoUrl: e.BRAND_LOGO_URL } : {}),
      colour: (e.BRAND_COLOUR ?? DEFAULT_BRAND.colour).toLowerCase(),
    },
  };
}
