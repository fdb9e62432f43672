import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll, inject } from 'vitest';
import { priceFor } from '../../functions/catalog/offers';
import type { RentalPeriod } from '../../functions/catalog/period';
import type { AppDeps } from '../../functions/http/deps';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { createLocalApp } from '../../functions/local/server';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import { startStreamPoller, type StreamPoller } from '../../functions/local/stream-poller';
import type { RetryPolicy } from '../../functions/mail/outbox';
import { createSesClient, type Mailer, sesMailer } from '../../functions/mail/ses-mailer';
import { processStreamRecords } from '../../functions/mail/worker';
import type { RequestDetail } from '../../functions/operations/api';
import type { Role } from '../../functions/operations/staff';
import { newRequestId, type RentalRequest } from '../../functions/requests/request';
import { registerRequest } from '../../functions/store/requests';
import { createSession } from '../../functions/store/sessions';
import { addStaff, createOpsSession } from '../../functions/store/staff';
import { demoConnection } from './fixtures';
import { seededStack } from './stack';

/** Fast retries for tests: the same policy shape, milliseconds instead of seconds. */
export const FAST_RETRY: RetryPolicy = { attemptsPerRound: 3, baseDelayMs: 5, maxDelayMs: 20, autoRounds: 3, roundDelaysSeconds: [1, 1, 1] };

/** The mail worker fed from this table's stream in DynamoDB Local, sending to the run's local SES (or `mailer`). */
export function startMailWorker(deps: AppDeps, options: { mailer?: Mailer; retry?: RetryPolicy; now?: () => Date } = {}): StreamPoller {
  const mailer = options.mailer ?? sesMailer(createSesClient(deps.config));
  return startStreamPoller(
    deps.config,
    (records) => processStreamRecords({ db: deps.db, mailer, config: deps.config, retry: options.retry ?? FAST_RETRY, now: options.now }, records),
    { intervalMs: 100 },
  );
}

/** A staff member with a unique address (the local SES is shared by every test file of the run). */
export async function addTestStaff(deps: AppDeps, role: Role, name = role === 'admin' ? 'Ada Admin' : 'Otto Operator'): Promise<string> {
  const email = `${role}-${randomUUID().slice(0, 8)}@flexfleet.example`;
  await addStaff(deps.db, { email, name, role, active: true, createdAt: new Date().toISOString(), createdBy: 'test' });
  return email;
}

/** Headers of a signed-in console session: the cookie and the CSRF token. */
export async function signedIn(deps: AppDeps, email: string): Promise<{ cookie: string; csrf: string; headers: Record<string, string> }> {
  const { token, session } = await createOpsSession(deps.db, email, 1);
  const cookie = `__Host-ff_ops=${token}`;
  return { cookie, csrf: session.csrf, headers: { cookie, 'x-csrf-token': session.csrf, 'content-type': 'application/json' } };
}

/**
 * Register a request as a transfer does, straight through the store; `capacity` may exceed the
 * fleet's so that tests can make many overlapping requests of one type.
 */
export async function registerTestRequest(
  deps: AppDeps,
  options: { vehicleTypeId?: string; locationId?: string; period: RentalPeriod; capacity?: number; language?: 'en' | 'nl'; email?: string; extra?: Record<string, string> },
): Promise<RentalRequest> {
  const type = DEMO_FLEET.vehicleTypes.find((t) => t.id === (options.vehicleTypeId ?? 'estate-octavia'))!;
  const location = DEMO_FLEET.locations.find((l) => l.id === (options.locationId ?? 'ams-sloterdijk'))!;
  const now = new Date();
  const callUp = {
    hookUrl: 'http://localhost:4999/hook',
    requester: { email: options.email ?? `req-${randomUUID().slice(0, 8)}@acme.example`, fullName: 'Jane Doe' },
    language: options.language ?? 'en',
    extra: options.extra ?? { poNumber: '4500012345', costCentre: 'CC-1042' },
    unknownParams: {},
  };
  const { session } = await createSession(deps.db, deps.secrets.signingKey, DEMO_CONNECTION.connection.id, callUp as never, 60, now);
  const request: RentalRequest = {
    id: newRequestId(now),
    status: 'requested',
    connectionId: demoConnection.id,
    connectionName: demoConnection.name,
    sessionId: session.id,
    requester: callUp.requester,
    language: callUp.language,
    vehicleType: { id: type.id, sku: type.sku, name: type.name, example: type.example, category: type.category },
    location,
    period: options.period,
    price: priceFor(type, demoConnection, options.period),
    extra: callUp.extra,
    unknownParams: {},
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  const result = await registerRequest(deps.db, request, options.capacity ?? 50, session.expiresAt, now);
  if (result.outcome !== 'created') throw new Error(`registration: ${result.outcome}`);
  return request;
}

export interface StoredMail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  attachments: { filename?: string; contentType: string; content: string }[];
  at: number;
}

/** The e-mails in the run's local SES that match. */
export async function mailsIn(match: (mail: StoredMail) => boolean): Promise<StoredMail[]> {
  const response = await fetch(`${inject('sesEndpoint')}/store`);
  const { emails } = (await response.json()) as { emails: StoredMail[] };
  return emails.filter(match);
}

/** Wait until `predicate` holds (polling), or fail with `what`. */
export async function eventually<T>(what: string, probe: () => Promise<T>, predicate: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (predicate(value)) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}: last value ${JSON.stringify(value)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export interface ConsoleApiStack {
  deps: AppDeps;
  app: Hono;
  worker: StreamPoller;
  /** The signed-in member's cookie, CSRF token and JSON content type. */
  headers: Record<string, string>;
  post(url: string, body: unknown): Promise<Response>;
  get<T>(url: string): Promise<T>;
  detail(id: string): Promise<RequestDetail>;
}

/**
 * The set-up of a console API test file, registered with beforeAll/afterAll: a seeded table, the app
 * (called in-process), the mail worker and a signed-in member of `role`. The fields are filled once
 * beforeAll has run; `post`/`get`/`detail` call the API as that member.
 */
export function consoleApiStack(role: Role = 'operator'): ConsoleApiStack {
  const stack = {
    post: (url: string, body: unknown) => stack.app.request(url, { method: 'POST', headers: stack.headers, body: JSON.stringify(body) }),
    get: async <T>(url: string) => (await (await stack.app.request(url, { headers: stack.headers })).json()) as T,
    detail: (id: string) => stack.get<RequestDetail>(`/ops/api/requests/${id}`),
  } as ConsoleApiStack;
  beforeAll(async () => {
    stack.deps = await seededStack();
    stack.app = createLocalApp(stack.deps);
    stack.worker = startMailWorker(stack.deps);
    stack.headers = (await signedIn(stack.deps, await addTestStaff(stack.deps, role))).headers;
  });
  afterAll(async () => {
    await stack.worker?.stop();
  });
  return stack;
}
