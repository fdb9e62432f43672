import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { hashPassword } from '../punchout/password';
import { getConnectionItem, putConnection } from '../store/connections';
import { putLogin } from '../store/logins';
import type { Db } from '../store/db';
import { putFleet } from '../store/fleet';
import { keys } from '../store/keys';
import { DEMO_CONNECTIONS, type DemoConnection } from './demo-connections';
import { DEMO_FLEET } from './demo-fleet';

/** A demo connection and its logins, with their known passwords hashed. */
async function seedDemoConnection(db: Db, demo: DemoConnection): Promise<void> {
  const { connection, cxmlSharedSecret } = demo;
  await putConnection(db, connection.cxml && cxmlSharedSecret ? { ...connection, cxml: { ...connection.cxml, sharedSecretHash: await hashPassword(cxmlSharedSecret) } } : connection);
  for (const login of [demo, ...(demo.moreLogins ?? [])]) {
    await putLogin(db, {
      username: login.username,
      connectionId: demo.connection.id,
      passwordHash: await hashPassword(login.password),
      ...(login.deliveryAddressId ? { deliveryAddressId: login.deliveryAddressId } : {}),
      ...(login.label ? { label: login.label } : {}),
      createdAt: demo.connection.createdAt,
    });
  }
}

/**
 * Seed the demo fleet and connections once; the marker, written last, tells a later start to leave
 * the data alone. Demo connections a start before issue 9 seeded (no version) are written again in
 * today's shape, with their logins, so the console lists them.
 */
export async function seedDemoData(db: Db, now = new Date()): Promise<boolean> {
  const marker = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.seedMarker }));
  if (marker.Item) {
    for (const demo of DEMO_CONNECTIONS) {
      const stored = await getConnectionItem(db, demo.connection.id);
      if (stored && stored.version === undefined) await seedDemoConnection(db, demo);
    }
    return false;
  }
  await putFleet(db, DEMO_FLEET);
  for (const demo of DEMO_CONNECTIONS) await seedDemoConnection(db, demo);
  await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.seedMarker, entity: 'seed', seededAt: now.toISOString() } }));
  return true;
}
