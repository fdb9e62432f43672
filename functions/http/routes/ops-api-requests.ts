import { type Context, Hono } from 'hono';
import { slotsOf } from '../../catalog/period';
import { maintenanceDuring } from '../../catalog/out-of-service';
import { type OpsRefusal, QUEUE_PAGE_SIZE, type QueueItem, type QueueResponse, type RequestDetail, type UnitOption } from '../../operations/api';
import { holdExpiresAt } from '../../operations/hold-expiry';
import { actorOf } from '../../operations/staff';
import { DEFAULT_WORKING_HOURS, type ResponseAge, responseAges } from '../../operations/working-hours';
import { assignmentProblem, type ManagedRequest, type Transition, transitionProblem, versionOf } from '../../requests/lifecycle';
import { outboxProblems } from '../../store/outbox';
import { countByStatus, requestRecord, requestsByStatus } from '../../store/queue';
import { assignUnit, changeStatus, type ChangeOutcome, unitConflicts } from '../../store/request-changes';
import { getRequest } from '../../store/requests';
import { getConnection } from '../../store/connections';
import { extraFieldLabels } from '../../requests/request';
import type { AppDeps } from '../deps';
import { AssignBody, CancelBody, ConfirmBody, DeclineBody, QueueQuery, RequestParam, valid } from './ops-api-input';
import { outboxView } from './ops-api-outbox';
import { type OpsEnv, requireRole } from './ops-auth';

const refuse = (c: Context, status: 400 | 404 | 409 | 503, body: OpsRefusal) => c.json(body, status);
const changed = (c: Context) => refuse(c, 409, { error: 'changed', message: 'Someone changed this request meanwhile. It has been reloaded: check it and try again.' });
const notFound = (c: Context) => refuse(c, 404, { error: 'not-found', message: 'No request with this reference.' });

/** Whether a query failed on its page cursor: one the store refused, or one outside the query's range. */
function isBadCursor(error: unknown): boolean {
  const name = (error as Error | undefined)?.name;
  return name === 'BadCursor' || name === 'ValidationException';
}

