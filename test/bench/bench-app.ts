/**
 * The web app in-process for T2's benchmarks (availability, history, chain, holds): a fresh table in
 * the run's DynamoDB Local with the demo fleet and connections, wired exactly as the tests wire it.
 */
import { randomUUID } from 'node:crypto';
import { GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Hono } from 'hono';
import { readConfig } from '../../functions/config';
import { createDeps, type AppDeps } from '../../functions/http/deps';
import { seedDemoData } from '../../functions/local/seed';
import { createLocalApp } from '../../functions/local/server';
import { loadSecrets } from '../../functions/secrets';
import { createDynamoClient } from '../../functions/store/client';
import { ensureTable } from '../../functions/store/table';
import { keys } from '../../functions/store/keys';

export interface BenchApp {
  deps: AppDeps;
  app: Hono;
  /** One raw GetItem of an existing item, through the same document client: the baseline. */
  getItem(): Promise<unknown>;
}

export async function benchApp(endpoint: string, label: string): Promise<BenchApp> {
  const config = readConfig({
    TABLE_NAME: `bench-${label}-${randomUUID().slice(0, 8)}`,
    AWS_REGION: 'eu-west-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    DYNAMODB_ENDPOINT: endpoint,
    LOCAL_STACK: 'true',
    PUBLIC_BASE_URL: 'http://localhost',
    ASSETS_DIR: 'dist/no-assets',
  });
  await ensureTable(createDynamoClient(config), config.tableName);
  const deps = createDeps(config, await loadSecrets({}));
  await seedDemoData(deps.db, undefined, { signingKey: deps.secrets.signingKey });
  const app = createLocalApp(deps);
  const key = keys.connection('acme-demo');
  return {
    deps,
    app,
    getItem: () => deps.db.doc.send(new GetCommand({ TableName: deps.db.table, Key: key })),
  };
}

/** Milliseconds of each of `n` calls of `fn`, `concurrency` at a time, and the wall time of all. */
export async function timeCalls(n: number, concurrency: number, fn: (i: number) => Promise<unknown>): Promise<{ ms: number[]; wallMs: number }> {
  const ms: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, n) }, async () => {
      while (next < n) {
        const i = next++;
        const t = performance.now();
        await fn(i);
        ms.push(performance.now() - t);
      }
    }),
  );
  return { ms, wallMs: performance.now() - started };
}

export const p50 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]!;

/** A local date-time `days` from now at `hour`:00. */
export function daysAhead(days: number, hour = 9): string {
  const d = new Date(Date.now() + days * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T${String(hour).padStart(2, '0')}:00`;
}

/** Punch out as the demo buyer; the session's base path (`/s/<token>`). */
export async function callUp(app: Hono, extra: Record<string, string> = {}): Promise<string> {
  const form = new URLSearchParams({
    USERNAME: 'demo-buyer',
    PASSWORD: 'demo-secret',
    HOOK_URL: 'http://localhost:4999/hook?sap-client=100',
    oci_usermail: 'jane.doe@acme.example',
    oci_userfullname: 'Jane Doe',
    '~TARGET': '_top',
    oci_ponumber: '4500012345',
    oci_costcenter: 'CC-1042',
    ...extra,
  });
  const response = await app.request('/punchout/oci', {
    method: 'POST',
    body: form.toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  });
  if (response.status !== 303) throw new Error(`call-up answered ${response.status}`);
  return response.headers.get('location')!.replace(/\/$/, '');
}
