import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** A repository's handle on the single table. */
export interface Db {
  doc: DynamoDBDocumentClient;
  table: string;
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
