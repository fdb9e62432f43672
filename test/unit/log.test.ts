import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDeps } from '../../functions/http/deps';
import { createLocalApp } from '../../functions/local/server';
import { describeError, log } from '../../functions/log';
import { withRequestId } from '../../functions/request-context';
import { loadSecrets } from '../../functions/secrets';
import { testConfig } from '../support/stack';

let lines: Record<string, any>[];

beforeEach(() => {
  lines = [];
  const capture = (text: unknown) => {
    lines.push(JSON.parse(String(text)));
  };
  vi.spyOn(console, 'log').mockImplementation(capture);
  vi.spyOn(console, 'error').mockImplementation(capture);
  vi.stubEnv('LOG_LEVEL', 'info');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

function failingDeep(): never {
  throw new Error('table not reachable');
}

describe('log lines', () => {
  it('written while serving a request carry that request id, which the response names too', async () => {
    const app = createLocalApp(createDeps(testConfig(), await loadSecrets({})));
    const response = await app.request('/health', { headers: { 'x-request-id': 'support-case-4711' } });
    expect(response.headers.get('x-request-id')).toBe('support-case-4711');
    const line = lines.find((l) => l.message === 'request');
    expect(line).toMatchObject({ requestId: 'support-case-4711', path: '/health', status: 200 });
  });

  it('of two requests without a usable id carry two different generated ids', async () => {
    const app = createLocalApp(createDeps(testConfig(), await loadSecrets({})));
    const first = await app.request('/health');
    const second = await app.request('/health', { headers: { 'x-request-id': '"quoted" id with spaces, too long to be trusted ' + 'x'.repeat(80) } });
    const ids = lines.filter((l) => l.message === 'request').map((l) => l.requestId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[1]).toMatch(/^[0-9a-f-]{36}$/);
    expect(ids[0]).not.toBe(ids[1]);
    expect([first.headers.get('x-request-id'), second.headers.get('x-request-id')]).toEqual(ids);
  });

  it('keep the request id across awaits, and two interleaved requests apart', async () => {
    const work = (id: string, wait: number) =>
      withRequestId(id, async () => {
        await new Promise((resolve) => setTimeout(resolve, wait));
        log('info', 'step', { id });
      });
    await Promise.all([work('req-aaaaaaaa', 20), work('req-bbbbbbbb', 5)]);
    expect(lines.map((l) => [l.id, l.requestId])).toEqual([
      ['req-bbbbbbbb', 'req-bbbbbbbb'],
      ['req-aaaaaaaa', 'req-aaaaaaaa'],
    ]);
  });

  it('at error level carry the stack of the error, down to the function that threw', () => {
    try {
      failingDeep();
    } catch (error) {
      log('error', 'could not load', describeError(error));
    }
    expect(lines[0]).toMatchObject({ level: 'error', error: 'table not reachable', errorName: 'Error' });
    expect(lines[0].stack).toContain('failingDeep');
    expect(lines[0].stack).toMatch(/log\.test\.ts:\d+/);
  });

  it('at warn level name the error but leave its stack out', () => {
    log('warn', 'retrying', describeError(new Error('throttled')));
    expect(lines[0]).toMatchObject({ level: 'warn', error: 'throttled' });
    expect(lines[0]).not.toHaveProperty('stack');
  });
});
