import { Match } from 'aws-cdk-lib/assertions';
import { Runtime } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import { WORKER_STREAM } from '../../infra/mail';
import { actionsOf, CUSTOM_DOMAIN, logicalId, roleOf, statementsOfRole, synth, synthBeforeAll, WEB_ACL } from './synth';

const LOG_RETENTION = { logRetentionDays: '30' };
const SANDBOX = { sandboxRecipients: 'tester@flexfleet.example, ops-test@flexfleet.example' };
const NO_SES_IDENTITY = { createSesIdentity: 'false' };
const ALARM_EMAIL = { alarmEmail: 'oncall@flexfleet.example' };

// Every variant this file reads, synthesized once before its tests (not inside a test's 30 s).
synthBeforeAll({}, CUSTOM_DOMAIN, WEB_ACL, LOG_RETENTION, SANDBOX, NO_SES_IDENTITY, ALARM_EMAIL);

const FUNCTIONS = { web: 'WebFunction', worker: 'MailWorker', bounce: 'MailBounceRecorder', housekeeping: 'JobsHousekeeping' } as const;

describe('the table', () => {
  it('is the only table: on demand, keyed by pk and sk, with point-in-time recovery and deletion protection', () => {
    const s = synth();
    s.template.resourceCountIs('AWS::DynamoDB::Table', 1);
    s.template.hasResourceProperties('AWS::DynamoDB::Table', {
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [
        { AttributeName: 'pk', KeyType: 'HASH' },
        { AttributeName: 'sk', KeyType: 'RANGE' },
      ],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      DeletionProtectionEnabled: true,
    });
  });

  it('survives the deletion of the stack', () => {
    synth().template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
  });

  it('expires items by their expiresAt attribute', () => {
    synth().template.hasResourceProperties('AWS::DynamoDB::Table', {
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
  });

  it('streams new and old images for the mail outbox worker', () => {
    synth().template.hasResourceProperties('AWS::DynamoDB::Table', {
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
    });
  });

  it('has exactly one index, gsi1 on gsi1pk/gsi1sk, projecting all attributes', () => {
    synth().template.hasResourceProperties('AWS::DynamoDB::Table', {
      GlobalSecondaryIndexes: [
        {
          IndexName: 'gsi1',
          KeySchema: [
            { AttributeName: 'gsi1pk', KeyType: 'HASH' },
            { AttributeName: 'gsi1sk', KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      LocalSecondaryIndexes: Match.absent(),
    });
  });
});

describe('the functions', () => {
  const newestNode = Runtime.ALL.map((r) => r.name)
    .filter((name) => /^nodejs\d+\.x$/.test(name))
    .sort((a, b) => parseInt(a.slice(6), 10) - parseInt(b.slice(6), 10))
    .at(-1);

  it('are exactly four: web app, mail worker, bounce recorder, housekeeping job', () => {
    synth().template.resourceCountIs('AWS::Lambda::Function', 4);
  });

  it('run the housekeeping job every five minutes, without retries (the next run comes soon)', () => {
    const s = synth();
    const fn = logicalId(s, 'AWS::Lambda::Function', FUNCTIONS.housekeeping);
    s.template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Targets: [Match.objectLike({ Arn: { 'Fn::GetAtt': [fn, 'Arn'] }, RetryPolicy: { MaximumRetryAttempts: 0 } })],
    });
    s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { FunctionName: { Ref: fn }, MaximumRetryAttempts: 0 });
  });

  it('all run on arm64 with the newest Node.js runtime aws-cdk-lib offers', () => {
    expect(newestNode).toMatch(/^nodejs(22|24)\.x$/);
    const s = synth();
    for (const prefix of Object.values(FUNCTIONS)) {
      const fn = s.resources[logicalId(s, 'AWS::Lambda::Function', prefix)].Properties!;
      expect(fn.Runtime, prefix).toBe(newestNode);
      expect(fn.Architectures, prefix).toEqual(['arm64']);
    }
  });

  it('each write JSON logs (with the request id) to their own log group with a retention', () => {
    const s = synth();
    const logGroups = Object.entries(s.resources).filter(([, r]) => r.Type === 'AWS::Logs::LogGroup');
    expect(logGroups).toHaveLength(4);
    for (const [, group] of logGroups) expect(group.Properties!.RetentionInDays).toBe(90);
    const used = new Set<string>();
    for (const prefix of Object.values(FUNCTIONS)) {
      const config = s.resources[logicalId(s, 'AWS::Lambda::Function', prefix)].Properties!.LoggingConfig;
      expect(config.LogFormat, prefix).toBe('JSON');
      used.add(config.LogGroup.Ref);
    }
    expect([...used].sort()).toEqual(logGroups.map(([id]) => id).sort());
  });

  it('honour a log retention given as context', () => {
    const s = synth(LOG_RETENTION);
    s.template.allResourcesProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  it('give the web app its configuration, and the signing key only as a secret reference', () => {
    const s = synth();
    const secretId = logicalId(s, 'AWS::SecretsManager::Secret', 'SigningKey');
    const env = s.resources[logicalId(s, 'AWS::Lambda::Function', FUNCTIONS.web)].Properties!.Environment.Variables;
    expect(env).toMatchObject({
      TABLE_NAME: { Ref: logicalId(s, 'AWS::DynamoDB::Table', 'Table') },
      SESSION_MINUTES: '240',
      ASSETS_DIR: '/var/task/assets',
      MAIL_FROM: 'reservations@flexfleet.example',
      OPS_MAILBOX: 'operations@flexfleet.example',
      SECRETS_PARAMETER: { Ref: secretId },
    });
    expect(Object.keys(env).sort()).toEqual(
      ['ASSETS_DIR', 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'MAIL_FROM', 'NODE_OPTIONS', 'OPS_MAILBOX', 'REQUEST_DEADLINE_MS', 'SECRETS_PARAMETER', 'SESSION_MINUTES', 'TABLE_NAME'],
    );
  });

  it('generate the signing key in Secrets Manager, never in a template or an environment variable', () => {
    synth().template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({ GenerateStringKey: 'signingKey', PasswordLength: 64 }),
      SecretString: Match.absent(),
    });
  });

  it('give the mail worker its table, sender, operations mailbox and configuration set', () => {
    const s = synth();
    const env = s.resources[logicalId(s, 'AWS::Lambda::Function', FUNCTIONS.worker)].Properties!.Environment.Variables;
    expect(env).toMatchObject({
      TABLE_NAME: { Ref: logicalId(s, 'AWS::DynamoDB::Table', 'Table') },
      MAIL_FROM: 'reservations@flexfleet.example',
      OPS_MAILBOX: 'operations@flexfleet.example',
      SES_CONFIGURATION_SET: { Ref: logicalId(s, 'AWS::SES::ConfigurationSet', 'MailConfigurationSet') },
      PUBLIC_BASE_URL: { 'Fn::GetAtt': [logicalId(s, 'AWS::Lambda::Url', 'WebFunctionFunctionUrl'), 'FunctionUrl'] },
    });
    // The signing key opens the sealed cXML confirmation secrets the worker posts (issue 10).
    expect(env.SECRETS_PARAMETER).toEqual({ Ref: logicalId(s, 'AWS::SecretsManager::Secret', 'SigningKey') });
  });

  it('link e-mails and pages to the custom domain when there is one', () => {
    const s = synth(CUSTOM_DOMAIN);
    for (const prefix of [FUNCTIONS.web, FUNCTIONS.worker]) {
      const env = s.resources[logicalId(s, 'AWS::Lambda::Function', prefix)].Properties!.Environment.Variables;
      expect(env.PUBLIC_BASE_URL, prefix).toBe('https://shop.flexfleet.example');
    }
  });

  it('serve the web app through a Function URL that buyers can POST to without signing', () => {
    const s = synth();
    s.template.hasResourceProperties('AWS::Lambda::Url', {
      AuthType: 'NONE',
      TargetFunctionArn: { 'Fn::GetAtt': [logicalId(s, 'AWS::Lambda::Function', FUNCTIONS.web), 'Arn'] },
    });
  });
});

describe('the stream mapping of the mail worker', () => {
  it('reads the table stream from the oldest record, in small batches, reporting partial failures', () => {
    const s = synth();
    s.template.resourceCountIs('AWS::Lambda::EventSourceMapping', 1);
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      EventSourceArn: { 'Fn::GetAtt': [logicalId(s, 'AWS::DynamoDB::Table', 'Table'), 'StreamArn'] },
      FunctionName: { Ref: logicalId(s, 'AWS::Lambda::Function', FUNCTIONS.worker) },
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: WORKER_STREAM.batchSize,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  it('bisects a failing batch and gives up after a bounded number of retries', () => {
    synth().template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 6 * 3600,
    });
  });

  it('wakes the worker only for pending outbox messages, as the worker itself selects them', async () => {
    const { pendingOutboxKeys } = await import('../../functions/mail/worker');
    const s = synth();
    const mapping = Object.values(s.resources).find((r) => r.Type === 'AWS::Lambda::EventSourceMapping')!;
    const patterns = (mapping.Properties!.FilterCriteria.Filters as { Pattern: string }[]).map((f) => JSON.parse(f.Pattern));
    expect(patterns).toEqual([
      { eventName: ['INSERT', 'MODIFY'], dynamodb: { NewImage: { entity: { S: ['outbox'] }, status: { S: ['pending'] } } } },
    ]);
    // The records the filter lets through are exactly those the worker would pick.
    const record = (eventName: string, entity: string, status: string) =>
      ({ eventName, dynamodb: { NewImage: { pk: { S: 'REQUEST#1' }, sk: { S: 'OUTBOX#1' }, entity: { S: entity }, status: { S: status } } } }) as any;
    const cases = [record('INSERT', 'outbox', 'pending'), record('MODIFY', 'outbox', 'pending'), record('MODIFY', 'outbox', 'sent'), record('INSERT', 'request', 'pending')];
    const passes = (r: any) => ['INSERT', 'MODIFY'].includes(r.eventName) && r.dynamodb.NewImage.entity.S === 'outbox' && r.dynamodb.NewImage.status.S === 'pending';
    expect(cases.map(passes)).toEqual(cases.map((r) => pendingOutboxKeys([r]).length === 1));
  });

  it('sends what it gave up on to the dead-letter queue', () => {
    const s = synth();
    const dlq = logicalId(s, 'AWS::SQS::Queue', 'MailDeadLetters');
    s.template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': [dlq, 'Arn'] } } },
    });
  });

  it('has a dead-letter queue that keeps messages 14 days, encrypted', () => {
    synth().template.hasResourceProperties('AWS::SQS::Queue', {
      MessageRetentionPeriod: 14 * 24 * 3600,
      SqsManagedSseEnabled: true,
    });
  });
});

describe('least privilege', () => {
  it('the web function cannot send e-mail', () => {
    const s = synth();
    const actions = actionsOf(statementsOfRole(s, roleOf(s, FUNCTIONS.web)));
    expect(actions.filter((a) => a.startsWith('ses:'))).toEqual([]);
  });

  it('only the worker sends e-mail, only as the sender identity through the configuration set', () => {
    const s = synth();
    for (const prefix of [FUNCTIONS.web, FUNCTIONS.bounce, FUNCTIONS.housekeeping]) {
      expect(actionsOf(statementsOfRole(s, roleOf(s, prefix))).some((a) => a.startsWith('ses:')), prefix).toBe(false);
    }
    const send = statementsOfRole(s, roleOf(s, FUNCTIONS.worker)).filter((st) => actionsOf([st]).includes('ses:SendEmail'));
    expect(send).toHaveLength(1);
    const resources = JSON.stringify(send[0].Resource);
    expect(resources).toContain(logicalId(s, 'AWS::SES::EmailIdentity', 'MailIdentity'));
    expect(resources).toContain(logicalId(s, 'AWS::SES::ConfigurationSet', 'MailConfigurationSet'));
    expect(resources).not.toContain('"*"');
    expect(send[0].Resource).toHaveLength(2);
  });

  it('lets the worker send to verified recipients while SES is in the sandbox, when asked to', () => {
    const s = synth(SANDBOX);
    const send = statementsOfRole(s, roleOf(s, FUNCTIONS.worker)).find((st) => actionsOf([st]).includes('ses:SendEmail'))!;
    expect(send.Resource).toHaveLength(4);
    expect(JSON.stringify(send.Resource)).toContain(':identity/tester@flexfleet.example');
  });

  it('only the web function and the outbox worker (sealed confirmation secrets) may read the signing key', () => {
    const s = synth();
    const reads = (prefix: string) =>
      actionsOf(statementsOfRole(s, roleOf(s, prefix))).filter((a) => a.startsWith('secretsmanager:'));
    expect(reads(FUNCTIONS.web)).toEqual(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']);
    expect(reads(FUNCTIONS.worker)).toEqual(['secretsmanager:GetSecretValue', 'secretsmanager:DescribeSecret']);
    expect(reads(FUNCTIONS.bounce)).toEqual([]);
    expect(reads(FUNCTIONS.housekeeping)).toEqual([]);
  });

  it('the bounce recorder can only put items (and dead-letter what it cannot record)', () => {
    const s = synth();
    const actions = actionsOf(statementsOfRole(s, roleOf(s, FUNCTIONS.bounce)));
    expect(actions.filter((a) => a.startsWith('dynamodb:'))).toEqual(['dynamodb:PutItem']);
  });

  it('no function can scan, manage or delete the table', () => {
    const s = synth();
    for (const prefix of Object.values(FUNCTIONS)) {
      const actions = actionsOf(statementsOfRole(s, roleOf(s, prefix)));
      for (const forbidden of ['dynamodb:Scan', 'dynamodb:DeleteTable', 'dynamodb:UpdateTable', 'dynamodb:*']) {
        expect(actions, prefix).not.toContain(forbidden);
      }
    }
  });

  it('table access names the table and gsi1, never every index', () => {
    const s = synth();
    const resources = Object.values(FUNCTIONS).flatMap((prefix) =>
      statementsOfRole(s, roleOf(s, prefix))
        .filter((st) => actionsOf([st]).some((a) => a.startsWith('dynamodb:') && a !== 'dynamodb:ListStreams'))
        .map((st) => JSON.stringify(st.Resource)),
    );
    expect(resources.some((r) => r.includes('/index/gsi1'))).toBe(true);
    expect(resources.filter((r) => r.includes('index/*'))).toEqual([]);
  });

  it('grants "*" only for dynamodb:ListStreams, which has no resource-level permissions', () => {
    const s = synth();
    const wildcards = Object.values(s.resources)
      .filter((r) => r.Type === 'AWS::IAM::Policy')
      .flatMap((r) => r.Properties!.PolicyDocument.Statement)
      .filter((st: any) => [st.Resource].flat().includes('*'));
    expect(actionsOf(wildcards)).toEqual(['dynamodb:ListStreams']);
  });

  it('no role uses an AWS managed policy; each function writes only its own log group', () => {
    const s = synth();
    s.template.allResourcesProperties('AWS::IAM::Role', { ManagedPolicyArns: Match.absent() });
    for (const prefix of Object.values(FUNCTIONS)) {
      const fn = s.resources[logicalId(s, 'AWS::Lambda::Function', prefix)].Properties!;
      const logStatements = statementsOfRole(s, roleOf(s, prefix)).filter((st) => actionsOf([st]).includes('logs:PutLogEvents'));
      expect(logStatements.map((st) => st.Resource)).toEqual([{ 'Fn::GetAtt': [fn.LoggingConfig.LogGroup.Ref, 'Arn'] }]);
    }
  });
});

describe('SES', () => {
  it('verifies the sender domain and sends through a configuration set that suppresses bounced addresses', () => {
    const s = synth();
    s.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'flexfleet.example',
      ConfigurationSetAttributes: { ConfigurationSetName: { Ref: logicalId(s, 'AWS::SES::ConfigurationSet', 'MailConfigurationSet') } },
    });
    s.template.hasResourceProperties('AWS::SES::ConfigurationSet', {
      SuppressionOptions: { SuppressedReasons: Match.arrayWith(['BOUNCE', 'COMPLAINT']) },
    });
  });

  it('publishes bounces and complaints to a topic the bounce recorder subscribes to', () => {
    const s = synth();
    const topic = logicalId(s, 'AWS::SNS::Topic', 'MailNotifications');
    s.template.hasResourceProperties('AWS::SES::ConfigurationSetEventDestination', {
      EventDestination: {
        Enabled: true,
        MatchingEventTypes: Match.arrayEquals(['bounce', 'complaint']),
        SnsDestination: { TopicARN: { Ref: topic } },
      },
    });
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'lambda',
      TopicArn: { Ref: topic },
      Endpoint: { 'Fn::GetAtt': [logicalId(s, 'AWS::Lambda::Function', FUNCTIONS.bounce), 'Arn'] },
    });
  });

  it('dead-letters bounce notifications that could not be recorded after two retries', () => {
    const s = synth();
    s.template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', {
      FunctionName: { Ref: logicalId(s, 'AWS::Lambda::Function', FUNCTIONS.bounce) },
      MaximumRetryAttempts: 2,
      DestinationConfig: {
        OnFailure: { Destination: { 'Fn::GetAtt': [logicalId(s, 'AWS::SQS::Queue', 'MailDeadLetters'), 'Arn'] } },
      },
    });
  });

  it('can use an identity that already exists instead of creating it', () => {
    const s = synth(NO_SES_IDENTITY);
    s.template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    const send = statementsOfRole(s, roleOf(s, FUNCTIONS.worker)).find((st) => actionsOf([st]).includes('ses:SendEmail'))!;
    expect(JSON.stringify(send.Resource)).toContain(':identity/flexfleet.example');
  });
});

