/**
 * Time budgets of every AWS SDK call, in one place. A request must answer within its deadline
 * (REQUEST_DEADLINE_MS, at most 15 s), so no single call may hang: each client gets a connection
 * timeout, a whole-request timeout that really throws (`throwOnRequestTimeout`), and a bounded
 * number of attempts. Worst case per call ≈ attempts × (connection + request) plus back-off.
 */
export interface SdkBudget {
  connectionTimeout: number;
  requestTimeout: number;
  maxAttempts: number;
  /**
   * Sockets the client's keep-alive agent opens at most (the SDK's default: 50). A call waiting for a
   * free socket counts against `connectionTimeout` (the SDK starts that timer when the call is made),
   * so a client that takes more calls at once than this makes the rest wait before the SDK sees them
   * (store/client.ts), else they fail as "did not establish a connection" without trying to connect.
   */
  maxSockets?: number;
}

export const SDK_BUDGETS = {
  // Single-digit-millisecond service: 2 s means it is not coming; 3 attempts ride out a blip (≈ 7 s worst case).
  dynamodb: { connectionTimeout: 1000, requestTimeout: 2000, maxAttempts: 3, maxSockets: 50 },
  // DynamoDB Local (a JVM) on a busy 2-core machine answers a first CreateTable in seconds, not milliseconds.
  // The local server is one process for every session at once (a Lambda container serves one request at a
  // time): 200 concurrent sessions keep more than 50 calls in flight (store/client.ts queues them).
  dynamodbLocal: { connectionTimeout: 2000, requestTimeout: 10000, maxAttempts: 3, maxSockets: 50 },
  // One attempt only: a send that timed out may have been delivered, the worker decides (uncertain).
  ses: { connectionTimeout: 1000, requestTimeout: 5000, maxAttempts: 1 },
  // Read once per cold start, before the first request is served.
  secrets: { connectionTimeout: 1000, requestTimeout: 3000, maxAttempts: 3 },
} as const satisfies Record<string, SdkBudget>;

/** The client options for a budget: `{ requestHandler, maxAttempts }`. */
/** What the SDK's NodeHttpHandler accepts as a plain object (it builds the handler itself). */
interface HandlerOptions {
  connectionTimeout: number;
  requestTimeout: number;
  throwOnRequestTimeout: boolean;
  /** Options of the keep-alive agent the SDK makes (merged over its own). */
  httpAgent?: { maxSockets: number };
}

export function sdkClientOptions(budget: SdkBudget): { requestHandler: HandlerOptions; maxAttempts: number } {
  return {
    requestHandler: {
      connectionTimeout: budget.connectionTimeout,
      requestTimeout: budget.requestTimeout,
      throwOnRequestTimeout: true,
      ...(budget.maxSockets ? { httpAgent: { maxSockets: budget.maxSockets } } : {}),
    },
    maxAttempts: budget.maxAttempts,
  };
}
