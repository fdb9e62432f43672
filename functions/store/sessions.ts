import { createHmac, randomBytes } from 'node:crypto';
import { GetCommand, PutCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Connection } from '../punchout/connection';
import { upgradeConnection } from './connections';
import type { CxmlSessionFields } from '../punchout/cxml-setup';
import type { CallUp } from '../punchout/oci-callup';
import { getItems } from './batch-get';
import { type Db, withoutKeys } from './db';
import { keys } from './keys';
import type { TxItem } from './request-events';
import { ttl } from './retention';

/** A punch-out session: one call-up, carried in the URL so iframes and parallel punch-outs never mix. */
export interface PunchoutSession extends CallUp {
  /** The stored id: the HMAC of the URL token, so a read of the table yields no usable URL. */
  id: string;
  connectionId: string;
  /** The login the call-up used (several per connection, e.g. one per delivery address). */
  loginUsername?: string;
  /** The delivery address the login is bound to: the request and the cart carry it. */
  deliveryAddressId?: string;
  /** Set for a cXML punch-out: the cart goes back as a PunchOutOrderMessage with this BuyerCookie. */
  cxml?: CxmlSessionFields;
  createdAt: string;
  /** Epoch seconds. */
  expiresAt: number;
  /** The request the session's last transfer registered (store/requests.ts keeps it). */
  openRequestId?: string;
}

/** The stored id of a session token (HMAC-SHA256 under the signing key; a new key ends open sessions). */
export function sessionIdOf(token: string, signingKey: string): string {
  return createHmac('sha256', signingKey).update(token).digest('base64url');
}

/** Open a session; the token goes in the catalog's URL, only its HMAC is stored. */
export async function createSession(
  db: Db,
  signingKey: string,
  connectionId: string,
  callUp: CallUp,
  minutes: number,
  now = new Date(),
  login?: { username?: string; deliveryAddressId?: string; cxml?: CxmlSessionFields },
  /** Written in the same transaction as the session (the call-up's payload-log entry): one round trip, not two. */
  alsoPut?: (session: PunchoutSession) => TxItem,
): Promise<{ session: PunchoutSession; token: string }> {
  const token = randomBytes(24).toString('base64url');
  const session: PunchoutSession = {
    ...callUp,
    id: sessionIdOf(token, signingKey),
    connectionId,
    ...(login?.username ? { loginUsername: login.username } : {}),
    ...(login?.deliveryAddressId ? { deliveryAddressId: login.deliveryAddressId } : {}),
    ...(login?.cxml ? { cxml: login.cxml } : {}),
    createdAt: now.toISOString(),
    // Usable until its TTL: the call-up's personal data goes with it (store/retention.ts).
    expiresAt: ttl.session(now, minutes),
  };
  const put = {
    TableName: db.table,
    Item: { ...keys.session(session.id), entity: 'session', ...session, expiresAt: session.expiresAt },
    ConditionExpression: 'attribute_not_exists(pk)',
  };
  if (alsoPut) await db.doc.send(new TransactWriteCommand({ TransactItems: [{ Put: put }, alsoPut(session)] }));
  else await db.doc.send(new PutCommand(put));
  return { session, token };
}

/** The session of a URL token if it exists and has not expired (TTL deletes only eventually, so expiry is checked here). */
export async function getSession(db: Db, signingKey: string, token: string, now = new Date()): Promise<PunchoutSession | undefined> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return undefined;
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.session(sessionIdOf(token, signingKey)) }));
  return openSession(Item, now);
}

function openSession(item: Record<string, unknown> | undefined, now: Date): PunchoutSession | undefined {
  if (!item || (item.expiresAt as number) <= now.getTime() / 1000) return undefined;
  return { ...withoutKeys<PunchoutSession>(item), expiresAt: item.expiresAt as number };
}

/**
 * The session of a URL token and a connection, in one round trip (BatchGetItem, both read strongly
 * consistent as getConnection reads). The caller checks that the session is that connection's.
 */
export async function getSessionAndConnection(
  db: Db,
  signingKey: string,
  token: string,
  connectionId: string,
  now = new Date(),
): Promise<{ session?: PunchoutSession; connection?: Connection }> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return {};
  const sessionKey = keys.session(sessionIdOf(token, signingKey));
  const connectionKey = keys.connection(connectionId);
  const item = await getItems(db, [sessionKey, connectionKey]);
  const connection = item(connectionKey);
  return { session: openSession(item(sessionKey), now), connection: connection && upgradeConnection(withoutKeys(connection)) };
}
