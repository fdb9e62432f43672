/**
 * One part of the local stack as its own process, for tests that kill it with SIGKILL at a chosen
 * moment: `web` (the app as `npm start` serves it) or `worker` (the mail worker fed from the table's
 * stream, as in functions/local/start.ts). Configured by environment (TABLE_NAME, DYNAMODB_ENDPOINT,
 * SES_ENDPOINT, PORT, …) against the run's DynamoDB Local and local SES; prints `ready` once serving.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { readConfig } from '../../functions/config';
import { createDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { startStreamPoller } from '../../functions/local/stream-poller';
import { createSesClient, sesMailer } from '../../functions/mail/ses-mailer';
import { processStreamRecords } from '../../functions/mail/worker';
import { loadSecrets } from '../../functions/secrets';

const role = process.argv[2];
const config = readConfig({ AWS_REGION: 'eu-west-1', LOCAL_STACK: 'true', ...process.env });
const secrets = await loadSecrets({});

if (role === 'web') {
  const deps = createDeps(config, secrets);
  const app = createLocalApp(deps);
  const server = serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0), hostname: '127.0.0.1' }) as Server;
  server.once('listening', () => console.log(`ready ${(server.address() as AddressInfo).port}`));
} else if (role === 'worker') {
  const deps = createDeps(config, secrets);
  const mailer = sesMailer(createSesClient(config));
  // Test speed: milliseconds between attempts instead of seconds (the policy's shape is the product's).
  const retry = { attemptsPerRound: 3, baseDelayMs: 5, maxDelayMs: 20, autoRounds: 3, roundDelaysSeconds: [1, 1, 1] };
  startStreamPoller(config, (records) => processStreamRecords({ db: deps.db, mailer, config, retry, secrets, confirmationTimeoutMs: 1_000 }, records), { intervalMs: 100 });
  console.log('ready');
} else {
  console.error(`usage: stack-process.ts web|worker (got ${role})`);
  process.exit(2);
}
