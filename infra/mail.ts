import { CfnOutput, Duration, Stack, Validations } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { FilterCriteria, FilterRule, StartingPosition } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { DynamoEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import {
  ConfigurationSet,
  EmailIdentity,
  EmailSendingEvent,
  EventDestination,
  Identity,
  SuppressionReasons,
} from 'aws-cdk-lib/aws-ses';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { LambdaSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { grantItems } from './data';
import { appFunction } from './lambda';
import { brandEnvironment, type Settings } from './settings';

/** Stream mapping settings, exported so tests and the runbook name the same numbers. */
export const WORKER_STREAM = {
  batchSize: 10,
  maxBatchingWindow: Duration.seconds(1),
  retryAttempts: 3,
  maxRecordAge: Duration.hours(6),
} as const;

/** Stream records the worker acts on: an outbox item written (new or put back) as pending. */
export const OUTBOX_FILTER = FilterCriteria.filter({
  eventName: FilterRule.or('INSERT', 'MODIFY'),
  dynamodb: { NewImage: { entity: { S: FilterRule.isEqual('outbox') }, status: { S: FilterRule.isEqual('pending') } } },
});

export interface MailProps {
  settings: Settings;
  table: Table;
  /** Absolute base URL of the web app, for links in e-mails (the custom domain, else the Function URL). */
  publicBaseUrl: string;
  logRetention: RetentionDays;
  /** The signing-key secret: its key opens a connection's sealed confirmation secret (cXML order confirmations). */
  secret: ISecret;
}

/**
 * Everything that sends or hears back about e-mail: the SES identity and configuration set, the
 * outbox worker on the table stream with its dead-letter queue, and the bounce recorder.
 */
export class Mail extends Construct {
  readonly worker: NodejsFunction;
  readonly bounceRecorder: NodejsFunction;
  readonly deadLetters: Queue;
  readonly notifications: Topic;
  readonly configurationSet: ConfigurationSet;
  readonly identityArn: string;

  constructor(scope: Construct, id: string, props: MailProps) {
    super(scope, id);
    const { settings, table } = props;
    const stack = Stack.of(this);

    this.configurationSet = new ConfigurationSet(this, 'ConfigurationSet', {
      reputationMetrics: true,
      sendingEnabled: true,
      // Never send again to an address that hard-bounced or complained (protects the sender's reputation).
      suppressionReasons: SuppressionReasons.BOUNCES_AND_COMPLAINTS,
    });

    const isDomain = !settings.sesIdentity.includes('@');
    if (settings.createSesIdentity) {
      const identity = new EmailIdentity(this, 'Identity', {
        identity: isDomain ? Identity.domain(settings.sesIdentity) : Identity.email(settings.sesIdentity),
        // Mail sent without naming a configuration set still reports bounces and complaints.
        configurationSet: this.configurationSet,
      });
      this.identityArn = identity.emailIdentityArn;
      if (isDomain) {
        identity.dkimRecords.forEach((record, i) => {
          new CfnOutput(stack, `DkimRecord${i + 1}`, {
            description: `DNS CNAME to publish for SES DKIM (${i + 1} of 3)`,
            value: `${record.name} CNAME ${record.value}`,
          });
        });
      }
    } else {
      this.identityArn = stack.formatArn({ service: 'ses', resource: 'identity', resourceName: settings.sesIdentity });
    }
    const configurationSetArn = stack.formatArn({
      service: 'ses',
      resource: 'configuration-set',
      resourceName: this.configurationSet.configurationSetName,
    });

    // Stream batches that still fail after the retries, and bounce notifications that could not be recorded.
    this.deadLetters = new Queue(this, 'DeadLetters', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetters).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason:
        'This queue is the dead-letter queue (on-failure destination of the stream mapping and of the bounce recorder); it has no dead-letter queue of its own by design.',
    });

    this.worker = appFunction(this, 'Worker', {
      entry: 'functions/mail/stream-lambda.ts',
      description: 'Outbox worker: sends the e-mails and cXML order confirmations the table stream announces',
      memorySize: 512,
      timeout: Duration.seconds(60),
      logRetention: props.logRetention,
      environment: {
        TABLE_NAME: table.tableName,
        MAIL_FROM: settings.mailFrom,
        OPS_MAILBOX: settings.opsMailbox,
        SES_CONFIGURATION_SET: this.configurationSet.configurationSetName,
        PUBLIC_BASE_URL: props.publicBaseUrl,
        SECRETS_PARAMETER: props.secret.secretArn,
        ...brandEnvironment(settings),
      },
    });
    grantItems(this.worker, table);
    props.secret.grantRead(this.worker);
    // SES v2 SendEmail authorises against the sending identity and the configuration set; while the
    // account is in the SES sandbox it also checks each (verified) recipient identity.
    const sesResources = [
      this.identityArn,
      configurationSetArn,
      ...settings.sandboxRecipients.map((r) => stack.formatArn({ service: 'ses', resource: 'identity', resourceName: r })),
    ];
    this.worker.addToRolePolicy(
      new PolicyStatement({ actions: ['ses:SendEmail', 'ses:SendRawEmail'], resources: sesResources }),
    );
    this.worker.addEventSource(
      new DynamoEventSource(table, {
        startingPosition: StartingPosition.TRIM_HORIZON,
        batchSize: WORKER_STREAM.batchSize,
        maxBatchingWindow: WORKER_STREAM.maxBatchingWindow,
        bisectBatchOnError: true,
        retryAttempts: WORKER_STREAM.retryAttempts,
        maxRecordAge: WORKER_STREAM.maxRecordAge,
        reportBatchItemFailures: true,
        parallelizationFactor: 1,
        // Only pending outbox messages wake the worker (the same test as pendingOutboxKeys in
        // functions/mail/worker.ts); every other write to the table costs no invocation.
        filters: [OUTBOX_FILTER],
        onFailure: new SqsDlq(this.deadLetters),
      }),
    );

    Validations.of(this.worker.role!).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason:
        'dynamodb:ListStreams, which the stream event source mapping needs, has no resource-level permissions (IAM accepts only "*"); every other action of this role is scoped to the table, its stream, the SES identity and the configuration set.',
    });

    this.notifications = new Topic(this, 'Notifications', {
      displayName: 'SES bounces and complaints',
      enforceSSL: true,
    });
    this.configurationSet.addEventDestination('BouncesAndComplaints', {
      destination: EventDestination.snsTopic(this.notifications),
      events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT],
    });

    this.bounceRecorder = appFunction(this, 'BounceRecorder', {
      entry: 'functions/mail/bounce-lambda.ts',
      description: 'Records SES bounces and complaints in the table',
      memorySize: 256,
      timeout: Duration.seconds(10),
      logRetention: props.logRetention,
      environment: { TABLE_NAME: table.tableName },
    });
    grantItems(this.bounceRecorder, table, ['dynamodb:PutItem']);
    this.bounceRecorder.configureAsyncInvoke({
      retryAttempts: 2,
      maxEventAge: Duration.hours(6),
      onFailure: new SqsDestination(this.deadLetters),
    });
    this.notifications.addSubscription(new LambdaSubscription(this.bounceRecorder));
  }
}
