import { createHash, randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newOutboxMessage, type OutboxMessage } from '../mail/outbox';
import { SIGN_IN_LINK_INTERVAL_SECONDS, SIGN_IN_LINK_MINUTES, type Role, type Staff } from '../operations/staff';
import { type Db, isConditionFailure, withoutKeys } from './db';
import { GSI1, keys } from './keys';
import { outboxPut } from './outbox';
import type { TxItem } from './request-events';

/** Tokens are random 256-bit values; only their SHA-256 is stored, so a table read reveals none. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function getStaff(db: Db, email: string): Promise<Staff | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.staff(email), ConsistentRead: true }));
  return Item ? withoutKeys<Staff>(Item) : undefined;
}

/** Add a staff member; refuses an address that is already on the staff list. */
export async function addStaff(db: Db, staff: Staff): Promise<'added' | 'exists'> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: { ...keys.staff(staff.email), entity: 'staff', gsi1pk: keys.staffList, gsi1sk: staff.email, ...staff },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return 'added';
  } catch (error) {
    if (isConditionFailure(error)) return 'exists';
    throw error;
  }
}

export async function listStaff(db: Db): Promise<Staff[]> {
  const { Items } = await db.doc.send(
    new QueryCommand({ TableName: db.table, IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.staffList } }),
  );
  return (Items ?? []).map((item) => withoutKeys<Staff>(item));
}

/** Change a member's role or switch them off; switched off, their sessions stop working at once. */
export async function updateStaff(db: Db, email: string, change: { role?: Role; active?: boolean }): Promise<Staff | undefined> {
  const sets = Object.entries(change).filter(([, v]) => v !== undefined);
  if (!sets.length) return getStaff(db, email);
  try {
    const { Attributes } = await db.doc.send(
      new UpdateCommand({
        TableName: db.table,
        Key: keys.staff(email),
        UpdateExpression: `SET ${sets.map(([k]) => `#${k} = :${k}`).join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: Object.fromEntries(sets.map(([k]) => [`#${k}`, k])),
        ExpressionAttributeValues: Object.fromEntries(sets.map(([k, v]) => [`:${k}`, v])),
        ReturnValues: 'ALL_NEW',
      }),
    );
    return Attributes ? withoutKeys<Staff>(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

export type SignInLinkOutcome = 'sent' | 'too-soon' | 'not-staff';

/**
 * E-mail an active staff member a one-time sign-in link: the token (hashed), the e-mail intent
 * and the member's "last link at" in one transaction, at most one link per address every 30 s.
 */
export async function requestSignInLink(db: Db, email: string, linkFor: (token: string) => string, now = new Date()): Promise<SignInLinkOutcome> {
  const staff = await getStaff(db, email);
  if (!staff?.active) return 'not-staff';
  const token = newToken();
  const hash = tokenHash(token);
  const epoch = Math.floor(now.getTime() / 1000);
  const message: OutboxMessage = newOutboxMessage(
    {
      id: `signin.${hash.slice(0, 16)}`,
      kind: 'staff-sign-in',
      owner: keys.staffOwner(staff.email),
      audience: 'staff',
      to: staff.email,
      staffName: staff.name,
      language: 'en',
      link: linkFor(token),
    },
    now,
  );
  try {
    await db.doc.send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Update: {
              TableName: db.table,
              Key: keys.staff(staff.email),
              UpdateExpression: 'SET lastLinkAt = :now',
              ConditionExpression: 'active = :true AND (attribute_not_exists(lastLinkAt) OR lastLinkAt < :cutoff)',
              ExpressionAttributeValues: { ':now': epoch, ':true': true, ':cutoff': epoch - SIGN_IN_LINK_INTERVAL_SECONDS },
            },
          },
          {
            Put: {
              TableName: db.table,
              Item: { ...keys.signInToken(hash), entity: 'signInToken', email: staff.email, expiresAt: epoch + SIGN_IN_LINK_MINUTES * 60 },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          expiring(outboxPut(db, message), epoch + 86400),
        ],
      }),
    );
    return 'sent';
  } catch (error) {
    if ((error as Error).name === 'TransactionCanceledException') return 'too-soon';
    throw error;
  }
}

/** Sign-in mails are not kept past a day: the outbox item goes by TTL. */
function expiring(item: TxItem, expiresAt: number): TxItem {
  return { Put: { ...item.Put!, Item: { ...item.Put!.Item, expiresAt } } };
}

/** Use a sign-in token: deleted as it is read, so it works once, and only before it expires. */
export async function consumeSignInToken(db: Db, token: string, now = new Date()): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  try {
    const { Attributes } = await db.doc.send(
      new DeleteCommand({
        TableName: db.table,
        Key: keys.signInToken(tokenHash(token)),
        ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
        ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes?.email as string | undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}

export interface OpsSession {
  email: string;
  /** Sent with every changing API call (header `x-csrf-token`). */
  csrf: string;
  createdAt: string;
  /** Epoch seconds. */
  expiresAt: number;
}

/** Start a console session; returns the cookie value (never stored) and the session. */
export async function createOpsSession(db: Db, email: string, hours: number, now = new Date()): Promise<{ token: string; session: OpsSession }> {
  const token = newToken();
  const session: OpsSession = {
    email,
    csrf: randomBytes(24).toString('base64url'),
    createdAt: now.toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + hours * 3600,
  };
  await db.doc.send(
    new PutCommand({
      TableName: db.table,
      Item: { ...keys.opsSession(tokenHash(token)), entity: 'opsSession', ...session, expiresAt: session.expiresAt },
      ConditionExpression: 'attribute_not_exists(pk)',
    }),
  );
  return { token, session };
}

/** The session and its staff member, if the session has not expired and the member is still active. */
export async function getOpsSession(db: Db, token: string, now = new Date()): Promise<{ session: OpsSession; staff: Staff } | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.opsSession(tokenHash(token)) }));
  if (!Item || (Item.expiresAt as number) <= now.getTime() / 1000) return undefined;
  const session = { ...withoutKeys<OpsSession>(Item), expiresAt: Item.expiresAt as number };
  const staff = await getStaff(db, session.email);
  return staff?.active ? { session, staff } : undefined;
}

export async function deleteOpsSession(db: Db, token: string): Promise<void> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return;
  await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.opsSession(tokenHash(token)) }));
}
