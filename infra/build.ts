/** `npm run build`: the web bundles (dist/web + manifest.json) and the Lambda bundles (dist/lambda). */
import { build, type BuildOptions } from 'esbuild';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';

export const WEB_ENTRIES = { catalog: 'web/catalog/main.tsx', buyer: 'web/buyer/main.tsx', ops: 'web/operations/main.tsx' } as Record<string, string>;
export const LAMBDA_ENTRIES = { web: 'functions/http/lambda.ts', mail: 'functions/mail/stream-lambda.ts', housekeeping: 'functions/jobs/housekeeping-lambda.ts' } as Record<string, string>;

/** Node ESM bundles need `require` for the AWS SDK's CommonJS parts. */
export const LAMBDA_BANNER = "import{createRequire}from'module';const require=createRequire(import.meta.url);";

export const lambdaOptions: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node22',
  format: 'esm',
  minify: true,
  sourcemap: false,
  banner: { js: LAMBDA_BANNER },
  legalComments: 'none',
};

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
    await build({ ...lambdaOptions, entryPoints: [entry], outfile: join(outdir, name, 'index.mjs') });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const manifest = await buildWeb();
  await buildLambdas();
  console.log('web bundles:', manifest);
}
