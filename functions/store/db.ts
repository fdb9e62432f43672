import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';
import { createDocumentClient } from './client';
import { DEFAULT_PERSONAL_DATA_DAYS, type Retention } from './retention';

/** A repository's handle on the single table. */
export interface Db {
  doc: DynamoDBDocumentClient;
  table: string;
  /** How long personal data is kept (the `PERSONAL_DATA_DAYS` setting); the documented default when absent. */
  retention?: Retention;
}

/** The handle every composition root builds from the configuration. */
export function createDb(config: Pick<Config, 'region' | 'dynamoEndpoint' | 'tableName' | 'personalDataDays'>): Db {
  return { doc: createDocumentClient(config), table: config.tableName, retention: { personalDataDays: config.personalDataDays } };
}

export function retentionOf(db: Db): Retention {
  return db.retention ?? { personalDataDays: DEFAULT_PERSONAL_DATA_DAYS };
}

/** Strip the key and index attributes from an item read back from the table. */
export function withoutKeys<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, gsi1pk: _g1, gsi1sk: _g2, expiresAt: _e, entity: _n, ...rest } = item;
  return rest as T;
}

export function isConditionFailure(error: unknown): boolean {
  return (error as Error)?.name === 'ConditionalCheckFailedException';
}

/** The cancellation reason codes of a cancelled transaction, one per action, or undefined. */
export function cancellationCodes(error: unknown): (string | undefined)[] | undefined {
  if ((error as Error)?.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons;
  return reasons?.map((r) => r.Code);
}
