import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CachedMethods,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  FunctionCode,
  FunctionEventType,
  Function as EdgeFunction,
  FunctionRuntime,
  HttpVersion,
  OriginRequestCookieBehavior,
  OriginRequestHeaderBehavior,
  OriginRequestPolicy,
  OriginRequestQueryStringBehavior,
  PriceClass,
  SecurityPolicyProtocol,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { FunctionUrlOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { type Function as LambdaFunction, FunctionUrlAuthType, InvokeMode, type FunctionUrl } from 'aws-cdk-lib/aws-lambda';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import { grantItems } from './data';
import { bundleWebLambdaSync } from './build';
import { PROJECT_ROOT, splitAppFunction } from './lambda';
import { brandEnvironment, type Settings } from './settings';

/** Where the web bundles sit inside the Lambda package (the code is unpacked to /var/task). */
export const LAMBDA_ASSETS_DIR = '/var/task/assets';

/** The Lambda's hard limit; the app answers "took too long" at REQUEST_DEADLINE_MS, before it. */
export const WEB_TIMEOUT_SECONDS = 15;
export const REQUEST_DEADLINE_MS = 12_000;

/**
 * The viewer headers the app reads (and CloudFront's own client address): an allow list rather
 * than "all but Host", so nothing else reaches the app. At most 10 (a CloudFront quota).
 */
export const FORWARDED_HEADERS = [
  'accept',
  'accept-language',
  'content-type',
  'origin',
  'sec-fetch-site',
  'x-csrf-token',
  'x-forwarded-host',
  'x-request-id',
  'CloudFront-Viewer-Address',
] as const;

export interface WebProps {
  settings: Settings;
  table: Table;
  secret: ISecret;
  logRetention: RetentionDays;
}

/**
 * The Hono app on Lambda behind a Function URL, and, when a custom domain is given, a CloudFront
 * distribution in front of it. The web bundles ship inside the Lambda package and are served by the
 * app under /assets/* (README, "Why the web bundles ship with the Lambda").
 */
export class Web extends Construct {
  readonly fn: LambdaFunction;
  readonly url: FunctionUrl;
  readonly distribution?: Distribution;
  /** The value CloudFront sends as x-origin-verify, when there is a distribution. */
  readonly originVerify?: Secret;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const { settings, table, secret } = props;
    const behindCloudFront = Boolean(settings.domainName && settings.certificateArn);

    if (behindCloudFront) {
      this.originVerify = new Secret(this, 'OriginVerify', {
        description: 'Value CloudFront sends as x-origin-verify; the web app refuses requests without it (direct Function URL calls)',
        generateSecretString: { passwordLength: 48, excludePunctuation: true },
      });
      Validations.of(this.originVerify).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'CloudFront holds this value in its origin configuration, so a rotation must redeploy the distribution; it is rotated by replacing the secret in a deployment (runbook), not by a rotation Lambda.',
      });
    }

    this.fn = splitAppFunction(this, 'Function', {
      // functions/http/lambda.ts bundled split (index.mjs + chunks/, lazily loaded route groups) with
      // the web bundles it serves under assets/, built from the same checkout (infra/build.ts).
      bundle: (outputDir) => void bundleWebLambdaSync(outputDir, PROJECT_ROOT),
      description: 'Punch-out catalog, buyer and operations web app (Hono)',
      memorySize: 1024,
      timeout: Duration.seconds(WEB_TIMEOUT_SECONDS),
      // A flood is capped here (excess gets 429 from the Function URL, and the WebThrottles alarm)
      // instead of taking the account's whole concurrency and the table's capacity with it.
      reservedConcurrentExecutions: settings.webConcurrency > 0 ? settings.webConcurrency : undefined,
      logRetention: props.logRetention,
      environment: {
        TABLE_NAME: table.tableName,
        SESSION_MINUTES: String(settings.sessionMinutes),
        ASSETS_DIR: LAMBDA_ASSETS_DIR,
        MAIL_FROM: settings.mailFrom,
        OPS_MAILBOX: settings.opsMailbox,
        // The secret's ARN, not its value: functions/secrets.ts reads it once per cold start.
        SECRETS_PARAMETER: secret.secretArn,
        REQUEST_DEADLINE_MS: String(REQUEST_DEADLINE_MS),
        ...brandEnvironment(settings),
        // Links in pages and e-mails use the custom domain; without one the app uses the Function URL's own host.
        ...(settings.domainName ? { PUBLIC_BASE_URL: `https://${settings.domainName}` } : {}),
        ...(this.originVerify
          ? {
              // Only behind CloudFront is this header CloudFront's (it overwrites a viewer's); throttling keys on it.
              TRUSTED_CLIENT_IP_HEADER: 'cloudfront-viewer-address',
              ORIGIN_VERIFY_SECRET: this.originVerify.secretArn,
            }
          : {}),
      },
    });
    grantItems(this.fn, table);
    secret.grantRead(this.fn);
    this.originVerify?.grantRead(this.fn);

    this.url = this.fn.addFunctionUrl({
      // Buyers' procurement systems POST the call-up from the browser: no IAM signature is possible,
      // and CloudFront's origin access control would require a body hash on every POST. Behind
      // CloudFront the app itself refuses requests without the origin-verify value (http/origin-guard.ts).
      authType: FunctionUrlAuthType.NONE,
      invokeMode: InvokeMode.BUFFERED,
    });

    if (settings.domainName && settings.certificateArn && this.originVerify) {
      this.distribution = this.edge(settings.domainName, settings.certificateArn, settings.webAclArn, this.originVerify);
    }
  }

  private edge(domainName: string, certificateArn: string, webAclArn: string | undefined, originVerify: Secret): Distribution {
    const origin = new FunctionUrlOrigin(this.url, {
      // The Lambda stops at WEB_TIMEOUT_SECONDS; CloudFront waits that long and not longer.
      readTimeout: Duration.seconds(WEB_TIMEOUT_SECONDS),
      // Resolved by CloudFormation from Secrets Manager (a dynamic reference), never in the template.
      customHeaders: { 'x-origin-verify': originVerify.secretValue.unsafeUnwrap() },
    });

    const appRequests = new OriginRequestPolicy(this, 'AppRequests', {
      comment: 'Punch-out web app: the headers it reads, the viewer address, all cookies and query strings',
      headerBehavior: OriginRequestHeaderBehavior.allowList(...FORWARDED_HEADERS),
      cookieBehavior: OriginRequestCookieBehavior.all(),
      queryStringBehavior: OriginRequestQueryStringBehavior.all(),
    });

    // Lambda Function URLs answer only to their own Host, so CloudFront must not forward the
    // viewer's; this copies it to X-Forwarded-Host so the app can still build absolute links.
    const forwardHost = new EdgeFunction(this, 'ForwardHost', {
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Copy the viewer Host header to X-Forwarded-Host',
      code: FunctionCode.fromInline(
        'function handler(event){var r=event.request;if(r.headers.host){r.headers["x-forwarded-host"]={value:r.headers.host.value};}return r;}',
      ),
    });

    // Bundle names carry a content hash and the app sends `immutable`: the edge may keep them a year.
    const assetsCache = new CachePolicy(this, 'AssetsCache', {
      comment: 'Web bundles: content-hashed names, cached up to a year',
      defaultTtl: Duration.days(1),
      minTtl: Duration.seconds(0),
      maxTtl: Duration.days(365),
      enableAcceptEncodingGzip: true,
      enableAcceptEncodingBrotli: true,
      headerBehavior: CacheHeaderBehavior.none(),
      cookieBehavior: CacheCookieBehavior.none(),
      queryStringBehavior: CacheQueryStringBehavior.none(),
    });

    const logs = new Bucket(this, 'EdgeLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      // CloudFront standard logging writes with ACLs.
      objectOwnership: ObjectOwnership.OBJECT_WRITER,
      lifecycleRules: [{ expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(logs).acknowledge({
      id: 'AwsSolutions-S1',
      reason:
        'This bucket is the access-log destination of the CloudFront distribution; logging it into another bucket would only move the question one bucket further.',
    });

    const distribution = new Distribution(this, 'Distribution', {
      comment: `Punch-out catalog ${domainName}`,
      domainNames: [domainName],
      certificate: Certificate.fromCertificateArn(this, 'Certificate', certificateArn),
      minimumProtocolVersion: SecurityPolicyProtocol.TLS_V1_2_2021,
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      enableLogging: true,
      logBucket: logs,
      logFilePrefix: 'cloudfront/',
      webAclId: webAclArn,
      defaultBehavior: {
        origin,
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: AllowedMethods.ALLOW_ALL,
        cachePolicy: CachePolicy.CACHING_DISABLED,
        originRequestPolicy: appRequests,
        functionAssociations: [{ function: forwardHost, eventType: FunctionEventType.VIEWER_REQUEST }],
        compress: true,
      },
      additionalBehaviors: {
        '/assets/*': {
          origin,
          viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
          allowedMethods: AllowedMethods.ALLOW_GET_HEAD,
          cachedMethods: CachedMethods.CACHE_GET_HEAD,
          cachePolicy: assetsCache,
          compress: true,
        },
      },
    });

    Validations.of(distribution).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'Buyers are companies whose procurement systems and requesters may sit in any country; a geo restriction would block legitimate punch-out sessions.',
    });
    if (!webAclArn) {
      Validations.of(distribution).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason:
          'A web ACL costs more per month than the whole stack at the expected volume, and the app throttles the call-up and the sign-in itself; create one with -c createWebAcl=true and attach it with -c webAclArn=… when needed.',
      });
    }
    return distribution;
  }
}
