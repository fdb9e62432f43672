import { randomBytes } from 'node:crypto';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CallUp } from '../punchout/oci-callup';
import { type Db, withoutKeys } from './db';
import { keys } from './keys';

/** A punch-out session: one call-up, carried in the URL so iframes and parallel punch-outs never mix. */
export interface PunchoutSession extends CallUp {
  id: string;
  connectionId: string;
  createdAt: string;
  /** Epoch seconds. */
  expiresAt: number;
}

export function newSessionId(): string {
  return randomBytes(24).toString('base64url');
}

export async function createSession(db: Db, connectionId: string, callUp: CallUp, minutes: number, now = new Date()): Promise<PunchoutSession> {
  const session: PunchoutSession = {
    ...callUp,
    id: newSessionId(),
    connectionId,
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + minutes * 60,
  };
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.session(session.id), entity: 'session', ...session, expiresAt: session.expiresAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return session;
}

/** The session if it exists and has not expired (TTL deletes only eventually, so expiry is checked here). */
export async function getSession(db: Db, id: string, now = new Date()): Promise<PunchoutSession | undefined> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(id)) return undefined;
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.session(id) }));
  if (!Item || (Item.expiresAt as number) <= now.getTime() / 1000) return undefined;
  return { ...withoutKeys<PunchoutSession>(Item), expiresAt: Item.expiresAt as number };
}
