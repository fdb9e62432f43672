/**
 * `npm start` as a user runs it: the real entry (functions/local/start.ts under tsx, in memory, on
 * free ports), checked from outside — exit codes, what it prints, which ports answer, which
 * processes are left.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../support/free-port';
import { callUpForm } from '../support/punchout';

const ROOT = new URL('../..', import.meta.url).pathname;
const BANNER = 'local stack';
/** About 10 s on an idle 2-core machine; over 40 s when the machine is loaded (two stacks start side by side). */
const STARTUP_MS = 90_000;

interface Stack {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
  ports: { app: number; mail: number; dynamo: number };
}

// A failed test must not leave its stack running (the tests below run side by side: clean up after all).
const started: ChildProcess[] = [];
afterAll(() => {
  for (const child of started.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

/**
 * Start the stack as `npm start` does. `app`: the app process itself (tsx's loader in this node), so
 * that kill -9 hits the process that owns DynamoDB Local; `launcher`: through tsx's command line,
 * which runs the app in a child process, as the npm script does.
 */
async function startStack(ports: Partial<Stack['ports']> = {}, how: 'app' | 'launcher' = 'app'): Promise<Stack> {
  const all = { app: ports.app ?? (await freePort()), mail: ports.mail ?? (await freePort()), dynamo: ports.dynamo ?? (await freePort()) };
  const entry = ['functions/local/start.ts', '--in-memory'];
  const args = how === 'app' ? ['--import', 'tsx', ...entry] : ['node_modules/tsx/dist/cli.mjs', ...entry];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...withoutPublicBaseUrl(process.env),
      PORT: String(all.app),
      MAIL_PORT: String(all.mail),
      DYNAMODB_PORT: String(all.dynamo),
      LOG_LEVEL: 'silent',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  return { child, output: () => output, exited, ports: all };
}

/** The stack derives its public base URL from PORT; a value from the test environment would hide that. */
function withoutPublicBaseUrl(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { PUBLIC_BASE_URL: _, ...rest } = env;
  return rest;
}

async function answers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(1_000) });
    return true;
  } catch {
    return false;
  }
}

async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Pids of live (not zombie) processes whose command line (or environment) contains `needle`. */
function processesWith(needle: string, where: 'cmdline' | 'environ' = 'cmdline'): number[] {
  const pids: number[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const text = readFileSync(`/proc/${name}/${where}`, 'utf8').replaceAll('\0', ' ');
      const state = readFileSync(`/proc/${name}/stat`, 'utf8').split(') ')[1]?.[0];
      if (text.includes(needle) && state !== 'Z') pids.push(Number(name));
    } catch {
      // gone while we looked
    }
  }
  return pids;
}

const dynamoProcesses = (port: number) => processesWith(`DynamoDBLocal.jar -inMemory -port ${port} `);

function occupy(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

describe('npm start (the local stack)', () => {
  it('refuses a busy PORT before starting anything: names the port, prints no banner, leaves no DynamoDB Local', async () => {
    const app = await freePort();
    const squatter = await occupy(app);
    try {
      const stack = await startStack({ app });
      const code = await Promise.race([stack.exited, new Promise((r) => setTimeout(() => r('still running'), 20_000))]);
      expect(code).not.toBe(0);
      expect(code).not.toBe('still running');
      expect(stack.output()).toContain(`Port ${app} (the app, PORT) is already in use`);
      expect(stack.output()).not.toContain(BANNER);
      expect(stack.output()).not.toMatch(/EADDRINUSE|\n\s+at /);
      expect(await answers(`http://127.0.0.1:${stack.ports.dynamo}/`)).toBe(false);
      expect(dynamoProcesses(stack.ports.dynamo)).toEqual([]);
    } finally {
      squatter.close();
    }
  }, 30_000);

  // The two slow starts run side by side: the wait is mostly for Java.
  it.concurrent('serves on the configured port, frames the catalog for that port, and takes DynamoDB Local with it when killed with -9', async () => {
    const stack = await startStack();
    const base = `http://localhost:${stack.ports.app}`;
    await until('the banner is printed', () => stack.output().includes(BANNER) || stack.child.exitCode !== null, STARTUP_MS);
    expect(stack.child.exitCode, stack.output()).toBeNull();
    expect(stack.output()).toContain(`${base}/health`);
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const java = dynamoProcesses(stack.ports.dynamo);
    expect(java).toHaveLength(1);

    // The demo connection's framing origins follow PORT (the test procurement system runs there).
    const callUp = await fetch(`${base}/punchout/oci`, {
      method: 'POST',
      body: callUpForm({ HOOK_URL: `${base}/buyer/hook` }),
      redirect: 'manual',
    });
    expect(callUp.status, await callUp.clone().text()).toBe(303);
    const catalog = await fetch(new URL(callUp.headers.get('location')!, base));
    expect(catalog.status).toBe(200);
    const csp = catalog.headers.get('content-security-policy') ?? '';
    expect(csp).toContain(`frame-ancestors 'self' http://localhost:${stack.ports.app} http://127.0.0.1:${stack.ports.app}`);
    expect(csp).not.toContain(':3000');

    stack.child.kill('SIGKILL');
    await stack.exited;
    await until('DynamoDB Local is gone', async () => dynamoProcesses(stack.ports.dynamo).length === 0, 8_000);
    expect(await answers(`http://127.0.0.1:${stack.ports.dynamo}/`)).toBe(false);
  }, STARTUP_MS + 30_000);

  it.concurrent('stops everything, DynamoDB Local included, when the launcher (tsx, as npm start runs it) is killed with -9', async () => {
    const stack = await startStack({}, 'launcher');
    const health = `http://localhost:${stack.ports.app}/health`;
    await until('the banner is printed', () => stack.output().includes(BANNER) || stack.child.exitCode !== null, STARTUP_MS);
    expect(await answers(health), stack.output()).toBe(true);
    expect(dynamoProcesses(stack.ports.dynamo)).toHaveLength(1);

    stack.child.kill('SIGKILL');
    const appProcesses = () => processesWith(`DYNAMODB_PORT=${stack.ports.dynamo} `, 'environ');
    await until('the app and DynamoDB Local are gone', async () => dynamoProcesses(stack.ports.dynamo).length === 0 && appProcesses().length === 0, 15_000);
    expect(await answers(health)).toBe(false);
  }, STARTUP_MS + 30_000);
});
