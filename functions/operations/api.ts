/** What the operations console and its API exchange: shared by functions/ and web/operations. */
import type { RentalPeriod } from '../catalog/period';
import type { Location } from '../catalog/vehicles';
import type { MailKind, OutboxStatus } from '../mail/outbox';
import type { PurchaseOrder } from '../orders/order';
import type { DecisionReason, ManagedRequest, RequestEvent } from '../requests/lifecycle';
import type { RequestStatus } from '../requests/request';
import type { PayloadEntry } from '../store/payload-log';
import type { Role } from './staff';
import type { ResponseAge } from './working-hours';

/** Embedded in the console page (`<script type="application/json" id="boot">`). */
export interface OpsBoot {
  staff: { email: string; name: string; role: Role };
  csrf: string;
  locations: Pick<Location, 'id' | 'name'>[];
  vehicleTypes: { id: string; name: string; example: string }[];
  responseTargetHours: number;
  holdExpiryDays: number;
  /** The operations desk's IANA zone (WORKING_TIME_ZONE): instants in the console are shown on its clock. */
  timeZone: string;
  declineReasons: { value: DecisionReason; label: string }[];
  cancelReasons: { value: DecisionReason; label: string }[];
  /** The local SES mailbox (local stack only). */
  mailboxUrl?: string;
}

export interface QueueItem {
  id: string;
  status: RequestStatus;
  version: number;
  requester: { fullName: string; email: string };
  connection: { id: string; name: string };
  vehicleType: { id: string; name: string };
  location: { id: string; name: string };
  period: RentalPeriod;
  price: { gross: number; currency: string };
  plate?: string;
  createdAt: string;
  /** Open (requested) requests only: working time since it came in, against the response target. */
  age?: ResponseAge;
  /** Requested only: when the hold lapses if nobody confirms. */
  holdExpiresAt?: string;
  /** An e-mail about it failed or may not have gone out. */
  mailProblem: boolean;
  /** A test request (test-mode connection): holds no vehicle, listed only with `tests=only`. */
  test?: boolean;
  /** The buyer's purchase order, once one arrived: "PO 4500012345", flagged when it differs or was withdrawn. */
  order?: { number: string; date: string; source: 'cxml' | 'email'; mismatches: number; cancellationRequested?: boolean };
  /** Open and without a unit: the first unit free for the whole period (not promised to an earlier row): assign-and-confirm uses it. */
  suggestedPlate?: string;
  /** Why there is no suggestion, in words ("no Skoda Octavia free for the whole period"). */
  noSuggestion?: string;
  /** The earlier request of the same session this one replaces, and the later one that replaced this (issue 11, item 2). */
  replaces?: string;
  replacedBy?: string;
  /** What the requester added on the review step, for the row's marker: extras (one-way apart, counted by number), a note, a one-way return's location. */
  extrasCount?: number;
  note?: string;
  oneWayTo?: string;
}

/** The queue's purchase-order filter (`order=`): requests still awaiting the buyer's order, or with one received. */
export const QUEUE_ORDER_FILTERS = ['awaiting', 'received'] as const;
export type QueueOrderFilter = (typeof QUEUE_ORDER_FILTERS)[number];

/** GET /ops/api/queue?status=&location=&date=&connection=&order=&limit=&cursor=&tests=only */
export interface QueueResponse {
  status: RequestStatus;
  /** The purchase-order filter asked for, if any. */
  order?: QueueOrderFilter;
  /** `tests=only` was asked: items and counts are the test requests'; otherwise test requests are left out of both. */
  tests: boolean;
  counts: Record<RequestStatus, number>;
  /** One page (at most QUEUE_PAGE_SIZE), soonest pick-up first; the location and connection filters apply within the page. */
  items: QueueItem[];
  /** Pass as `cursor` to read the next page; absent on the last page. */
  cursor?: string;
  /** Connections seen in the queue (for the filter). */
  connections: { id: string; name: string }[];
  mailProblems: number;
  now: string;
  /** Without a date filter, statuses other than requested list pick-ups from this date on. */
  since?: string;
}

