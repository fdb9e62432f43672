import type { RequestOrder } from '../orders/order';
import type { RentalRequest, RequestStatus } from './request';

/**
 * What operations may do with a request, and in which status. A request is registered
 * `requested` (its vehicle type held); operations assign a unit, then confirm or decline;
 * it may be cancelled on the requester's behalf; an unconfirmed one expires (see hold-expiry).
 *
 *   requested ──confirm──▶ confirmed ──cancel──▶ cancelled
 *       │ └────decline──▶ declined
 *       ├──────cancel───▶ cancelled
 *       └──────expire───▶ expired
 */

/** Who did something: a named staff member, the system (expiry, the mail worker) or the requester (the transfer). */
export type Actor = { kind: 'staff'; email: string; name: string } | { kind: 'system' } | { kind: 'requester'; email: string; name: string };

/** A request as operations manage it: the registered request plus what operations added. */
export interface ManagedRequest extends RentalRequest {
  /** Bumped by every change; a change names the version it saw, so concurrent edits are refused. Absent = 0. */
  version?: number;
  assignment?: { plate: string; at: string; by: string };
  /** Why it was declined or cancelled. */
  decision?: { reason: DecisionReason; note: string };
  /** SEQUENCE of the last iCalendar entry sent for the request, if any was. */
  calendarSequence?: number;
  /**
   * What a change left to free after its transaction (rentals too long to fit it in one; see
   * store/request-changes finishReleasing): the unit's slots (`plate`, `slots`), and for a replaced
   * request the hold slots to give back (`holds`) and those whose count passed to the replacing
   * request, where only its id is still to be dropped (`handedOver`).
   */
  releasing?: { plate?: string; slots: string[]; holds?: string[]; handedOver?: string[] };
  statusChangedAt?: string;
  statusChangedBy?: string;
  /** The request of the same session that replaced this one (issue 11, "one session, one open request"). */
  replacedBy?: string;
  /** The buyer's purchase order for it, once one arrived (orders/order.ts); absent: awaiting order. */
  order?: RequestOrder;
}

export type Transition = 'confirm' | 'decline' | 'cancel' | 'expire';

export const TRANSITIONS: Record<Transition, { from: readonly RequestStatus[]; to: RequestStatus }> = {
  confirm: { from: ['requested'], to: 'confirmed' },
  decline: { from: ['requested'], to: 'declined' },
  cancel: { from: ['requested', 'confirmed'], to: 'cancelled' },
  expire: { from: ['requested'], to: 'expired' },
};

/** Statuses whose request holds capacity (and its unit, once assigned). */
export const OPEN_STATUSES: readonly RequestStatus[] = ['requested', 'confirmed'];

export const DECLINE_REASONS = ['no-vehicle', 'period-not-possible', 'not-authorised', 'duplicate', 'other'] as const;
export const CANCEL_REASONS = ['requester-asked', 'order-withdrawn', 'duplicate', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];
export type CancelReason = (typeof CANCEL_REASONS)[number];
/** Not chosen by staff: the requester transferred something else in the same session (store/request-replace.ts). */
export const REPLACED = 'replaced';
export type DecisionReason = DeclineReason | CancelReason | typeof REPLACED;

/** Console labels (English); the requester's e-mail words them in their language (mail/messages). */
export const REASON_LABELS: Record<DecisionReason, string> = {
  'no-vehicle': 'No vehicle available',
  'period-not-possible': 'Period or location not possible',
  'not-authorised': 'Requester not authorised by their organisation',
  duplicate: 'Duplicate request',
  other: 'Other',
  'requester-asked': 'Requester asked to cancel',
  'order-withdrawn': 'Purchase order withdrawn',
  replaced: 'Replaced by a newer request of the same session',
};

export function versionOf(request: Pick<ManagedRequest, 'version'>): number {
  return request.version ?? 0;
}

/** Why a transition cannot be made now, in words for the console; null when it can. */
export function transitionProblem(request: ManagedRequest, transition: Transition): string | null {
  const rule = TRANSITIONS[transition];
  if (!rule.from.includes(request.status)) return `The request is ${request.status}: it cannot be ${rule.to} any more.`;
  // A test request holds no vehicle: its round trip is confirmed without one.
  if (transition === 'confirm' && !request.assignment && !request.test) return 'Assign a vehicle before confirming.';
  return null;
}

/** Why a unit cannot be assigned now; null when it can. */
export function assignmentProblem(request: ManagedRequest): string | null {
  if (!OPEN_STATUSES.includes(request.status)) return `The request is ${request.status}: no vehicle can be assigned.`;
  if (request.test) return 'This is a test request: it holds no vehicle, so none can be assigned. Confirm or decline it as it is.';
  return null;
}

/** An entry of a request's history. */
export interface RequestEvent {
  at: string;
  actor: Actor;
  action: 'registered' | 'assigned' | 'reassigned' | 'confirmed' | 'declined' | 'cancelled' | 'expired' | 'email-sent' | 'email-failed' | 'email-retried' | 'order-received' | 'order-matched';
  detail?: string;
}

export function actorName(actor: Actor): string {
  if (actor.kind === 'system') return 'system';
  // The requester acts through their status link: said so, lest a clerk take the name for a colleague's.
  return `${actor.name} <${actor.email}>${actor.kind === 'requester' ? ' (the requester)' : ''}`;
}
