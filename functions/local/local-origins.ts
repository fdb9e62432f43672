import { getConnection, putConnection } from '../store/connections';
import type { Db } from '../store/db';
import { DEMO_CONNECTION, localBuyerOrigins } from './demo-connections';

/**
 * Point the demo connection's buyer origins (the catalog's frame-ancestors) at the port this start
 * serves on: the data may have been seeded by an earlier start on another port (.local/dynamodb).
 */
export async function alignDemoOrigins(db: Db, port: number): Promise<void> {
  const connection = await getConnection(db, DEMO_CONNECTION.connection.id);
  if (!connection) return;
  const origins = localBuyerOrigins(port);
  const kept = connection.buyerOrigins.filter((origin) => !isLoopback(origin));
  const wanted = [...origins, ...kept];
  if (JSON.stringify(wanted) === JSON.stringify(connection.buyerOrigins)) return;
  await putConnection(db, { ...connection, buyerOrigins: wanted });
}

function isLoopback(origin: string): boolean {
  const { hostname } = new URL(origin);
  return hostname === 'localhost' || hostname === '127.0.0.1';
}
