import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { CfnWebACL } from 'aws-cdk-lib/aws-wafv2';
import type { Construct } from 'constructs';

/**
 * Per-address rate limits at the edge, on the two unauthenticated paths worth guessing on: the
 * call-up (connection passwords) and the console sign-in (e-mails a link). The app throttles
 * these too (per username and per address, 429); the edge stops a flood before it costs a Lambda.
 * Limits count requests per client IP in a 5-minute window and are deliberately generous: a
 * buyer's whole company may sit behind one NAT address.
 */
export const RATE_RULES = [
  // A requester opens a punch-out a few times an hour; 300 per 5 minutes is a whole office at once.
  { name: 'CallUpPerAddress', path: '/punchout/oci', limit: 300 },
  // Staff sign in once a day; 20 per 5 minutes per address is more than a desk of people retrying.
  { name: 'SignInPerAddress', path: '/ops/sign-in', limit: 20 },
] as const;

export const RATE_WINDOW_SECONDS = 300;

const TOO_MANY = 'Too many attempts from your network. Please wait a few minutes and try again.';

/**
 * A CloudFront-scope web ACL with the rate rules. CloudFront reads web ACLs only in us-east-1, and
 * the main stack deploys to any region, so this is a stack of its own pinned to us-east-1; its
 * output WebAclArn is then given to the main stack as `-c webAclArn=…` (README, "Edge protection").
 */
export class WebAclStack extends Stack {
  readonly webAcl: CfnWebACL;

  constructor(scope: Construct, id: string, props: StackProps = {}) {
    super(scope, id, { ...props, env: { ...props.env, region: 'us-east-1' } });
    const visibility = (metricName: string) => ({ cloudWatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });
    this.webAcl = new CfnWebACL(this, 'WebAcl', {
      scope: 'CLOUDFRONT',
      description: 'Punch-out catalog: per-address rate limits on the call-up and the console sign-in',
      defaultAction: { allow: {} },
      visibilityConfig: visibility('PunchoutWebAcl'),
      customResponseBodies: { tooMany: { contentType: 'TEXT_PLAIN', content: TOO_MANY } },
      rules: RATE_RULES.map((rule, priority) => ({
        name: rule.name,
        priority,
        action: {
          block: {
            customResponse: {
              responseCode: 429,
              customResponseBodyKey: 'tooMany',
              responseHeaders: [{ name: 'retry-after', value: String(RATE_WINDOW_SECONDS) }],
            },
          },
        },
        statement: {
          rateBasedStatement: {
            limit: rule.limit,
            evaluationWindowSec: RATE_WINDOW_SECONDS,
            aggregateKeyType: 'IP',
            scopeDownStatement: {
              byteMatchStatement: {
                fieldToMatch: { uriPath: {} },
                positionalConstraint: 'STARTS_WITH',
                searchString: rule.path,
                textTransformations: [{ priority: 0, type: 'LOWERCASE' }],
              },
            },
          },
        },
        visibilityConfig: visibility(rule.name),
      })),
    });
    new CfnOutput(this, 'WebAclArn', {
      value: this.webAcl.attrArn,
      description: 'Give this to the main stack: cdk deploy <stack> -c webAclArn=…',
    });
  }
}
