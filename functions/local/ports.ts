import { createServer } from 'node:net';

/** One port the local stack needs, with the environment variable that chooses it. */
export interface NamedPort {
  variable: string;
  port: number;
  what: string;
  /** Who is likely to hold the port, said after "in use by another program". */
  hint?: string;
}

/** Where the app reaches a part of the local stack (DynamoDB Local, the mailbox) listening on `port`. */
export function localEndpoint(port: number): string {
  return `http://127.0.0.1:${port}`;
}

/** Read a port from the environment: a whole number 1–65535, or a message naming the variable. */
export function portFromEnv(env: Record<string, string | undefined>, variable: string, fallback: number): number {
  const raw = env[variable];
  if (raw === undefined || raw === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new LocalStackError(`${variable}=${raw} is not a port number (1–65535).`);
  return port;
}

/** Whether nothing listens on `port` (checked on the wildcard address, which clashes with any listener on Linux). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/**
 * Check every port before anything starts, so a busy one stops the start-up with a message that
 * names it, instead of a crash halfway with half the stack running.
 */
export async function assertPortsFree(ports: NamedPort[]): Promise<void> {
  const same = ports.find((p, i) => ports.findIndex((q) => q.port === p.port) !== i);
  if (same) {
    const first = ports.find((q) => q.port === same.port)!;
    throw new LocalStackError(`${first.variable} and ${same.variable} are both ${same.port}: give each its own port.`);
  }
  const busy: NamedPort[] = [];
  for (const p of ports) if (!(await isPortFree(p.port))) busy.push(p);
  if (busy.length) {
    throw new LocalStackError(
      busy
        .map((p) => `Port ${p.port} (${p.what}, ${p.variable}) is already in use by another program${p.hint ?? ''}: stop it, or choose another port, e.g. ${p.variable}=${p.port + 1} npm start`)
        .join('\n'),
    );
  }
}

/** A start-up problem the user can fix, told in one plain message (no stack trace). */
export class LocalStackError extends Error {
  override name = 'LocalStackError';
}
