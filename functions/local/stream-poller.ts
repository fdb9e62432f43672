import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as StreamRecord,
} from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import type { Config } from '../config';
import { describeError, log } from '../log';
import { createDynamoClient } from '../store/client';

/**
 * Feeds DynamoDB Local's stream to the same handler Lambda runs in AWS: shards read from the
 * start (handling is idempotent), records in order, a batch whose handler reports failures
 * delivered again from the first failed record, as the Lambda event source mapping does.
 * Local stack and tests only (the streams client is a dev dependency).
 */
export interface StreamPoller {
  stop(): Promise<void>;
  /** Resolves once every record written before the call has been handled. */
  drain(timeoutMs?: number): Promise<void>;
}

export function startStreamPoller(
  config: Pick<Config, 'region' | 'dynamoEndpoint' | 'tableName'>,
  handle: (records: DynamoDBRecord[]) => Promise<DynamoDBBatchResponse | void>,
  options: { intervalMs?: number; retries?: number } = {},
): StreamPoller {
  const intervalMs = options.intervalMs ?? 250;
  const retries = options.retries ?? 3;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const streams = new DynamoDBStreamsClient({ region: config.region, endpoint: config.dynamoEndpoint, credentials });
  const dynamo = createDynamoClient(config);
  const iterators = new Map<string, string | null>();
  let stopped = false;
  let idleRounds = 0;
  let streamArn: string | undefined;

  async function discover(): Promise<void> {
    streamArn ??= (await dynamo.send(new DescribeTableCommand({ TableName: config.tableName }))).Table?.LatestStreamArn;
    if (!streamArn) throw new Error(`Table ${config.tableName} has no stream`);
    const { StreamDescription } = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of StreamDescription?.Shards ?? []) {
      if (!shard.ShardId || iterators.has(shard.ShardId)) continue;
      const { ShardIterator } = await streams.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: shard.ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
      );
      iterators.set(shard.ShardId, ShardIterator ?? null);
    }
  }

  async function deliver(records: DynamoDBRecord[]): Promise<void> {
    let batch = records;
    for (let attempt = 0; batch.length; attempt++) {
      const result = await handle(batch).catch((error) => {
        log('error', 'stream handler failed', describeError(error));
        return { batchItemFailures: [{ itemIdentifier: batch[0].dynamodb?.SequenceNumber ?? '' }] };
      });
      const failed = result?.batchItemFailures ?? [];
      if (!failed.length) return;
      if (attempt >= retries) {
        log('error', 'stream records given up after retries', { count: batch.length });
        return;
      }
      const first = batch.findIndex((r) => failed.some((f) => f.itemIdentifier === r.dynamodb?.SequenceNumber));
      batch = batch.slice(Math.max(0, first));
      await new Promise((r) => setTimeout(r, 200 * 2 ** attempt));
    }
  }

  async function pollOnce(): Promise<number> {
    await discover();
    let seen = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) continue;
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
      iterators.set(shardId, out.NextShardIterator ?? null);
      const records = (out.Records ?? []).map(toLambdaRecord);
      seen += records.length;
      if (records.length) await deliver(records);
    }
    return seen;
  }

  const loop = (async () => {
    while (!stopped) {
      try {
        const seen = await pollOnce();
        idleRounds = seen ? 0 : idleRounds + 1;
      } catch (error) {
        if (!stopped) log('warn', 'stream poll failed', describeError(error));
      }
      if (!stopped) await new Promise((r) => setTimeout(r, intervalMs));
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      streams.destroy();
      dynamo.destroy();
    },
    async drain(timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      idleRounds = 0;
      while (idleRounds < 2) {
        if (Date.now() > deadline) throw new Error('The stream poller did not drain in time');
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    },
  };
}

/** The SDK's stream record in the shape Lambda hands a handler (dates as epoch seconds). */
function toLambdaRecord(record: StreamRecord): DynamoDBRecord {
  const { ApproximateCreationDateTime, ...dynamodb } = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: record.eventSource,
    awsRegion: record.awsRegion,
    dynamodb: {
      ...(dynamodb as DynamoDBRecord['dynamodb']),
      ...(ApproximateCreationDateTime ? { ApproximateCreationDateTime: ApproximateCreationDateTime.getTime() / 1000 } : {}),
    },
  };
}
