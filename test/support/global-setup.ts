import { rm } from 'node:fs/promises';
import type { TestProject } from 'vitest/node';
import { buildWeb } from '../../infra/build';
import { freePort } from './free-port';
import { startDynamoLocal } from '../../functions/local/dynamo';
import { startLocalSes } from '../../functions/local/mailbox';

/**
 * Per run: buildWeb empties its folder first, so runs sharing one (several people or helpers testing
 * in one working tree at once) deleted each other's bundles mid-test (ENOENT manifest.json, pages
 * that never rendered or rendered without their stylesheet).
 */
export const TEST_ASSETS_DIR = `dist/web-test-${process.pid}`;

/**
 * One DynamoDB Local (in memory) and one local SES for the whole run; each test file makes its own
 * table. The same starter as `npm start`: it waits (with a progress line) as long as a loaded machine
 * needs, and its watchdog stops Java even if vitest is killed.
 */
export default async function setup(project: TestProject) {
  const [dynamo, mailbox, web] = await Promise.allSettled([
    freePort().then((port) => startDynamoLocal(port)),
    freePort().then((port) => startLocalSes(port)),
    buildWeb(TEST_ASSETS_DIR),
  ]);
  if (dynamo.status === 'rejected' || mailbox.status === 'rejected' || web.status === 'rejected') {
    // Whatever did start must not outlive the failed setup.
    const started = [dynamo, mailbox].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
    await Promise.all(started.map((part) => part.stop()));
    throw [dynamo, mailbox, web].flatMap((r) => (r.status === 'rejected' ? [r.reason] : []))[0];
  }
  project.provide('dynamoEndpoint', dynamo.value.endpoint);
  project.provide('sesEndpoint', mailbox.value.endpoint);
  project.provide('assetsDir', TEST_ASSETS_DIR);
  return async () => {
    await mailbox.value.stop();
    await dynamo.value.stop();
    await rm(TEST_ASSETS_DIR, { recursive: true, force: true });
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sesEndpoint: string;
    assetsDir: string;
  }
}
