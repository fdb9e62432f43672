/**
 * The benchmark's baseline: the smallest useful Hono Lambda, one DynamoDB GetItem per request.
 * Built with the same esbuild settings as the real functions, so the ratio measures our code.
 */
import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { Hono } from 'hono';
import { handle } from 'hono/aws-lambda';

const endpoint = process.env.DYNAMODB_ENDPOINT;
const client = new DynamoDBClient({
  region: process.env.AWS_REGION ?? 'eu-west-1',
  ...(endpoint ? { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
});
const table = process.env.TABLE_NAME ?? 'bench';

const app = new Hono();
app.get('/s/:sid/*', async (c) => {
  const out = await client.send(
    new GetItemCommand({ TableName: table, Key: { pk: { S: `SESSION#${c.req.param('sid')}` }, sk: { S: 'SESSION' } } }),
  );
  return out.Item ? c.text('found') : c.text('gone', 410);
});

export const handler = handle(app);
