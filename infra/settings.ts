import type { Node } from 'constructs';

/**
 * Everything a deployment can choose, read from CDK context (`-c key=value` or cdk.json) and
 * checked before any construct is built, so a typo fails synth with a sentence, not a stack trace.
 */
export interface Settings {
  stackName: string;
  /** Sender of every e-mail; its domain (or `sesIdentity`) must be verified in SES. */
  mailFrom: string;
  /** Operations mailbox that receives new-request notices. */
  opsMailbox: string;
  /** SES identity that authorises `mailFrom`: a domain (default: mailFrom's domain) or an address. */
  sesIdentity: string;
  /** false when the identity already exists in the account and region (CloudFormation cannot adopt it). */
  createSesIdentity: boolean;
  /** While SES is in the sandbox, verified recipient identities the worker may send to. */
  sandboxRecipients: string[];
  /** Custom domain served by CloudFront; needs `certificateArn` (an ACM certificate in us-east-1). */
  domainName?: string;
  certificateArn?: string;
  /** Optional AWS WAF web ACL (scope CLOUDFRONT, us-east-1) for the distribution; see infra/waf.ts for the rules it should hold. */
  webAclArn?: string;
  /** Add a second stack, in us-east-1, holding a web ACL with this app's rate-based rules (infra/waf.ts). */
  createWebAcl: boolean;
  /** Reserved concurrency of the web function: the most requests it serves at once (0: no reservation). */
  webConcurrency: number;
  /** Optional address subscribed to the alarm topic. */
  alarmEmail?: string;
  sessionMinutes: number;
  logRetentionDays: number;
  /** The supplier's branding in requester e-mails and the status page: sender name, https logo URL, `#rrggbb` colour. */
  brandName?: string;
  brandLogoUrl?: string;
  brandColour?: string;
}

/** The branding settings as the functions read them (functions/config.ts BRAND_*): only those given. */
export function brandEnvironment(settings: Pick<Settings, 'brandName' | 'brandLogoUrl' | 'brandColour'>): Record<string, string> {
  return {
    ...(settings.brandName ? { BRAND_NAME: settings.brandName } : {}),
    ...(settings.brandLogoUrl ? { BRAND_LOGO_URL: settings.brandLogoUrl } : {}),
    ...(settings.brandColour ? { BRAND_COLOUR: settings.brandColour } : {}),
  };
}

/** Retention values CloudWatch Logs accepts. */
const RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i;

export const DEFAULTS = {
  stackName: 'FlexfleetPunchout',
  mailFrom: 'reservations@flexfleet.example',
  opsMailbox: 'operations@flexfleet.example',
  sessionMinutes: 240,
  logRetentionDays: 90,
  webConcurrency: 25,
} as const;

type Context = Record<string, unknown>;

function str(ctx: Context, key: string): string | undefined {
  const value = ctx[key];
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

function bool(ctx: Context, key: string, fallback: boolean): boolean {
  const value = str(ctx, key);
  if (value === undefined) return fallback;
  if (['true', '1', 'yes'].includes(value.toLowerCase())) return true;
  if (['false', '0', 'no'].includes(value.toLowerCase())) return false;
  throw new Error(`Context "${key}" must be true or false, got "${value}"`);
}

function int(ctx: Context, key: string, fallback: number): number {
  const value = str(ctx, key);
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`Context "${key}" must be a whole number, got "${value}"`);
  return Number(value);
}

