import { randomBytes } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { CxmlSessionFields } from '../punchout/cxml-setup';
import type { CallUp } from '../punchout/oci-callup';
import { type Db, isConditionFailure, withoutKeys } from './db';
import { keys } from './keys';
import { epochSeconds, ttl } from './retention';
import { sessionIdOf } from './sessions';

/**
 * A cXML start link is a bearer token that crosses the buyer's system and the user's browser: it
 * opens one catalog session, once, within this many minutes (issue 10: "expires within 5 minutes").
 */
export const CXML_START_MINUTES = 5;

/** What a set-up request leaves for its start link: the session it will open. */
export interface CxmlStart {
  id: string;
  connectionId: string;
  callUp: CallUp;
  cxml: CxmlSessionFields;
  deliveryAddressId?: string;
  createdAt: string;
  /** Epoch seconds. */
  expiresAt: number;
}

/** Store a start link; the token goes in the URL, only its HMAC is stored (like a session's). */
export async function createCxmlStart(db: Db, signingKey: string, start: Omit<CxmlStart, 'id' | 'createdAt' | 'expiresAt'>, now: Date): Promise<{ start: CxmlStart; token: string }> {
  const token = randomBytes(24).toString('base64url');
  const item: CxmlStart = { ...start, id: sessionIdOf(token, signingKey), createdAt: now.toISOString(), expiresAt: ttl.session(now, CXML_START_MINUTES) };
  await db.doc.send(
    new PutCommand({ TableName: db.table, Item: { ...keys.cxmlStart(item.id), entity: 'cxmlStart', ...item }, ConditionExpression: 'attribute_not_exists(pk)' }),
  );
  return { start: item, token };
}

/** Take a start link: it is deleted in the same step, so a second use (or a use after expiry) finds nothing. */
export async function takeCxmlStart(db: Db, signingKey: string, token: string, now: Date): Promise<CxmlStart | undefined> {
  if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return undefined;
  try {
    const { Attributes } = await db.doc.send(
      new DeleteCommand({
        TableName: db.table,
        Key: keys.cxmlStart(sessionIdOf(token, signingKey)),
        ConditionExpression: 'attribute_exists(pk) AND expiresAt > :now',
        ExpressionAttributeValues: { ':now': epochSeconds(now) },
        ReturnValues: 'ALL_OLD',
      }),
    );
    return Attributes ? withoutKeys<CxmlStart>(Attributes) : undefined;
  } catch (error) {
    if (isConditionFailure(error)) return undefined;
    throw error;
  }
}
