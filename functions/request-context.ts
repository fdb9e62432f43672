/**
 * The work in progress (an HTTP request, a stream batch, a scheduled run), carried by
 * AsyncLocalStorage so every log line, metric and AWS call can see it without threading it
 * through every function: its request id, and for HTTP requests the deadline's signal.
 * Set by the HTTP middlewares (http/request-id.ts, http/deadline.ts) and by each Lambda entry.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface RequestContext {
  requestId: string;
  /** Aborted when the request's deadline has passed: nothing more may start on its behalf. */
  deadline?: AbortSignal;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs `work` with `requestId` (or a fresh one) as the current request id. */
export function withRequestId<T>(requestId: string | undefined, work: () => T): T {
  return storage.run({ requestId: requestId || randomUUID() }, work);
}

/** Runs `work` under `signal` as the current request's deadline (keeping the request id). */
export function withDeadline<T>(signal: AbortSignal, work: () => T): T {
  return storage.run({ requestId: currentRequestId() ?? randomUUID(), deadline: signal }, work);
}

/** The error a call started after the deadline fails with; the deadline middleware has answered already. */
export class DeadlinePassed extends Error {
  override name = 'DeadlinePassed';
  constructor() {
    super('The request deadline has passed; the call was not started');
  }
}

/** Throws DeadlinePassed when the current request's deadline has passed. */
export function assertBeforeDeadline(): void {
  if (storage.getStore()?.deadline?.aborted) throw new DeadlinePassed();
}
