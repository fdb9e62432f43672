/**
 * What makes the queue fast to work through (issue 11, item 6): searching a page of requests, sorting
 * it, and suggesting a unit for each open request so that assign-and-confirm is one action. Pure:
 * the route reads the requests and each unit's conflicts, this decides.
 */
import type { ManagedRequest } from '../requests/lifecycle';
import type { QueueItem } from './api';

export const QUEUE_SORTS = ['pickup', 'response', 'price'] as const;
export type QueueSort = (typeof QUEUE_SORTS)[number];

export const SORT_LABELS: Record<QueueSort, string> = {
  pickup: 'Pick-up, soonest first',
  response: 'Response time left, least first',
  price: 'Price, highest first',
};

/**
 * The row's marker of what the requester added on the review step: "+2 extras · note · one-way → Utrecht Centraal",
 * empty when nothing. Shown in the queue row and in bulk confirm's question, so no confirm misses it.
 */
export function queueMarker(item: Pick<QueueItem, 'extrasCount' | 'note' | 'oneWayTo'>): string {
  return [
    item.extrasCount ? `+${item.extrasCount} ${item.extrasCount === 1 ? 'extra' : 'extras'}` : '',
    item.note ? 'note' : '',
    item.oneWayTo ? `one-way → ${item.oneWayTo}` : '',
  ]
    .filter(Boolean)
    .join(' · ');
}

/** Requests per bulk confirm: a morning's batch, small enough for one Lambda's time. */
export const BULK_CONFIRM_MAX = 50;

const fold = (text: string) => text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase();

/**
 * Whether a request matches the clerk's search: every word of it is found in the reference, the
 * requester's name or e-mail, a reference field (PO number, cost centre), the buyer's order number,
 * or the unit's plate (dashes and case ignored for plates and references).
 */
export function requestMatches(request: ManagedRequest, search: string): boolean {
  const words = fold(search).split(/\s+/).filter(Boolean);
  if (!words.length) return true;
  const haystack = fold(
    [request.id, request.requester.fullName, request.requester.email, ...Object.values(request.extra ?? {}), request.order?.orderNumber ?? '', request.assignment?.plate ?? ''].join(' '),
  );
  const compact = haystack.replace(/-/g, '');
  return words.every((word) => haystack.includes(word) || compact.includes(word.replace(/-/g, '')));
}

/** The page in the order asked for; ties keep the pick-up order the store gave. */
export function sortQueue(items: QueueItem[], sort: QueueSort): QueueItem[] {
  if (sort === 'pickup') return items;
  const key =
    sort === 'price'
      ? (item: QueueItem) => -item.price.gross
      : // Open requests by working time left; requests without a response clock (closed ones) after them.
        (item: QueueItem) => item.age?.leftMinutes ?? Number.MAX_SAFE_INTEGER;
  return items
    .map((item, index) => ({ item, index }))
    .sort((a, b) => key(a.item) - key(b.item) || a.index - b.index)
    .map(({ item }) => item);
}

/** A unit a suggestion may use, with the half-day slots other requests already hold it for. */
export interface Candidate {
  plate: string;
  /** Held by other requests for part of the period. */
  taken: boolean;
}

/**
 * Suggestions for a page: for each open request without a unit, the first unit free for its whole
 * period that no earlier suggestion on the page already uses for an overlapping slot (so that a bulk
 * confirm of the page's suggestions does not trip over itself).
 */
export class Suggester {
  private readonly promised = new Map<string, Set<string>>();

  suggest(slots: string[], candidates: Candidate[]): string | undefined {
    for (const candidate of candidates) {
      if (candidate.taken) continue;
      const held = this.promised.get(candidate.plate);
      if (held && slots.some((slot) => held.has(slot))) continue;
      const mine = held ?? new Set<string>();
      for (const slot of slots) mine.add(slot);
      this.promised.set(candidate.plate, mine);
      return candidate.plate;
    }
    return undefined;
  }
}
