import { randomBytes, scryptSync } from 'node:crypto';
import { ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import fc from 'fast-check';
import { expect } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { keys } from '../../functions/store/keys';

/** LONG=1 (the opt-in long run) multiplies every surface's generated inputs by ten. */
export const LONG = process.env.LONG === '1';
export const INPUTS_PER_SURFACE = LONG ? 10_000 : 1_000;
/**
 * Inputs are sent in batches: one table scan before and one after each batch, not per input. The
 * long run's batches are larger: its table grows by the payload-log entries of every input, and
 * with batches of 10 the scans (2,000 of a table growing to tens of thousands of items) took most
 * of its time.
 */
export const BATCH = LONG ? 100 : 10;

/**
 * A surface's time limit: there to catch a hang, not to measure speed. A surface that takes 25 s
 * alone took over 90 s beside the rest of `npm test` on a loaded 2-core machine, so the limit is
 * `msPerInput` (its cost when measured alone, times about ten) per input plus a minute.
 */
export function fuzzTimeout(msPerInput: number): number {
  return INPUTS_PER_SURFACE * msPerInput + 60_000;
}

/** fast-check settings of a surface: numRuns batches of BATCH inputs; FUZZ_SEED=… replays a run. */
export function fuzzParameters(): fc.Parameters<unknown> {
  const seed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : undefined;
  return { numRuns: INPUTS_PER_SURFACE / BATCH, ...(seed === undefined ? {} : { seed }) };
}

/** BATCH inputs of `input` (fixed length, so every run tries exactly BATCH; shrinking narrows the values). */
export const batchOf = <T>(input: fc.Arbitrary<T>) => fc.array(input, { minLength: BATCH, maxLength: BATCH });

/**
 * The demo connection's secrets re-hashed with scrypt N=2: the app reads the cost from the stored
 * hash, so a wrong password costs microseconds instead of ~50 ms and 1,000 call-ups fit in seconds.
 * What is fuzzed is the input handling around the check, not the hash.
 */
export async function cheapenDemoSecrets(deps: AppDeps): Promise<void> {
  const cheap = (password: string) => {
    const salt = randomBytes(16);
    return ['scrypt', 2, 1, 1, salt.toString('base64url'), scryptSync(password, salt, 32, { N: 2, r: 1, p: 1 }).toString('base64url')].join('$');
  };
  const update = (key: Record<string, string>, expression: string, values: Record<string, string>) =>
    deps.db.doc.send(new UpdateCommand({ TableName: deps.db.table, Key: key, UpdateExpression: expression, ExpressionAttributeValues: values }));
  await update(keys.login(DEMO_CONNECTION.username), 'SET passwordHash = :h', { ':h': cheap(DEMO_CONNECTION.password) });
  await update(keys.connection(DEMO_CONNECTION.connection.id), 'SET cxml.sharedSecretHash = :c, orderChannel.sharedSecretHash = :o', {
    ':c': cheap(DEMO_CONNECTION.cxmlSharedSecret!),
    ':o': cheap(DEMO_CONNECTION.orderSharedSecret!),
  });
}

/** Every item key of the table, as `pk|sk`. */
export async function tableKeys(deps: AppDeps): Promise<Set<string>> {
  const found = new Set<string>();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await deps.db.doc.send(new ScanCommand({ TableName: deps.db.table, ProjectionExpression: 'pk, sk', ExclusiveStartKey: start }));
    for (const item of page.Items ?? []) found.add(`${item.pk}|${item.sk}`);
    start = page.LastEvaluatedKey;
  } while (start);
  return found;
}

/** What a refused input may leave behind: payload-log entries, throttling windows and refusal counters. */
export const REFUSAL_TRACES = [/\|PAYLOAD#/, /^THROTTLE#/, /^CALLUPSTATS#/];

/** The keys in `after` that are not in `before` and not matched by any of `allowed`. */
export function unexpectedItems(before: Set<string>, after: Set<string>, allowed: RegExp[] = REFUSAL_TRACES): string[] {
  return [...after].filter((key) => !before.has(key) && !allowed.some((pattern) => pattern.test(key)));
}

/** A stack trace or an internal error name in an answer. */
const LEAK = /\n\s+at [\w.<>]+ \(|\b(TypeError|ReferenceError|RangeError|SyntaxError|ValidationException|ConditionalCheckFailed)\b/;

/** The answer is no 5xx, and a refusal carries a readable message (no stack trace) naming the problem. */
export async function expectClearAnswer(response: Response, what: string): Promise<string> {
  const text = await response.text();
  expect(response.status, `${what} → ${response.status} ${text.slice(0, 300)}`).toBeLessThan(500);
  expect(text, `${what}: leaks internals`).not.toMatch(LEAK);
  if (response.status >= 400 && response.status !== 404) expect(text.trim().length, `${what}: a ${response.status} without a message`).toBeGreaterThan(10);
  return text;
}

/** Strings a hostile client sends: markup, script, injections, control characters, odd Unicode, huge and empty. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '<img src=x onerror=alert(1)>',
      '"><script>alert(1)</script>',
      'javascript:alert(1)',
      "'; DROP TABLE x; --",
      '${7*7}{{7*7}}',
      '../../../etc/passwd',
      '%00%0d%0a',
      '\u0000',
      '\r\nBcc: x@evil.example',
      '\u202e\u200b\ufeff',
      '\ud800',
      '💥'.repeat(50),
      'a'.repeat(5000),
      '__proto__',
      'constructor',
      '-1',
      '1e309',
      'NaN',
      '2026-02-30T09:00',
      '9999-12-31T23:59',
      '<![CDATA[x]]>',
      '&amp;&lt;&#0;&#x110000;',
    ),
  },
);

/** A plain (JSON-able) value of any shape, for bodies and fields of the wrong type. */
export const anyJson: fc.Arbitrary<unknown> = fc.oneof(hostileString, fc.jsonValue({ maxDepth: 2 }), fc.integer(), fc.double(), fc.constant(null));

/** `text` with any lone surrogate replaced (U+FFFD), as a browser would send it: encodeURIComponent throws on one. */
export const wellFormed = (text: string) => Buffer.from(text, 'utf8').toString('utf8');
