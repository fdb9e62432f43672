import { outboxId, type OutboxMessage } from '../mail/outbox';
import type { RentalRequest } from '../requests/request';
import { keys } from './keys';
import { newOutboxMessage } from './outbox';

/** The notice to the operations mailbox that a request came in (the worker resolves the address). */
export function newRequestNotice(request: RentalRequest, now: Date): OutboxMessage {
  return newOutboxMessage(
    {
      id: outboxId(request.id, 0, 'ops-new-request'),
      kind: 'ops-new-request',
      owner: keys.request(request.id).pk,
      audience: 'operations',
      language: 'en',
      requestId: request.id,
      request: { ...request, unknownParams: {} },
    },
    now,
  );
}
