import { GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { Connection } from '../punchout/connection';
import { type Db, withoutKeys } from './db';
import { keys } from './keys';

export async function getConnection(db: Db, id: string): Promise<Connection | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.connection(id) }));
  return Item ? withoutKeys<Connection>(Item) : undefined;
}

/** The connection a company-level username belongs to (usernames are matched case-insensitively). */
export async function findConnectionByUsername(db: Db, username: string): Promise<Connection | undefined> {
  const { Item } = await db.doc.send(new GetCommand({ TableName: db.table, Key: keys.login(username) }));
  return Item ? getConnection(db, Item.connectionId as string) : undefined;
}

/** Store a connection; its username must not belong to another connection. */
export async function putConnection(db: Db, connection: Connection): Promise<void> {
  const username = connection.username.toLowerCase();
  await db.doc.send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: db.table, Item: { ...keys.connection(connection.id), entity: 'connection', ...connection, username } } },
        {
          Put: {
            TableName: db.table,
            Item: { ...keys.login(username), entity: 'login', connectionId: connection.id },
            ConditionExpression: 'attribute_not_exists(pk) OR connectionId = :id',
            ExpressionAttributeValues: { ':id': connection.id },
          },
        },
      ],
    }),
  );
}
