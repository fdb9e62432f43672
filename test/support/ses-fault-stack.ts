import { randomUUID } from 'node:crypto';
import type { Hono } from 'hono';
import { afterAll, beforeAll } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import type { RentalRequest } from '../../functions/requests/request';
import { type FaultProxy, startFaultProxy } from './fault-proxy';
import { addTestStaff, registerTestRequest, signedIn } from './ops';
import { daysAhead } from './punchout';
import { seededStack } from './stack';
import { type PartProcess, startPart } from './stack-processes';

/** A fresh operations mailbox per stack: the local SES is shared by the whole run. */
export const opsMailbox = () => `ops-${randomUUID().slice(0, 8)}@flexfleet.example`;

export interface SesFaultStack {
  deps: AppDeps;
  app: Hono;
  /** The fault proxy in front of the local SES: set its `handle` to refuse or hold sends. */
  ses: FaultProxy;
  /** A signed-in admin's headers for the console API. */
  admin: Record<string, string>;
  /** Where this stack's new-request notices go. */
  mailbox: string;
  /** The mail worker as its own process (killable), sending through the proxy. */
  worker(): Promise<PartProcess>;
  /** A request for an estate on `day` days ahead, beside any number of others. */
  register(day: number): Promise<RentalRequest>;
}

/** A seeded stack for the mail worker's fault tests: SES behind a fault proxy, the worker as a process of its own. */
export function sesFaultStack(): SesFaultStack {
  const stack = {
    mailbox: opsMailbox(),
    worker: () => startPart('worker', stack.deps.config, { sesEndpoint: stack.ses.url, env: { OPS_MAILBOX: stack.mailbox } }),
    register: (day: number) =>
      registerTestRequest(stack.deps, { vehicleTypeId: 'estate-octavia', period: { pickup: daysAhead(day), return: daysAhead(day + 1) }, capacity: 99 }),
  } as SesFaultStack;
  beforeAll(async () => {
    stack.deps = await seededStack({ OPS_MAILBOX: stack.mailbox });
    stack.app = createLocalApp(stack.deps);
    stack.ses = await startFaultProxy(stack.deps.config.sesEndpoint!);
    stack.admin = (await signedIn(stack.deps, await addTestStaff(stack.deps, 'admin'))).headers;
  });
  afterAll(() => stack.ses?.close());
  return stack;
}
