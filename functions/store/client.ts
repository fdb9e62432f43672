import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Config } from '../config';

type Where = Pick<Config, 'region' | 'dynamoEndpoint'>;

/** The low-level client; local endpoints get dummy credentials. */
export function createDynamoClient(config: Where): DynamoDBClient {
  return new DynamoDBClient({
    region: config.region,
    ...(config.dynamoEndpoint
      ? { endpoint: config.dynamoEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
  });
}

/** The document client every repository shares. */
export function createDocumentClient(config: Where): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(createDynamoClient(config), { marshallOptions: { removeUndefinedValues: true } });
}
