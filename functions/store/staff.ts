import { createHash, randomBytes } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newOutboxMessage, type OutboxMessage } from '../mail/outbox';
import { SIGN_IN_LINK_INTERVAL_SECONDS, SIGN_IN_LINK_MINUTES, type Role, type Staff } from '../operations/staff';
import { type Db, isConditionFailure, withoutKeys } from './db';
import { GSI1, keys } from './keys';
import { outboxPut } from './outbox';
import { queryAll } from './paging';
import type { TxItem } from './request-events';

/** Tokens are random 256-bit values; only their SHA-256 is stored, so a table read reveals none. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export async function getStaff(db: Db, email: string): Promise<Staff | undefined> {
  return (await staffRecord(db, email))?.staff;
}

/**
 * A member and the instant (epoch ms) before which their sessions and sign-in links count for
 * nothing: set when they are switched off, so switching them on again does not revive them.
 */
async function staffRecord(db: Db, email: string): Promise<{ staff: Staff; sessionsNotBefore: number } | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.staff(email), ConsistentRead: true }));
  if (!Item) return undefined;
  const { sessionsNotBefore, lastLinkAt: _lastLinkAt, ...staff } = withoutKeys<Staff & { sessionsNotBefore?: number; lastLinkAt?: number }>(Item);
  return { staff, sessionsNotBefore: sessionsNotBefore ?? 0 };
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

/** Everyone on the staff list, every page of it. */
export async function listStaff(db: Db): Promise<Staff[]> {
  const items = await queryAll(db, { IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.staffList } });
  return items.map((item) => {
    const { sessionsNotBefore: _s, lastLinkAt: _l, ...staff } = withoutKeys<Staff & { sessionsNotBefore?: number; lastLinkAt?: number }>(item);
    return staff;
  });
}

/**
 * Change a member's role or switch them off. Switching off ends every session and sign-in link they
 * have, for good: `sessionsNotBefore` is moved to now, so switched on again they must sign in anew.
 */
export async function updateStaff(db: Db, email: string, change: { role?: Role; active?: boolean }, now = new Date()): Promise<Staff | undefined> {
  const sets: [string, unknown][] = Object.entries(change).filter(([, v]) => v !== undefined);
  if (change.active === false) sets.push(['sessionsNotBefore', now.getTime()]);
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
    if (!Attributes) return undefined;
    const { sessionsNotBefore: _s, lastLinkAt: _l, ...staff } = withoutKeys<Staff & { sessionsNotBefore?: number; lastLinkAt?: number }>(Attributes);
    return staff;
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
              Item: { ...keys.signInToken(hash), entity: 'signInToken', email: staff.email, issuedAt: now.getTime(), expiresAt: epoch + SIGN_IN_LINK_MINUTES * 60 },
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

/**
 * Use a sign-in token: deleted as it is read, so it works once, and only before it expires, for a
 * member who is active and has not been switched off since the link was sent.
 */
export async function consumeSignInToken(db: Db, token: string, now = new Date()): Promise<string | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  let used: Record<string, unknown> | undefined;
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
    used = Attributes;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
  if (typeof used?.email !== 'string') return undefined;
  const member = await staffRecord(db, used.email);
  const issuedAt = typeof used.issuedAt === 'number' ? used.issuedAt : 0;
  return member?.staff.active && issuedAt > member.sessionsNotBefore ? member.staff.email : undefined;
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

/**
 * The session and its staff member, if the session has not expired, the member is active, and the
 * session began after the member was last switched off.
 */
export async function getOpsSession(db: Db, token: string, now = new Date()): Promise<{ session: OpsSession; staff: Staff } | undefined> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.opsSession(tokenHash(token)) }));
  if (!Item || (Item.expiresAt as number) <= now.getTime() / 1000) return undefined;
  const session = { ...withoutKeys<OpsSession>(Item), expiresAt: Item.expiresAt as number };
  const member = await staffRecord(db, session.email);
  if (!member?.staff.active || Date.parse(session.createdAt) <= member.sessionsNotBefore) return undefined;
  return { session, staff: member.staff };
}

export async function deleteOpsSession(db: Db, token: string): Promise<void> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return;
  await db.doc.send(new DeleteCommand({ TableName: db.table, Key: keys.opsSession(tokenHash(token)) }));
}
