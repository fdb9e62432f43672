/**
 * Operations on a deployed table, run from a workstation with AWS credentials:
 *
 *   TABLE_NAME=<TableName output> CONNECTION_PASSWORD=… npx tsx infra/admin.ts connection connection.json
 *   TABLE_NAME=… CONNECTION_PASSWORD=… npx tsx infra/admin.ts password <connection id>
 *   TABLE_NAME=… npx tsx infra/admin.ts fleet fleet.json        (or: fleet --demo)
 *   TABLE_NAME=… npx tsx infra/admin.ts staff <e-mail> "<name>" [admin|operator]
 *   TABLE_NAME=… npx tsx infra/admin.ts bounces <address>
 *
 * Connection passwords never reach a file or a command line: they come from CONNECTION_PASSWORD
 * and only their scrypt hash is stored (in the table, so no per-connection secret store is needed).
 */
import { readFileSync } from 'node:fs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readConfig } from '../functions/config';
import { parseFleet } from '../functions/catalog/fleet-schema';
import type { Connection } from '../functions/punchout/connection';
import { hashPassword } from '../functions/punchout/password';
import { createDocumentClient } from '../functions/store/client';
import { getConnection, putConnection } from '../functions/store/connections';
import type { Db } from '../functions/store/db';
import { putFleet } from '../functions/store/fleet';
import { normaliseEmail, ROLES, type Role } from '../functions/operations/staff';
import { addStaff } from '../functions/store/staff';

const REQUIRED: (keyof Connection)[] = [
  'id',
  'name',
  'status',
  'username',
  'hookAllowlist',
  'buyerOrigins',
  'extraFields',
  'currency',
  'vatPercent',
  'discountPercent',
  'defaultLanguage',
  'contactEmail',
];

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function password(): string {
  const value = process.env.CONNECTION_PASSWORD ?? '';
  if (value.length < 16) fail('Set CONNECTION_PASSWORD to the new connection password (at least 16 characters).');
  return value;
}

function readJson<T>(file: string | undefined): T {
  if (!file) fail('Name a JSON file.');
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/** A connection from its JSON description: every required field present, no hash or password in the file. */
export function connectionFromJson(input: Record<string, unknown>, passwordHash: string): Connection {
  const missing = REQUIRED.filter((key) => input[key] === undefined);
  if (missing.length > 0) throw new Error(`The connection file lacks: ${missing.join(', ')}`);
  if ('password' in input || 'passwordHash' in input) {
    throw new Error('Keep the password out of the file: pass it in CONNECTION_PASSWORD');
  }
  if (input.allowLoopbackHooks === true) throw new Error('allowLoopbackHooks is for the local stack only');
  return { ...(input as unknown as Connection), allowLoopbackHooks: false, passwordHash };
}

async function main(): Promise<void> {
  const [command, arg, ...rest] = process.argv.slice(2);
  const config = readConfig(process.env, { requirePublicBaseUrl: false });
  const db: Db = { doc: createDocumentClient(config), table: config.tableName };

  switch (command) {
    case 'connection': {
      const connection = connectionFromJson(readJson(arg), await hashPassword(password()));
      await putConnection(db, connection);
      console.log(`Connection ${connection.id} (${connection.status}) stored; username ${connection.username.toLowerCase()}`);
      break;
    }
    case 'password': {
      if (!arg) fail('Name the connection id.');
      const existing = await getConnection(db, arg);
      if (!existing) fail(`No connection ${arg} in ${config.tableName}.`);
      await putConnection(db, { ...existing, passwordHash: await hashPassword(password()) });
      console.log(`Password of ${arg} replaced; the old one stops working now.`);
      break;
    }
    case 'fleet': {
      const fleet =
        // Checked before anything is written: every location needs a known IANA time zone.
        arg === '--demo' ? (await import('../functions/local/demo-fleet')).DEMO_FLEET : parseFleet(readJson<unknown>(arg));
      await putFleet(db, fleet);
      console.log(
        `Fleet stored: ${fleet.vehicleTypes.length} vehicle types, ${fleet.locations.length} locations, ${fleet.units.length} units`,
      );
      break;
    }
    case 'staff': {
      // The first operations admin; later ones are added from the operations console.
      const email = normaliseEmail(arg ?? '');
      const [name, role = 'admin'] = rest;
      if (!email || !name || !ROLES.includes(role as Role)) fail('Usage: staff <e-mail> "<name>" [admin|operator]');
      const result = await addStaff(db, {
        email,
        name,
        role: role as Role,
        active: true,
        createdAt: new Date().toISOString(),
        createdBy: 'infra/admin.ts',
      });
      console.log(result === 'added' ? `${email} can now ask for a sign-in link.` : `${email} is already on the staff list.`);
      break;
    }
    case 'bounces': {
      if (!arg) fail('Name the address.');
      const out = await db.doc.send(
        new QueryCommand({
          TableName: db.table,
          KeyConditionExpression: 'pk = :pk',
          ExpressionAttributeValues: { ':pk': `BOUNCE#${arg.toLowerCase()}` },
          ScanIndexForward: false,
        }),
      );
      for (const item of out.Items ?? []) console.log(`${item.at}  ${item.kind}  ${item.detail}`);
      if (!out.Items?.length) console.log(`No bounce or complaint recorded for ${arg}.`);
      break;
    }
    default:
      fail(
        'Usage: npx tsx infra/admin.ts connection <file.json> | password <connection id> | fleet <file.json>|--demo | staff <e-mail> "<name>" [role] | bounces <address>',
      );
  }
}

if (process.argv[1]?.endsWith('infra/admin.ts')) {
  await main();
}
