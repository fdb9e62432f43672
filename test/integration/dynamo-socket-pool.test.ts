import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import { createDocumentClient } from '../../functions/store/client';
import { keys } from '../../functions/store/keys';
import { type FaultProxy, startFaultProxy } from '../support/fault-proxy';
import { seededStack } from '../support/stack';

/**
 * Found by LONG=1 test/reliability/load.test.ts (issue 12): the local server, one process for 200
 * concurrent sessions, kept more DynamoDB calls in flight than the SDK's 50 sockets, and a call
 * waiting over 2 s for a socket failed as "did not establish a connection" (the SDK's connection
 * timer runs from the call, not from the connect): 500s and 'took too long' at call-up and transfer.
 */
let deps: AppDeps;
let proxy: FaultProxy;

beforeAll(async () => {
  deps = await seededStack();
  proxy = await startFaultProxy(deps.config.dynamoEndpoint!);
});
afterAll(() => proxy.close());

describe('many DynamoDB calls in flight at once against the local stack', () => {
  it('all 200 answer, though each takes 3 s and they are four times the client’s 50 sockets', async () => {
    proxy.handle = async (exchange) => {
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      return exchange.forward();
    };
    const doc = createDocumentClient({ region: deps.config.region, dynamoEndpoint: proxy.url });
    const reads = await Promise.allSettled(
      Array.from({ length: 200 }, () => doc.send(new GetCommand({ TableName: deps.db.table, Key: keys.connection('acme-demo'), ConsistentRead: true }))),
    );
    const failed = reads.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message)] : []));
    expect(failed).toEqual([]);
    expect(reads.every((r) => r.status === 'fulfilled' && r.value.Item?.id === 'acme-demo')).toBe(true);
  }, 60_000);
});
