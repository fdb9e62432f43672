/** What the console's connection support views (health, payload search, test checklist) exchange: shared by functions/ and web/operations. */
import type { CallUpRefusedReason } from '../metrics';
import type { PayloadEntry } from '../store/payload-log';

/** One payload-log entry in brief: when, what, and what it belongs to. */
export interface PayloadBrief {
  id: string;
  at: string;
  kind: PayloadEntry['kind'];
  status?: number;
  sessionId?: string;
  requestId?: string;
}

/** Days the health view counts refused call-ups over. */
export const HEALTH_DAYS = 30;

/** The reasons a call-up is refused, as support names them. */
export const REFUSAL_LABELS: Record<CallUpRefusedReason, string> = {
  credentials: 'wrong login',
  'hook-not-allowed': 'HOOK_URL not allowed',
  fields: 'missing or invalid field',
  throttled: 'throttled (too many wrong logins)',
  'too-large': 'request too large',
  disabled: 'connection switched off',
};

/** GET /ops/api/admin/connections/:id/health */
export interface ConnectionHealth {
  connectionId: string;
  /** The last call-up of any outcome, and the last one that opened the catalog. */
  lastCallUp?: PayloadBrief;
  lastAcceptedCallUp?: PayloadBrief;
  lastCart?: PayloadBrief;
  /** None until orders arrive as cXML (issue 10). */
  lastOrder?: PayloadBrief;
  refusals: { since: string; days: number; total: number; byReason: Record<CallUpRefusedReason, number>; byDay: { day: string; reason: CallUpRefusedReason; count: number }[] };
}

/** GET /ops/api/admin/connections/:id/payloads?q=&from=&to= (dates YYYY-MM-DD on the desk's clock, at most 31 days). */
export interface PayloadSearchResponse {
  from: string;
  to: string;
  q?: string;
  entries: PayloadEntry[];
  /** More matched or were not read: narrow the range or the term. */
  more: boolean;
}

/** Longest range a payload search covers: `to` at most this many days after `from`, both days searched. */
export const PAYLOAD_SEARCH_DAYS = 31;

export type ChecklistStep = 'callup' | 'cart' | 'order';

/** GET /ops/api/admin/connections/:id/checklist: the first round trip, step by step, from the payload log. */
export interface ConnectionChecklist {
  connectionId: string;
  steps: { step: ChecklistStep; label: string; done: boolean; at?: string; requestId?: string; sessionId?: string }[];
}

export const CHECKLIST_LABELS: Record<ChecklistStep, string> = {
  callup: 'Call-up received (the catalog opened)',
  cart: 'Cart returned to the buyer',
  order: 'Order received',
};

export function brief(entry: PayloadEntry): PayloadBrief {
  return { id: entry.id, at: entry.at, kind: entry.kind, status: entry.status, sessionId: entry.sessionId, requestId: entry.requestId };
}