export interface OutboxView {
  id: string;
  owner: string;
  kind: MailKind;
  label: string;
  status: OutboxStatus;
  to: string;
  attempts: number;
  createdAt: string;
  sentAt?: string;
  lastError?: string;
  nextAttemptAt?: string;
  requestId?: string;
  /** An order confirmation to the buyer's system (kind `order-confirmation`): what it says, and of which order. */
  confirmation?: { type: 'accept' | 'reject' | 'detail'; operation: 'new' | 'update'; orderNumber: string; payloadId: string };
  /** An order confirmation's last answer from the buyer: its cXML Status code and text (the HTTP status when it sent none). */
  buyerAnswer?: { code: number; text: string; at: string };
}

export interface UnitOption {
  plate: string;
  assigned: boolean;
  /** Other requests holding this unit in part of the period: it is not free when any. */
  conflicts: { requestId: string; slots: string[] }[];
  /** An out-of-service window over part of the period: the unit cannot be assigned. */
  maintenance?: { from: string; to: string; reason: string };
}

/** GET /ops/api/requests/:id */
export interface RequestDetail {
  request: ManagedRequest;
  /** A test request: not a real reservation, holds no vehicle (its connection was in test mode at transfer). */
  test: boolean;
  age?: ResponseAge;
  holdExpiresAt?: string;
  units: UnitOption[];
  events: RequestEvent[];
  outbox: OutboxView[];
  payloads: PayloadEntry[];
  /** Names of the requester's reference fields, by key (PO number...). */
  extraLabels: Record<string, string>;
}

/** A refused change: 409 `taken` (with the conflicting requests), 409 `changed`, 400 `invalid`, 503 `busy`. */
export interface OpsRefusal {
  error: 'taken' | 'changed' | 'invalid' | 'busy' | 'not-found' | 'unauthenticated' | 'forbidden' | 'csrf' | 'not-retryable' | 'unavailable';
  message: string;
  /** 400 `invalid`: the first field (path or query parameter, body field) that was refused. */
  field?: string;
  conflicts?: { requestId: string; slots: string[] }[];
}

/** Requests per page of the console's queue. */
export const QUEUE_PAGE_SIZE = 500;

export interface PlanningBooking {
  requestId: string;
  status: RequestStatus;
  /** Clipped to the week, desk-local `YYYY-MM-DDTHH:mm`. */
  from: string;
  to: string;
  /** The whole period, unclipped. */
  period: RentalPeriod;
  requester: string;
  connection: string;
}

export interface PlanningRow {
  plate?: string;
  vehicleTypeId: string;
  typeName: string;
  bookings: PlanningBooking[];
  /** Minutes free in the week. */
  freeMinutes: number;
}

/** GET /ops/api/planning?location=&week=YYYY-MM-DD (a Monday) */
export interface PlanningResponse {
  location: { id: string; name: string };
  weekStart: string;
  days: string[];
  units: PlanningRow[];
  /** Requests holding a vehicle type without a unit assigned yet, one row per type. */
  unassigned: PlanningRow[];
}

export interface StaffView {
  email: string;
  name: string;
  role: Role;
  active: boolean;
  createdAt: string;
}

/** A purchase order as the console shows it (orders/order.ts), with the connection's name. */
export type OrderView = PurchaseOrder & { connectionName: string };

/** GET /ops/api/orders?unmatched=1 or ?request=RQ-…: newest first; `more` when the list was cut at its maximum. */
export interface OrdersResponse {
  orders: OrderView[];
  more: boolean;
}

/** GET /ops/api/orders/:id: the order, and the documents in and out (the OrderRequest, our answer; secrets redacted). */
export interface OrderDetail {
  order: OrderView;
  payloads: PayloadEntry[];
}

/** POST /ops/api/orders/:id/match {requestId, version}: the order now matched, and the request as it is now. */
export interface OrderMatched {
  order: OrderView;
  request: ManagedRequest;
}

/** POST /ops/api/requests/bulk-confirm: each request confirmed (its unit assigned first when `plate` is given) or refused, by itself. */
export interface BulkConfirmResult {
  results: BulkConfirmOutcome[];
}

export type BulkConfirmOutcome =
  | { id: string; outcome: 'confirmed'; plate?: string; version: number }
  | { id: string; outcome: 'refused'; error: OpsRefusal['error']; message: string; conflicts?: { requestId: string; slots: string[] }[] };
