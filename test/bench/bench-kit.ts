/**
 * What every benchmark module of `npm run bench` gets and returns (test/bench/run.ts runs them).
 * A module exports `bench: Bench`; the runner prints its result as one line
 * `ratio NAME VALUE (detail)`. Modules run one after another, never at once, so their figures
 * don't disturb each other; each compares against its own baseline measured in the same run.
 */
import { randomUUID } from 'node:crypto';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { type Config, readConfig } from '../../functions/config';
import { createDeps, type AppDeps } from '../../functions/http/deps';
import { seedDemoData } from '../../functions/local/seed';
import { loadSecrets } from '../../functions/secrets';
import { createDynamoClient } from '../../functions/store/client';
import { ensureTable } from '../../functions/store/table';

export interface BenchContext {
  /** One DynamoDB Local (in memory) for the whole run. */
  endpoint: string;
  /** The run's local SES (aws-ses-v2-local). */
  sesEndpoint: string;
  client: DynamoDBClient;
  doc: DynamoDBDocumentClient;
  /** A fresh, empty table with the app's definition; returns its name. */
  newTable(label: string): Promise<string>;
  /** Configuration of a fresh table (created, empty) wired to the run's DynamoDB Local and SES. */
  newConfig(label: string, overrides?: Record<string, string>): Promise<Config>;
  /** A fresh table seeded with the demo fleet and connections, and the app's dependencies on it. */
  seededDeps(label: string, overrides?: Record<string, string>): Promise<AppDeps>;
  /** Fresh processes per side for start-up figures (BENCH_ROUNDS, default 9). */
  rounds: number;
  /** Multiply request counts by this (BENCH_SCALE, default 1). */
  scale: number;
  /** LONG=1: the long variants. */
  long: boolean;
  /** The web bundles built for this run (ASSETS_DIR of the app). */
  assetsDir: string;
  /** A temporary directory, removed at the end of the run. */
  tmp: string;
  /** A context line under the module's ratio (stderr, so stdout keeps the ratio lines). */
  log(line: string): void;
}

export interface BenchResult {
  ratio: number;
  /** Both absolute figures (and n), e.g. `availability p50 4.10 ms, GetItem p50 1.02 ms, n=400`. */
  detail: string;
}

export interface Bench {
  /** The NAME, e.g. `cold-start`. */
  name: string;
  run(ctx: BenchContext): Promise<BenchResult>;
}

export const median = (xs: number[]): number => percentile(xs, 50);

/** Nearest-rank percentile of `xs` (p in 0..100). */
export function percentile(xs: number[], p: number): number {
  if (!xs.length) return Number.NaN;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** Milliseconds with two decimals. */
export const ms = (x: number): string => `${x.toFixed(2)} ms`;

/** Run `fn` `n` times with at most `concurrency` at once; the duration of each call in ms. */
export async function timeMany(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const lane = async () => {
    while (next < n) {
      const i = next++;
      const start = performance.now();
      await fn(i);
      times.push(performance.now() - start);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, lane));
  return times;
}

/**
 * Alternate the two sides round by round (a, b, a, b, …) so that a change in the machine's load
 * falls on both: the per-round times of each side.
 */
export async function interleaved(rounds: number, a: () => Promise<number>, b: () => Promise<number>): Promise<{ a: number[]; b: number[] }> {
  const out = { a: [] as number[], b: [] as number[] };
  for (let i = 0; i < rounds; i++) {
    out.a.push(await a());
    out.b.push(await b());
  }
  return out;
}

export function benchConfig(ctx: Pick<BenchContext, 'endpoint' | 'sesEndpoint' | 'assetsDir'>, label: string, overrides: Record<string, string> = {}): Config {
  return readConfig({
    TABLE_NAME: `bench-${label}-${randomUUID().slice(0, 8)}`,
    AWS_REGION: 'eu-west-1',
    DYNAMODB_ENDPOINT: ctx.endpoint,
    SES_ENDPOINT: ctx.sesEndpoint,
    ASSETS_DIR: ctx.assetsDir,
    LOCAL_STACK: 'true',
    PUBLIC_BASE_URL: 'http://localhost',
    LOG_LEVEL: 'silent',
    ...overrides,
  });
}

export async function createConfig(ctx: Pick<BenchContext, 'endpoint' | 'sesEndpoint' | 'assetsDir'>, label: string, overrides?: Record<string, string>): Promise<Config> {
  const config = benchConfig(ctx, label, overrides);
  const client = createDynamoClient(config);
  await ensureTable(client, config.tableName);
  return config;
}

export async function createSeededDeps(ctx: Pick<BenchContext, 'endpoint' | 'sesEndpoint' | 'assetsDir'>, label: string, overrides?: Record<string, string>): Promise<AppDeps> {
  const config = await createConfig(ctx, label, overrides);
  const deps = createDeps(config, await loadSecrets({}));
  await seedDemoData(deps.db, undefined, { signingKey: deps.secrets.signingKey });
  return deps;
}
