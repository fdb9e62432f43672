/**
 * `npm run bench`: every speed figure of the project as a ratio against a baseline measured in the
 * same run (issue 12). Each benchmark is a module `test/bench/<name>.bench.ts` exporting
 * `bench: Bench` (bench-kit.ts); this runner starts one DynamoDB Local (in memory) and one local
 * SES, builds the web bundles, runs the modules one after another and prints one line per module:
 *
 *   ratio NAME VALUE (both absolute figures)
 *
 * Context lines go to stderr. Prints figures; asserts nothing. BENCH_ONLY=name,name runs a subset;
 * BENCH_ROUNDS (fresh processes per side, default 9) and BENCH_SCALE (request counts, default 1)
 * trade time for steadier medians.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DeleteTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { randomUUID } from 'node:crypto';
import { PROJECT_ROOT } from '../../infra/lambda';
import { startDynamoLocal } from '../../functions/local/dynamo';
import { startLocalSes } from '../../functions/local/mailbox';
import { ensureTable } from '../../functions/store/table';
import { freePort } from '../support/free-port';
import { type Bench, type BenchContext, createConfig, createSeededDeps } from './bench-kit';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
process.env.LOG_LEVEL ??= 'silent';

/**
 * The eight, in the order they are printed. availability-history runs last: after its
 * 100,000 seeded reservations the shared in-memory DynamoDB Local stays slow even once the table is
 * dropped (measured: the chain's call-ups past the 12 s deadline, hold-contention past the SDK's
 * 10 s timeout, email-latency 1.2 s instead of 85 ms), so nothing after it would measure fairly.
 */
export const BENCHMARKS = [
  'cold-start',
  'availability-vs-getitem',
  'fleet-1000-vs-52',
  'chain-vs-availability',
  'page-usable',
  'hold-contention',
  'email-latency',
  'availability-history',
] as const;

async function main(): Promise<void> {
  const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter(Boolean);
  const tmp = mkdtempSync(join(tmpdir(), 'flexfleet-bench-'));
  const log = (line: string) => process.stderr.write(`    ${line}\n`);

  const { buildWeb } = await import('../../infra/build');
  const assetsDir = join(tmp, 'assets');
  await buildWeb(assetsDir);

  const dynamo = await startDynamoLocal(await freePort());
  const ses = await startLocalSes(await freePort());
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'eu-west-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const base = { endpoint: dynamo.endpoint, sesEndpoint: ses.endpoint, assetsDir };
  const ctx: BenchContext = {
    ...base,
    client,
    doc: DynamoDBDocumentClient.from(client),
    async newTable(label) {
      const name = `bench-${label}-${randomUUID().slice(0, 8)}`;
      await ensureTable(client, name);
      return name;
    },
    newConfig: (label, overrides) => createConfig(base, label, overrides),
    seededDeps: (label, overrides) => createSeededDeps(base, label, overrides),
    rounds: Number(process.env.BENCH_ROUNDS ?? 9),
    scale: Number(process.env.BENCH_SCALE ?? 1),
    long: process.env.LONG === '1',
    tmp,
    log,
  };
  console.log(`npm run bench: Node ${process.version}, BENCH_ROUNDS=${ctx.rounds}, BENCH_SCALE=${ctx.scale}; each ratio against its baseline in this run`);
  try {
    for (const name of BENCHMARKS) {
      if (only && !only.includes(name)) continue;
      const file = join(PROJECT_ROOT, 'test/bench', `${name}.bench.ts`);
      if (!existsSync(file)) {
        console.log(`ratio ${name} n/a (test/bench/${name}.bench.ts not written yet)`);
        continue;
      }
      try {
        const { bench } = (await import(pathToFileURL(file).href)) as { bench: Bench };
        const started = performance.now();
        const { ratio, detail } = await bench.run(ctx);
        console.log(`ratio ${bench.name} ${ratio.toFixed(2)} (${detail})`);
        log(`(${((performance.now() - started) / 1000).toFixed(0)} s)`);
      } catch (error) {
        console.log(`ratio ${name} n/a (failed: ${(error as Error).message.split('\n')[0]})`);
        log((error as Error).stack ?? String(error));
      }
      // Each module's tables go with it: 100,000 seeded reservations left in the one in-memory
      // DynamoDB Local slowed every module after them (the chain's call-ups passed the 12 s deadline).
      await dropTables(client);
    }
  } finally {
    client.destroy();
    await ses.stop();
    await dynamo.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

async function dropTables(client: DynamoDBClient): Promise<void> {
  const { TableNames = [] } = await client.send(new ListTablesCommand({}));
  await Promise.all(TableNames.map((TableName) => client.send(new DeleteTableCommand({ TableName }))));
}

await main();
