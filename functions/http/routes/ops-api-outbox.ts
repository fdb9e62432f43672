import { type Context, Hono } from 'hono';
import type { Config } from '../../config';
import type { OutboxMessage } from '../../mail/outbox';
import { MAIL_KIND_LABELS } from '../../mail/templates';
import type { OpsRefusal, OutboxView } from '../../operations/api';
import { actorOf } from '../../operations/staff';
import { outboxProblems, retryOutboxMessage } from '../../store/outbox';
import type { AppDeps } from '../deps';
import { RetryBody, valid } from './ops-api-input';
import { type OpsEnv, requireRole } from './ops-auth';

/** An outbox message as the console shows it. */
export function outboxView(m: OutboxMessage, config: Pick<Config, 'opsMailbox'>): OutboxView {
  return {
    id: m.id,
    owner: m.owner,
    kind: m.kind,
    label: MAIL_KIND_LABELS[m.kind],
    status: m.status,
    to: m.to ?? (m.audience === 'operations' ? config.opsMailbox : m.audience === 'buyer' ? "the buyer's order-confirmation URL" : ''),
    attempts: m.attempts,
    createdAt: m.createdAt,
    sentAt: m.sentAt,
    lastError: m.lastError,
    nextAttemptAt: m.nextAttemptAt,
    requestId: m.requestId,
    ...(m.confirmation
      ? { confirmation: { type: m.confirmation.type, operation: m.confirmation.operation, orderNumber: m.confirmation.order.orderNumber, payloadId: m.confirmation.payloadId } }
      : {}),
    ...(m.buyerAnswer ? { buyerAnswer: m.buyerAnswer } : {}),
  };
}

/** E-mails that failed or may not have gone out, and sending them again. */
export function opsOutboxRoutes(deps: AppDeps): Hono<OpsEnv> {
  const app = new Hono<OpsEnv>();
  const { db, config } = deps;

  app.get('/outbox/problems', requireRole('operator'), async (c) => c.json({ messages: (await outboxProblems(db)).map((m) => outboxView(m, config)) }));

  const retry =
    (resendUncertain: boolean) =>
    async (c: Context<OpsEnv>, input: { owner: string; id: string }) => {
      const outcome = await retryOutboxMessage(db, input.owner, input.id, actorOf(c.var.staff), deps.now(), { resendUncertain });
      if (outcome === 'requeued') return c.json({ ok: true });
      const refusal: OpsRefusal = {
        error: 'not-retryable',
        message: 'This message is not waiting for a retry (it has been sent, or is being sent). Nothing was sent again.',
      };
      return c.json(refusal, 409);
    };
  const retryFailed = retry(false);
  const resendUncertain = retry(true);

  app.post('/outbox/retry', requireRole('operator'), valid('json', RetryBody), (c) => retryFailed(c, c.req.valid('json')));
  app.post('/outbox/resend-uncertain', requireRole('admin'), valid('json', RetryBody), (c) => resendUncertain(c, c.req.valid('json')));

  return app;
}
