import { describe, expect, it } from 'vitest';
import { logicalId, statementsOfRole, synth, synthBeforeAll } from './synth';

synthBeforeAll({});

describe('cXML order confirmations in the stack', () => {
  it('raise an alarm on the first confirmation the buyer refused or did not take, to the alarm topic', () => {
    const s = synth();
    const alarm = s.resources[logicalId(s, 'AWS::CloudWatch::Alarm', 'MonitoringConfirmationFailed')].Properties!;
    expect(alarm).toMatchObject({
      Namespace: 'FlexFleet',
      MetricName: 'ConfirmationFailed',
      Statistic: 'Sum',
      Period: 300,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      TreatMissingData: 'notBreaching',
    });
    const topic = { Ref: logicalId(s, 'AWS::SNS::Topic', 'MonitoringAlarms') };
    expect(alarm.AlarmActions).toEqual([topic]);
    expect(alarm.OKActions).toEqual([topic]);
  });

  it('let the outbox worker read the signing key that opens the sealed confirmation secrets, and nothing else of it', () => {
    const s = synth();
    const worker = s.resources[logicalId(s, 'AWS::Lambda::Function', 'MailWorker')].Properties!;
    const secret = { Ref: logicalId(s, 'AWS::SecretsManager::Secret', 'SigningKey') };
    expect(worker.Environment.Variables.SECRETS_PARAMETER).toEqual(secret);
    // A round of confirmation attempts (CONFIRMATION_ROUND_MS, 45 s) plus the last one's bookkeeping fits in the worker's time.
    expect(worker.Timeout).toBeGreaterThanOrEqual(60);
    const statements = statementsOfRole(s, worker.Role['Fn::GetAtt'][0]);
    const reads = statements.filter((st) => JSON.stringify(st.Resource) === JSON.stringify(secret));
    expect(reads.flatMap((st) => [st.Action].flat()).sort()).toEqual(['secretsmanager:DescribeSecret', 'secretsmanager:GetSecretValue']);
  });
});
