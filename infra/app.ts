import { Annotations, App, type AppProps, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readSettings } from './settings';
import { PunchoutStack } from './stack';
import { WebAclStack } from './waf';

/**
 * The CDK app: one stack, checked by cdk-nag's AwsSolutions pack on every synth. Any finding
 * that is not acknowledged (with a reason, next to the construct) fails the synth.
 */
export function createApp(props: AppProps = {}): { app: App; stack: PunchoutStack; webAcl?: WebAclStack } {
  const app = new App(props);
  const settings = readSettings(app.node);
  const stack = new PunchoutStack(app, settings.stackName, {
    settings,
    description: 'Supplier-side OCI punch-out catalog for vehicle rental',
  });
  // CloudFront reads web ACLs only from us-east-1: a stack of its own, deployed first (README, "Edge protection").
  const webAcl = settings.createWebAcl
    ? new WebAclStack(app, `${settings.stackName}WebAcl`, { description: 'Web ACL (rate limits) for the punch-out catalog distribution' })
    : undefined;
  if (webAcl && !settings.webAclArn) {
    Annotations.of(stack).addWarningV2(
      'flexfleet:webAclNotAttached',
      `createWebAcl: deploy ${webAcl.stackName} first, then deploy ${stack.stackName} with -c webAclArn=<its WebAclArn output> to attach it`,
    );
  }
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack, webAcl };
}

// Run by the CDK CLI (`cdk.json`: "npx tsx infra/app.ts"); imported by the tests.
if (process.env.CDK_OUTDIR || process.argv[1]?.endsWith('infra/app.ts')) {
  createApp().app.synth();
}
