import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { getItems } from './batch-get';
import type { Connection } from '../punchout/connection';
import { cxmlIdentityMatches } from '../punchout/cxml-setup';
import { type Db, isConditionFailure } from './db';
import { getConnection, listConnections } from './connections';
import { keys } from './keys';
import type { TxItem } from './request-events';

/**
 * The cXML credential index: one item per connection's buyer credential (domain and identity,
 * lower case) naming the connection, so cXML set-up and purchase orders find the sender's
 * connection with one read instead of a scan of every connection. Written and removed by
 * store/connections.ts in the same transaction as the connection; reference data, no TTL.
 */

export type CxmlIdentity = { domain: string; identity: string };

/** A credential as the index keys it: the same for `NetworkID`/`networkid`. */
export const credentialKey = (c: CxmlIdentity) => keys.cxmlCredential(c.domain.trim(), c.identity.trim());
export const sameCredential = (a?: CxmlIdentity, b?: CxmlIdentity) =>
  !!a && !!b && credentialKey(a).pk === credentialKey(b).pk;

/** The index item's Put for a connection's credential, refused when another connection holds it. */
export function credentialPut(db: Db, connectionId: string, credential: CxmlIdentity): TxItem {
  return {
    Put: {
      TableName: db.table,
      Item: { ...credentialKey(credential), entity: 'cxmlCredential', connectionId, domain: credential.domain, identity: credential.identity },
      ConditionExpression: 'attribute_not_exists(pk) OR connectionId = :id',
      ExpressionAttributeValues: { ':id': connectionId },
    },
  };
}

/** The index item's Delete for a credential the connection no longer uses (never another connection's). */
export function credentialDelete(db: Db, connectionId: string, credential: CxmlIdentity): TxItem {
  return {
    Delete: {
      TableName: db.table,
      Key: credentialKey(credential),
      ConditionExpression: 'attribute_not_exists(pk) OR connectionId = :id',
      ExpressionAttributeValues: { ':id': connectionId },
    },
  };
}

/**
 * The connection a cXML Header's credentials name (Sender's first, then From's, as
 * cxml-setup.ts `readCredentials` lists them): one batch read of the index, then the connection,
 * checked to still carry that credential (an index item left behind names nobody).
 */
export async function connectionByCxmlCredential(db: Db, identities: CxmlIdentity[]): Promise<Connection | undefined> {
  const wanted = identities.filter((i) => i.domain && i.identity).slice(0, 10);
  if (!wanted.length) return undefined;
  const found = await getItems(db, wanted.map(credentialKey));
  for (const identity of wanted) {
    const connectionId = found(credentialKey(identity))?.connectionId;
    if (typeof connectionId !== 'string') continue;
    const connection = await getConnection(db, connectionId);
    if (connection && cxmlIdentityMatches(connection, [identity])) return connection;
  }
  return undefined;
}

/**
 * Index every connection's cXML credential that has no index item yet: connections saved before
 * the index existed (a deployed table: `infra/admin.ts cxml-index`, once; the local stack at every
 * start). Idempotent. A credential another connection already holds is reported, not taken.
 */
export async function indexCxmlCredentials(db: Db): Promise<{ indexed: string[]; conflicts: string[] }> {
  const indexed: string[] = [];
  const conflicts: string[] = [];
  for (const connection of await listConnections(db)) {
    if (!connection.cxml) continue;
    const put = credentialPut(db, connection.id, connection.cxml).Put!;
    try {
      await db.doc.send(new PutCommand(put as ConstructorParameters<typeof PutCommand>[0]));
      indexed.push(connection.id);
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      conflicts.push(`${connection.id}: ${connection.cxml.domain}/${connection.cxml.identity}`);
    }
  }
  return { indexed, conflicts };
}
