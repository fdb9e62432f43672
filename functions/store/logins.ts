import { randomInt } from 'node:crypto';
import { DeleteCommand, GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Connection, Login } from '../punchout/connection';
import { hashPassword, verifyPassword } from '../punchout/password';
import type { VerificationCache } from '../punchout/verification-cache';
import { getConnectionItem, upgradeConnection } from './connections';
import { getItems } from './batch-get';
import { type Db, isConditionFailure, withoutKeys } from './db';
import { gateRead, type LoginGate } from './login-attempts';
import { GSI1, keys } from './keys';

/** Letters and digits a person can read back over the phone without confusing 0/O or 1/l/I. */
const ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const GENERATED_PASSWORD_LENGTH = 24;

/** A new random secret (crypto random; 24 of 56 symbols ≈ 139 bits), shown once and stored only hashed. */
export function generateSecret(length = GENERATED_PASSWORD_LENGTH): string {
  let out = '';
  for (let i = 0; i < length; i++) out += ALPHABET[randomInt(ALPHABET.length)];
  return out;
}

function loginItem(login: Login) {
  return { ...keys.login(login.username), gsi1pk: keys.loginsOf(login.connectionId), gsi1sk: login.username, entity: 'login', ...login };
}

/**
 * A login and its connection, by username (case-insensitive). A login item written before issue 9
 * held only the connection id; its password hash then sits on the connection item, read here.
 */
export async function findLogin(db: Db, username: string): Promise<{ login: Login; connection: Connection } | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.login(username), ConsistentRead: true }));
  return loginWithConnection(db, username, Item);
}

/** How many usernames a container remembers the connection of (a username and an id each). */
export const KNOWN_LOGINS = 1_000;

/**
 * The call-up's first reads: the login gate's failure counters, the login and (guessed from this
 * container's last call-up of the username) its connection, in one BatchGetItem: one round trip where
 * there were five (issue 12's chain). Memory only chooses what to read: login and connection are read
 * fresh every time, and a guess that no longer fits (the login moved) costs one GetItem more.
 */
export function loginReader(db: Db, maxEntries = KNOWN_LOGINS) {
  const connectionOf = new Map<string, string>();
  return async function findLoginBehindGate(
    username: string,
    address: string,
    now = new Date(),
  ): Promise<{ gate: LoginGate; found?: { login: Login; connection: Connection }; connectionId?: string }> {
    const name = username.toLowerCase();
    const gated = gateRead(username, address, now);
    const guess = connectionOf.get(name);
    const read = await getItems(db, [keys.login(name), ...gated.keys, ...(guess ? [keys.connection(guess)] : [])]);
    const gate = gated.gate(read);
    const item = read(keys.login(name));
    // A shut gate answers 429 before any password is looked at: only the connection's id is needed (its refusal count).
    if (!gate.open) return { gate, connectionId: item?.connectionId as string | undefined };
    const known = guess && item?.connectionId === guess ? read(keys.connection(guess)) : undefined;
    const found = await loginWithConnection(db, name, item, known);
    connectionOf.delete(name);
    if (found) connectionOf.set(name, found.connection.id);
    while (connectionOf.size > maxEntries) connectionOf.delete(connectionOf.keys().next().value!);
    return { gate, found, connectionId: found?.connection.id };
  };
}

/** A read login item with its connection (`connectionItem`: already read alongside, else read now). */
async function loginWithConnection(
  db: Db,
  username: string,
  item: Record<string, unknown> | undefined,
  connectionItem?: Record<string, unknown>,
): Promise<{ login: Login; connection: Connection } | undefined> {
  const name = username.toLowerCase();
  if (!item) return undefined;
  const login = withoutKeys<Login>(item);
  const raw = connectionItem ?? (await getConnectionItem(db, login.connectionId));
  if (login.passwordHash) return raw ? { login, connection: upgradeConnection(withoutKeys(raw)) } : undefined;
  if (!raw || typeof raw.passwordHash !== 'string') return undefined;
  return {
    login: { username: name, connectionId: login.connectionId, passwordHash: raw.passwordHash, createdAt: (login.createdAt as string | undefined) ?? '2026-01-01T00:00:00.000Z' },
    connection: upgradeConnection(withoutKeys(raw)),
  };
}

/**
 * Move the login of a connection stored before issue 9 (username and hash on the connection item)
 * onto its own login item, before the connection is saved in today's shape, which drops them.
 * Nothing happens for a connection without them.
 */
export async function migrateLegacyLogin(db: Db, connectionId: string, now = new Date()): Promise<void> {
  const raw = await getConnectionItem(db, connectionId);
  if (!raw || typeof raw.username !== 'string' || typeof raw.passwordHash !== 'string') return;
  await putLogin(db, { username: raw.username.toLowerCase(), connectionId, passwordHash: raw.passwordHash, createdAt: now.toISOString() });
}

