import { DescribeTableCommand, DescribeTimeToLiveCommand } from '@aws-sdk/client-dynamodb';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createDynamoClient } from '../../functions/store/client';
import { ensureTable } from '../../functions/store/table';
import { createTable } from '../../infra/data';

const byName = <T extends { AttributeName?: string; IndexName?: string }>(list: T[] = []) =>
  [...list].sort((a, b) => String(a.AttributeName ?? a.IndexName).localeCompare(String(b.AttributeName ?? b.IndexName)));

describe('the table, defined once', () => {
  it('is the same in AWS (CDK) and in the local stack: keys, index, stream and TTL attribute', async () => {
    const stack = new Stack(new App(), 'TableOnly');
    createTable(stack);
    const [cdk] = Object.values(Template.fromStack(stack).findResources('AWS::DynamoDB::Table')).map(
      (resource) => (resource as { Properties: Record<string, any> }).Properties,
    );

    const client = createDynamoClient({ region: 'eu-west-1', dynamoEndpoint: inject('dynamoEndpoint') });
    const name = `table-definition-${randomUUID()}`;
    await ensureTable(client, name);
    const { Table: local } = await client.send(new DescribeTableCommand({ TableName: name }));
    const { TimeToLiveDescription: ttl } = await client.send(new DescribeTimeToLiveCommand({ TableName: name }));

    expect(local!.KeySchema).toEqual(cdk.KeySchema);
    expect(byName(local!.AttributeDefinitions)).toEqual(byName(cdk.AttributeDefinitions));
    expect(byName(local!.GlobalSecondaryIndexes).map(({ IndexName, KeySchema, Projection }) => ({ IndexName, KeySchema, Projection: { ProjectionType: Projection?.ProjectionType } }))).toEqual(
      byName(cdk.GlobalSecondaryIndexes).map(({ IndexName, KeySchema, Projection }: any) => ({ IndexName, KeySchema, Projection: { ProjectionType: Projection.ProjectionType } })),
    );
    expect(local!.StreamSpecification?.StreamViewType).toBe(cdk.StreamSpecification.StreamViewType);
    expect(ttl?.AttributeName).toBe(cdk.TimeToLiveSpecification.AttributeName);
    expect(ttl?.TimeToLiveStatus).toBe('ENABLED');
  });
});
