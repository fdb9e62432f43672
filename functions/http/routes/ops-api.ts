import { type Context, Hono } from 'hono';
import * as z from 'zod/mini';
import { slotsOf } from '../../catalog/period';
import { MAIL_KIND_LABELS } from '../../mail/templates';
import type { OutboxMessage } from '../../mail/outbox';
import type {
  OpsRefusal,
  OutboxView,
  PlanningResponse,
  QueueItem,
  QueueResponse,
  RequestDetail,
  StaffView,
  UnitOption,
} from '../../operations/api';
import { holdExpiresAt } from '../../operations/hold-expiry';
import { mondayOf, weekPlan } from '../../operations/planning';
import { normaliseEmail, ROLES, type Role, type Staff } from '../../operations/staff';
import { DEFAULT_WORKING_HOURS, responseAge } from '../../operations/working-hours';
import {
  type Actor,
  assignmentProblem,
  CANCEL_REASONS,
  DECLINE_REASONS,
  type ManagedRequest,
  type Transition,
  transitionProblem,
  versionOf,
} from '../../requests/lifecycle';
import { REQUEST_STATUSES, type RequestStatus } from '../../requests/request';
import { outboxProblems, retryOutboxMessage } from '../../store/outbox';
import { countByStatus, requestRecord, requestsByStatus } from '../../store/queue';
import { assignUnit, changeStatus, type ChangeOutcome, unitConflicts } from '../../store/request-changes';
import { getRequest } from '../../store/requests';
import { addStaff, deleteOpsSession, listStaff, updateStaff } from '../../store/staff';
import type { AppDeps } from '../deps';
import { clearedSessionCookie, type OpsEnv, opsHeaders, requireCsrf, requireRole, requireSession } from './ops-auth';

/**
 * The console's JSON API. Every route is declared here with the role it needs: the middleware
 * answers 401 without a session and 403 for the wrong role before any handler runs.
 */
export const OPS_API_ROLES = {
  'GET /me': 'operator',
  'POST /sign-out': 'operator',
  'GET /queue': 'operator',
  'GET /requests/:id': 'operator',
  'POST /requests/:id/assignment': 'operator',
  'POST /requests/:id/confirm': 'operator',
  'POST /requests/:id/decline': 'operator',
  'POST /requests/:id/cancel': 'operator',
  'GET /outbox/problems': 'operator',
  'POST /outbox/retry': 'operator',
  'POST /outbox/resend-uncertain': 'admin',
  'GET /planning': 'operator',
  'GET /staff': 'admin',
  'POST /staff': 'admin',
  'POST /staff/:email': 'admin',
} as const satisfies Record<string, Role>;

type RouteKey = keyof typeof OPS_API_ROLES;
type Handler = (c: Context<OpsEnv>) => Promise<Response> | Response;

const Version = z.number().check(z.int(), z.nonnegative());
const AssignBody = z.object({ plate: z.string().check(z.minLength(1), z.maxLength(16)), version: Version });
const ConfirmBody = z.object({ version: Version });
const DecisionBody = (reasons: readonly string[]) =>
  z.object({ version: Version, reason: z.enum(reasons as [string, ...string[]]), note: z.optional(z.string().check(z.maxLength(1000))) });