/**
 * Whether a password opens a login: the current one, or the one before it while the rotation's
 * overlap lasts. Unknown usernames are checked against a decoy (password.ts): same time, same answer.
 */
export async function loginAccepts(login: Login | undefined, password: string, now: Date, cache?: VerificationCache): Promise<boolean> {
  // Successes are remembered a short while per container (punchout/verification-cache.ts), keyed by the hash checked.
  const cached = login && { username: login.username, cache };
  if (await verifyPassword(password, login?.passwordHash, cached)) return login !== undefined;
  if (!login?.previousHash || !login.previousValidUntil || Date.parse(login.previousValidUntil) <= now.getTime()) return false;
  return verifyPassword(password, login.previousHash, cached);
}

/** A connection's logins, by username, without their hashes. */
export async function listLogins(db: Db, connectionId: string): Promise<Omit<Login, 'passwordHash' | 'previousHash'>[]> {
  const out = await db.doc.send(
    new QueryCommand({
      TableName: db.table,
      IndexName: GSI1,
      KeyConditionExpression: 'gsi1pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.loginsOf(connectionId) },
    }),
  );
  return (out.Items ?? []).map((item) => {
    const { passwordHash: _p, previousHash: _h, ...rest } = withoutKeys<Login>(item);
    return rest;
  });
}

/** Make a login with a generated password; `exists` when the username is taken (by any connection). */
export async function createLogin(
  db: Db,
  input: { username: string; connectionId: string; deliveryAddressId?: string; label?: string },
  now = new Date(),
): Promise<{ result: 'created'; login: Login; password: string } | { result: 'exists' }> {
  const password = generateSecret();
  const login: Login = {
    username: input.username.toLowerCase(),
    connectionId: input.connectionId,
    passwordHash: await hashPassword(password),
    ...(input.deliveryAddressId ? { deliveryAddressId: input.deliveryAddressId } : {}),
    ...(input.label ? { label: input.label } : {}),
    createdAt: now.toISOString(),
  };
  try {
    await db.doc.send(new PutCommand({ TableName: db.table, Item: loginItem(login), ConditionExpression: 'attribute_not_exists(pk)' }));
    return { result: 'created', login, password };
  } catch (error) {
    if (isConditionFailure(error)) return { result: 'exists' };
    throw error;
  }
}

/** Store a login with a password chosen elsewhere (infra/admin.ts, the local seed). */
export async function putLogin(db: Db, login: Login): Promise<'saved' | 'taken'> {
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: loginItem(login),
        // A username belongs to one connection.
        ConditionExpression: 'attribute_not_exists(pk) OR connectionId = :id',
        ExpressionAttributeValues: { ':id': login.connectionId },
      }),
    );
    return 'saved';
  } catch (error) {
    if (isConditionFailure(error)) return 'taken';
    throw error;
  }
}

/**
 * Give a login a new generated password. The old one keeps working for `overlapHours` (0: stops
 * now), so the buyer's administrator can switch without downtime; a second rotation inside the
 * window ends the first one's old password.
 */
export async function rotateLogin(
  db: Db,
  connectionId: string,
  username: string,
  overlapHours: number,
  now = new Date(),
): Promise<{ result: 'rotated'; login: Login; password: string } | { result: 'missing' | 'stale' }> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.login(username), ConsistentRead: true }));
  if (!Item || Item.connectionId !== connectionId) return { result: 'missing' };
  const current = withoutKeys<Login>(Item);
  const password = generateSecret();
  const { previousHash: _h, previousValidUntil: _u, ...rest } = current;
  const login: Login = {
    ...rest,
    username: username.toLowerCase(),
    passwordHash: await hashPassword(password),
    ...(overlapHours > 0 && current.passwordHash
      ? { previousHash: current.passwordHash, previousValidUntil: new Date(now.getTime() + overlapHours * 3_600_000).toISOString() }
      : {}),
    rotatedAt: now.toISOString(),
  };
  try {
    await db.doc.send(
      new PutCommand({
        TableName: db.table,
        Item: loginItem(login),
        // Two admins rotating at once: the second is told, not silently overwritten.
        ConditionExpression: current.passwordHash ? 'passwordHash = :old' : 'attribute_not_exists(passwordHash)',
        ...(current.passwordHash ? { ExpressionAttributeValues: { ':old': current.passwordHash } } : {}),
      }),
    );
    return { result: 'rotated', login, password };
  } catch (error) {
    if (isConditionFailure(error)) return { result: 'stale' };
    throw error;
  }
}

/** Remove a login of a connection; it stops working at once. */
export async function removeLogin(db: Db, connectionId: string, username: string): Promise<'removed' | 'missing'> {
  try {
    await db.doc.send(
      new DeleteCommand({
        TableName: db.table,
        Key: keys.login(username),
        ConditionExpression: 'connectionId = :id',
        ExpressionAttributeValues: { ':id': connectionId },
      }),
    );
    return 'removed';
  } catch (error) {
    if (isConditionFailure(error)) return 'missing';
    throw error;
  }
}
