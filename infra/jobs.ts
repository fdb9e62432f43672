import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { grantItems } from './data';
import { appFunction } from './lambda';

export const HOUSEKEEPING_EVERY = Duration.minutes(5);

export interface JobsProps {
  table: Table;
  logRetention: RetentionDays;
}

/**
 * The periodic housekeeping (functions/jobs): expire unconfirmed holds, re-queue e-mails whose
 * backoff has passed, flag sends that died midway. Every step is a conditional write, so a run
 * that overlaps another, or a skipped run, does no harm: no retries, the next run comes soon.
 */
export class Jobs extends Construct {
  readonly housekeeping: NodejsFunction;
  readonly schedule: Rule;

  constructor(scope: Construct, id: string, props: JobsProps) {
    super(scope, id);
    this.housekeeping = appFunction(this, 'Housekeeping', {
      entry: 'functions/jobs/housekeeping-lambda.ts',
      description: 'Housekeeping: hold expiry, automatic e-mail retries, stuck sends',
      memorySize: 512,
      timeout: Duration.seconds(60),
      logRetention: props.logRetention,
      environment: { TABLE_NAME: props.table.tableName },
    });
    grantItems(this.housekeeping, props.table);
    this.housekeeping.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: HOUSEKEEPING_EVERY });

    this.schedule = new Rule(this, 'Schedule', {
      description: 'Run the housekeeping job',
      schedule: Schedule.rate(HOUSEKEEPING_EVERY),
      targets: [new LambdaFunction(this.housekeeping, { retryAttempts: 0 })],
    });
  }
}
