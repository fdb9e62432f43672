import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Annotations, AssetHashType, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import {
  ApplicationLogLevel,
  Architecture,
  Code,
  Function as LambdaFunction,
  type FunctionProps,
  LoggingFormat,
  Runtime,
  SystemLogLevel,
} from 'aws-cdk-lib/aws-lambda';
import { type ICommandHooks, NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ESBUILD_SETTINGS, SPLIT_ENTRY_FILE } from './esbuild-settings';

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
  return new NodejsFunction(scope, id, {
    ...commonProps(scope, id, props),
    entry: entryFile(scope, id, props.entry),
    handler: 'handler',
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: path.join(PROJECT_ROOT, 'package-lock.json'),
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

export interface SplitFunctionProps extends Omit<AppFunctionProps, 'entry' | 'commandHooks'> {
  /**
   * Writes the whole package into `outputDir`, synchronously, from the project root: SPLIT_ENTRY_FILE
   * exporting `handler`, its chunks and anything else the function reads (infra/build.ts).
   */
  bundle: (outputDir: string) => void;
}

/**
 * The same function as appFunction, but packaged from a directory the project's own esbuild build
 * writes (`props.bundle`) instead of NodejsFunction's one-file bundle: NodejsFunction always passes
 * esbuild an `--outfile`, and code splitting needs an output directory (the web app's lazily loaded
 * route groups, infra/esbuild-settings.ts). Bundled locally at synth, like NodejsFunction with
 * forceDockerBundling off; with bundling skipped (tests, `--exclusively` of another stack) nothing
 * is built and the asset stays a placeholder, as for NodejsFunction.
 */
export function splitAppFunction(scope: Construct, id: string, props: SplitFunctionProps): LambdaFunction {
  const code = Code.fromAsset(PROJECT_ROOT, {
    // The hash of what was built, not of the whole checkout (node_modules included).
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      // Never pulled: local bundling below always builds or throws, so CDK never falls back to Docker.
      image: DockerImage.fromRegistry('public.ecr.aws/sam/build-nodejs22.x'),
      local: {
        tryBundle(outputDir: string) {
          props.bundle(outputDir);
          return true;
        },
      },
    },
  });
  return new LambdaFunction(scope, id, { ...commonProps(scope, id, props), code, handler: `${path.basename(SPLIT_ENTRY_FILE, '.mjs')}.handler` });
}

/** Role, log group, runtime, logging and environment shared by both kinds of function. */
function commonProps(scope: Construct, id: string, props: Omit<AppFunctionProps, 'entry' | 'commandHooks'>): Omit<FunctionProps, 'code' | 'handler'> {
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
  return {
    role,
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
  };
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
