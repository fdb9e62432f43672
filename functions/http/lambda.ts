import { handle } from 'hono/aws-lambda';
import { readConfig } from '../config';
import { loadSecrets } from '../secrets';
import { createApp } from './app';
import { createDeps } from './deps';

// Composition root for AWS Lambda: configuration and secrets read once per cold start.
const config = readConfig();
const secrets = await loadSecrets();
export const handler = handle(createApp(createDeps(config, secrets)));
