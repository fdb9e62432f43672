/**
 * `npm start`: the whole product on this machine in one process tree — DynamoDB Local (data kept
 * in .local/dynamodb, or in memory with --in-memory), the local SES mailbox, the app with the
 * catalog and the test procurement system, demo data seeded once. Every port is checked before
 * anything starts; Ctrl-C, SIGTERM, an error, or the death of this process stops everything.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { readConfig } from '../config';
import { loadSecrets } from '../secrets';
import { buildWeb } from '../../infra/build';
import { createDeps } from '../http/deps';
import { createDynamoClient } from '../store/client';
import { indexCxmlCredentials } from '../store/cxml-credentials';
import { ensureTable } from '../store/table';
import { dynamoStartTimeoutMs, startDynamoLocal } from './dynamo';
import { startLocalSes } from './mailbox';
import { seedDemoData } from './seed';
import { createLocalApp } from './server';
import { DEMO_CONNECTION, LOCAL_DEFAULT_PORT } from './demo-connections';
import { alignDemoOrigins } from './local-origins';
import { DEMO_STAFF } from './demo-staff';
import { seedDemoStaff } from './seed-staff';
import { startStreamPoller } from './stream-poller';
import { assertPortsFree, LocalStackError, localEndpoint, portFromEnv } from './ports';
import { installShutdown } from './shutdown';
import { createSesClient, sesMailer } from '../mail/ses-mailer';
import { processStreamRecords } from '../mail/worker';
import { runHousekeeping } from '../jobs/housekeeping';
import { describeError, log } from '../log';

const shutdown = installShutdown();
async function main(): Promise<void> {
  const port = portFromEnv(process.env, 'PORT', LOCAL_DEFAULT_PORT);
  const mailPort = portFromEnv(process.env, 'MAIL_PORT', 8005);
  const dynamoPort = portFromEnv(process.env, 'DYNAMODB_PORT', 8000);
  const inMemory = process.argv.includes('--in-memory') || process.env.DYNAMODB_IN_MEMORY === 'true';
  const dynamoTimeoutMs = dynamoStartTimeoutMs();

  await assertPortsFree([
    { variable: 'PORT', port, what: 'the app' },
    { variable: 'MAIL_PORT', port: mailPort, what: 'the local SES mailbox' },
    { variable: 'DYNAMODB_PORT', port: dynamoPort, what: 'DynamoDB Local', hint: ' (maybe another DynamoDB Local: `ps aux | grep DynamoDBLocal`)' },
  ]);

  const base = `http://localhost:${port}`;
  // Read before anything starts, so a configuration mistake costs no wait for Java.
  const config = readConfig({
    TABLE_NAME: 'flexfleet-local',
    AWS_REGION: 'eu-west-1',
    DYNAMODB_ENDPOINT: localEndpoint(dynamoPort),
    SES_ENDPOINT: localEndpoint(mailPort),
    LOCAL_STACK: 'true',
    ...process.env,
    // Links in e-mails point here, unless the environment says otherwise (e.g. behind a tunnel).
    PUBLIC_BASE_URL: process.env.PUBLIC_BASE_URL || base,
  });

  await buildWeb();
  console.log(`Starting DynamoDB Local on port ${dynamoPort} (Java; may take a while on a busy machine)…`);
  const dynamo = await startDynamoLocal(dynamoPort, inMemory ? undefined : '.local/dynamodb', {
    timeoutMs: dynamoTimeoutMs,
    onProgress: (message) => console.log(message),
  });
  shutdown.add(() => dynamo.stop());
  // Without its database the app only answers errors: a Java that dies (out of memory, killed) ends the stack.
  void dynamo.exited.then((how) => shutdown.fail(new LocalStackError(`DynamoDB Local ${how} while the stack ran: stopping everything.`)));
  const mailbox = await startLocalSes(mailPort);
  shutdown.add(() => mailbox.stop());

  const deps = createDeps(config, await loadSecrets());
  await ensureTable(createDynamoClient(config), config.tableName);
  const seeded = await seedDemoData(deps.db, undefined, { signingKey: deps.secrets.signingKey });
  await alignDemoOrigins(deps.db, port);
  // A table seeded before the cXML credential index existed: index its connections (idempotent).
  await indexCxmlCredentials(deps.db);
  await seedDemoStaff(deps.db);

  // The mail worker, fed from DynamoDB Local's stream exactly as Lambda is fed from the table's stream.
  const mailer = sesMailer(createSesClient(config), config.sesConfigurationSet);
  const poller = startStreamPoller(config, (records) => processStreamRecords({ db: deps.db, mailer, config }, records));
  shutdown.add(() => poller.stop());
  // What a schedule runs in AWS: hold expiry, the outbox's automatic retries.
  const housekeeping = setInterval(() => {
    runHousekeeping(deps.db, config).catch((error) => log('warn', 'housekeeping failed', describeError(error)));
  }, 60_000);
  shutdown.add(() => clearInterval(housekeeping));

  const server = await listen(createLocalApp(deps).fetch, port);
  shutdown.add(
    () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  );
  console.log(`
FlexFleet punch-out catalog — local stack
  Test procurement system  ${base}/buyer      (log in as ${DEMO_CONNECTION.username} / ${DEMO_CONNECTION.password})
  OCI call-up URL          ${base}/punchout/oci
  cXML set-up / order URL  ${base}/punchout/cxml, ${base}/cxml/order   (NetworkID ${DEMO_CONNECTION.connection.cxml!.identity}, set-up secret ${DEMO_CONNECTION.cxmlSharedSecret},
                                                order secret ${DEMO_CONNECTION.orderSharedSecret}; try it at ${base}/buyer?protocol=cxml)
  Operations console       ${base}/ops        (sign in as ${DEMO_STAFF[0].email} or ${DEMO_STAFF[1].email}:
                                                the one-time sign-in link arrives in the mailbox below)
  Health                   ${base}/health
  Mailbox (local SES)      ${mailbox.endpoint}/
  DynamoDB Local           ${dynamo.endpoint}  table ${config.tableName}, ${inMemory ? 'in memory' : 'data in .local/dynamodb'}
  Demo data                ${seeded ? 'seeded now' : 'already there (kept from an earlier start)'}
Ctrl-C stops everything.
`);
}

/** Serve the app; resolves once it listens, so the banner never announces a port it lost. */
function listen(fetch: (request: Request) => Response | Promise<Response>, port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port }) as Server;
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalStackError(`Port ${port} (the app, PORT) was taken while the stack started: stop that program, or choose another port, e.g. PORT=${port + 1} npm start`)
          : error,
      ),
    );
    server.once('listening', () => resolve(server));
  });
}

await main().catch(shutdown.fail);
