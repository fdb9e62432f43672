import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, LoggingFormat, Runtime, SystemLogLevel } from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ESBUILD_SETTINGS } from './esbuild-settings';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The newest Node.js runtime aws-cdk-lib offers; cdk-nag AwsSolutions-L1 checks the same list. */
export const RUNTIME = Runtime.NODEJS_24_X;

export interface AppFunctionProps {
  /** Entry file relative to the project root, e.g. `functions/http/lambda.ts`. */
  entry: string;
  description: string;
  memorySize: number;
  timeout: Duration;
  environment: Record<string, string>;
  logRetention: RetentionDays;
  commandHooks?: ICommandHooks;
  /** The most invocations at once (undefined: no reservation, the account's pool). */
  reservedConcurrentExecutions?: number;
}

/**
 * A Node.js function on arm64 with its own role and log group (explicit retention, no log-retention
 * custom resource), JSON log format (every line carries the request id), bundled by the local esbuild.
 */
export function appFunction(scope: Construct, id: string, props: AppFunctionProps): NodejsFunction {
  const logGroup = new LogGroup(scope, `${id}Logs`, {
    retention: props.logRetention,
    removalPolicy: RemovalPolicy.RETAIN,
  });
  // Its own role, allowed to write only its own log group: no AWS managed policy, no "*".
  const role = new Role(scope, `${id}Role`, {
    assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
    description: `Execution role of ${id}`,
  });
  role.addToPrincipalPolicy(
    new PolicyStatement({ actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resources: [logGroup.logGroupArn] }),
  );
  return new NodejsFunction(scope, id, {
    role,
    entry: entryFile(scope, id, props.entry),
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
    runtime: RUNTIME,
    architecture: Architecture.ARM_64,
    description: props.description,
    memorySize: props.memorySize,
    timeout: props.timeout,
    reservedConcurrentExecutions: props.reservedConcurrentExecutions,
    environment: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      // Stack traces in the logs name the TypeScript file and line (the bundle ships its .map).
      NODE_OPTIONS: '--enable-source-maps',
      ...props.environment,
    },
    logGroup,
    loggingFormat: LoggingFormat.JSON,
    applicationLogLevelV2: ApplicationLogLevel.INFO,
    // Keep the platform START/REPORT lines: duration, memory and init (cold start) time per request.
    systemLogLevelV2: SystemLogLevel.INFO,
    bundling: {
      format: OutputFormat.ESM,
      target: ESBUILD_SETTINGS.target,
      minify: ESBUILD_SETTINGS.minify,
      sourceMap: ESBUILD_SETTINGS.sourcemap,
      mainFields: [...ESBUILD_SETTINGS.mainFields],
      banner: ESBUILD_SETTINGS.banner,
      bundleAwsSDK: true,
      externalModules: [...ESBUILD_SETTINGS.external],
      forceDockerBundling: false,
      commandHooks: props.commandHooks,
    },
  });
}

/**
 * The entry's absolute path. When bundling is skipped (tests, `cdk synth --exclusively` of other
 * stacks) nothing is bundled, so an entry that another engineer has not written yet is replaced
 * by a placeholder instead of failing the whole synth; with bundling on, a missing entry still fails.
 */
function entryFile(scope: Construct, id: string, entry: string): string {
  const file = path.join(PROJECT_ROOT, entry);
  if (existsSync(file) || Stack.of(scope).bundlingRequired) return file;
  Annotations.of(scope).addInfo(`${id}: ${entry} does not exist yet; bundling is skipped, so a placeholder stands in`);
  return path.join(PROJECT_ROOT, 'infra/placeholder-handler.ts');
}
