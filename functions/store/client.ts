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
