import { describe, expect, it } from 'vitest';
import { classifySendError } from '../../functions/mail/outbox';

const sdkError = (name: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { name, ...extra });

describe('how a failed SES send is judged', () => {
  it('retries a send whose connection was never opened: SES cannot have the message', () => {
    const error = sdkError('TimeoutError', '@smithy/node-http-handler - the request socket did not establish a connection with the server within the configured timeout of 1000 ms.');
    expect(classifySendError(error)).toBe('retryable');
  });

  it('treats a send that timed out after the request went out as uncertain: SES may have it', () => {
    const error = sdkError('TimeoutError', 'Connection timed out after 5000 ms', { code: 'ETIMEDOUT' });
    expect(classifySendError(error)).toBe('unknown');
  });

  it('retries throttling and refuses for good what SES says is wrong with the message', () => {
    expect(classifySendError(sdkError('TooManyRequestsException', 'slow down', { $metadata: { httpStatusCode: 429 } }))).toBe('retryable');
    expect(classifySendError(sdkError('BadRequestException', 'bad address', { $metadata: { httpStatusCode: 400 } }))).toBe('permanent');
  });
});
