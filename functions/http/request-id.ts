import type { MiddlewareHandler } from 'hono';
import { currentRequestId, withRequestId } from '../request-context';

/** A caller's own id is kept only if it looks like one: it ends up in every log line. */
const CALLER_ID = /^[A-Za-z0-9._:-]{8,64}$/;

/**
 * Gives the request an id (Lambda's awsRequestId, else a well-formed `x-request-id`, else a new
 * UUID) that every log line and metric written while serving it carries, and returns it as
 * `x-request-id` so a user reporting a problem can quote it.
 */
export function requestId(): MiddlewareHandler {
  return async (c, next) => {
    // In Lambda, hono/aws-lambda passes the invocation context as env.
    const lambda = (c.env as { lambdaContext?: { awsRequestId?: string } } | undefined)?.lambdaContext;
    const header = c.req.header('x-request-id');
    const id = lambda?.awsRequestId ?? (header && CALLER_ID.test(header) ? header : undefined);
    await withRequestId(id, async () => {
      await next();
      c.header('x-request-id', currentRequestId());
    });
  };
}
