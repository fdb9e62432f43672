/**
 * Business metrics as CloudWatch embedded metric format (EMF): one JSON line on stdout that
 * Lambda's log pipeline turns into a metric in namespace `FlexFleet`, with no SDK call and no
 * latency on the request. Alarms on these metrics live in infra/monitoring.ts.
 * Only names and short, non-personal dimension values go here: never an e-mail address or a secret.
 */
import { currentRequestId } from './request-context';

export const METRIC_NAMESPACE = 'FlexFleet';

export type MetricName =
  /** A call-up to /punchout/oci refused; dimension `reason`. */
  | 'CallUpRefused'
  /** A cXML purchase order at /cxml/order refused; dimension `reason` (as CallUpRefused). */
  | 'OrderRefused'
  /** An e-mail SES refused for good (the message was not sent). */
  | 'EmailFailed'
  /** An e-mail whose fate is unknown (timeout after handing it to SES): a person must check. */
  | 'EmailUncertain'
  /** A hold that lapsed without being confirmed. */
  | 'HoldLapsed'
  /** A cXML ConfirmationRequest the buyer's system refused, or did not take after a round of retries. */
  | 'ConfirmationFailed';

export type CallUpRefusedReason = 'fields' | 'credentials' | 'hook-not-allowed' | 'throttled' | 'too-large' | 'disabled';

/** Every metric is a count. */
const UNIT = 'Count';

/**
 * The EMF document for one data point. Each dimension key becomes its own dimension set, so an
 * alarm can watch the metric per reason; the metric with no dimension is emitted too (the empty
 * set), so an alarm can watch the total.
 */
export function metricLine(
  name: MetricName,
  value = 1,
  dimensions: Record<string, string> = {},
  now: number = Date.now(),
): Record<string, unknown> {
  const keys = Object.keys(dimensions);
  const requestId = currentRequestId();
  return {
    _aws: {
      Timestamp: now,
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: keys.length > 0 ? [[], keys] : [[]],
          Metrics: [{ Name: name, Unit: UNIT }],
        },
      ],
    },
    [name]: value,
    ...dimensions,
    ...(requestId ? { requestId } : {}),
  };
}

export function emitMetric(name: MetricName, value = 1, dimensions: Record<string, string> = {}): void {
  if (process.env.LOG_LEVEL === 'silent') return;
  // process.stdout, not console.log: with Lambda's JSON log format console.log wraps the line in
  // its own JSON object and CloudWatch would no longer extract the metric.
  process.stdout.write(`${JSON.stringify(metricLine(name, value, dimensions))}\n`);
}
