/**
 * The request id of the work in progress (an HTTP request, a stream batch, a scheduled run),
 * carried by AsyncLocalStorage so every log line and metric can name it without threading it
 * through every call. Set by the HTTP middleware in http/app.ts and by each Lambda entry.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

interface RequestContext {
  requestId: string;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

/** Runs `work` with `requestId` (or a fresh one) as the current request id. */
export function withRequestId<T>(requestId: string | undefined, work: () => T): T {
  return storage.run({ requestId: requestId || randomUUID() }, work);
}
