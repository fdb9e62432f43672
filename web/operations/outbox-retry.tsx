/** Sending an outbox message again from the console: a failed one by any operator, an uncertain one by an admin. */
import type { OpsBoot, OutboxView } from '../../functions/operations/api';
import { api, ApiError } from './api';

/**
 * The button for a failed or uncertain message (e-mail or cXML confirmation), or why there is none;
 * `reload` shows its new state shortly after, `say` the outcome.
 */
export function retryButton(boot: OpsBoot, message: OutboxView, reload: () => void, say: (text: string, kind?: 'ok' | 'error') => void): HTMLElement | string {
  const toBuyer = message.kind === 'order-confirmation';
  const make = (path: string, label: string) => {
    const button = (
      <button type="button" class="button small" data-action="retry">
        {label}
      </button>
    ) as HTMLButtonElement;
    button.addEventListener('click', async () => {
      const doubt = toBuyer ? 'The buyer’s system may already have this confirmation (it dedupes by payloadID). Send it again anyway?' : 'The requester may already have this e-mail. Send it again anyway?';
      if (path === '/outbox/resend-uncertain' && !confirm(doubt)) return;
      button.disabled = true;
      try {
        await api.post(path, { owner: message.owner, id: message.id });
        say('Queued again: it goes out within seconds.', 'ok');
      } catch (error) {
        if (error instanceof ApiError) say(error.message);
      }
      setTimeout(reload, 1500);
    });
    return button;
  };
  if (message.status === 'failed') return make('/outbox/retry', 'Retry');
  if (message.status === 'uncertain' && boot.staff.role === 'admin') return make('/outbox/resend-uncertain', 'Resend anyway');
  if (message.status === 'uncertain') return (<span class="muted small">an admin decides</span>) as HTMLElement;
  return '';
}
