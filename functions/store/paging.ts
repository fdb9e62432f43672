import { paginateQuery, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Db } from './db';

/** Every item a query matches, page after page (lib-dynamodb's paginator follows LastEvaluatedKey). */
export async function queryAll(db: Db, input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: db.doc }, { TableName: db.table, ...input })) items.push(...(page.Items ?? []));
  return items;
}

/** Items a query matches, page after page, stopping once `limit` are collected; `more` says whether the query had more. */
export async function queryUpTo(
  db: Db,
  input: Omit<QueryCommandInput, 'TableName'>,
  limit: number,
  accept: (item: Record<string, unknown>) => boolean = () => true,
): Promise<{ items: Record<string, unknown>[]; more: boolean }> {
  const items: Record<string, unknown>[] = [];
  for await (const page of paginateQuery({ client: db.doc, pageSize: limit }, { TableName: db.table, ...input })) {
    for (const item of page.Items ?? []) {
      if (!accept(item)) continue;
      if (items.length === limit) return { items, more: true };
      items.push(item);
    }
    if (items.length === limit) return { items, more: page.LastEvaluatedKey !== undefined };
  }
  return { items, more: false };
}
