import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import type { Config } from '../config';
import { SDK_BUDGETS, type SdkBudget, sdkClientOptions } from '../sdk-timeouts';

/** What the mail worker needs of SES: send one complete MIME message. */
export interface Mailer {
  sendRaw(input: { from: string; to: string; mime: string }): Promise<{ messageId: string }>;
}

/**
 * The SES v2 client: the local SES when `sesEndpoint` is set. The SDK's own retries are off
 * (`maxAttempts: 1` in its budget): the worker retries only errors that prove SES did not send;
 * a send that outlives the request timeout is abandoned and the worker marks it uncertain.
 */
export function createSesClient(config: Pick<Config, 'region' | 'sesEndpoint'>, budget: SdkBudget = SDK_BUDGETS.ses): SESv2Client {
  return new SESv2Client({
    region: config.region,
    ...sdkClientOptions(budget),
    ...(config.sesEndpoint ? { endpoint: config.sesEndpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } } : {}),
  });
}

export function sesMailer(client: SESv2Client, configurationSet?: string): Mailer {
  return {
    async sendRaw({ from, to, mime }) {
      const out = await client.send(
        new SendEmailCommand({
          FromEmailAddress: from,
          Destination: { ToAddresses: [to] },
          Content: { Raw: { Data: Buffer.from(mime, 'utf8') } },
          ...(configurationSet ? { ConfigurationSetName: configurationSet } : {}),
        }),
      );
      return { messageId: out.MessageId ?? '' };
    },
  };
}
