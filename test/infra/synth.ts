import type { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll } from 'vitest';
import { createApp } from '../../infra/app';
import type { PunchoutStack } from '../../infra/stack';

export interface Synthesized {
  app: App;
  stack: PunchoutStack;
  template: Template;
  resources: Record<string, { Type: string; Properties?: Record<string, any>; DeletionPolicy?: string }>;
}

const cache = new Map<string, Synthesized>();

/** The app as `cdk synth` builds it (nag plugin included), with bundling skipped. Cached per context. */
export function synth(context: Record<string, string> = {}): Synthesized {
  const key = JSON.stringify(context);
  const hit = cache.get(key);
  if (hit) return hit;
  const { app, stack } = createApp({ context: { 'aws:cdk:bundling-stacks': [], ...context } });
  const template = Template.fromStack(stack);
  const result = { app, stack, template, resources: template.toJSON().Resources };
  cache.set(key, result);
  return result;
}

/**
 * Time for the synths of one test file. The first synth of a run loads aws-cdk-lib and builds the
 * whole stack: about 6 s on an idle 2-core machine, over 30 s (a test's timeout) under load.
 */
export const SYNTH_TIMEOUT_MS = 180_000;

/** Synthesize these contexts once, in a `beforeAll` with its own timeout, so tests only read the cached results. */
export function synthBeforeAll(...contexts: Record<string, string>[]): void {
  beforeAll(() => {
    for (const context of contexts) synth(context);
  }, SYNTH_TIMEOUT_MS);
}

export const CUSTOM_DOMAIN = {
  domainName: 'shop.flexfleet.example',
  certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-1111-2222-3333-444455556666',
};

export const WEB_ACL = { ...CUSTOM_DOMAIN, webAclArn: 'arn:aws:wafv2:us-east-1:123456789012:global/webacl/punchout/0a1b2c3d' };

/** Logical id of the one resource of `type` whose id starts with `prefix`. */
export function logicalId(s: Synthesized, type: string, prefix: string): string {
  const ids = Object.keys(s.resources).filter((id) => s.resources[id].Type === type && id.startsWith(prefix));
  if (ids.length !== 1) throw new Error(`Expected one ${type} starting with ${prefix}, found ${ids.join(', ') || 'none'}`);
  return ids[0];
}

/** All IAM statements of the policies attached to a role, flattened. */
export function statementsOfRole(s: Synthesized, roleId: string): { Action: string | string[]; Resource: unknown }[] {
  return Object.values(s.resources)
    .filter((r) => r.Type === 'AWS::IAM::Policy' && (r.Properties?.Roles ?? []).some((ref: any) => ref.Ref === roleId))
    .flatMap((r) => r.Properties!.PolicyDocument.Statement);
}

export function actionsOf(statements: { Action: string | string[] }[]): string[] {
  return statements.flatMap((st) => (Array.isArray(st.Action) ? st.Action : [st.Action]));
}

/** The role logical id of a function (by the function's logical-id prefix). */
export function roleOf(s: Synthesized, functionPrefix: string): string {
  const fn = s.resources[logicalId(s, 'AWS::Lambda::Function', functionPrefix)];
  return fn.Properties!.Role['Fn::GetAtt'][0];
}
