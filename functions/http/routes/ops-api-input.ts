import type { Context } from 'hono';
import { validator } from 'hono/validator';
import * as z from 'zod/mini';
import { issueMessage } from '../../catalog/fleet-schema';
import { CONTROL_MESSAGE, hasControlCharacters } from '../../format/characters';
import { type OpsRefusal, QUEUE_ORDER_FILTERS, QUEUE_PAGE_SIZE } from '../../operations/api';
import { normaliseEmail, ROLES } from '../../operations/staff';
import { CANCEL_REASONS, DECLINE_REASONS } from '../../requests/lifecycle';
import { REQUEST_ID, REQUEST_STATUSES } from '../../requests/request';

/**
 * What the console API accepts, checked at the boundary: every path parameter, query parameter and
 * JSON body has a format and a length limit, and anything else is a 400 naming the field and the
 * problem, before a handler (or DynamoDB, whose keys hold at most 2,048 bytes) sees it.
 */

/** Request references as `newRequestId` makes them (`RQ-261122-7K3M9Q`). */
export const RequestId = z.string().check(z.regex(REQUEST_ID, 'expected a request reference like RQ-261122-7K3M9Q'));

/** A calendar date that exists, within the years the business can mean. */
export const IsoDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD'),
  z.refine((value) => isRealDate(value), 'expected a date that exists on the calendar'),
  z.refine((value) => value >= '2000-01-01' && value <= '2099-12-31', 'expected a date between 2000 and 2099'),
);

function isRealDate(value: string): boolean {
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** Location and connection ids, as the fleet and connection files name them. */
export const Id = z.string().check(z.regex(/^[A-Za-z0-9._-]{1,64}$/, 'expected an id of at most 64 letters, digits, dots, dashes or underscores'));

/** An e-mail address, lower-cased and trimmed; at most 254 characters. */
export const Email = z.pipe(
  z.string().check(z.maxLength(254, 'expected an e-mail address of at most 254 characters')),
  z.transform((value, ctx) => {
    const email = normaliseEmail(value);
    if (!email) ctx.issues.push({ code: 'custom', message: 'expected an e-mail address', input: value });
    return email ?? '';
  }),
);

/** No control or hidden characters in names or notes (format/characters.ts); line breaks only in a note. */
const printable = (max: number, what: string, { lineBreaks = false } = {}) =>
  z.string().check(
    z.maxLength(max, `expected ${what} of at most ${max} characters`),
    z.refine((value) => !hasControlCharacters(value, { lineBreaks }), CONTROL_MESSAGE),
  );

export const Version = z.number().check(z.int('expected a whole number'), z.nonnegative(), z.maximum(1_000_000));

export const RequestParam = z.object({ id: RequestId });
export const StaffParam = z.object({ email: Email });

export const QueueQuery = z.object({
  status: z.optional(z.enum(REQUEST_STATUSES)),
  date: z.optional(IsoDate),
  location: z.optional(Id),
  connection: z.optional(Id),
  /** `awaiting`: no purchase order yet; `received`: the buyer's order arrived (cXML or recorded from an e-mail). */
  order: z.optional(z.enum(QUEUE_ORDER_FILTERS, "expected 'awaiting' or 'received'")),
  /** Requests per page, at most QUEUE_PAGE_SIZE (the default). */
  limit: z.optional(
    z.pipe(
      z.string().check(z.regex(/^[1-9]\d{0,2}$/, `expected a whole number from 1 to ${QUEUE_PAGE_SIZE}`)),
      z.transform(Number),
    ).check(z.refine((n) => n <= QUEUE_PAGE_SIZE, `expected a whole number from 1 to ${QUEUE_PAGE_SIZE}`)),
  ),
  /** The `cursor` of the previous page (opaque base64url; the store checks it further). */
  cursor: z.optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,1024}$/, 'expected the cursor of a previous page'))),
  /** `only`: the test requests of test-mode connections, which the real queue leaves out. */
  tests: z.optional(z.enum(['only'], "expected 'only' (list the test requests)")),
});

export const PlanningQuery = z.object({ location: z.optional(Id), week: z.optional(IsoDate) });

export const AssignBody = z.object({ plate: z.string().check(z.regex(/^[A-Z0-9-]{1,16}$/i, 'expected a plate of at most 16 letters, digits or dashes')), version: Version });
export const ConfirmBody = z.object({ version: Version });
const decision = (reasons: readonly [string, ...string[]]) =>
  z.object({ version: Version, reason: z.enum(reasons), note: z.optional(printable(1000, 'a note', { lineBreaks: true })) });
export const DeclineBody = decision(DECLINE_REASONS);
export const CancelBody = decision(CANCEL_REASONS);
export const RetryBody = z.object({
  owner: z.string().check(z.regex(/^(REQUEST|STAFF)#[^#]{1,300}$/, 'expected the owner of an outbox message (REQUEST#… or STAFF#…)')),
  id: z.string().check(z.regex(/^[A-Za-z0-9._:-]{1,200}$/, 'expected the id of an outbox message')),
});
export const StaffBody = z.object({
  email: Email,
  name: z.pipe(printable(100, 'a name'), z.transform((name) => name.trim())).check(z.minLength(1, 'expected a name')),
  role: z.enum(ROLES),
});
export const StaffChange = z.object({ role: z.optional(z.enum(ROLES)), active: z.optional(z.boolean()) });

/** A 400 naming each problem: `field: what was expected`; `field` is the first one, or the whole `where`. */
export function invalidInput(where: keyof typeof WHERE, error: z.core.$ZodError, input?: unknown): OpsRefusal {
  const { label, field } = WHERE[where];
  const problems = error.issues.slice(0, 5).map((issue) => `${issue.path.length ? issue.path.join('.') : label}: ${issueMessage(issue, input, 'expected a JSON object')}`);
  // The full path (`organisation.billing.invoiceAddress`, `hookAllowlist.0`): the form can point at the very input.
  const first = error.issues[0]?.path;
  return { error: 'invalid', message: `Invalid ${label}. ${problems.join('; ')}.`, field: first?.length ? first.join('.') : field };
}

const WHERE = {
  param: { label: 'address', field: 'path' },
  query: { label: 'query', field: 'query' },
  json: { label: 'request body', field: 'body' },
} as const;

/**
 * Hono's validator with a zod schema and the console's 400: the handler reads `c.req.valid(target)`,
 * typed. A JSON body without `content-type: application/json` counts as empty; malformed JSON is
 * answered by the API's error handler (`malformedJson`).
 */
export function valid<T extends keyof typeof WHERE, S extends z.ZodMiniType>(target: T, schema: S) {
  return validator(target, (value, c: Context) => {
    const parsed = schema.safeParse(value);
    if (!parsed.success) return c.json(invalidInput(target, parsed.error, value), 400);
    return parsed.data as z.output<S>;
  });
}
