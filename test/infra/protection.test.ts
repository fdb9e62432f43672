import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { ESBUILD_SETTINGS, lambdaBuildOptions } from '../../infra/esbuild-settings';
import { WebAclStack } from '../../infra/waf';
import { REQUEST_DEADLINE_MS } from '../../infra/web';
import { readConfig } from '../../functions/config';
import { CUSTOM_DOMAIN, logicalId, synth } from './synth';

// Synthesized once here, with a timeout of their own: the first synth of a run is slow under load.
const WEB_ACL_STACK = { createWebAcl: 'true' };
beforeAll(() => {
  const contexts: Record<string, string>[] = [{}, CUSTOM_DOMAIN, WEB_ACL_STACK, { webConcurrency: '0' }];
  for (const context of contexts) synth(context);
}, 180_000);

const webFunction = (context: Record<string, string> = {}) => {
  const s = synth(context);
  return s.resources[logicalId(s, 'AWS::Lambda::Function', 'WebFunction')].Properties!;
};

describe('alarms on the app metrics', () => {
  const alarm = (id: string) => {
    const s = synth();
    return s.resources[logicalId(s, 'AWS::CloudWatch::Alarm', `Monitoring${id}`)].Properties!;
  };

  it('raise an alarm on the first e-mail that failed or may not have gone out', () => {
    for (const name of ['EmailFailed', 'EmailUncertain']) {
      expect(alarm(name), name).toMatchObject({
        Namespace: 'FlexFleet',
        MetricName: name,
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        TreatMissingData: 'notBreaching',
      });
    }
  });

  it('raise an alarm on a hold that lapsed unanswered within the hour', () => {
    expect(alarm('HoldLapsed')).toMatchObject({ Namespace: 'FlexFleet', MetricName: 'HoldLapsed', Period: 3600, Threshold: 1 });
  });

  it('raise an alarm on a spike of refused call-ups, not on the odd wrong password', () => {
    expect(alarm('CallUpRefusedSpike')).toMatchObject({
      Namespace: 'FlexFleet',
      MetricName: 'CallUpRefused',
      Threshold: 30,
      EvaluationPeriods: 2,
      DatapointsToAlarm: 2,
    });
    expect(alarm('CallUpRefusedSpike').Dimensions).toBeUndefined();
  });

  it('raise an alarm when a buyer system posts call-ups to an unregistered HOOK_URL', () => {
    expect(alarm('CallUpHookRefused')).toMatchObject({
      MetricName: 'CallUpRefused',
      Dimensions: [{ Name: 'reason', Value: 'hook-not-allowed' }],
      Threshold: 3,
    });
  });

  it('all reach the alarm topic, when raised and when cleared', () => {
    const s = synth();
    const topic = { Ref: logicalId(s, 'AWS::SNS::Topic', 'MonitoringAlarms') };
    for (const id of ['EmailFailed', 'EmailUncertain', 'HoldLapsed', 'CallUpRefusedSpike', 'CallUpHookRefused']) {
      expect(alarm(id).AlarmActions, id).toEqual([topic]);
      expect(alarm(id).OKActions, id).toEqual([topic]);
    }
  });
});

