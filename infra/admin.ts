/**
 * Operations on a deployed table, run from a workstation with AWS credentials. Connections are
 * normally made in the operations console (admin role); this is for importing them from a file and
 * for a table no console can reach yet:
 *
 *   TABLE_NAME=<TableName output> npx tsx infra/admin.ts connection connection.json
 *   TABLE_NAME=… npx tsx infra/admin.ts login <connection id> <username> [delivery address id]
 *   TABLE_NAME=… npx tsx infra/admin.ts password <username> [overlap hours, default 24]
 *   TABLE_NAME=… npx tsx infra/admin.ts fleet fleet.json        (or: fleet --demo)
 *   TABLE_NAME=… npx tsx infra/admin.ts staff <e-mail> "<name>" [admin|operator]
 *   TABLE_NAME=… npx tsx infra/admin.ts bounces <address>
 *   TABLE_NAME=… npx tsx infra/admin.ts cxml-index    (once, after deploying issue 10: indexes existing connections' cXML credentials)
 *
 * Passwords are generated, printed once and stored only as their scrypt hash; they never come from
 * a file or a command line. A rotation keeps the old password working for the overlap.
 */
import { readFileSync } from 'node:fs';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { readConfig } from '../functions/config';
import { parseFleet } from '../functions/catalog/fleet-schema';
import type { Connection } from '../functions/punchout/connection';
import { ConnectionFileBody, LoginParam, RotateLoginBody } from '../functions/punchout/connection-schema';
import { createDocumentClient } from '../functions/store/client';
import { getConnection, putConnection } from '../functions/store/connections';
import { indexCxmlCredentials } from '../functions/store/cxml-credentials';
import type { Db } from '../functions/store/db';
import { putFleet } from '../functions/store/fleet';
import { createLogin, findLogin, migrateLegacyLogin, rotateLogin } from '../functions/store/logins';
import { normaliseEmail, ROLES, type Role } from '../functions/operations/staff';
import { addStaff } from '../functions/store/staff';

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

function readJson<T>(file: string | undefined): T {
  if (!file) fail('Name a JSON file.');
  return JSON.parse(readFileSync(file, 'utf8')) as T;
}

/**
 * A connection from its JSON description (the console API's shape: README, "Connections"): every
 * field checked, no login, hash or password in the file (logins are made with `login`).
 */
export function connectionFromJson(input: Record<string, unknown>, existing?: Connection, now = new Date()): Connection {
  for (const secret of ['password', 'passwordHash', 'username', 'sharedSecretHash']) {
    if (secret in input) throw new Error(`Keep ${secret} out of the file: logins are made with "login", passwords are generated`);
  }
  if (input.allowLoopbackHooks === true) throw new Error('allowLoopbackHooks is for the local stack only');
  const parsed = ConnectionFileBody.safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || 'file'}: ${issue.message}`);
    throw new Error(`The connection file has problems:\n  ${problems.join('\n  ')}`);
  }
  const { status, orderChannel, ...fields } = parsed.data;
  const stamp = now.toISOString();
  return {
    ...fields,
    status: status ?? existing?.status ?? 'test',
    active: existing?.active ?? true,
    allowLoopbackHooks: false,
    // An order secret made earlier survives a re-import that keeps the cXML channel.
    orderChannel:
      orderChannel.kind === 'cxml' && existing?.orderChannel.kind === 'cxml' && existing.orderChannel.sharedSecretHash
        ? { ...orderChannel, sharedSecretHash: existing.orderChannel.sharedSecretHash }
        : orderChannel,
    version: (existing?.version ?? 0) + 1,
    createdAt: existing?.createdAt ?? stamp,
    updatedAt: stamp,
  };
}

async function main(): Promise<void> {
  const [command, arg, ...rest] = process.argv.slice(2);
  const config = readConfig(process.env, { requirePublicBaseUrl: false });
  const db: Db = { doc: createDocumentClient(config), table: config.tableName };

  switch (command) {
    case 'connection': {
      const input = readJson<Record<string, unknown>>(arg);
      const existing = typeof input.id === 'string' ? await getConnection(db, input.id) : undefined;
      const connection = connectionFromJson(input, existing);
      // A connection stored before issue 9 keeps its login: it moves to a login item first.
      if (existing?.version === 0) await migrateLegacyLogin(db, connection.id);
      await putConnection(db, connection);
      console.log(`Connection ${connection.id} (${connection.status}) stored, version ${connection.version}. Make a login with: login ${connection.id} <username>`);
      break;
    }
    case 'login': {
      const [username, deliveryAddressId] = rest;
      const params = LoginParam.safeParse({ id: arg, username });
      if (!params.success) fail('Usage: login <connection id> <username (lower case)> [delivery address id]');
      const connection = await getConnection(db, params.data.id);
      if (!connection) fail(`No connection ${params.data.id} in ${config.tableName}.`);
      if (deliveryAddressId && !connection.deliveryAddresses.some((a) => a.id === deliveryAddressId)) fail(`${params.data.id} has no delivery address ${deliveryAddressId}.`);
      const made = await createLogin(db, { connectionId: connection.id, username: params.data.username, deliveryAddressId });
      if (made.result === 'exists') fail(`The username ${params.data.username} is taken.`);
      console.log(`Login ${made.login.username} of ${connection.id}. Password (shown once, give it to the buyer's administrator):\n${made.password}`);
      break;
    }
    case 'password': {
      if (!arg) fail('Name the username.');
      const overlap = RotateLoginBody.safeParse({ overlapHours: Number(rest[0] ?? 24) });
      if (!overlap.success) fail('The overlap is a whole number of hours from 0 to 720.');
      const found = await findLogin(db, arg);
      if (!found) fail(`No login ${arg} in ${config.tableName}.`);
      const rotated = await rotateLogin(db, found.connection.id, arg, overlap.data.overlapHours);
      if (rotated.result !== 'rotated') fail(`The login ${arg} changed meanwhile: try again.`);
      const until = rotated.login.previousValidUntil ? `the old one works until ${rotated.login.previousValidUntil}` : 'the old one stops working now';
      console.log(`New password of ${arg} (shown once; ${until}):\n${rotated.password}`);
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
    case 'cxml-index': {
      const { indexed, conflicts } = await indexCxmlCredentials(db);
      console.log(`cXML credentials indexed for: ${indexed.join(', ') || 'no connection'}.`);
      if (conflicts.length) fail(`Credentials held by another connection (change one of them in the console): ${conflicts.join('; ')}`);
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
        'Usage: npx tsx infra/admin.ts connection <file.json> | login <connection id> <username> [address id] | password <username> [overlap hours] | fleet <file.json>|--demo | staff <e-mail> "<name>" [role] | bounces <address>',
      );
  }
}

if (process.argv[1]?.endsWith('infra/admin.ts')) {
  await main();
}
