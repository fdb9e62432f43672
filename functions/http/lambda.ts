import { handle } from 'hono/aws-lambda';
import { readConfig } from '../config';
import { createApp } from './app';
import { createDeps } from './deps';

// Composition root for AWS Lambda: configuration read once per cold start.
export const handler = handle(createApp(createDeps(readConfig())));
