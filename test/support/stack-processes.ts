import { type ChildProcess, spawn } from 'node:child_process';
import { inject } from 'vitest';
import type { Config } from '../../functions/config';

const ROOT = new URL('../..', import.meta.url).pathname;
const ENTRY = 'test/support/stack-process.ts';
/** tsx compiles the entry on start: a few seconds on a loaded 2-core machine. */
const START_MS = 45_000;

export interface PartProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<unknown>;
  /** kill -9: no clean-up runs, sockets drop, whatever was in flight is lost. */
  kill(): Promise<void>;
}

const running = new Set<ChildProcess>();
/** For afterAll: no part outlives its test file. */
export function killAllParts(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  running.clear();
}

/**
 * Start `web` or `worker` (test/support/stack-process.ts) as its own node process on the table of
 * `config`, with `endpoints` overriding where it finds DynamoDB and SES (a fault proxy). Resolves
 * once it printed `ready`.
 */
export async function startPart(
  role: 'web' | 'worker',
  config: Pick<Config, 'tableName' | 'dynamoEndpoint' | 'sesEndpoint'>,
  options: { port?: number; dynamoEndpoint?: string; sesEndpoint?: string; publicBaseUrl?: string; env?: Record<string, string> } = {},
): Promise<PartProcess> {
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    LOG_LEVEL: process.env.PART_LOG_LEVEL ?? 'silent',
    TABLE_NAME: config.tableName,
    DYNAMODB_ENDPOINT: options.dynamoEndpoint ?? config.dynamoEndpoint,
    SES_ENDPOINT: options.sesEndpoint ?? config.sesEndpoint,
    ASSETS_DIR: inject('assetsDir'),
    PORT: String(options.port ?? 0),
    PUBLIC_BASE_URL: options.publicBaseUrl ?? `http://127.0.0.1:${options.port ?? 0}`,
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, role], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const exited = new Promise((done) => child.once('exit', done));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${role} did not start in ${START_MS} ms:\n${output}`)), START_MS);
    const onData = (chunk: Buffer) => {
      output += chunk;
      if (/^ready/m.test(output)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`${role} exited before it was ready:\n${output}`));
    });
  });
  return {
    child,
    output: () => output,
    exited,
    async kill() {
      child.kill('SIGKILL');
      await exited;
      running.delete(child);
    },
  };
}
