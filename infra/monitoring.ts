import { Duration } from 'aws-cdk-lib';
import {
  Alarm,
  ComparisonOperator,
  MathExpression,
  Metric,
  type IMetric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { Queue } from 'aws-cdk-lib/aws-sqs';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';

export interface MonitoringProps {
  web: IFunction;
  worker: IFunction;
  bounceRecorder: IFunction;
  housekeeping: IFunction;
  deadLetters: Queue;
  table: Table;
  alarmEmail?: string;
}

const FIVE_MINUTES = Duration.minutes(5);

/** Alarms that mean a buyer or a requester is affected, all to one SNS topic. */
export class Monitoring extends Construct {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new Topic(this, 'Alarms', { displayName: 'Punch-out catalog alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));

    const sum = { statistic: 'Sum', period: FIVE_MINUTES } as const;

    // 5xx share of Function URL responses (function errors, timeouts and the app's own 500s).
    const requests = props.web.metric('UrlRequestCount', sum);
    const errors = props.web.metric('Url5xxCount', sum);
    this.alarm('Web5xxRate', {
      description: '5 % or more of web requests answered 5xx in two of three 5-minute periods',
      metric: new MathExpression({
        expression: 'IF(requests > 0, 100 * errors / requests, 0)',
        usingMetrics: { requests, errors },
        label: 'Web 5xx rate (%)',
        period: FIVE_MINUTES,
      }),
      threshold: 5,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
    });

    this.alarm('WorkerErrors', {
      description: 'The mail outbox worker failed an invocation (the batch is retried, then dead-lettered)',
      metric: props.worker.metricErrors(sum),
      threshold: 1,
    });
    this.alarm('WorkerIteratorAge', {
      description: 'The mail outbox worker is more than 5 minutes behind the table stream',
      metric: props.worker.metric('IteratorAge', { statistic: 'Maximum', period: FIVE_MINUTES }),
      threshold: 5 * 60 * 1000,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
    });
    this.alarm('BounceRecorderErrors', {
      description: 'A bounce or complaint could not be recorded',
      metric: props.bounceRecorder.metricErrors(sum),
      threshold: 1,
    });
    this.alarm('HousekeepingErrors', {
      description: 'The housekeeping job failed twice in a row (hold expiry and e-mail retries are waiting)',
      metric: props.housekeeping.metricErrors(sum),
      threshold: 1,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
    });
    this.alarm('DeadLetterDepth', {
      description: 'Messages wait in the mail dead-letter queue: replay them (see the runbook)',
      metric: props.deadLetters.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: FIVE_MINUTES }),
      threshold: 1,
    });

    for (const [name, fn] of [
      ['Web', props.web],
      ['Worker', props.worker],
      ['BounceRecorder', props.bounceRecorder],
      ['Housekeeping', props.housekeeping],
    ] as const) {
      this.alarm(`${name}Throttles`, {
        description: `The ${name} function was throttled (account concurrency exhausted)`,
        metric: fn.metricThrottles(sum),
        threshold: 1,
      });
    }
    this.alarm('TableThrottles', {
      description: 'DynamoDB throttled reads or writes on the table',
      metric: new MathExpression({
        expression: 'reads + writes',
        usingMetrics: {
          reads: props.table.metric('ReadThrottleEvents', sum),
          writes: props.table.metric('WriteThrottleEvents', sum),
        },
        label: 'Throttled requests',
        period: FIVE_MINUTES,
      }),
      threshold: 1,
    });

    // SES pauses sending for the account at 10 % bounces or 0.5 % complaints; warn well before.
    const ses = (metricName: string) =>
      new Metric({ namespace: 'AWS/SES', metricName, statistic: 'Maximum', period: Duration.hours(1) });
    this.alarm('SesBounceRate', {
      description: 'The account bounce rate passed 5 % (SES reviews the account at 5 %, pauses at 10 %)',
      metric: ses('Reputation.BounceRate'),
      threshold: 0.05,
    });
    this.alarm('SesComplaintRate', {
      description: 'The account complaint rate passed 0.1 % (SES reviews the account at 0.1 %)',
      metric: ses('Reputation.ComplaintRate'),
      threshold: 0.001,
    });
  }

  private alarm(
    id: string,
    props: { description: string; metric: IMetric; threshold: number; evaluationPeriods?: number; datapointsToAlarm?: number },
  ): Alarm {
    const alarm = new Alarm(this, id, {
      alarmDescription: props.description,
      metric: props.metric,
      threshold: props.threshold,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      evaluationPeriods: props.evaluationPeriods ?? 1,
      datapointsToAlarm: props.datapointsToAlarm ?? props.evaluationPeriods ?? 1,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
    this.alarms.push(alarm);
    return alarm;
  }
}