describe('stack traces', () => {
  it('are mapped to the TypeScript source in every function', () => {
    const s = synth();
    const functions = Object.values(s.resources).filter((r) => r.Type === 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThanOrEqual(4);
    for (const fn of functions) expect(fn.Properties!.Environment.Variables.NODE_OPTIONS).toBe('--enable-source-maps');
  });

  it('have a source map to be mapped with, in the stack and in npm run build', () => {
    expect(ESBUILD_SETTINGS.sourcemap).toBe(true);
    expect(lambdaBuildOptions('functions/http/lambda.ts', 'dist/lambda/web.mjs').sourcemap).toBe(true);
  });
});

describe('the 15-second hard stop', () => {
  it('stops the web function at 15 s and has the app answer at its 12 s deadline before that', () => {
    const fn = webFunction();
    expect(fn.Timeout).toBe(15);
    expect(fn.Environment.Variables.REQUEST_DEADLINE_MS).toBe(String(REQUEST_DEADLINE_MS));
    expect(REQUEST_DEADLINE_MS).toBeLessThan(fn.Timeout * 1000);
    // The value the stack sets is one the app accepts.
    expect(readConfig({ TABLE_NAME: 't', PUBLIC_BASE_URL: 'https://x.example', REQUEST_DEADLINE_MS: String(REQUEST_DEADLINE_MS) }).requestDeadlineMs).toBe(12_000);
  });

  it('has CloudFront wait for the function no longer than its timeout', () => {
    const s = synth(CUSTOM_DOMAIN);
    const config = s.resources[logicalId(s, 'AWS::CloudFront::Distribution', 'WebDistribution')].Properties!.DistributionConfig;
    expect(config.Origins[0].CustomOriginConfig.OriginReadTimeout).toBe(15);
  });
});

describe('flooding', () => {
  it('is capped by reserved concurrency of the web function, 25 unless told otherwise', () => {
    expect(webFunction().ReservedConcurrentExecutions).toBe(25);
    expect(webFunction({ webConcurrency: '0' }).ReservedConcurrentExecutions).toBeUndefined();
  });

  it('of the call-up and the console sign-in is rate-limited per address by a web ACL in us-east-1, when asked for', () => {
    const { app } = synth(WEB_ACL_STACK);
    const stack = app.node.findChild('FlexfleetPunchoutWebAcl') as WebAclStack;
    expect(stack.region).toBe('us-east-1');
    const template = Template.fromStack(stack);
    template.hasOutput('WebAclArn', {});
    const acl = Object.values(template.toJSON().Resources as Record<string, any>).find((r) => r.Type === 'AWS::WAFv2::WebACL')!.Properties;
    expect(acl).toMatchObject({ Scope: 'CLOUDFRONT', DefaultAction: { Allow: {} } });
    const limited = acl.Rules.map((rule: any) => {
      const rate = rule.Statement.RateBasedStatement;
      expect(rule.Action.Block.CustomResponse, rule.Name).toMatchObject({ ResponseCode: 429 });
      expect(rate.AggregateKeyType, rule.Name).toBe('IP');
      return [rate.ScopeDownStatement.ByteMatchStatement.SearchString, rate.Limit, rate.EvaluationWindowSec];
    });
    expect(limited).toEqual([
      ['/punchout/oci', 300, 300],
      ['/ops/sign-in', 20, 300],
    ]);
  });

  it('leaves cdk-nag nothing to find in the app with the web ACL stack', () => {
    const report = new AwsSolutionsChecks().validateScope(synth(WEB_ACL_STACK).app);
    expect(report.violations.map((v) => `${v.ruleName} ${v.violatingResources.map((r) => r.constructPath).join(', ')}`)).toEqual([]);
  });

  it('says at synth how to attach the web ACL it created, until it is attached', () => {
    const warnings = (context: Record<string, string>) =>
      synth(context).stack.node.metadata.filter((m) => m.type === 'aws:cdk:warning').map((m) => String(m.data));
    expect(warnings(WEB_ACL_STACK).join('\n')).toMatch(/deploy FlexfleetPunchoutWebAcl first.*-c webAclArn=/);
    expect(warnings({}).join('\n')).not.toMatch(/webAclArn/);
  });

  it('adds no web ACL stack unless asked for', () => {
    expect(synth().app.node.tryFindChild('FlexfleetPunchoutWebAcl')).toBeUndefined();
  });
});

describe('behind CloudFront', () => {
  it('the Function URL answers only requests CloudFront forwarded: CloudFront adds a generated secret the app checks', () => {
    const s = synth(CUSTOM_DOMAIN);
    const secretId = logicalId(s, 'AWS::SecretsManager::Secret', 'WebOriginVerify');
    expect(s.resources[secretId].Properties!.GenerateSecretString).toMatchObject({ PasswordLength: 48 });
    const config = s.resources[logicalId(s, 'AWS::CloudFront::Distribution', 'WebDistribution')].Properties!.DistributionConfig;
    const header = config.Origins[0].OriginCustomHeaders.find((h: any) => h.HeaderName === 'x-origin-verify');
    // A dynamic reference: the value is resolved by CloudFormation, never written into the template.
    expect(JSON.stringify(header.HeaderValue)).toContain('{{resolve:secretsmanager:');
    expect(JSON.stringify(header.HeaderValue)).toContain(secretId);
    expect(webFunction(CUSTOM_DOMAIN).Environment.Variables.ORIGIN_VERIFY_SECRET).toEqual({ Ref: secretId });
  });

  it('links are built from the custom domain and throttling keys on the address CloudFront saw', () => {
    expect(webFunction(CUSTOM_DOMAIN).Environment.Variables).toMatchObject({
      PUBLIC_BASE_URL: 'https://shop.flexfleet.example',
      TRUSTED_CLIENT_IP_HEADER: 'cloudfront-viewer-address',
    });
  });

  it('CloudFront forwards its viewer address and the headers the app reads, never the Host header', () => {
    const s = synth(CUSTOM_DOMAIN);
    const policy = s.resources[logicalId(s, 'AWS::CloudFront::OriginRequestPolicy', 'WebAppRequests')].Properties!.OriginRequestPolicyConfig;
    expect(policy.HeadersConfig.HeaderBehavior).toBe('whitelist');
    const headers = policy.HeadersConfig.Headers.map((h: string) => h.toLowerCase());
    expect(headers).toEqual(expect.arrayContaining(['cloudfront-viewer-address', 'content-type', 'origin', 'sec-fetch-site', 'x-csrf-token', 'x-forwarded-host']));
    expect(headers).not.toContain('host');
    expect(headers.length).toBeLessThanOrEqual(10);
  });

  it('without a custom domain, no header is trusted for the client address and there is no origin secret', () => {
    const env = webFunction().Environment.Variables;
    expect(env.TRUSTED_CLIENT_IP_HEADER).toBeUndefined();
    expect(env.ORIGIN_VERIFY_SECRET).toBeUndefined();
  });
});
