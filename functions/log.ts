/**
 * Structured JSON logs, one line an event, each with the request id of the work in progress
 * (functions/request-context.ts). Never pass secrets.
 */
import { currentRequestId } from './request-context';

type Level = 'debug' | 'info' | 'warn' | 'error';

/** Where describeError keeps the stack: a symbol, so JSON.stringify never writes it by accident. */
const STACK = Symbol('stack');

/** Enough frames to find the fault (with source maps, file:line of the TypeScript), not a whole dump. */
const STACK_MAX = 4000;

export function log(level: Level, message: string, fields: Record<string, unknown> = {}): void {
  if (process.env.LOG_LEVEL === 'silent') return;
  const requestId = currentRequestId();
  // The stack only at error level: a warning is an expected condition, its frames are noise.
  const stack = level === 'error' ? (fields as { [STACK]?: string })[STACK] : undefined;
  const line = JSON.stringify({
    level,
    message,
    time: new Date().toISOString(),
    ...(requestId ? { requestId } : {}),
    ...fields,
    ...(stack ? { stack } : {}),
  });
  if (level === 'error' || level === 'warn') console.error(line);
  else console.log(line);
}

/**
 * An error's name and message for a log line, and its stack, which `log` writes at error level
 * only. A stack holds the message and source positions, never variable values.
 */
export function describeError(error: unknown): { error: string; errorName?: string; [STACK]?: string } {
  if (error instanceof Error) {
    return { error: error.message, errorName: error.name, ...(error.stack ? { [STACK]: error.stack.slice(0, STACK_MAX) } : {}) };
  }
  return { error: String(error) };
}
