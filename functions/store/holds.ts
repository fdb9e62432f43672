import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { HeldBySlot } from '../catalog/availability';
import type { Db } from './db';
import { keys } from './keys';

/** Held vehicles per slot and type at a location, for the slots from `first` to `last` inclusive. */
export async function heldAt(db: Db, locationId: string, first: string, last: string): Promise<HeldBySlot> {
  const held: HeldBySlot = new Map();
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db.doc.send(
      new QueryCommand({
        TableName: db.table,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': keys.holdPartition(locationId), ':from': `${first}#`, ':to': `${last}#~` },
        ProjectionExpression: 'slot, vehicleTypeId, held',
        ExclusiveStartKey: start,
      }),
    );
    for (const item of page.Items ?? []) {
      const slot = item.slot as string;
      if (!held.has(slot)) held.set(slot, new Map());
      held.get(slot)!.set(item.vehicleTypeId as string, item.held as number);
    }
    start = page.LastEvaluatedKey;
  } while (start);
  return held;
}
