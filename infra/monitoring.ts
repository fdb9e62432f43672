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
import { METRIC_NAMESPACE, type MetricName } from '../functions/metrics';

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
        description: `The ${name} function was throttled (its reserved concurrency or the account's is exhausted: a flood, or more load than planned)`,
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

    // The app's own metrics (functions/metrics.ts, embedded metric format): failures that cost a
    // requester or a buyer something and that no Lambda error shows, because the code handled them.
    const app = (metricName: MetricName, period: Duration, dimensionsMap?: Record<string, string>) =>
      new Metric({ namespace: METRIC_NAMESPACE, metricName, dimensionsMap, statistic: 'Sum', period });
    this.alarm('EmailFailed', {
      description: 'An e-mail was refused by SES for good: someone did not get a confirmation or a notice. Open the console outbox, check the address, retry',
      metric: app('EmailFailed', FIVE_MINUTES),
      threshold: 1,
    });
    this.alarm('EmailUncertain', {
      description: 'An e-mail may or may not have been sent (SES timed out after taking it): check the SES sending statistics, then resend or mark it sent in the outbox',
      metric: app('EmailUncertain', FIVE_MINUTES),
      threshold: 1,
    });
    this.alarm('ConfirmationFailed', {
      description: "A cXML order confirmation did not reach the buyer's system: refused (look at the buyer's answer in the console outbox: a wrong secret, a document it does not take) or a round of retries failed (its system is down; the outbox tries again by itself). Fix, then retry from the console",
      metric: app('ConfirmationFailed', FIVE_MINUTES),
      threshold: 1,
    });
    this.alarm('HoldLapsed', {
      description: 'A request lapsed unanswered and its vehicles were released: a requester got no answer in time. Call them back',
      metric: app('HoldLapsed', Duration.hours(1)),
      threshold: 1,
    });
    // A normal day refuses a handful of call-ups (an expired password, a typo); 30 in 5 minutes is
    // guessing, a flood, or a buyer system broken by an upgrade. Twice in a row, so one burst is not a page.
    this.alarm('CallUpRefusedSpike', {
      description: '30 or more call-ups refused in each of two 5-minute periods: look at the reason dimension (credentials: guessing or a changed password; fields: a buyer system sending malformed call-ups; throttled: a flood)',
      metric: app('CallUpRefused', FIVE_MINUTES),
      threshold: 30,
      evaluationPeriods: 2,
      datapointsToAlarm: 2,
    });
    // A refused HOOK_URL is never an attacker's problem but always a buyer's: none of its requesters can punch out.
    this.alarm('CallUpHookRefused', {
      description: 'Call-ups were refused because their HOOK_URL is not registered for the connection: a buyer changed its procurement system. Contact the buyer and update the connection',
      metric: app('CallUpRefused', Duration.minutes(15), { reason: 'hook-not-allowed' }),
      threshold: 3,
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
