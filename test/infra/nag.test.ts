import { Validations } from 'aws-cdk-lib';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { createApp } from '../../infra/app';
import { CUSTOM_DOMAIN, synth, synthBeforeAll, WEB_ACL } from './synth';

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  return root.node.findAll().flatMap((c) =>
    c.node.metadata
      .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((m) => Object.entries(m.data as Record<string, string>).map(([id, reason]) => ({ path: c.node.path, id, reason }))),
  );
}

describe('cdk-nag AwsSolutions', () => {
  const variants: [string, Record<string, string>][] = [
    ['without a custom domain', {}],
    ['with a custom domain', CUSTOM_DOMAIN],
    ['with a custom domain and a web ACL', WEB_ACL],
  ];
  synthBeforeAll(...variants.map(([, context]) => context));

  for (const [name, context] of variants) {
    it(`finds nothing unacknowledged ${name}`, () => {
      const { app } = synth(context);
      const report = new AwsSolutionsChecks().validateScope(app);
      expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
    });
  }

  it('every acknowledgement names an AwsSolutions rule and gives a reason of at least a sentence', () => {
    const acks = acknowledgements(synth(CUSTOM_DOMAIN).app);
    expect(acks.length).toBeGreaterThan(0);
    for (const ack of acks) {
      expect(ack.id, ack.path).toMatch(/AwsSolutions-[A-Z]+\d+/);
      expect(ack.reason.length, `${ack.id} on ${ack.path}`).toBeGreaterThanOrEqual(60);
    }
  });

  it('acknowledges wildcards only for dynamodb:ListStreams on the worker role', () => {
    const acks = acknowledgements(synth(CUSTOM_DOMAIN).app).filter((a) => a.id.includes('IAM5'));
    expect(acks.map((a) => a.path)).toEqual(['FlexfleetPunchout/Mail/WorkerRole']);
    expect(acks[0].reason).toContain('ListStreams');
  });

  it('does not acknowledge the WAF rule when a web ACL is attached', () => {
    const acks = acknowledgements(synth(WEB_ACL).app);
    expect(acks.some((a) => a.id.includes('CFR2'))).toBe(false);
  });

  it('fails the synth on a finding nobody acknowledged', () => {
    const outdir = mkdtempSync(join(tmpdir(), 'nag-'));
    try {
      const { app, stack } = createApp({ context: { 'aws:cdk:bundling-stacks': [] }, outdir });
      new Queue(stack, 'Unchecked'); // no TLS-only policy, no dead-letter queue
      expect(() => app.synth()).toThrow(/AwsSolutions-SQS4/);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
