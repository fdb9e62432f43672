import { getConnection, putConnection } from '../store/connections';
import type { Db } from '../store/db';
import { DEMO_CONNECTION, localBuyerOrigins, localConfirmationUrl } from './demo-connections';

/**
 * Point the demo connection's buyer origins (the catalog's frame-ancestors) and its cXML
 * confirmation URL (the test procurement system's receiver) at the port this start serves on: the
 * data may have been seeded by an earlier start on another port (.local/dynamodb). A confirmation
 * URL set to another host in the console is left alone.
 */
export async function alignDemoOrigins(db: Db, port: number): Promise<void> {
  const connection = await getConnection(db, DEMO_CONNECTION.connection.id);
  if (!connection) return;
  const origins = localBuyerOrigins(port);
  const kept = connection.buyerOrigins.filter((origin) => !isLoopback(origin));
  const wanted = [...origins, ...kept];
  const channel = connection.orderChannel;
  const orderChannel = channel.kind === 'cxml' && channel.confirmationUrl && isLoopback(channel.confirmationUrl) ? { ...channel, confirmationUrl: localConfirmationUrl(port) } : channel;
  if (JSON.stringify(wanted) === JSON.stringify(connection.buyerOrigins) && JSON.stringify(orderChannel) === JSON.stringify(channel)) return;
  await putConnection(db, { ...connection, buyerOrigins: wanted, orderChannel });
}

function isLoopback(origin: string): boolean {
  const { hostname } = new URL(origin);
  return hostname === 'localhost' || hostname === '127.0.0.1';
}
