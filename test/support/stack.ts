import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { inject } from 'vitest';
import { type Config, readConfig } from '../../functions/config';
import { loadSecrets } from '../../functions/secrets';
import type { AppDeps } from '../../functions/http/deps';
import { createDeps } from '../../functions/http/deps';
import { seedDemoData } from '../../functions/local/seed';
import { createLocalApp } from '../../functions/local/server';
import { createDynamoClient } from '../../functions/store/client';
import { ensureTable } from '../../functions/store/table';

/**
 * Configuration of a fresh table in the run's DynamoDB Local, with the local stack's settings. The
 * public base URL is that of `app.request('/…')` (http://localhost); `startServer` moves it to the
 * server's port.
 */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return readConfig({
    TABLE_NAME: `test-${randomUUID()}`,
    AWS_REGION: 'eu-west-1',
    DYNAMODB_ENDPOINT: inject('dynamoEndpoint'),
    SES_ENDPOINT: inject('sesEndpoint'),
    ASSETS_DIR: inject('assetsDir'),
    LOCAL_STACK: 'true',
    PUBLIC_BASE_URL: 'http://localhost',
    ...overrides,
  });
}

/** A new table with the demo fleet and connections, and the app's dependencies wired to it. */
export async function seededStack(overrides: Record<string, string> = {}, now?: () => Date): Promise<AppDeps> {
  const config = testConfig(overrides);
  await ensureTable(createDynamoClient(config), config.tableName);
  const deps = createDeps(config, await loadSecrets({}));
  await seedDemoData(deps.db, undefined, { signingKey: deps.secrets.signingKey });
  return now ? { ...deps, now } : deps;
}

/**
 * The local app served on a free loopback port, for the browser. The port is known only once the
 * server listens, so the app is built then, with `deps.config.publicBaseUrl` set to the server's
 * own origin: links in e-mails (sign-in, console) and the origin checks then agree with the browser.
 */
export async function startServer(deps: AppDeps): Promise<{ base: string; stop(): Promise<void> }> {
  let app: ReturnType<typeof createLocalApp> | undefined;
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: (request, env) => app!.fetch(request, env), port: 0, hostname: '127.0.0.1' }, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  deps.config.publicBaseUrl = base;
  app = createLocalApp(deps);
  return {
    base,
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
  };
}
