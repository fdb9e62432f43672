import { type Context, Hono } from 'hono';
import { slotsOf } from '../../catalog/period';
import { maintenanceDuring } from '../../catalog/out-of-service';
import { type BulkConfirmOutcome, type OpsRefusal, QUEUE_PAGE_SIZE, type QueueItem, type QueueResponse, type RequestDetail, type UnitOption } from '../../operations/api';
import { requestMatches, sortQueue, Suggester } from '../../operations/queue-speed';
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
import { AssignBody, CancelBody, ConfirmBody, DeclineBody, RequestParam, valid } from './ops-api-input';
import { BulkConfirmBody, QueueSearchQuery } from './ops-api-queue-input';
import type { Fleet } from '../../catalog/vehicles';
import { outboxView } from './ops-api-outbox';
import { type OpsEnv, requireRole } from './ops-auth';
import { oneWayReturn } from '../../catalog/extras';

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

  app.get('/queue', requireRole('operator'), valid('query', QueueSearchQuery), async (c) => {
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
    const fleet = await deps.fleet();
    const suggester = new Suggester();
    const matching = page.items.filter(
      (r) => (!query.location || r.location.id === query.location) && (!query.connection || r.connectionId === query.connection) && (!query.q || requestMatches(r, query.q)),
    );
    const items: QueueItem[] = [];
    // One after the other: a suggestion must not reuse a unit an earlier row was just promised.
    for (const r of matching) items.push({ ...queueItem(r, ages.get(r.id), troubled.has(r.id)), ...(await suggestion(fleet, r, suggester)) });
    const sorted = sortQueue(items, query.sort ?? 'pickup');
    const response: QueueResponse = { status, ...(query.order ? { order: query.order } : {}), tests, counts, items: sorted, cursor: page.cursor, connections, mailProblems: problems.length, now: now.toISOString(), since };
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
      ...(r.replaces ? { replaces: r.replaces } : {}),
      ...(r.replacedBy ? { replacedBy: r.replacedBy } : {}),
      // The review step's additions, so a clerk confirming from the row (c, bulk) sees them (queueMarker).
      ...reviewAdditions(r),
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

  function reviewAdditions(r: ManagedRequest): Pick<QueueItem, 'extrasCount' | 'note' | 'oneWayTo'> {
    const others = (r.extras ?? []).filter((x) => !x.returnLocation).reduce((sum, x) => sum + (x.count ?? 1), 0);
    const oneWay = oneWayReturn(r);
    return { ...(others ? { extrasCount: others } : {}), ...(r.note ? { note: r.note } : {}), ...(oneWay ? { oneWayTo: oneWay.name } : {}) };
  }

  /** Units of the request's type at its location that are in service and not in maintenance during its period. */
  function usableUnits(fleet: Fleet, request: ManagedRequest) {
    return fleet.units.filter(
      (u) => u.locationId === request.location.id && u.vehicleTypeId === request.vehicleType.id && u.inService !== false && !maintenanceDuring(u, request.period),
    );
  }

  /** The unit to suggest for an open request without one, or why there is none. */
  async function suggestion(fleet: Fleet, request: ManagedRequest, suggester: Suggester): Promise<Pick<QueueItem, 'suggestedPlate' | 'noSuggestion'>> {
    if (request.status !== 'requested' || request.assignment || request.test) return {};
    const slots = slotsOf(request.period);
    const candidates = await Promise.all(
      usableUnits(fleet, request).map(async (u) => ({ plate: u.plate, taken: (await unitConflicts(db, u.plate, slots, request.id)).length > 0 })),
    );
    const plate = suggester.suggest(slots, candidates);
    return plate ? { suggestedPlate: plate } : { noSuggestion: `No ${request.vehicleType.name} at ${request.location.name} is free for the whole period.` };
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
    const unfit = unitProblem(await deps.fleet(), request, input.plate);
    if (unfit) return refuse(c, unfit.status, unfit.refusal);
    return answer(c, await assignUnit(db, request, input.plate, actorOf(c.var.staff), deps.now()), input.plate);
  });

  /** Why `plate` cannot be this request's unit (another type or location, out of service), or null. */
  function unitProblem(fleet: Fleet, request: ManagedRequest, plate: string): { status: 400 | 409; refusal: OpsRefusal } | null {
    const unit = fleet.units.find((u) => u.plate === plate);
    if (!unit || unit.locationId !== request.location.id || unit.vehicleTypeId !== request.vehicleType.id) {
      return { status: 400, refusal: { error: 'invalid', field: 'plate', message: `${plate} is not a ${request.vehicleType.name} at ${request.location.name}.` } };
    }
    const window = maintenanceDuring(unit, request.period);
    if (unit.inService === false || window) {
      const why = window ? `out of service from ${window.from.replace('T', ' ')} to ${window.to.replace('T', ' ')} (${window.reason})` : 'not in service';
      return { status: 409, refusal: { error: 'unavailable', message: `${plate} is ${why}: choose another vehicle.` } };
    }
    return null;
  }

  /**
   * One request of a bulk confirm, by the same rules as one at a time: the version the clerk saw,
   * the unit's fitness and conflicts when one is to be assigned first, then transitionProblem.
   */
  async function confirmOne(fleet: Fleet, input: { id: string; version: number; plate?: string }, staff: OpsEnv['Variables']['staff']): Promise<BulkConfirmOutcome> {
    const refused = (refusal: OpsRefusal): BulkConfirmOutcome => ({ id: input.id, outcome: 'refused', error: refusal.error, message: refusal.message, ...(refusal.conflicts ? { conflicts: refusal.conflicts } : {}) });
    let request = (await getRequest(db, input.id)) as ManagedRequest | undefined;
    if (!request) return refused({ error: 'not-found', message: 'No request with this reference.' });
    if (versionOf(request) !== input.version) return refused({ error: 'changed', message: 'Someone changed this request meanwhile: check it and try again.' });
    const actor = actorOf(staff);
    const now = deps.now();
    if (input.plate && request.assignment?.plate !== input.plate) {
      const problem = assignmentProblem(request) ?? transitionProblem({ ...request, assignment: { plate: input.plate, at: '', by: '' } }, 'confirm');
      if (problem) return refused({ error: 'changed', message: problem });
      const unfit = unitProblem(fleet, request, input.plate);
      if (unfit) return refused(unfit.refusal);
      const assigned = await assignUnit(db, request, input.plate, actor, now);
      if (assigned.outcome === 'taken') {
        const who = assigned.conflicts.map((k) => k.requestId).join(', ');
        return refused({ error: 'taken', message: `${input.plate} is already assigned for part of this period (${who}). Open the request to choose another vehicle.`, conflicts: assigned.conflicts });
      }
      if (assigned.outcome !== 'done') return refused(assigned.outcome === 'busy' ? { error: 'busy', message: 'Many changes at once: please try again.' } : { error: 'changed', message: 'Someone changed this request meanwhile: check it and try again.' });
      request = assigned.request;
    }
    const problem = transitionProblem(request, 'confirm');
    if (problem) return refused({ error: 'changed', message: problem });
    const confirmed = await changeStatus(db, request, 'confirm', actor, now);
    if (confirmed.outcome === 'done') return { id: input.id, outcome: 'confirmed', version: versionOf(confirmed.request), ...(confirmed.request.assignment ? { plate: confirmed.request.assignment.plate } : {}) };
    if (confirmed.outcome === 'busy') return refused({ error: 'busy', message: 'Many changes at once: please try again.' });
    return refused({ error: 'changed', message: input.plate ? `${input.plate} was assigned, but someone changed the request before it was confirmed: open it to confirm.` : 'Someone changed this request meanwhile: check it and try again.' });
  }

  /** Several requests confirmed with their suggested units, one after the other; each answers for itself (a refusal does not stop the rest). */
  app.post('/requests/bulk-confirm', requireRole('operator'), valid('json', BulkConfirmBody), async (c) => {
    const fleet = await deps.fleet();
    const results: BulkConfirmOutcome[] = [];
    for (const input of c.req.valid('json').requests) results.push(await confirmOne(fleet, input, c.var.staff));
    return c.json({ results });
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