describe('alarms', () => {
  const alarmsOf = (s: ReturnType<typeof synth>) =>
    Object.entries(s.resources).filter(([, r]) => r.Type === 'AWS::CloudWatch::Alarm');

  it('watch the web 5xx rate, worker errors, dead letters and throttles', () => {
    const s = synth();
    const ids = alarmsOf(s).map(([id]) => id);
    for (const name of ['Web5xxRate', 'WorkerErrors', 'HousekeepingErrors', 'DeadLetterDepth', 'WebThrottles', 'WorkerThrottles', 'TableThrottles']) {
      expect(ids.some((id) => id.startsWith(`Monitoring${name}`)), name).toBe(true);
    }
  });

  it('compute the 5xx rate from the Function URL metrics of the web function', () => {
    const s = synth();
    const [, alarm] = alarmsOf(s).find(([id]) => id.startsWith('MonitoringWeb5xxRate'))!;
    const metrics = alarm.Properties!.Metrics as any[];
    const names = metrics.filter((m) => m.MetricStat).map((m) => m.MetricStat.Metric.MetricName).sort();
    expect(names).toEqual(['Url5xxCount', 'UrlRequestCount']);
    expect(metrics.find((m) => m.Expression)?.Expression).toContain('errors / requests');
  });

  it('the dead-letter alarm fires on the first waiting message', () => {
    const s = synth();
    const [, alarm] = alarmsOf(s).find(([id]) => id.startsWith('MonitoringDeadLetterDepth'))!;
    expect(alarm.Properties).toMatchObject({
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
    });
  });

  it('all notify the alarm topic, when raised and when cleared', () => {
    const s = synth();
    const topic = logicalId(s, 'AWS::SNS::Topic', 'MonitoringAlarms');
    for (const [id, alarm] of alarmsOf(s)) {
      expect(alarm.Properties!.AlarmActions, id).toEqual([{ Ref: topic }]);
      expect(alarm.Properties!.OKActions, id).toEqual([{ Ref: topic }]);
    }
  });

  it('reach the on-call address when one is given', () => {
    const s = synth(ALARM_EMAIL);
    s.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@flexfleet.example',
      TopicArn: { Ref: logicalId(s, 'AWS::SNS::Topic', 'MonitoringAlarms') },
    });
  });
});

