import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Metafile } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWebLambdaSync } from '../../infra/build';
import { SPLIT_ENTRY_FILE } from '../../infra/esbuild-settings';
import { logicalId, synth, synthBeforeAll } from './synth';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'bundle-web-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let metafile: Metafile;
beforeAll(() => {
  metafile = bundleWebLambdaSync(dir, resolve('.'));
}, 120_000);
synthBeforeAll({});

const mjsFiles = (root: string) => (readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.mjs'));

/** The inputs of every output file the entry loads before it runs (static imports), not what it imports later. */
function loadedAtImport(): string[] {
  const entry = Object.keys(metafile.outputs).find((f) => f.endsWith(`/${SPLIT_ENTRY_FILE}`))!;
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of metafile.outputs[file].imports) if (i.kind === 'import-statement' && metafile.outputs[i.path]) visit(i.path);
  };
  visit(entry);
  return [...seen].flatMap((file) => Object.keys(metafile.outputs[file].inputs));
}

/** One Lambda invocation of the packaged handler in a fresh process (test/bench/cold-child.mjs). */
async function invoke(path: string): Promise<{ status: number; headers: Record<string, string> }> {
  const env = {
    PATH: process.env.PATH,
    TABLE_NAME: 'not-used',
    AWS_REGION: 'eu-west-1',
    AWS_LAMBDA_FUNCTION_NAME: 'bundle-test',
    DYNAMODB_ENDPOINT: 'http://127.0.0.1:9',
    ASSETS_DIR: join(dir, 'assets'),
    LOG_LEVEL: 'silent',
  };
  const { stdout } = await run(process.execPath, [resolve('test/bench/cold-child.mjs'), join(dir, SPLIT_ENTRY_FILE), 'GET', path, '0'], { env });
  return JSON.parse(stdout) as { status: number; headers: Record<string, string> };
}

describe('the web function’s package', () => {
  it('is the app split into index.mjs and chunks/, with the web bundles it serves under assets/', () => {
    expect(existsSync(join(dir, SPLIT_ENTRY_FILE))).toBe(true);
    expect(existsSync(join(dir, `${SPLIT_ENTRY_FILE}.map`))).toBe(true);
    const chunks = readdirSync(join(dir, 'chunks')).filter((f) => f.endsWith('.mjs'));
    expect(chunks.length).toBeGreaterThan(5);
    const manifest = JSON.parse(readFileSync(join(dir, 'assets/manifest.json'), 'utf8')) as Record<string, string>;
    for (const name of ['catalog.js', 'catalog.css', 'buyer.js', 'ops.js']) expect(existsSync(join(dir, 'assets', manifest[name])), name).toBe(true);
  });

  it('stays small: the handler file a few KB, the whole app under 1.5 MB', () => {
    // Today about 13 KB and 1,250 KB; the single-file bundle it replaced was 1,200 KB, all read at import.
    expect(statSync(join(dir, SPLIT_ENTRY_FILE)).size).toBeLessThan(40_000);
    const total = mjsFiles(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    expect(total).toBeLessThan(1_500_000);
  });

  it('holds no development dependency', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    const devOnly = Object.keys(pkg.devDependencies).filter((name) => !(name in pkg.dependencies));
    const packages = new Set(
      Object.keys(metafile.inputs)
        .filter((input) => input.includes('node_modules/'))
        .map((input) => {
          const parts = input.split('node_modules/').at(-1)!.split('/');
          return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
        }),
    );
    expect(packages.size).toBeGreaterThan(5);
    expect([...packages].filter((name) => devOnly.includes(name))).toEqual([]);
  });

  it('loads no route group at import: the catalog, call-up, cXML, console and requester pages come on their first request', () => {
    const loaded = loadedAtImport();
    expect(loaded).toContain('functions/http/app.ts');
    for (const group of ['catalog', 'punchout', 'punchout-cxml', 'cxml-order', 'ops', 'requester']) {
      expect(loaded, group).not.toContain(`functions/http/routes/${group}.ts`);
    }
    expect(loaded.filter((input) => /node_modules\/(iconv-lite|fast-xml-parser|@aws-sdk\/client-secrets-manager|date-holidays-parser)\//.test(input))).toEqual([]);
  });

  it('answers from the packaged files alone, a lazily loaded group included (its 404, not an error)', async () => {
    expect((await invoke('/health')).status).toBe(200);
    // /cxml/… is a lazy group: its chunk is imported from chunks/ on this request; no DynamoDB needed.
    const lazy = await invoke('/cxml/no-such-endpoint');
    expect(lazy.status).toBe(404);
    expect(lazy.headers['x-request-id']).toBeTruthy();
  }, 60_000);

  it('is what the stack deploys: handler index.handler on the newest Node.js runtime', () => {
    const s = synth();
    const fn = s.resources[logicalId(s, 'AWS::Lambda::Function', 'WebFunction')].Properties!;
    expect(fn.Handler).toBe('index.handler');
    expect(fn.Environment.Variables).toMatchObject({ ASSETS_DIR: '/var/task/assets', NODE_OPTIONS: '--enable-source-maps' });
  });
});
