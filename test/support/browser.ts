import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import type { AppDeps } from '../../functions/http/deps';
import type { StreamPoller } from '../../functions/local/stream-poller';
import { startMailWorker } from './ops';
import { seededStack, startServer } from './stack';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Debian's Chromium, headless, with no background traffic (this machine has no internet). */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** What a Chromium test file works against: the seeded stack, its server, and the browser. */
export interface E2eStack {
  deps: AppDeps;
  server: { base: string; stop(): Promise<void> };
  browser: Browser;
}

/**
 * The set-up every Chromium test file shares, registered with beforeAll/afterAll: a seeded table
 * (`overrides`, `now` as for `seededStack`), the app served on a free port, the mail worker when
 * `mailWorker` is set, and Chromium. The fields are filled once beforeAll has run.
 */
export function e2eStack(options: { overrides?: Record<string, string>; now?: () => Date; mailWorker?: boolean } = {}): E2eStack {
  const stack = {} as E2eStack;
  let worker: StreamPoller | undefined;
  beforeAll(async () => {
    stack.deps = await seededStack(options.overrides, options.now);
    stack.server = await startServer(stack.deps);
    if (options.mailWorker) worker = startMailWorker(stack.deps);
    stack.browser = await launchBrowser();
  });
  afterAll(async () => {
    await stack.browser?.close();
    await worker?.stop();
    await stack.server?.stop();
  });
  return stack;
}
