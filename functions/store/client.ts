import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { assertBeforeDeadline } from '../request-context';
import { SDK_BUDGETS, type SdkBudget, sdkClientOptions } from '../sdk-timeouts';

type Where = Pick<Config, 'region' | 'dynamoEndpoint'>;

/** The low-level client, with its time budget (functions/sdk-timeouts.ts); local endpoints get dummy credentials. */
export function createDynamoClient(
  config: Where,
  budget: SdkBudget = config.dynamoEndpoint ? SDK_BUDGETS.dynamodbLocal : SDK_BUDGETS.dynamodb,
): DynamoDBClient {
  const client = new DynamoDBClient({
    region: config.region,
    ...sdkClientOptions(budget),
    ...(config.dynamoEndpoint
      ? { endpoint: config.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
  // Once a request has been answered "took too long", nothing more is started on its behalf: no
  // new call, and no further attempt of a call under way (the SDK's retry of a call that hung, then
  // dropped, would otherwise write after the user was told we stopped: test/reliability/faults-hang.test.ts).
  client.middlewareStack.add(
    (next) => async (args) => {
      assertBeforeDeadline();
      return next(args);
    },
    { step: 'initialize', name: 'requestDeadline' },
  );
  // At most as many calls under way as the agent has sockets; the rest wait here, before the SDK starts its
  // connection timer (it runs from the call, so a call queued for a socket over `connectionTimeout` failed
  // as "did not establish a connection": LONG=1 test/reliability/load.test.ts, 200 sessions, 500s).
  const gate = callGate(budget.maxSockets ?? 50);
  client.middlewareStack.add(
    (next) => async (args) => {
      await gate.enter();
      try {
        return await next(args);
      } finally {
        gate.leave();
      }
    },
    { step: 'initialize', priority: 'low', name: 'socketGate' },
  );
  // The retry middleware is this step's first (priority high): a low one runs once per attempt.
  client.middlewareStack.add(
    (next) => async (args) => {
      assertBeforeDeadline();
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'requestDeadlineEachAttempt' },
  );
  return client;
}

/** The document client every repository shares. */
export function createDocumentClient(config: Where): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoClient(config), { marshallOptions: { removeUndefinedValues: true } });
}

/** A counting semaphore: `enter` resolves once fewer than `limit` callers are inside, first come first in. */
function callGate(limit: number) {
  let inside = 0;
  const waiting: (() => void)[] = [];
  return {
    async enter(): Promise<void> {
      if (inside < limit) {
        inside++;
        return;
      }
      // The leaving caller hands its place over: `inside` stays as it is.
      await new Promise<void>((resolve) => waiting.push(resolve));
    },
    leave(): void {
      const next = waiting.shift();
      if (next) next();
      else inside--;
    },
  };
}
