import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler } from '../../functions/mail/bounce-lambda';
import { bounceRecords } from '../../functions/mail/bounces';

const bounce = {
  eventType: 'Bounce',
  bounce: {
    bounceType: 'Permanent',
    bounceSubType: 'General',
    timestamp: '2025-03-04T10:15:30.123Z',
    bouncedRecipients: [
      { emailAddress: 'Anna.Meier@Buyer.example', action: 'failed', status: '5.1.1', diagnosticCode: 'smtp; 550 5.1.1 user unknown' },
      { emailAddress: 'team@buyer.example', status: '5.2.2' },
    ],
  },
  mail: { messageId: 'm-1', destination: ['Anna.Meier@Buyer.example', 'team@buyer.example'] },
};

const complaint = {
  eventType: 'Complaint',
  complaint: {
    complaintFeedbackType: 'abuse',
    timestamp: '2025-03-05T08:00:00Z',
    complainedRecipients: [{ emailAddress: 'Requester@Buyer.example' }],
  },
  mail: { messageId: 'm-2' },
};

describe('SES bounce and complaint notifications', () => {
  it('a bounce becomes one item per recipient, keyed by lower-case address and time', () => {
    expect(bounceRecords(JSON.stringify(bounce))).toEqual([
      {
        address: 'anna.meier@buyer.example',
        kind: 'bounce',
        at: '2025-03-04T10:15:30.123Z',
        detail: 'Permanent/General: smtp; 550 5.1.1 user unknown',
      },
      {
        address: 'team@buyer.example',
        kind: 'bounce',
        at: '2025-03-04T10:15:30.123Z',
        detail: 'Permanent/General: 5.2.2',
      },
    ]);
  });

  it('a complaint becomes a complaint item with its feedback type', () => {
    expect(bounceRecords(JSON.stringify(complaint))).toEqual([
      {
        address: 'requester@buyer.example',
        kind: 'complaint',
        at: '2025-03-05T08:00:00.000Z',
        detail: 'Complaint: abuse',
      },
    ]);
  });

  it('understands identity notifications (notificationType) as well as event publishing', () => {
    const { eventType: _, ...rest } = bounce;
    expect(bounceRecords(JSON.stringify({ ...rest, notificationType: 'Bounce' }))).toHaveLength(2);
  });

  it('keeps the detail short', () => {
    const long = structuredClone(bounce);
    long.bounce.bouncedRecipients[0].diagnosticCode = 'x'.repeat(5000);
    expect(bounceRecords(JSON.stringify(long))[0].detail).toHaveLength(300);
  });

  it('uses the arrival time when SES sends no usable timestamp', () => {
    const undated = structuredClone(bounce);
    undated.bounce.timestamp = 'yesterday';
    const now = new Date('2025-06-01T12:00:00Z');
    expect(bounceRecords(JSON.stringify(undated), now)[0].at).toBe('2025-06-01T12:00:00.000Z');
  });

  it('ignores deliveries, recipients without an address and text that is not JSON', () => {
    expect(bounceRecords(JSON.stringify({ eventType: 'Delivery', delivery: {} }))).toEqual([]);
    expect(bounceRecords(JSON.stringify({ eventType: 'Bounce', bounce: { bouncedRecipients: [{}] } }))).toEqual([]);
    expect(bounceRecords('not json')).toEqual([]);
    expect(bounceRecords('null')).toEqual([]);
  });
});

describe('the bounce recorder handler', () => {
  const doc = mockClient(DynamoDBDocumentClient);
  const event = (...messages: object[]): SNSEvent =>
    ({
      Records: messages.map((m, i) => ({ Sns: { MessageId: `sns-${i}`, Message: JSON.stringify(m) } })),
    }) as unknown as SNSEvent;

  beforeEach(() => {
    process.env.TABLE_NAME = 'punchout-test';
    doc.reset();
  });
  afterEach(() => doc.reset());

  it('puts every bounced and complaining address into the table', async () => {
    doc.on(PutCommand).resolves({});
    await handler(event(bounce, complaint));
    const puts = doc.commandCalls(PutCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => p.TableName)).toEqual(['punchout-test', 'punchout-test', 'punchout-test']);
    expect(puts.map((p) => p.Item?.pk)).toEqual([
      'BOUNCE#anna.meier@buyer.example',
      'BOUNCE#team@buyer.example',
      'BOUNCE#requester@buyer.example',
    ]);
    expect(puts.map((p) => p.Item?.sk)).toEqual(['BOUNCE#2025-03-04T10:15:30.123Z', 'BOUNCE#2025-03-04T10:15:30.123Z', 'BOUNCE#2025-03-05T08:00:00.000Z']);
  });

  it('records each bounce with an expiry, a year (PERSONAL_DATA_DAYS) from when it arrived', async () => {
    doc.on(PutCommand).resolves({});
    const before = Math.floor(Date.now() / 1000);
    await handler(event(bounce));
    for (const { args } of doc.commandCalls(PutCommand)) {
      const expiresAt = args[0].input.Item?.expiresAt as number;
      expect(expiresAt - before).toBeGreaterThanOrEqual(365 * 86400);
      expect(expiresAt - before).toBeLessThan(365 * 86400 + 60);
    }
  });

  it('fails the invocation when the table refuses, so Lambda retries and then dead-letters it', async () => {
    doc.on(PutCommand).rejects(Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }));
    await expect(handler(event(bounce))).rejects.toThrow('throttled');
  });

  it('skips a notification that carries no bounce or complaint', async () => {
    await handler(event({ eventType: 'Delivery' }));
    expect(doc.commandCalls(PutCommand)).toHaveLength(0);
  });
});