describe('the custom domain', () => {
  it('is optional: without one there is no CloudFront distribution', () => {
    synth().template.resourceCountIs('AWS::CloudFront::Distribution', 0);
  });

  it('is served by CloudFront over TLS 1.2+ with the given certificate, in front of the Function URL', () => {
    const s = synth(CUSTOM_DOMAIN);
    s.template.resourceCountIs('AWS::CloudFront::Distribution', 1);
    s.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({
        Aliases: ['shop.flexfleet.example'],
        ViewerCertificate: {
          AcmCertificateArn: CUSTOM_DOMAIN.certificateArn,
          MinimumProtocolVersion: 'TLSv1.2_2021',
          SslSupportMethod: 'sni-only',
        },
        Logging: Match.objectLike({ Prefix: 'cloudfront/' }),
      }),
    });
  });

  it('does not cache the app and forwards the headers the app reads, but not the Host header', () => {
    const s = synth(CUSTOM_DOMAIN);
    const config = s.resources[logicalId(s, 'AWS::CloudFront::Distribution', 'WebDistribution')].Properties!.DistributionConfig;
    expect(config.DefaultCacheBehavior).toMatchObject({
      CachePolicyId: '4135ea2d-6df8-44a3-9df3-4b5a84be39ad', // Managed-CachingDisabled
      OriginRequestPolicyId: { Ref: logicalId(s, 'AWS::CloudFront::OriginRequestPolicy', 'WebAppRequests') }, // test/infra/edge.test.ts
      ViewerProtocolPolicy: 'redirect-to-https',
    });
    expect(config.DefaultCacheBehavior.AllowedMethods).toContain('POST');
  });

  it('caches the content-hashed web bundles under /assets/* for up to a year', () => {
    const s = synth(CUSTOM_DOMAIN);
    const config = s.resources[logicalId(s, 'AWS::CloudFront::Distribution', 'WebDistribution')].Properties!.DistributionConfig;
    const assets = config.CacheBehaviors.find((b: any) => b.PathPattern === '/assets/*');
    expect(assets).toMatchObject({ Compress: true, CachePolicyId: { Ref: logicalId(s, 'AWS::CloudFront::CachePolicy', 'WebAssetsCache') } });
    s.template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({ MaxTTL: 365 * 24 * 3600 }),
    });
  });

  it('attaches a web ACL when one is given', () => {
    const s = synth(WEB_ACL);
    s.template.hasResourceProperties('AWS::CloudFront::Distribution', {
      DistributionConfig: Match.objectLike({ WebACLId: WEB_ACL.webAclArn }),
    });
  });
});
