import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { Connection } from '../punchout/connection';
import { hashPassword } from '../punchout/password';
import { seal } from '../punchout/sealed-secret';
import { getConnection, getConnectionItem, putConnection } from '../store/connections';
import { putLogin } from '../store/logins';
import type { Db } from '../store/db';
import { putFleet } from '../store/fleet';
import { keys } from '../store/keys';
import { DEMO_CONNECTIONS, type DemoConnection } from './demo-connections';
import { DEMO_FLEET } from './demo-fleet';

export interface SeedOptions {
  /** The app's signing key: the demo confirmation secret is sealed with it (punchout/sealed-secret.ts); without it none is stored. */
  signingKey?: string;
}

/** The demo order channel with its known secrets: the order secret hashed, the confirmation secret sealed. */
async function demoOrderChannel(demo: DemoConnection, options: SeedOptions = {}): Promise<Connection['orderChannel']> {
  const channel = demo.connection.orderChannel;
  if (channel.kind !== 'cxml') return channel;
  return {
    ...channel,
    ...(demo.orderSharedSecret ? { sharedSecretHash: await hashPassword(demo.orderSharedSecret) } : {}),
    ...(demo.confirmationSecret && options.signingKey ? { confirmationSecret: seal(options.signingKey, demo.confirmationSecret, demo.connection.id) } : {}),
  };
}

/** A demo connection and its logins, with their known passwords hashed. */
async function seedDemoConnection(db: Db, demo: DemoConnection, options?: SeedOptions): Promise<void> {
  const { connection, cxmlSharedSecret } = demo;
  await putConnection(db, {
    ...connection,
    ...(connection.cxml && cxmlSharedSecret ? { cxml: { ...connection.cxml, sharedSecretHash: await hashPassword(cxmlSharedSecret) } } : {}),
    orderChannel: await demoOrderChannel(demo, options),
  });
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
 * today's shape, with their logins, so the console lists them; one seeded before issue 10 (no order
 * channel where the demo has a cXML one) gets the demo order channel and its secrets.
 */
export async function seedDemoData(db: Db, now = new Date(), options?: SeedOptions): Promise<boolean> {
  const marker = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.seedMarker }));
  if (marker.Item) {
    for (const demo of DEMO_CONNECTIONS) {
      const stored = await getConnectionItem(db, demo.connection.id);
      if (stored && stored.version === undefined) await seedDemoConnection(db, demo, options);
      else if (stored && demo.connection.orderChannel.kind === 'cxml' && (stored.orderChannel as { kind?: string } | undefined)?.kind === 'none') {
        const connection = (await getConnection(db, demo.connection.id))!;
        await putConnection(db, { ...connection, orderChannel: await demoOrderChannel(demo, options) });
      }
    }
    return false;
  }
  await putFleet(db, DEMO_FLEET);
  for (const demo of DEMO_CONNECTIONS) await seedDemoConnection(db, demo, options);
  await db.doc.send(new PutCommand({ TableName: db.table, Item: { ...keys.seedMarker, entity: 'seed', seededAt: now.toISOString() } }));
  return true;
}
