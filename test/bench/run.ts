/**
 * `npm run bench`: Lambda bundle sizes, and the cold import + first request of the web handler
 * as a ratio against a baseline (a minimal Hono handler doing one GetItem) built in the same run
 * with the same esbuild settings (infra/esbuild-settings.ts). Prints figures; asserts nothing.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { build } from 'esbuild';
import { ESBUILD_SETTINGS, LAMBDA_ENTRIES, lambdaBuildOptions } from '../../infra/esbuild-settings';
import { PROJECT_ROOT } from '../../infra/lambda';
import { freePort } from '../support/free-port';

const run = promisify(execFile);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 9);
const WARM_REQUESTS = 200;

const ENTRIES: Record<string, string> = { baseline: 'test/bench/baseline-handler.ts', ...LAMBDA_ENTRIES };

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function bundle(outRoot: string, name: string, entry: string): Promise<string | undefined> {
  if (!existsSync(join(PROJECT_ROOT, entry))) return undefined;
  const outfile = join(outRoot, name, 'index.mjs');
  await build(lambdaBuildOptions(join(PROJECT_ROOT, entry), outfile));
  return outfile;
}

function dirSize(dir: string): { files: number; bytes: number; gzip: number } {
  let files = 0;
  let bytes = 0;
  let gzip = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) continue;
    const content = readFileSync(path);
    files += 1;
    bytes += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
  }
  return { files, bytes, gzip };
}

interface Cold {
  importMs: number;
  firstRequestMs: number;
  totalMs: number;
  warmMs?: number;
  status: number;
  bytes: number;
}

async function cold(bundlePath: string, env: NodeJS.ProcessEnv, path: string, repeat = 0): Promise<Cold> {
  const { stdout } = await run(
    process.execPath,
    [join(PROJECT_ROOT, 'test/bench/cold-child.mjs'), bundlePath, 'GET', path, String(repeat)],
    { env, cwd: PROJECT_ROOT },
  );
  return JSON.parse(stdout) as Cold;
}

async function main(): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), 'flexfleet-bench-'));
  console.log(`esbuild settings (both sides): ${JSON.stringify({ ...ESBUILD_SETTINGS, banner: 'createRequire' })}\n`);

  // 1. Bundle sizes
  const bundles: Record<string, string | undefined> = {};
  console.log('Lambda bundles (minified ESM, AWS SDK bundled)');
  console.log('  function     raw         gzip (~zip)');
  for (const [name, entry] of Object.entries(ENTRIES)) {
    bundles[name] = await bundle(out, name, entry);
    const file = bundles[name];
    if (!file) {
      console.log(`  ${name.padEnd(12)} (${entry} does not exist yet)`);
      continue;
    }
    const content = readFileSync(file);
    console.log(`  ${name.padEnd(12)} ${kb(content.length).padEnd(11)} ${kb(gzipSync(content, { level: 9 }).length)}`);
  }

  // 2. Web bundles (shipped inside the web Lambda package under assets/)
  let assetsDir: string | undefined;
  let assetFile: string | undefined;
  try {
    const { buildWeb } = await import('../../infra/build');
    assetsDir = join(out, 'assets');
    const manifest = await buildWeb(assetsDir);
    assetFile = manifest['catalog.js'] ?? Object.values(manifest)[0];
    const size = dirSize(assetsDir);
    console.log(`\nWeb bundles: ${size.files} files, ${kb(size.bytes)} raw, ${kb(size.gzip)} gzip`);
  } catch (error) {
    assetsDir = undefined;
    console.log(`\nWeb bundles: not built (${(error as Error).message.split('\n')[0]})`);
  }

  if (!bundles.web || !bundles.baseline) {
    console.log('\nCold start: skipped, the web handler does not exist yet');
    return;
  }

  // 3. Cold import + first request, in fresh processes, against DynamoDB Local in memory
  const { startDynamoLocal } = await import('../../functions/local/dynamo');
  const { ensureTable } = await import('../../functions/store/table');
  const port = await freePort();
  const dynamo = await startDynamoLocal(port);
  try {
    const client = new DynamoDBClient({
      endpoint: dynamo.endpoint,
      region: 'eu-west-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    await ensureTable(client, 'bench');
    client.destroy();
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      TABLE_NAME: 'bench',
      // As the Lambda runtime sets it: without a custom domain, links come from the event's Function URL host.
      AWS_LAMBDA_FUNCTION_NAME: 'bench',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      ASSETS_DIR: assetsDir ?? join(out, 'no-assets'),
      LOG_LEVEL: 'silent',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    // Both answer GET /s/<unknown session>/: one GetItem that finds nothing.
    const path = '/s/bench-unknown-session/';
    await cold(bundles.baseline, env, path); // warm the OS file cache and DynamoDB Local's JIT
    await cold(bundles.web, env, path);
    const results: Record<'baseline' | 'web', Cold[]> = { baseline: [], web: [] };
    for (let i = 0; i < ROUNDS; i++) {
      results.baseline.push(await cold(bundles.baseline, env, path));
      results.web.push(await cold(bundles.web, env, path));
    }
    const summary = (name: 'baseline' | 'web') => ({
      importMs: median(results[name].map((r) => r.importMs)),
      firstRequestMs: median(results[name].map((r) => r.firstRequestMs)),
      totalMs: median(results[name].map((r) => r.totalMs)),
      status: results[name][0].status,
    });
    const base = summary('baseline');
    const web = summary('web');
    console.log(`\nCold import + first request (GET ${path}, one GetItem; median of ${ROUNDS} fresh processes, Node ${process.version})`);
    console.log('  handler    import      1st request total       status');
    for (const [name, s] of [['baseline', base], ['web', web]] as const) {
      console.log(
        `  ${name.padEnd(10)} ${s.importMs.toFixed(1).padStart(6)} ms  ${s.firstRequestMs.toFixed(1).padStart(6)} ms  ${s.totalMs.toFixed(1).padStart(6)} ms  ${s.status}`,
      );
    }
    console.log(`  ratio web/baseline: import ${(web.importMs / base.importMs).toFixed(2)}x, import + first request ${(web.totalMs / base.totalMs).toFixed(2)}x`);
    // Minimums are less sensitive to other work on the machine than medians.
    const fastest = (name: 'baseline' | 'web') => Math.min(...results[name].map((r) => r.totalMs));
    console.log(
      `  fastest run: baseline ${fastest('baseline').toFixed(1)} ms, web ${fastest('web').toFixed(1)} ms, ratio ${(fastest('web') / fastest('baseline')).toFixed(2)}x`,
    );

    // 4. Serving a web bundle from the Lambda: what the S3 + CloudFront alternative would save
    if (assetsDir && assetFile) {
      const assetPath = `/assets/${assetFile}`;
      const runs: Cold[] = [];
      for (let i = 0; i < 5; i++) runs.push(await cold(bundles.web, env, assetPath, WARM_REQUESTS));
      const first = median(runs.map((r) => r.firstRequestMs));
      const warm = median(runs.map((r) => r.warmMs ?? 0));
      console.log(`\nServing ${assetPath} from the web Lambda (median of 5 fresh processes)`);
      console.log(
        `  status ${runs[0].status}, ${kb(runs[0].bytes)}, cache-control "${(runs[0] as Cold & { headers?: Record<string, string> }).headers?.['cache-control']}"`,
      );
      console.log(`  first request after import ${first.toFixed(1)} ms, then ${warm.toFixed(2)} ms/request warm (mean of ${WARM_REQUESTS})`);
    }
  } finally {
    await dynamo.stop();
    rmSync(out, { recursive: true, force: true });
  }
}

await main();
