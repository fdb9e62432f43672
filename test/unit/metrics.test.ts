import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { emitMetric } from '../../functions/metrics';
import { withRequestId } from '../../functions/request-context';

let written: string[];

beforeEach(() => {
  written = [];
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  vi.stubEnv('LOG_LEVEL', 'info');
});

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllEnvs();
});

/** What CloudWatch requires of an EMF document (the specification's rules, checked one by one). */
function extractable(line: string) {
  expect(line.endsWith('\n')).toBe(true);
  expect(line.trimEnd()).not.toContain('\n');
  const doc = JSON.parse(line) as Record<string, any>;
  const { Timestamp, CloudWatchMetrics } = doc._aws;
  expect(Number.isInteger(Timestamp)).toBe(true);
  expect(Math.abs(Timestamp - Date.now())).toBeLessThan(60_000);
  expect(CloudWatchMetrics).toHaveLength(1);
  const directive = CloudWatchMetrics[0];
  for (const set of directive.Dimensions as string[][]) for (const key of set) expect(typeof doc[key]).toBe('string');
  for (const metric of directive.Metrics as { Name: string; Unit: string }[]) expect(typeof doc[metric.Name]).toBe('number');
  return { doc, directive };
}

describe('metrics in CloudWatch embedded metric format', () => {
  it('writes one line that CloudWatch turns into FlexFleet/CallUpRefused, in total and per reason', () => {
    emitMetric('CallUpRefused', 1, { reason: 'credentials' });
    expect(written).toHaveLength(1);
    const { doc, directive } = extractable(written[0]);
    expect(directive.Namespace).toBe('FlexFleet');
    expect(directive.Metrics).toEqual([{ Name: 'CallUpRefused', Unit: 'Count' }]);
    expect(directive.Dimensions).toEqual([[], ['reason']]);
    expect(doc.CallUpRefused).toBe(1);
    expect(doc.reason).toBe('credentials');
  });

  it('counts one by default and takes a larger count, with no dimension at all', () => {
    emitMetric('EmailUncertain');
    emitMetric('HoldLapsed', 7);
    const [uncertain, lapsed] = written.map((line) => extractable(line));
    expect(uncertain.doc.EmailUncertain).toBe(1);
    expect(uncertain.directive.Dimensions).toEqual([[]]);
    expect(lapsed.doc.HoldLapsed).toBe(7);
  });

  it('names the request it was counted in, outside the dimensions', () => {
    withRequestId('req-metric-0001', () => emitMetric('EmailFailed'));
    const { doc, directive } = extractable(written[0]);
    expect(doc.requestId).toBe('req-metric-0001');
    expect(directive.Dimensions.flat()).not.toContain('requestId');
  });

  it('writes nothing when LOG_LEVEL is silent', () => {
    vi.stubEnv('LOG_LEVEL', 'silent');
    emitMetric('EmailUncertain');
    expect(written).toEqual([]);
  });
});
