import { BatchGetCommand } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';

export type ItemKey = { pk: string; sk: string };

/** Finds an item read by getItems by its key (undefined when it does not exist). */
export type ReadItems = (key: ItemKey) => Record<string, unknown> | undefined;

/**
 * Several items by key in one round trip (BatchGetItem; up to 100 keys, duplicates read once), read
 * strongly consistent unless told otherwise. Keys DynamoDB leaves unprocessed (throttling) are asked
 * again twice; the SDK's own retries bound the time.
 */
export async function getItems(db: Db, wanted: readonly ItemKey[], options: { consistent?: boolean } = {}): Promise<ReadItems> {
  const id = (key: ItemKey | Record<string, unknown>) => `${String(key.pk)}\u0000${String(key.sk)}`;
  let asked: Record<string, unknown>[] = [...new Map(wanted.map((key) => [id(key), { pk: key.pk, sk: key.sk }])).values()];
  const found = new Map<string, Record<string, unknown>>();
  for (let attempt = 0; asked.length && attempt < 3; attempt++) {
    const out = await db.doc.send(new BatchGetCommand({ RequestItems: { [db.table]: { Keys: asked, ConsistentRead: options.consistent ?? true } } }));
    for (const item of out.Responses?.[db.table] ?? []) found.set(id(item), item);
    asked = (out.UnprocessedKeys?.[db.table]?.Keys as Record<string, unknown>[] | undefined) ?? [];
  }
  if (asked.length) throw new Error('DynamoDB left a batch read unprocessed three times');
  return (key) => found.get(id(key));
}
