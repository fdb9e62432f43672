import { randomBytes } from 'node:crypto';
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { type Db, withoutKeys } from './db';
import { keys } from './keys';
import { ttl } from './retention';

/** One admin change: who, when, what, old → new (secrets only as "[changed]"). */
export interface AuditEntry {
  /** `connection#<id>` | `vehicleType#<id>` | `location#<id>` | `unit#<plate>` */
  subject: string;
  at: string;
  actor: { email: string; name: string };
  action: string;
  changes: { field: string; from?: unknown; to?: unknown }[];
}

/** How a secret's change is shown: that it changed, never what it was or became. */
export const SECRET_CHANGED = '[changed]';

/**
 * The secret fields, by their exact names: a login's password hashes and the cXML shared secret's
 * hash (passwords and the secret itself are never stored, so never diffed). Exact names only: a
 * connection's `callUpParams.password` is a list of parameter names, no secret, and is shown.
 */
const ALWAYS_SECRET = ['passwordHash', 'previousHash', 'sharedSecretHash'];

/** Record an admin change; kept `ttl.audit` (store/retention.ts). */
export async function recordAudit(db: Db, entry: Omit<AuditEntry, 'at'>, now = new Date()): Promise<void> {
  const at = now.toISOString();
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.audit(entry.subject, at, randomBytes(4).toString('hex')), entity: 'audit', ...entry, at, expiresAt: ttl.audit(now) },
    }),
  );
}

/** A subject's changes, newest first (at most `limit`). */
export async function auditOf(db: Db, subject: string, limit = 200): Promise<AuditEntry[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.auditOf(subject) },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return (out.Items ?? []).map((item) => withoutKeys<AuditEntry>(item));
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON with object keys sorted: a record read back from DynamoDB has its map keys in another order. */
function stable(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stable).join(',')}]`;
  if (isPlainObject(value)) {
    return `{${Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable(value[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'undefined';
}

/**
 * The fields that differ between two versions of a record, as dotted paths (`cart.unit`,
 * `organisation.billing.vatNumber`); arrays compare as a whole. The secret fields (ALWAYS_SECRET and
 * `secretFields`, by exact name, wherever they sit) appear as "[changed]", so the audit never holds a hash.
 */
export function diffForAudit(before: object | undefined, after: object, secretFields: string[] = []): AuditEntry['changes'] {
  const secrets = new Set([...ALWAYS_SECRET, ...secretFields]);
  const changes: AuditEntry['changes'] = [];
  const walk = (from: unknown, to: unknown, path: string, name: string) => {
    if (secrets.has(name)) {
      if (stable(from) !== stable(to)) {
        changes.push({ field: path, ...(from === undefined ? {} : { from: SECRET_CHANGED }), ...(to === undefined ? {} : { to: SECRET_CHANGED }) });
      }
      return;
    }
    if (isPlainObject(from) && isPlainObject(to)) {
      for (const key of new Set([...Object.keys(from), ...Object.keys(to)])) walk(from[key], to[key], path ? `${path}.${key}` : key, key);
      return;
    }
    if (stable(from) === stable(to)) return;
    changes.push({ field: path, ...(from === undefined ? {} : { from: redact(from, secrets) }), ...(to === undefined ? {} : { to: redact(to, secrets) }) });
  };
  walk(before ?? {}, after, '', '');
  return changes;
}

/** A value with every secret field inside it replaced (an array of objects that holds a hash, say). */
function redact(value: unknown, secrets: Set<string>): unknown {
  if (Array.isArray(value)) return value.map((v) => redact(v, secrets));
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, secrets.has(k) ? SECRET_CHANGED : redact(v, secrets)]));
  }
  return value;
}
