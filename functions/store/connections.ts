import { GetCommand } from '@aws-sdk/lib-dynamodb';
import {
  type Connection,
  type ContractRate,
  DEFAULT_CALL_UP_PARAMS,
  DEFAULT_CART_SETTINGS,
} from '../punchout/connection';
import { credentialDelete, credentialPut, sameCredential } from './cxml-credentials';
import { type Db, withoutKeys } from './db';
import { GSI1, keys } from './keys';
import { queryAll } from './paging';
import type { TxItem } from './request-events';
import { transactWithRetry } from './transact';

/** What a connection stored before issue 9 carried that the current shape does not. */
export interface LegacyConnectionFields {
  username?: string;
  passwordHash?: string;
  vendorNumber?: string;
  matGroup?: string;
  discountPercent?: number;
  rateCard?: Record<string, { day: number; week: number; month: number }>;
  contactEmail?: string;
}

/**
 * A stored connection in today's shape, whatever shape it was written in: connections written
 * before logins, organisation and cart settings existed (a deployed table) keep working. The one
 * place that knows the old shape; its login is upgraded by store/logins.ts.
 */
export function upgradeConnection(stored: Record<string, unknown>): Connection {
  const item = stored as Partial<Connection> & LegacyConnectionFields;
  if (item.version !== undefined && item.organisation && item.cart && item.callUpParams) {
    const { username: _u, passwordHash: _p, ...current } = item;
    return current as Connection;
  }
  const legacyRates: ContractRate[] = [];
  if (item.discountPercent) legacyRates.push({ id: 'legacy-discount', kind: 'discount', percent: item.discountPercent, validFrom: '2000-01-01' });
  for (const [vehicleTypeId, rates] of Object.entries(item.rateCard ?? {})) {
    legacyRates.push({ id: `legacy-${vehicleTypeId}`, kind: 'card', vehicleTypeId, rates, validFrom: '2000-01-01' });
  }
  const { username: _u, passwordHash: _p, vendorNumber, matGroup, discountPercent: _d, rateCard: _r, contactEmail, ...rest } = item;
  const language = rest.defaultLanguage ?? 'en';
  return {
    active: true,
    deliveryAddresses: [],
    callUpParams: DEFAULT_CALL_UP_PARAMS,
    orderChannel: { kind: 'none' },
    contractRates: legacyRates,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...rest,
    organisation: rest.organisation ?? { contactEmail: contactEmail ?? '', language, billing: { xmlInvoices: false } },
    cart: rest.cart ?? { ...DEFAULT_CART_SETTINGS, vendorNumber, matGroup },
    version: rest.version ?? 0,
  } as Connection;
}

function connectionItem(connection: Connection) {
  return {
    ...keys.connection(connection.id),
    gsi1pk: keys.connectionList,
    gsi1sk: connection.id,
    entity: 'connection',
    ...connection,
  };
}

export async function getConnection(db: Db, id: string): Promise<Connection | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.connection(id), ConsistentRead: true }));
  return Item ? upgradeConnection(withoutKeys(Item)) : undefined;
}

/** The raw stored item (for store/logins.ts's upgrade of a pre-issue-9 login). */
export async function getConnectionItem(db: Db, id: string): Promise<Record<string, unknown> | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.connection(id), ConsistentRead: true }));
  return Item;
}

/** Every connection, by id. Connections stored before issue 9 appear once they are saved again (infra/admin.ts). */
export async function listConnections(db: Db): Promise<Connection[]> {
  const items = await queryAll(db, { IndexName: GSI1, KeyConditionExpression: 'gsi1pk = :pk', ExpressionAttributeValues: { ':pk': keys.connectionList } });
  return items.map((item) => upgradeConnection(withoutKeys(item)));
}

/** Thrown by putConnection when another connection holds the cXML credential: the message names it. */
export class CxmlCredentialTaken extends Error {
  constructor(readonly credential: { domain: string; identity: string }) {
    super(`The cXML credential ${credential.domain}/${credential.identity} is used by another connection.`);
    this.name = 'CxmlCredentialTaken';
  }
}

/**
 * The connection's write with its cXML credential index (store/cxml-credentials.ts), one
 * transaction: the connection's item first (with `condition`), then the credential's index item
 * (refused when another connection holds it), then the removal of a credential it no longer uses.
 */
async function writeConnection(
  db: Db,
  connection: Connection,
  previous: Pick<Connection, 'cxml'> | undefined,
  condition?: { expression: string; values?: Record<string, unknown> },
): Promise<'written' | 'condition' | 'credential-taken'> {
  const items: TxItem[] = [
    {
      Put: {
        TableName: db.table,
        Item: connectionItem(connection),
        ...(condition ? { ConditionExpression: condition.expression, ...(condition.values ? { ExpressionAttributeValues: condition.values } : {}) } : {}),
      },
    },
  ];
  const credential = connection.cxml;
  if (credential) items.push(credentialPut(db, connection.id, credential));
  if (previous?.cxml && !sameCredential(previous.cxml, credential)) items.push(credentialDelete(db, connection.id, previous.cxml));
  const result = await transactWithRetry(db, items);
  if (result.ok) return 'written';
  if (result.codes === 'busy') throw new Error(`Saving connection ${connection.id} lost every attempt to concurrent writes`);
  if (result.codes[0] === 'ConditionalCheckFailed') return 'condition';
  if (credential && result.codes[1] === 'ConditionalCheckFailed') return 'credential-taken';
  throw new Error(`Saving connection ${connection.id} failed on a condition: ${result.codes.join(',')}`);
}

/** Store a connection as is (seed, import): no version check. Throws CxmlCredentialTaken when another connection holds its cXML credential. */
export async function putConnection(db: Db, connection: Connection): Promise<void> {
  const stored = await getConnectionItem(db, connection.id);
  if ((await writeConnection(db, connection, stored as Pick<Connection, 'cxml'> | undefined)) === 'credential-taken') throw new CxmlCredentialTaken(connection.cxml!);
}

/** Create a connection; `exists` when the id is taken, `credential-taken` when another connection holds its cXML credential. */
export async function createConnection(db: Db, connection: Connection): Promise<'created' | 'exists' | 'credential-taken'> {
  const written = await writeConnection(db, connection, undefined, { expression: 'attribute_not_exists(pk)' });
  return written === 'written' ? 'created' : written === 'condition' ? 'exists' : 'credential-taken';
}

/**
 * Replace a connection if it is still at `expectedVersion` (what the editor started from); the
 * stored version becomes `connection.version`. `stale` when someone saved in between;
 * `credential-taken` when another connection holds its cXML credential (nothing is saved).
 */
export async function replaceConnection(db: Db, connection: Connection, expectedVersion: number): Promise<'saved' | 'stale' | 'credential-taken'> {
  const stored = await getConnectionItem(db, connection.id);
  if (!stored || (stored.version ?? 0) !== expectedVersion) return 'stale';
  const written = await writeConnection(db, connection, stored as Pick<Connection, 'cxml'>, {
    expression: expectedVersion === 0 ? 'attribute_exists(pk) AND (attribute_not_exists(version) OR version = :v)' : 'version = :v',
    values: { ':v': expectedVersion },
  });
  return written === 'written' ? 'saved' : written === 'condition' ? 'stale' : 'credential-taken';
}