/** Settings from a plain context object (what tests pass) or a construct node (what the app passes). */
export function readSettings(source: Node | Context): Settings {
  const ctx: Context =
    typeof (source as Node).tryGetContext === 'function'
      ? new Proxy({}, { get: (_t, key) => (source as Node).tryGetContext(String(key)) })
      : (source as Context);
  const problems: string[] = [];

  const mailFrom = str(ctx, 'mailFrom') ?? DEFAULTS.mailFrom;
  if (!EMAIL.test(mailFrom)) problems.push(`mailFrom "${mailFrom}" is not an e-mail address`);
  const opsMailbox = str(ctx, 'opsMailbox') ?? DEFAULTS.opsMailbox;
  if (!EMAIL.test(opsMailbox)) problems.push(`opsMailbox "${opsMailbox}" is not an e-mail address`);
  const sesIdentity = str(ctx, 'sesIdentity') ?? mailFrom.split('@')[1] ?? '';
  if (!EMAIL.test(sesIdentity) && !DOMAIN.test(sesIdentity)) {
    problems.push(`sesIdentity "${sesIdentity}" is neither a domain nor an e-mail address`);
  } else if (sesIdentity.includes('@') ? sesIdentity !== mailFrom : !mailFrom.endsWith(`@${sesIdentity}`)) {
    problems.push(`sesIdentity "${sesIdentity}" does not authorise mailFrom "${mailFrom}"`);
  }
  const sandboxRecipients = (str(ctx, 'sandboxRecipients') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const r of sandboxRecipients) if (!EMAIL.test(r)) problems.push(`sandboxRecipients: "${r}" is not an e-mail address`);

  const domainName = str(ctx, 'domainName');
  const certificateArn = str(ctx, 'certificateArn');
  if (domainName && !DOMAIN.test(domainName)) problems.push(`domainName "${domainName}" is not a domain name`);
  if (Boolean(domainName) !== Boolean(certificateArn)) {
    problems.push('domainName and certificateArn go together: give both or neither');
  }
  if (certificateArn && !/^arn:aws[a-z-]*:acm:us-east-1:\d{12}:certificate\/[\w-]+$/.test(certificateArn)) {
    problems.push('certificateArn must be an ACM certificate ARN in us-east-1 (CloudFront reads certificates only there)');
  }
  const webAclArn = str(ctx, 'webAclArn');
  if (webAclArn && !domainName) problems.push('webAclArn needs domainName: the web ACL is attached to the CloudFront distribution');
  if (webAclArn && !/^arn:aws[a-z-]*:wafv2:us-east-1:\d{12}:global\/webacl\/.+$/.test(webAclArn)) {
    problems.push('webAclArn must be a WAFv2 web ACL with scope CLOUDFRONT (arn:aws:wafv2:us-east-1:…:global/webacl/…)');
  }
  const alarmEmail = str(ctx, 'alarmEmail');
  if (alarmEmail && !EMAIL.test(alarmEmail)) problems.push(`alarmEmail "${alarmEmail}" is not an e-mail address`);

  let sessionMinutes: number = DEFAULTS.sessionMinutes;
  let logRetentionDays: number = DEFAULTS.logRetentionDays;
  let createSesIdentity = true;
  let createWebAcl = false;
  let webConcurrency: number = DEFAULTS.webConcurrency;
  try {
    createWebAcl = bool(ctx, 'createWebAcl', false);
    webConcurrency = int(ctx, 'webConcurrency', DEFAULTS.webConcurrency);
    if (webConcurrency > 900) problems.push('webConcurrency must be at most 900 (AWS keeps 100 of the default 1000 unreserved)');
    sessionMinutes = int(ctx, 'sessionMinutes', DEFAULTS.sessionMinutes);
    if (sessionMinutes < 5 || sessionMinutes > 24 * 60) problems.push('sessionMinutes must be between 5 and 1440');
    logRetentionDays = int(ctx, 'logRetentionDays', DEFAULTS.logRetentionDays);
    if (!RETENTION_DAYS.includes(logRetentionDays)) {
      problems.push(`logRetentionDays must be one of ${RETENTION_DAYS.join(', ')}`);
    }
    createSesIdentity = bool(ctx, 'createSesIdentity', true);
  } catch (error) {
    problems.push((error as Error).message);
  }

  // The same rules as functions/config.ts, so a bad value fails synth, not the first e-mail.
  const brandName = str(ctx, 'brandName');
  if (brandName && !/^[\p{L}\p{N}][\p{L}\p{N} .&'-]{0,59}$/u.test(brandName)) problems.push(`brandName "${brandName}" must be 1-60 letters, digits, spaces or . & ' -`);
  const brandLogoUrl = str(ctx, 'brandLogoUrl');
  if (brandLogoUrl && (!/^https:\/\/[^\s"'<>]+$/.test(brandLogoUrl) || brandLogoUrl.length > 500)) problems.push('brandLogoUrl must be an https URL of at most 500 characters');
  const brandColour = str(ctx, 'brandColour');
  if (brandColour && !/^#[0-9a-fA-F]{6}$/.test(brandColour)) problems.push(`brandColour "${brandColour}" must be a colour like #0b5cad`);

  const stackName = str(ctx, 'stackName') ?? DEFAULTS.stackName;
  if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(stackName)) problems.push(`stackName "${stackName}" is not a valid stack name`);

  if (problems.length > 0) throw new Error(`Invalid deployment settings:\n  - ${problems.join('\n  - ')}`);
  return {
    stackName,
    mailFrom,
    opsMailbox,
    sesIdentity,
    createSesIdentity,
    sandboxRecipients,
    domainName,
    certificateArn,
    webAclArn,
    alarmEmail,
    createWebAcl,
    webConcurrency,
    sessionMinutes,
    logRetentionDays,
    brandName,
    brandLogoUrl,
    brandColour,
  };
}
