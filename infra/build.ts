/** `npm run build`: the web bundles (dist/web + manifest.json) and the Lambda bundles (dist/lambda). */
import { build } from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { LAMBDA_ENTRIES, lambdaBuildOptions } from './esbuild-settings';

export const WEB_ENTRIES = { catalog: 'web/catalog/main.tsx', buyer: 'web/buyer/main.tsx', ops: 'web/operations/main.tsx' } as Record<string, string>;

/** Build the web bundles into `outdir`, with hashed names listed in `manifest.json`. */
export async function buildWeb(outdir = 'dist/web', entries = WEB_ENTRIES): Promise<Record<string, string>> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
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
  });
  const manifest: Record<string, string> = {};
  for (const [file, meta] of Object.entries(result.metafile!.outputs)) {
    if (!meta.entryPoint) continue;
    const name = Object.keys(entries).find((key) => entries[key] === meta.entryPoint)!;
    manifest[`${name}.js`] = basename(file);
    if (meta.cssBundle) manifest[`${name}.css`] = basename(meta.cssBundle);
  }
  await writeFile(join(outdir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return manifest;
}

export async function buildLambdas(outdir = 'dist/lambda'): Promise<void> {
  await rm(outdir, { recursive: true, force: true });
  for (const [name, entry] of Object.entries(LAMBDA_ENTRIES)) {
    await build(lambdaBuildOptions(entry, join(outdir, name, 'index.mjs')));
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = await buildWeb();
  await buildLambdas();
  console.log('web bundles:', manifest);
}
