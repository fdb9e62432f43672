import type { TestProject } from 'vitest/node';
import { buildWeb } from '../../infra/build';
import { freePort } from './free-port';
import { startDynamoLocal } from '../../functions/local/dynamo';
import { startLocalSes } from '../../functions/local/mailbox';

export const TEST_ASSETS_DIR = 'dist/web-test';

/** One DynamoDB Local (in memory) and one local SES for the whole run; each test file makes its own table. */
export default async function setup(project: TestProject) {
  const [dynamo, mailbox] = await Promise.all([
    freePort().then((port) => startDynamoLocal(port)),
    freePort().then((port) => startLocalSes(port)),
    buildWeb(TEST_ASSETS_DIR),
  ]);
  project.provide('dynamoEndpoint', dynamo.endpoint);
  project.provide('sesEndpoint', mailbox.endpoint);
  project.provide('assetsDir', TEST_ASSETS_DIR);
  return async () => {
    await mailbox.stop();
    await dynamo.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
    sesEndpoint: string;
    assetsDir: string;
  }
}