const RetryBody = z.object({ owner: z.string().check(z.regex(/^(REQUEST|STAFF)#[^#]+$/)), id: z.string().check(z.maxLength(200)) });
const StaffBody = z.object({ email: z.string(), name: z.string().check(z.minLength(1), z.maxLength(100)), role: z.enum(ROLES) });
const StaffChange = z.object({ role: z.optional(z.enum(ROLES)), active: z.optional(z.boolean()) });
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function actorOf(staff: Staff): Actor {
  return { kind: 'staff', email: staff.email, name: staff.name };
}

export function opsApiRoutes(deps: AppDeps): Hono<OpsEnv> {
  const app = new Hono<OpsEnv>();
  const { db, config } = deps;
  const hours = { ...DEFAULT_WORKING_HOURS, ...config.workingHours };
  const policy = { days: config.holdExpiryDays, timeZone: DEFAULT_WORKING_HOURS.timeZone };

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(opsHeaders({ localStack: config.localStack }))) c.res.headers.set(name, value);
  });
  app.use('*', requireSession(deps));

  const route = (key: RouteKey, handler: Handler) => {
    const [method, path] = key.split(' ') as ['GET' | 'POST', string];
    app.on(method, path, requireRole(OPS_API_ROLES[key]), requireCsrf(deps), handler);
  };
  const refuse = (c: Context, status: 400 | 404 | 409 | 503, body: OpsRefusal) => c.json(body, status);
  const body = async <T>(c: Context, schema: z.ZodMiniType<T>): Promise<T | undefined> => {
    const parsed = schema.safeParse(await c.req.json().catch(() => undefined));
    return parsed.success ? parsed.data : undefined;
  };

  route('GET /me', (c) => {
    const { staff, opsSession } = c.var;
    return c.json({ email: staff.email, name: staff.name, role: staff.role, csrf: opsSession.csrf, expiresAt: opsSession.expiresAt });
  });

  route('POST /sign-out', async (c) => {
    await deleteOpsSession(db, c.var.opsToken);
    c.header('set-cookie', clearedSessionCookie());
    return c.json({ ok: true });
  });

  route('GET /queue', async (c) => {
    const query = c.req.query();
    const status = (REQUEST_STATUSES as readonly string[]).includes(query.status ?? '') ? (query.status as RequestStatus) : 'requested';
    const date = query.date && DATE.test(query.date) ? query.date : undefined;
    // Closed and confirmed requests pile up: without a date, list those whose rental may still run.
    const since = !date && status !== 'requested' ? new Date(deps.now().getTime() - 43 * 86_400_000).toISOString().slice(0, 10) : undefined;
    const [counts, all, problems] = await Promise.all([
      countByStatus(db),
      requestsByStatus(db, status, date ? { from: date, to: date } : { from: since }),
      outboxProblems(db),
    ]);
    const now = deps.now();
    const troubled = new Set(problems.map((m) => m.requestId).filter(Boolean));
    const connections = [...new Map(all.map((r) => [r.connectionId, { id: r.connectionId, name: r.connectionName }])).values()];
    const items = all
      .filter((r) => (!query.location || r.location.id === query.location) && (!query.connection || r.connectionId === query.connection))
      .map((r): QueueItem => queueItem(r, now, troubled.has(r.id)));
    const response: QueueResponse = { status, counts, items, connections, mailProblems: problems.length, now: now.toISOString(), since };
    return c.json(response);
  });

  function queueItem(r: ManagedRequest, now: Date, mailProblem: boolean): QueueItem {
    const open = r.status === 'requested';
    return {
      id: r.id,
      status: r.status,
      version: versionOf(r),
      requester: { fullName: r.requester.fullName, email: r.requester.email },
      connection: { id: r.connectionId, name: r.connectionName },
      vehicleType: { id: r.vehicleType.id, name: r.vehicleType.name },
      location: { id: r.location.id, name: r.location.name },
      period: r.period,
      price: { gross: r.price.gross, currency: r.price.currency },
      plate: r.assignment?.plate,
      createdAt: r.createdAt,
      ...(open ? { age: responseAge(new Date(r.createdAt), now, config.responseTargetHours, hours) } : {}),
      ...(open ? { holdExpiresAt: holdExpiresAt(r, policy, now).toISOString() } : {}),
      mailProblem,
    };
  }

  function outboxView(m: OutboxMessage): OutboxView {
    return {
      id: m.id,
      owner: m.owner,
      kind: m.kind,
      label: MAIL_KIND_LABELS[m.kind],
      status: m.status,
      to: m.to ?? (m.audience === 'operations' ? config.opsMailbox : ''),
      attempts: m.attempts,
      createdAt: m.createdAt,
      sentAt: m.sentAt,
      lastError: m.lastError,
      nextAttemptAt: m.nextAttemptAt,
      requestId: m.requestId,
    };
  }

  async function unitOptions(request: ManagedRequest): Promise<UnitOption[]> {
    const fleet = await deps.fleet();
    const slots = slotsOf(request.period);
    const units = fleet.units.filter((u) => u.locationId === request.location.id && u.vehicleTypeId === request.vehicleType.id);
    return Promise.all(
      units.map(async (u) => ({
        plate: u.plate,
        assigned: request.assignment?.plate === u.plate,
        conflicts: await unitConflicts(db, u.plate, slots, request.id),
      })),
    );
  }

  route('GET /requests/:id', async (c) => {
    const record = await requestRecord(db, c.req.param('id') ?? '');
    if (!record) return refuse(c, 404, { error: 'not-found', message: 'No request with this reference.' });
    const now = deps.now();
    const { request } = record;
    const open = request.status === 'requested';
    const detail: RequestDetail = {
      request,
      ...(open ? { age: responseAge(new Date(request.createdAt), now, config.responseTargetHours, hours) } : {}),
      ...(open ? { holdExpiresAt: holdExpiresAt(request, policy, now).toISOString() } : {}),
      units: await unitOptions(request),
      events: [{ at: request.createdAt, actor: { kind: 'requester', email: request.requester.email, name: request.requester.fullName }, action: 'registered', detail: `transfer from ${request.connectionName}` }, ...record.events],
      outbox: record.outbox.map(outboxView),
      payloads: record.payloads,
      extraLabels: { poNumber: 'PO number', costCentre: 'Cost centre', projectCode: 'Project code' },
    };
    return c.json(detail);
  });

  /** The request as the operator saw it, or the answer to give when it changed meanwhile. */
  async function load(c: Context<OpsEnv>, version: number): Promise<ManagedRequest | Response> {
    const request = (await getRequest(db, c.req.param('id') ?? '')) as ManagedRequest | undefined;
    if (!request) return refuse(c, 404, { error: 'not-found', message: 'No request with this reference.' });
    if (versionOf(request) !== version) {
      return refuse(c, 409, { error: 'changed', message: 'Someone changed this request meanwhile. It has been reloaded: check it and try again.' });
    }
    return request;
  }

  function answer(c: Context<OpsEnv>, outcome: ChangeOutcome, plate?: string) {
    if (outcome.outcome === 'done') return c.json({ request: outcome.request });
    if (outcome.outcome === 'busy') return refuse(c, 503, { error: 'busy', message: 'Many changes at once: please try again.' });
    if (outcome.outcome === 'taken') {
      const who = outcome.conflicts.map((k) => k.requestId).join(', ');
      return refuse(c, 409, { error: 'taken', message: `${plate} is already assigned for part of this period (${who}). Choose another vehicle.`, conflicts: outcome.conflicts });
    }
    return refuse(c, 409, { error: 'changed', message: 'Someone changed this request meanwhile. It has been reloaded: check it and try again.' });
  }

  route('POST /requests/:id/assignment', async (c) => {
    const input = await body(c, AssignBody);
    if (!input) return refuse(c, 400, { error: 'invalid', message: 'Choose a vehicle (plate) and send the version you saw.' });
    const request = await load(c, input.version);
    if (request instanceof Response) return request;
    const problem = assignmentProblem(request);
    if (problem) return refuse(c, 409, { error: 'changed', message: problem });
    const fleet = await deps.fleet();
    const unit = fleet.units.find((u) => u.plate === input.plate);
    if (!unit || unit.locationId !== request.location.id || unit.vehicleTypeId !== request.vehicleType.id) {
      return refuse(c, 400, { error: 'invalid', message: `${input.plate} is not a ${request.vehicleType.name} at ${request.location.name}.` });
    }
    return answer(c, await assignUnit(db, request, input.plate, actorOf(c.var.staff), deps.now()), input.plate);
  });

  const transition = (key: RouteKey, name: Transition, schema: z.ZodMiniType<{ version: number; reason?: string; note?: string }>) =>
    route(key, async (c) => {
      const input = await body(c, schema);
      if (!input) return refuse(c, 400, { error: 'invalid', message: name === 'confirm' ? 'Send the version you saw.' : 'Choose a reason from the list.' });
      const request = await load(c, input.version);
      if (request instanceof Response) return request;
      const problem = transitionProblem(request, name);
      if (problem) return refuse(c, 409, { error: 'changed', message: problem });
      const decision = input.reason ? { reason: input.reason as never, note: (input.note ?? '').trim() } : undefined;
      return answer(c, await changeStatus(db, request, name, actorOf(c.var.staff), deps.now(), decision));
    });
  transition('POST /requests/:id/confirm', 'confirm', ConfirmBody);
  transition('POST /requests/:id/decline', 'decline', DecisionBody(DECLINE_REASONS));
  transition('POST /requests/:id/cancel', 'cancel', DecisionBody(CANCEL_REASONS));

  route('GET /outbox/problems', async (c) => c.json({ messages: (await outboxProblems(db)).map(outboxView) }));

  const retry = (key: RouteKey, resendUncertain: boolean) =>
    route(key, async (c) => {
      const input = await body(c, RetryBody);
      if (!input) return refuse(c, 400, { error: 'invalid', message: 'Name the e-mail to retry.' });
      const outcome = await retryOutboxMessage(db, input.owner, input.id, actorOf(c.var.staff), deps.now(), { resendUncertain });
      if (outcome === 'requeued') return c.json({ ok: true });
      return refuse(c, 409, {
        error: 'not-retryable',
        message: 'This e-mail is not waiting for a retry (it has been sent, or is being sent). Nothing was sent again.',
      });
    });
  retry('POST /outbox/retry', false);
  retry('POST /outbox/resend-uncertain', true);

  route('GET /planning', async (c) => {
    const fleet = await deps.fleet();
    const location = c.req.query('location') ?? fleet.locations[0]?.id;
    if (!fleet.locations.some((l) => l.id === location)) return refuse(c, 400, { error: 'invalid', message: 'Unknown location.' });
    const week = c.req.query('week');
    const weekStart = mondayOf(week && DATE.test(week) ? week : deps.now().toISOString().slice(0, 10));
    const from = new Date(Date.parse(`${weekStart}T00:00:00Z`) - 43 * 86_400_000).toISOString().slice(0, 10);
    const to = new Date(Date.parse(`${weekStart}T00:00:00Z`) + 6 * 86_400_000).toISOString().slice(0, 10);
    const [requested, confirmed] = await Promise.all([
      requestsByStatus(db, 'requested', { from, to, limit: 2000 }),
      requestsByStatus(db, 'confirmed', { from, to, limit: 2000 }),
    ]);
    const plan: PlanningResponse = weekPlan(fleet, location!, weekStart, [...requested, ...confirmed]);
    return c.json(plan);
  });

  const staffView = (s: Staff): StaffView => ({ email: s.email, name: s.name, role: s.role, active: s.active, createdAt: s.createdAt });

  route('GET /staff', async (c) => c.json({ staff: (await listStaff(db)).map(staffView) }));

  route('POST /staff', async (c) => {
    const input = await body(c, StaffBody);
    const email = input && normaliseEmail(input.email);
    if (!input || !email) return refuse(c, 400, { error: 'invalid', message: 'Give an e-mail address, a name and a role.' });
    const staff: Staff = { email, name: input.name.trim(), role: input.role, active: true, createdAt: deps.now().toISOString(), createdBy: c.var.staff.email };
    if ((await addStaff(db, staff)) === 'exists') return refuse(c, 409, { error: 'changed', message: `${email} is already on the staff list.` });
    return c.json(staffView(staff), 201);
  });

  route('POST /staff/:email', async (c) => {
    const input = await body(c, StaffChange);
    const email = normaliseEmail(decodeURIComponent(c.req.param('email') ?? ''));
    if (!input || !email) return refuse(c, 400, { error: 'invalid', message: 'Give a role or an active flag.' });
    if (email === c.var.staff.email && (input.active === false || input.role === 'operator')) {
      return refuse(c, 409, { error: 'invalid', message: 'You cannot switch off or demote yourself: ask another admin.' });
    }
    const updated = await updateStaff(db, email, input);
    return updated ? c.json(staffView(updated)) : refuse(c, 404, { error: 'not-found', message: `${email} is not on the staff list.` });
  });

  app.notFound((c) => c.json({ error: 'not-found', message: 'No such console API.' } satisfies OpsRefusal, 404));
  return app;
}
