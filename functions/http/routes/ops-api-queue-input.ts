/** The queue's search and sort, and the bulk confirm's body: checked at the boundary like the rest (ops-api-input.ts). */
import * as z from 'zod/mini';
import { CONTROL_MESSAGE, hasControlCharacters } from '../../format/characters';
import { BULK_CONFIRM_MAX, QUEUE_SORTS } from '../../operations/queue-speed';
import { QueueQuery, RequestId, Version } from './ops-api-input';

export const QueueSearchQuery = z.extend(QueueQuery, {
  /** Words to find in the reference, requester, PO number or plate. */
  q: z.optional(
    z.string().check(
      z.maxLength(100, 'expected a search of at most 100 characters'),
      z.refine((value) => !hasControlCharacters(value), CONTROL_MESSAGE),
    ),
  ),
  sort: z.optional(z.enum(QUEUE_SORTS, `expected one of ${QUEUE_SORTS.join(', ')}`)),
});

const Plate = z.string().check(z.regex(/^[A-Z0-9-]{1,16}$/i, 'expected a plate of at most 16 letters, digits or dashes'));

/** Requests to confirm, each with the version the clerk saw and the unit to assign first (the suggestion). */
export const BulkConfirmBody = z.object({
  requests: z
    .array(z.object({ id: RequestId, version: Version, plate: z.optional(Plate) }))
    .check(
      z.minLength(1, 'expected at least one request'),
      z.maxLength(BULK_CONFIRM_MAX, `expected at most ${BULK_CONFIRM_MAX} requests`),
      z.refine((list) => new Set(list.map((r) => r.id)).size === list.length, 'expected each request once'),
    ),
});
