/** `npm run build`: the web bundles (dist/web + manifest.json) and the Lambda bundles (dist/lambda). */
import { build, type BuildOptions, buildSync, type Metafile } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LAMBDA_ENTRIES, lambdaBuildOptions, SPLIT_LAMBDAS, splitLambdaBuildOptions } from './esbuild-settings';

export const WEB_ENTRIES = { catalog: 'web/catalog/main.tsx', buyer: 'web/buyer/main.tsx', ops: 'web/operations/main.tsx' } as Record<string, string>;

/** Build the web bundles into `outdir`, with hashed names listed in `manifest.json`. */
export async function buildWeb(outdir = 'dist/web', entries = WEB_ENTRIES): Promise<Record<string, string>> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const manifest = manifestOf((await build(webBuildOptions(outdir, entries))).metafile!, entries);
  await writeFile(join(outdir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

function webBuildOptions(outdir: string, entries: Record<string, string>): BuildOptions {
  return {
    entryPoints: entries,
    outdir,
    bundle: true,
    format: 'esm',
    target: 'es2022',
    minify: true,
    entryNames: '[name]-[hash]',
    metafile: true,
    jsx: 'automatic',
    jsxImportSource: 'jsx-dom',
    legalComments: 'none',
    logLevel: 'warning',
  };
}

function manifestOf(metafile: Metafile, entries: Record<string, string>): Record<string, string> {
  const manifest: Record<string, string> = {};
  for (const [file, meta] of Object.entries(metafile.outputs)) {
    if (!meta.entryPoint) continue;
    const name = Object.keys(entries).find((key) => entries[key] === meta.entryPoint)!;
    manifest[`${name}.js`] = basename(file);
    if (meta.cssBundle) manifest[`${name}.css`] = basename(meta.cssBundle);
  }
  return manifest;
}

export async function buildLambdas(outdir = 'dist/lambda'): Promise<void> {
  await rm(outdir, { recursive: true, force: true });
  for (const [name, entry] of Object.entries(LAMBDA_ENTRIES)) {
    await build(SPLIT_LAMBDAS.has(name) ? splitLambdaBuildOptions(entry, join(outdir, name)) : lambdaBuildOptions(entry, join(outdir, name, 'index.mjs')));
  }
}

/**
 * The web Lambda's whole package in `outdir`, synchronously (CDK's local bundling, infra/lambda.ts,
 * cannot wait): the split app bundle (index.mjs, chunks/, their .map files) and the web bundles it
 * serves under assets/ with their manifest.json. Run from the project root. Returns esbuild's
 * metafile of the app bundle (what went in: test/infra/bundle-web.test.ts checks it).
 */
export function bundleWebLambdaSync(outdir: string, projectRoot = process.cwd()): Metafile {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  const app = buildSync({ ...splitLambdaBuildOptions(join(projectRoot, LAMBDA_ENTRIES.web), outdir), absWorkingDir: projectRoot });
  const assets = join(outdir, 'assets');
  const web = buildSync({ ...webBuildOptions(assets, WEB_ENTRIES), absWorkingDir: projectRoot });
  writeFileSync(join(assets, 'manifest.json'), JSON.stringify(manifestOf(web.metafile!, WEB_ENTRIES), null, 2));
  return app.metafile!;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = await buildWeb();
  await buildLambdas();
  console.log('web bundles:', manifest);
}
