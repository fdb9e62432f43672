/**
 * `npm start`: the whole product on this machine in one process tree — DynamoDB Local (data kept
 * in .local/dynamodb, or in memory with --in-memory), the local SES mailbox, the app with the
 * catalog and the test procurement system, demo data seeded once. Ctrl-C stops everything.
 */
import { serve } from '@hono/node-server';
import { readConfig } from '../config';
import { loadSecrets } from '../secrets';
import { buildWeb } from '../../infra/build';
import { createDeps } from '../http/deps';
import { createDynamoClient } from '../store/client';
import { ensureTable } from '../store/table';
import { startDynamoLocal } from './dynamo';
import { startLocalSes } from './mailbox';
import { seedDemoData } from './seed';
import { createLocalApp } from './server';
import { DEMO_CONNECTION } from './demo-connections';
import { DEMO_STAFF } from './demo-staff';
import { seedDemoStaff } from './seed-staff';
import { startStreamPoller } from './stream-poller';
import { createSesClient, sesMailer } from '../mail/ses-mailer';
import { processStreamRecords } from '../mail/worker';
import { runHousekeeping } from '../jobs/housekeeping';
import { describeError, log } from '../log';

const port = Number(process.env.PORT ?? 3000);
const mailPort = Number(process.env.MAIL_PORT ?? 8005);
const dynamoPort = Number(process.env.DYNAMODB_PORT ?? 8000);
const inMemory = process.argv.includes('--in-memory') || process.env.DYNAMODB_IN_MEMORY === 'true';

await buildWeb();
const dynamo = await startDynamoLocal(dynamoPort, inMemory ? undefined : '.local/dynamodb');
const mailbox = await startLocalSes(mailPort).catch(async (error) => {
  await dynamo.stop();
  throw error;
});
const config = readConfig({
  TABLE_NAME: 'flexfleet-local',
  AWS_REGION: 'eu-west-1',
  DYNAMODB_ENDPOINT: dynamo.endpoint,
  SES_ENDPOINT: mailbox.endpoint,
  LOCAL_STACK: 'true',
  ...process.env,
});
const deps = createDeps(config, await loadSecrets());
await ensureTable(createDynamoClient(config), config.tableName);
const seeded = await seedDemoData(deps.db);
await seedDemoStaff(deps.db);

// The mail worker, fed from DynamoDB Local's stream exactly as Lambda is fed from the table's stream.
const mailer = sesMailer(createSesClient(config), config.sesConfigurationSet);
const poller = startStreamPoller(config, (records) => processStreamRecords({ db: deps.db, mailer, config }, records));
// What a schedule runs in AWS: hold expiry, the outbox's automatic retries.
const housekeeping = setInterval(() => {
  runHousekeeping(deps.db, config).catch((error) => log('warn', 'housekeeping failed', describeError(error)));
}, 60_000);

const server = serve({ fetch: createLocalApp(deps).fetch, port });
const base = `http://localhost:${port}`;
console.log(`
FlexFleet punch-out catalog — local stack
  Test procurement system  ${base}/buyer      (log in as ${DEMO_CONNECTION.username} / ${DEMO_CONNECTION.password})
  OCI call-up URL          ${base}/punchout/oci
  Operations console       ${base}/ops        (sign in as ${DEMO_STAFF[0].email} or ${DEMO_STAFF[1].email}:
                                                the one-time sign-in link arrives in the mailbox below)
  Health                   ${base}/health
  Mailbox (local SES)      ${mailbox.endpoint}/
  DynamoDB Local           ${dynamo.endpoint}  table ${config.tableName}, ${inMemory ? 'in memory' : 'data in .local/dynamodb'}
  Demo data                ${seeded ? 'seeded now' : 'already there (kept from an earlier start)'}
Ctrl-C stops everything.
`);

let stopping = false;
async function stop() {
  if (stopping) return;
  stopping = true;
  console.log('Stopping…');
  await new Promise<void>((done) => {
    server.close(() => done());
    if ('closeAllConnections' in server) server.closeAllConnections();
  });
  clearInterval(housekeeping);
  await poller.stop();
  await mailbox.stop();
  await dynamo.stop();
  process.exit(0);
}
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
