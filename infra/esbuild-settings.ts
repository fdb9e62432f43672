/**
 * How every Lambda is bundled, in one place and free of CDK imports: the stack (infra/lambda.ts),
 * `npm run build` (infra/build.ts) and the benchmark (test/bench) all use these.
 */
import { join } from 'node:path';
import type { BuildOptions } from 'esbuild';

/** Matches RUNTIME in infra/lambda.ts. */
export const ESBUILD_TARGET = 'node24';

/** ESM needs `require` for the few CommonJS corners of the AWS SDK. */
export const ESM_BANNER = "import{createRequire}from'module';const require=createRequire(import.meta.url);";

export const ESBUILD_SETTINGS = {
  format: 'esm',
  platform: 'node',
  target: ESBUILD_TARGET,
  minify: true,
  // An external .map next to each bundle: with NODE_OPTIONS=--enable-source-maps (infra/lambda.ts)
  // an error's stack names the TypeScript source, not a column of the minified bundle.
  sourcemap: true,
  mainFields: ['module', 'main'],
  banner: ESM_BANNER,
  // The SDK is bundled (not taken from the runtime): one pinned version, tree-shaken, faster to load.
  // iconv-lite's CJK tables (`./tables/*.json`, 390 KB minified) stay out: they are required only
  // when a double-byte charset is used, and the app speaks only the single-byte CHARSETS of
  // punchout/oci-callup.ts (test/infra/bundle.test.ts checks both).
  external: ['./tables/*'] as string[],
  // date-holidays-parser (operations/public-holidays.ts) imports moment-timezone, whose index loads
  // every zone's rules (730 KB minified); our holiday data carries no zone, so the parser never asks
  // it for one and the data-less build of the same package does (test/infra/bundle.test.ts).
  alias: { 'moment-timezone': 'moment-timezone/moment-timezone.js' } as Record<string, string>,
} as const;

/** Every Lambda entry point, by function. */
export const LAMBDA_ENTRIES: Record<string, string> = {
  web: 'functions/http/lambda.ts',
  worker: 'functions/mail/stream-lambda.ts',
  bounce: 'functions/mail/bounce-lambda.ts',
  housekeeping: 'functions/jobs/housekeeping-lambda.ts',
};

/** The Lambda functions bundled split (webLambdaBuildOptions) rather than into one file. */
export const SPLIT_LAMBDAS = new Set(['web']);

/** The handler file of a split bundle, at the root of its directory (Lambda handler `index.handler`). */
export const SPLIT_ENTRY_FILE = 'index.mjs';

/**
 * esbuild options for a Lambda bundled split: ESM, `outdir/index.mjs` plus `outdir/chunks/*.mjs`.
 * Every dynamic `import()` (the web app's route groups, functions/http/lazy-routes.ts) becomes a
 * chunk that Node reads, compiles and evaluates only when a request needs it; code shared by
 * several groups gets a chunk of its own. A cold start thus pays for what its first request uses,
 * not for the whole app (V8 compiles a single-file bundle whole at import, used or not).
 */
export function splitLambdaBuildOptions(entry: string, outdir: string): BuildOptions {
  const { outfile: _single, ...options } = lambdaBuildOptions(entry, join(outdir, SPLIT_ENTRY_FILE));
  return {
    ...options,
    entryPoints: { index: entry },
    outdir,
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    metafile: true,
  };
}

/** esbuild options for one Lambda bundle. */
export function lambdaBuildOptions(entry: string, outfile: string): BuildOptions {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: ESBUILD_SETTINGS.format,
    platform: ESBUILD_SETTINGS.platform,
    target: ESBUILD_SETTINGS.target,
    minify: ESBUILD_SETTINGS.minify,
    sourcemap: ESBUILD_SETTINGS.sourcemap,
    mainFields: [...ESBUILD_SETTINGS.mainFields],
    banner: { js: ESBUILD_SETTINGS.banner },
    external: [...ESBUILD_SETTINGS.external],
    alias: { ...ESBUILD_SETTINGS.alias },
    legalComments: 'none',
    logLevel: 'error',
  };
}
