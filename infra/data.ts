import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, ProjectionType, StreamViewType, Table } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { TABLE_DEFINITION as T } from '../functions/store/table-definition';

/**
 * The one table, as functions/store/table-definition.ts defines it (the local stack builds the same). On demand (no capacity to plan at this volume), recoverable to any second of
 * the last 35 days, protected from deletion, with the stream the mail outbox worker reads.
 * Only `gsi1` exists: the operations queue by status is the one query that is not by key.
 */
export function createTable(scope: Construct): Table {
  const key = (name: string) => ({ name, type: AttributeType.STRING });
  const table = new Table(scope, 'Table', {
    partitionKey: key(T.partitionKey),
    sortKey: key(T.sortKey),
    billingMode: BillingMode[T.billing],
    pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
    deletionProtection: true,
    removalPolicy: RemovalPolicy.RETAIN,
    timeToLiveAttribute: T.ttlAttribute,
    stream: StreamViewType[T.streamView],
  });
  for (const index of T.indexes) {
    table.addGlobalSecondaryIndex({
      indexName: index.name,
      partitionKey: key(index.partitionKey),
      sortKey: key(index.sortKey),
      projectionType: ProjectionType[T.projection],
    });
  }
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

/** Grant item actions on the table and Query on the defined indexes only, never `index/*`. */
export function grantItems(grantee: IGrantable, table: Table, actions: string[] = ITEM_ACTIONS): void {
  grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [table.tableArn] }));
  if (actions.includes('dynamodb:Query')) {
    const resources = T.indexes.map((index) => `${table.tableArn}/index/${index.name}`);
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources }));
  }
}