/** The queue, one request in detail, and the changes operators make to it. */
export function opsRequestRoutes(deps: AppDeps): Hono<OpsEnv> {
  const app = new Hono<OpsEnv>();
  const { db, config } = deps;
  const hours = { ...DEFAULT_WORKING_HOURS, ...config.workingHours };
  const policy = { days: config.holdExpiryDays };

  app.get('/queue', requireRole('operator'), valid('query', QueueQuery), async (c) => {
    const query = c.req.valid('query');
    const status = query.status ?? 'requested';
    // Test requests (test-mode connections) are a list of their own: never mixed into the real queue or its counts.
    const tests = query.tests === 'only';
    const now = deps.now();
    // Closed and confirmed requests pile up: without a date, list those whose rental may still run.
    const since = !query.date && status !== 'requested' ? new Date(now.getTime() - 43 * 86_400_000).toISOString().slice(0, 10) : undefined;
    const range = query.date ? { from: query.date, to: query.date } : { from: since };
    let page: Awaited<ReturnType<typeof requestsByStatus>>;
    try {
      page = await requestsByStatus(db, status, { ...range, limit: query.limit ?? QUEUE_PAGE_SIZE, cursor: query.cursor, tests, order: query.order });
    } catch (error) {
      if (query.cursor === undefined || !isBadCursor(error)) throw error;
      return refuse(c, 400, { error: 'invalid', field: 'cursor', message: 'Invalid query. cursor: not the cursor of a page of this list; reload the queue.' });
    }
    const [counts, problems] = await Promise.all([countByStatus(db, { tests }), outboxProblems(db)]);
    const troubled = new Set(problems.map((m) => m.requestId).filter(Boolean));
    const connections = [...new Map(page.items.map((r) => [r.connectionId, { id: r.connectionId, name: r.connectionName }])).values()];
    const ages = await responseAges(await deps.fleet(), page.items.filter((r) => r.status === 'requested'), now, config.responseTargetHours, hours);
    const items = page.items
      .filter((r) => (!query.location || r.location.id === query.location) && (!query.connection || r.connectionId === query.connection))
      .map((r): QueueItem => queueItem(r, ages.get(r.id), troubled.has(r.id)));
    const response: QueueResponse = { status, ...(query.order ? { order: query.order } : {}), tests, counts, items, cursor: page.cursor, connections, mailProblems: problems.length, now: now.toISOString(), since };
    return c.json(response);
  });

  function queueItem(r: ManagedRequest, age: ResponseAge | undefined, mailProblem: boolean): QueueItem {
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
      ...(age ? { age } : {}),
      ...(open ? { holdExpiresAt: holdExpiresAt(r, policy).toISOString() } : {}),
      mailProblem,
      ...(r.test ? { test: true } : {}),
      ...(r.order
        ? {
            order: {
              number: r.order.orderNumber,
              date: r.order.orderDate,
              source: r.order.source,
              mismatches: r.order.mismatches.length,
              ...(r.order.cancellationRequested ? { cancellationRequested: true } : {}),
            },
          }
        : {}),
    };
  }

  async function unitOptions(request: ManagedRequest): Promise<UnitOption[]> {
    const fleet = await deps.fleet();
    const slots = slotsOf(request.period);
    const units = fleet.units.filter(
      (u) => u.locationId === request.location.id && u.vehicleTypeId === request.vehicleType.id && (u.inService !== false || request.assignment?.plate === u.plate),
    );
    return Promise.all(
      units.map(async (u) => {
        const window = maintenanceDuring(u, request.period);
        return {
          plate: u.plate,
          assigned: request.assignment?.plate === u.plate,
          conflicts: await unitConflicts(db, u.plate, slots, request.id),
          ...(window ? { maintenance: { from: window.from, to: window.to, reason: window.reason } } : {}),
        };
      }),
    );
  }

  app.get('/requests/:id', requireRole('operator'), valid('param', RequestParam), async (c) => {
    const record = await requestRecord(db, c.req.valid('param').id);
    if (!record) return notFound(c);
    const now = deps.now();
    const { request } = record;
    const open = request.status === 'requested';
    const detail: RequestDetail = {
      request,
      test: request.test === true,
      ...(open ? { age: (await responseAges(await deps.fleet(), [request], now, config.responseTargetHours, hours)).get(request.id) } : {}),
      ...(open ? { holdExpiresAt: holdExpiresAt(request, policy).toISOString() } : {}),
      units: await unitOptions(request),
      events: [{ at: request.createdAt, actor: { kind: 'requester', email: request.requester.email, name: request.requester.fullName }, action: 'registered', detail: `transfer from ${request.connectionName}` }, ...record.events],
      outbox: record.outbox.map((m) => outboxView(m, config)),
      payloads: record.payloads,
      extraLabels: extraFieldLabels((await getConnection(db, request.connectionId)) ?? { extraFields: [] }, 'en'),
    };
    return c.json(detail);
  });

  /** The request as the operator saw it, or the answer to give when it changed meanwhile. */
  async function load(c: Context, id: string, version: number): Promise<ManagedRequest | Response> {
    const request = (await getRequest(db, id)) as ManagedRequest | undefined;
    if (!request) return notFound(c);
    return versionOf(request) === version ? request : changed(c);
  }

  function answer(c: Context, outcome: ChangeOutcome, plate?: string) {
    if (outcome.outcome === 'done') return c.json({ request: outcome.request });
    if (outcome.outcome === 'busy') return refuse(c, 503, { error: 'busy', message: 'Many changes at once: please try again.' });
    if (outcome.outcome === 'taken') {
      const who = outcome.conflicts.map((k) => k.requestId).join(', ');
      return refuse(c, 409, { error: 'taken', message: `${plate} is already assigned for part of this period (${who}). Choose another vehicle.`, conflicts: outcome.conflicts });
    }
    return changed(c);
  }

  app.post('/requests/:id/assignment', requireRole('operator'), valid('param', RequestParam), valid('json', AssignBody), async (c) => {
    const input = c.req.valid('json');
    const request = await load(c, c.req.valid('param').id, input.version);
    if (request instanceof Response) return request;
    const problem = assignmentProblem(request);
    if (problem) return refuse(c, 409, { error: 'changed', message: problem });
    const fleet = await deps.fleet();
    const unit = fleet.units.find((u) => u.plate === input.plate);
    if (!unit || unit.locationId !== request.location.id || unit.vehicleTypeId !== request.vehicleType.id) {
      return refuse(c, 400, { error: 'invalid', field: 'plate', message: `${input.plate} is not a ${request.vehicleType.name} at ${request.location.name}.` });
    }
    const window = maintenanceDuring(unit, request.period);
    if (unit.inService === false || window) {
      const why = window ? `out of service from ${window.from.replace('T', ' ')} to ${window.to.replace('T', ' ')} (${window.reason})` : 'not in service';
      return refuse(c, 409, { error: 'unavailable', message: `${input.plate} is ${why}: choose another vehicle.` });
    }
    return answer(c, await assignUnit(db, request, input.plate, actorOf(c.var.staff), deps.now()), input.plate);
  });

  /** Confirm, decline or cancel: the version the operator saw, and for the last two a reason from the list. */
  async function decide(c: Context<OpsEnv>, id: string, name: Transition, input: { version: number; reason?: string; note?: string }) {
    const request = await load(c, id, input.version);
    if (request instanceof Response) return request;
    const problem = transitionProblem(request, name);
    if (problem) return refuse(c, 409, { error: 'changed', message: problem });
    const decision = input.reason ? { reason: input.reason as never, note: (input.note ?? '').trim() } : undefined;
    return answer(c, await changeStatus(db, request, name, actorOf(c.var.staff), deps.now(), decision));
  }

  app.post('/requests/:id/confirm', requireRole('operator'), valid('param', RequestParam), valid('json', ConfirmBody), (c) =>
    decide(c, c.req.valid('param').id, 'confirm', c.req.valid('json')),
  );
  app.post('/requests/:id/decline', requireRole('operator'), valid('param', RequestParam), valid('json', DeclineBody), (c) =>
    decide(c, c.req.valid('param').id, 'decline', c.req.valid('json')),
  );
  app.post('/requests/:id/cancel', requireRole('operator'), valid('param', RequestParam), valid('json', CancelBody), (c) =>
    decide(c, c.req.valid('param').id, 'cancel', c.req.valid('json')),
  );

  return app;
}
