import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';

export const GSI1 = 'gsi1';
export const TTL_ATTRIBUTE = 'expiresAt';

/**
 * The one table. On demand (no capacity to plan at this volume), recoverable to any second of
 * the last 35 days, protected from deletion, with the stream the mail outbox worker reads.
 * Only `gsi1` exists: the operations queue by status is the one query that is not by key.
 */
export function createTable(scope: Construct): Table {
  const table = new Table(scope, 'Table', {
    partitionKey: { name: 'pk', type: AttributeType.STRING },
    sortKey: { name: 'sk', type: AttributeType.STRING },
    billingMode: BillingMode.PAY_PER_REQUEST,
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    timeToLiveAttribute: TTL_ATTRIBUTE,
    stream: StreamViewType.NEW_AND_OLD_IMAGES,
  });
  table.addGlobalSecondaryIndex({
    indexName: GSI1,
    partitionKey: { name: 'gsi1pk', type: AttributeType.STRING },
    sortKey: { name: 'gsi1sk', type: AttributeType.STRING },
    projectionType: ProjectionType.ALL,
  });
  return table;
}

/** Item-level reads and writes the app and the worker use (no Scan, no table management). */
export const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
];

/** Grant item actions on the table and Query on `gsi1` only, never `index/*`. */
export function grantItems(grantee: IGrantable, table: Table, actions: string[] = ITEM_ACTIONS): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [table.tableArn] }));
  if (actions.includes('dynamodb:Query')) {
    grantee.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/${GSI1}`] }),
    );
  }
}
