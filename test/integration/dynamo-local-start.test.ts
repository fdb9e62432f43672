/**
 * The one DynamoDB Local starter (npm start, the tests' global setup, the bench): what it says when
 * Java is missing, when Java is slow, and when DynamoDB Local gives up — and that it leaves no Java behind.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startDynamoLocal } from '../../functions/local/dynamo';
import { freePort } from '../support/free-port';

/** Live watchdog processes guarding `pid`. */
function watchdogsOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .filter((name) => {
      try {
        const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
        return !/\) Z /.test(stat) && readFileSync(`/proc/${name}/cmdline`, 'utf8').endsWith(`child-guard.mjs\0${pid}\0`);
      } catch {
        return false;
      }
    })
    .map(Number);
}

function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('starting DynamoDB Local', () => {
  it('says Java is missing when there is no java on the PATH', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-java-'));
    const path = process.env.PATH;
    process.env.PATH = empty;
    try {
      await expect(startDynamoLocal(await freePort(), undefined, { onProgress: () => {} })).rejects.toThrow(
        /needs Java .*no `java` command on the PATH/,
      );
    } finally {
      process.env.PATH = path;
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('reports a start that outlasts the limit as slow (Java running), with progress lines on the way, and stops Java', async () => {
    const progress: string[] = [];
    const port = await freePort();
    const error = await startDynamoLocal(port, undefined, { timeoutMs: 600, progressEveryMs: 200, onProgress: (m) => progress.push(m) }).then(
      () => new Error('started within 0.6 s'),
      (e: Error) => e,
    );
    expect(error.message).toMatch(new RegExp(`did not answer on port ${port} within 1 s\\. Java is installed and DynamoDB Local is running \\(pid \\d+\\)`));
    expect(error.message).toContain('DYNAMODB_START_TIMEOUT');
    expect(error.message).not.toContain('is Java installed');
    expect(progress[0]).toMatch(new RegExp(`^still waiting for DynamoDB Local on port ${port} \\(\\d+ s\\)…$`));
    const pid = Number(/pid (\d+)/.exec(error.message)![1]);
    expect(running(pid)).toBe(false);
  });

  it('says which port DynamoDB Local could not listen on, with the cause from its output', async () => {
    const port = await freePort();
    // A server that accepts connections and never answers: the wait must not hang on it.
    const squatter = createServer(() => {});
    await new Promise<void>((done) => squatter.listen(port, done));
    try {
      await expect(startDynamoLocal(port, undefined, { onProgress: () => {} })).rejects.toThrow(
        new RegExp(`could not listen on port ${port}: another program uses it\\.[\\s\\S]*Address already in use`),
      );
    } finally {
      squatter.close();
    }
  }, 90_000);

  it('answers once started, tells how Java ended when it dies under the stack, and its watchdog leaves with it', async () => {
    const dynamo = await startDynamoLocal(await freePort(), undefined, { onProgress: () => {} });
    const tables = await fetch(dynamo.endpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.ListTables',
        authorization: 'AWS4-HMAC-SHA256 Credential=local/20260101/local/dynamodb/aws4_request, SignedHeaders=host, Signature=x',
      },
      body: '{}',
    });
    expect(tables.status).toBe(200);
    expect(watchdogsOf(dynamo.pid)).toHaveLength(1);

    process.kill(dynamo.pid, 'SIGKILL');
    expect(await dynamo.exited).toBe('was stopped by SIGKILL');
    await dynamo.stop();
    const deadline = Date.now() + 5_000;
    while (watchdogsOf(dynamo.pid).length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(watchdogsOf(dynamo.pid)).toEqual([]);
  }, 90_000);
});
