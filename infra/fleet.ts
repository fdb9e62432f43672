/**
 * The whole fleet as a JSON file, both ways:
 *
 *   npm run fleet -- export [--table NAME] > fleet.json
 *   npm run fleet -- import fleet.json [--table NAME]
 *
 * Without --table it talks to the running local stack (DynamoDB Local on DYNAMODB_PORT, default
 * 8000, table flexfleet-local); with --table NAME to that DynamoDB table in AWS, with credentials
 * and region from the environment (AWS_PROFILE / AWS_REGION; DYNAMODB_ENDPOINT if set). An import
 * checks every row first and writes nothing when any row is bad, naming each one.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { pathToFileURL } from 'node:url';
import { checkFleet } from '../functions/catalog/fleet-schema';
import { readConfig } from '../functions/config';
import { localEndpoint, portFromEnv } from '../functions/local/ports';
import { createDb, type Db } from '../functions/store/db';
import { importFleet, importProblems } from '../functions/store/fleet-import';
import { loadFleet } from '../functions/store/fleet';

export interface FleetIo {
  out: (text: string) => void;
  err: (text: string) => void;
  readFile: (path: string) => string;
}

const USAGE = 'Usage: npm run fleet -- export [--table NAME]  |  npm run fleet -- import <file.json> [--table NAME]';

/** Run one command against `db`; the exit code. */
export async function fleetCommand(args: string[], db: Db, io: FleetIo, actor = { email: `cli:${safeUser()}`, name: 'npm run fleet import' }): Promise<number> {
  const [command, file] = args;
  if (command === 'export' && !file) {
    const fleet = await loadFleet(db);
    const byId = <T>(key: (x: T) => string) => (a: T, b: T) => key(a).localeCompare(key(b));
    const sorted = {
      locations: [...fleet.locations].sort(byId((l) => l.id)),
      vehicleTypes: [...fleet.vehicleTypes].sort(byId((t) => t.id)),
      units: [...fleet.units].sort(byId((u) => u.plate)),
      extras: [...(fleet.extras ?? [])].sort(byId((e) => e.id)),
    };
    io.out(`${JSON.stringify(sorted, null, 2)}\n`);
    return 0;
  }
  if (command === 'import' && file) {
    let input: unknown;
    try {
      input = JSON.parse(withoutNpmBanner(io.readFile(file)));
    } catch (error) {
      io.err(`${file}: not a readable JSON file (${(error as Error).message})`);
      return 1;
    }
    const stored = await loadFleet(db);
    const checked = checkFleet(input, stored);
    const errors = checked.ok ? await importProblems(db, checked.fleet, stored) : checked.errors;
    if (!checked.ok || errors.length) {
      for (const error of errors) io.err(error);
      io.err(`${errors.length} bad row(s): nothing was written.`);
      return 1;
    }
    const { written } = await importFleet(db, checked.fleet, actor);
    io.err(`Imported ${checked.fleet.locations.length} location(s), ${checked.fleet.vehicleTypes.length} vehicle type(s), ${checked.fleet.units.length} unit(s) (${written} items).`);
    return 0;
  }
  io.err(USAGE);
  return 2;
}

/**
 * `npm run fleet -- export > file` puts npm's own banner ("> flexfleet-punchout@… fleet") above the
 * JSON unless npm runs with --silent; a JSON text never starts with ">", so those lines are skipped.
 */
function withoutNpmBanner(text: string): string {
  return text.replace(/^(?:\s*\n|> [^\n]*\n)*/, '');
}

function safeUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The table the options name: `--table NAME` in AWS, else the local stack's. */
export function fleetDb(args: string[], env: NodeJS.ProcessEnv): { db: Db; rest: string[]; where: string } {
  const at = args.indexOf('--table');
  const table = at >= 0 ? args[at + 1] : undefined;
  if (at >= 0 && !table) throw new Error('--table needs a table name');
  const rest = at >= 0 ? [...args.slice(0, at), ...args.slice(at + 2)] : args;
  const config = readConfig(
    table
      ? { ...env, TABLE_NAME: table }
      : { ...env, TABLE_NAME: 'flexfleet-local', AWS_REGION: 'eu-west-1', DYNAMODB_ENDPOINT: localEndpoint(portFromEnv(env, 'DYNAMODB_PORT', 8000)), LOCAL_STACK: 'true' },
    { requirePublicBaseUrl: false },
  );
  return { db: createDb(config), rest, where: table ? `table ${table}` : `the local stack (${config.dynamoEndpoint}, table ${config.tableName})` };
}

async function main(): Promise<void> {
  const { db, rest, where } = fleetDb(process.argv.slice(2), process.env);
  const io: FleetIo = { out: (t) => process.stdout.write(t), err: (t) => console.error(t), readFile: (p) => readFileSync(p, 'utf8') };
  try {
    process.exitCode = await fleetCommand(rest, db, io);
  } catch (error) {
    const name = (error as Error).name;
    if (name === 'ResourceNotFoundException') console.error(`No fleet table in ${where}: is the stack running (npm start)?`);
    else if (/ECONNREFUSED|fetch failed/.test(String((error as Error).message)) || name === 'TimeoutError') console.error(`Cannot reach ${where}: is the stack running (npm start)?`);
    else console.error(`${where}: ${(error as Error).message}`);
    process.exitCode = 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main();
