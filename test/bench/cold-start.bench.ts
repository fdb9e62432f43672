/**
 * cold-start: import + first request (GET /s/<unknown session>/, one GetItem) of the web Lambda
 * bundle vs a minimal Hono + one GetItem handler (baseline-handler.ts), both built alike: split ESM
 * (index.mjs + chunks/, splitLambdaBuildOptions in infra/esbuild-settings.ts, as the stack packages
 * the web function), and run in fresh Node processes (cold-child.mjs), alternating, against the
 * run's DynamoDB Local. Also logs every Lambda bundle's size.
 */
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { LAMBDA_ENTRIES, lambdaBuildOptions, SPLIT_ENTRY_FILE, SPLIT_LAMBDAS, splitLambdaBuildOptions } from '../../infra/esbuild-settings';
import { PROJECT_ROOT } from '../../infra/lambda';
import { type Bench, type BenchContext, median, ms } from './bench-kit';

const run = promisify(execFile);
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

interface Cold {
  importMs: number;
  firstRequestMs: number;
  totalMs: number;
  /** CPU time (user + system) of the child up to its first answer: steadier than wall time on a loaded machine. */
  cpuMs: number;
  status: number;
}

/**
 * Bundle one entry as the stack does (the web function and the baseline split, the others in one
 * file); the bundle's directory holds its entry (index.mjs) and any chunks (chunks/).
 */
async function bundle(ctx: BenchContext, name: string, entry: string): Promise<string> {
  const outdir = join(ctx.tmp, 'lambda', name);
  const split = SPLIT_LAMBDAS.has(name) || name === 'baseline';
  await build(split ? splitLambdaBuildOptions(join(PROJECT_ROOT, entry), outdir) : lambdaBuildOptions(join(PROJECT_ROOT, entry), join(outdir, SPLIT_ENTRY_FILE)));
  return join(outdir, SPLIT_ENTRY_FILE);
}

/** Every .mjs of a bundle's directory (the entry and its chunks), raw and gzip. */
function size(outfile: string): { raw: number; gzip: number; files: number } {
  let raw = 0;
  let gzip = 0;
  let files = 0;
  for (const name of readdirSync(dirname(outfile), { recursive: true }) as string[]) {
    if (!name.endsWith('.mjs')) continue;
    const content = readFileSync(join(dirname(outfile), name));
    raw += content.length;
    gzip += gzipSync(content, { level: 9 }).length;
    files += 1;
  }
  return { raw, gzip, files };
}

async function cold(bundlePath: string, env: NodeJS.ProcessEnv, path: string): Promise<Cold> {
  const { stdout } = await run(process.execPath, [join(PROJECT_ROOT, 'test/bench/cold-child.mjs'), bundlePath, 'GET', path, '0'], { env, cwd: PROJECT_ROOT });
  return JSON.parse(stdout) as Cold;
}

export const bench: Bench = {
  name: 'cold-start',
  async run(ctx) {
    const bundles: Record<string, string> = {};
    for (const [name, entry] of Object.entries({ baseline: 'test/bench/baseline-handler.ts', ...LAMBDA_ENTRIES })) {
      bundles[name] = await bundle(ctx, name, entry);
      const s = size(bundles[name]);
      const entrySize = statSync(bundles[name]).size;
      ctx.log(`bundle ${name.padEnd(12)} ${kb(s.raw).padStart(9)} raw, ${kb(s.gzip).padStart(8)} gzip, ${s.files} file(s), entry ${kb(entrySize)}`);
    }
    const table = await ctx.newTable('cold');
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      TABLE_NAME: table,
      // As the Lambda runtime sets it: without a custom domain, links come from the event's Function URL host.
      AWS_LAMBDA_FUNCTION_NAME: 'bench',
      AWS_REGION: 'eu-west-1',
      AWS_ACCESS_KEY_ID: 'local',
      AWS_SECRET_ACCESS_KEY: 'local',
      DYNAMODB_ENDPOINT: ctx.endpoint,
      ASSETS_DIR: ctx.assetsDir,
      LOG_LEVEL: 'silent',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    };
    // Both answer GET /s/<unknown session>/: one GetItem that finds nothing.
    const path = '/s/bench-unknown-session/';
    // Warm the OS file cache and DynamoDB Local's JIT.
    await cold(bundles.baseline, env, path);
    await cold(bundles.web, env, path);
    const base: Cold[] = [];
    const web: Cold[] = [];
    for (let i = 0; i < ctx.rounds; i++) {
      base.push(await cold(bundles.baseline, env, path));
      web.push(await cold(bundles.web, env, path));
    }
    const m = (xs: Cold[], k: keyof Cold) => median(xs.map((x) => x[k]));
    ctx.log(`baseline: import ${ms(m(base, 'importMs'))}, 1st request ${ms(m(base, 'firstRequestMs'))}, status ${base[0].status}`);
    ctx.log(`web:      import ${ms(m(web, 'importMs'))}, 1st request ${ms(m(web, 'firstRequestMs'))}, status ${web[0].status}`);
    ctx.log(`CPU to the first answer: baseline ${ms(m(base, 'cpuMs'))}, web ${ms(m(web, 'cpuMs'))}, ratio ${(m(web, 'cpuMs') / m(base, 'cpuMs')).toFixed(2)}`);
    const fastest = (xs: Cold[]) => Math.min(...xs.map((x) => x.totalMs));
    ctx.log(`fastest runs: baseline ${ms(fastest(base))}, web ${ms(fastest(web))}, ratio ${(fastest(web) / fastest(base)).toFixed(2)}`);
    const b = m(base, 'totalMs');
    const w = m(web, 'totalMs');
    return { ratio: w / b, detail: `web ${ms(w)}, baseline ${ms(b)}; median of ${ctx.rounds} fresh processes each, Node ${process.version}` };
  },
};
