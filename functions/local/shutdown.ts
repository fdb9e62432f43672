import { LocalStackError } from './ports';

export interface Shutdown {
  /** Register a clean-up step; steps run in reverse order of registration. */
  add(step: () => Promise<void> | void): void;
  /** Run every step once, then exit with `code`. */
  run(code: number): Promise<void>;
  /** Report a fatal error (a LocalStackError as its message alone), then run every step and exit 1; ignored while stopping. */
  fail(error: unknown): Promise<void>;
}

const STEP_LIMIT_MS = 15_000;

/**
 * One way out of the local stack, whatever ends it: Ctrl-C, SIGTERM, SIGHUP, an uncaught error, or
 * the process that started it (npm, tsx) disappearing. Each step stops one part; a part that hangs
 * is given up after 15 s. A `kill -9` runs none of this: DynamoDB Local's watchdog covers that.
 */
export function installShutdown(): Shutdown {
  const steps: (() => Promise<void> | void)[] = [];
  let running: Promise<void> | undefined;

  const run = (code: number): Promise<void> => {
    running ??= (async () => {
      for (const step of [...steps].reverse()) {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([
          Promise.resolve()
            .then(step)
            .catch((error) => console.error(`While stopping: ${(error as Error)?.message ?? error}`)),
          new Promise<void>((done) => (timer = setTimeout(done, STEP_LIMIT_MS))),
        ]);
        clearTimeout(timer);
      }
      process.exit(code);
    })();
    return running;
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (running) {
      // A second Ctrl-C: leave now; DynamoDB Local's watchdog stops Java.
      if (signal === 'SIGINT') process.exit(130);
      return;
    }
    console.log('Stopping…');
    void run(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  const onFatal = (error: unknown) => {
    // Once stopping, parts ending (or failing to end cleanly) are expected, not news.
    if (running) return running;
    console.error(error instanceof LocalStackError ? error.message : error);
    return run(1);
  };
  process.on('uncaughtException', onFatal);
  process.on('unhandledRejection', onFatal);

  // Adopted by another process: whoever started this one (npm, tsx's launcher) is gone, maybe by kill -9.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid === parent || running) return;
    console.error('The process that started the local stack has gone: stopping.');
    void run(1);
  }, 1_000).unref();

  return { add: (step) => void steps.push(step), run, fail: onFatal };
}
