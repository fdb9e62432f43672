/**
 * The single table's keys, in one place. Every item has `pk` and `sk`; items in the operations
 * queue also carry `gsi1pk`/`gsi1sk`; every item but reference data carries `expiresAt` (epoch
 * seconds, TTL), set when it is written from store/retention.ts.
 */
export const keys = {
  connection: (id: string) => ({ pk: `CONNECTION#${id}`, sk: 'CONNECTION' }),
  /** Unique username → connection id. */
  login: (username: string) => ({ pk: `LOGIN#${username.toLowerCase()}`, sk: 'LOGIN' }),
  /** gsi1 partition of a connection's logins; `connectionList` lists every connection. */
  loginsOf: (connectionId: string) => `LOGINS#${connectionId}`,
  connectionList: 'CONNECTIONS',
  /** An admin change to a subject (`connection#acme`, `vehicleType#estate-octavia`), in time order. */
  audit: (subject: string, at: string, id: string) => ({ pk: `AUDIT#${subject}`, sk: `${at}#${id}` }),
  auditOf: (subject: string) => `AUDIT#${subject}`,
  /** The whole fleet lives under one partition: small, read together. */
  fleet: { pk: 'FLEET' },
  vehicleType: (id: string) => ({ pk: 'FLEET', sk: `TYPE#${id}` }),
  location: (id: string) => ({ pk: 'FLEET', sk: `LOCATION#${id}` }),
  unit: (plate: string) => ({ pk: 'FLEET', sk: `UNIT#${plate}` }),
  /** A priced extra (extra driver, child seat, one-way return: catalog/extras.ts). */
  extra: (id: string) => ({ pk: 'FLEET', sk: `EXTRA#${id}` }),
  session: (id: string) => ({ pk: `SESSION#${id}`, sk: 'SESSION' }),
  /** A cXML start link (single use, minutes), by the HMAC of its token; its set-up's payload-log entries sit in its partition. */
  cxmlStart: (id: string) => ({ pk: `CXMLSTART#${id}`, sk: 'CXMLSTART' }),
  /** One per transfer of a session: a repeated transfer finds the request it made. */
  transfer: (sessionId: string, fingerprint: string) => ({ pk: `SESSION#${sessionId}`, sk: `TRANSFER#${fingerprint}` }),
  request: (id: string) => ({ pk: `REQUEST#${id}`, sk: 'REQUEST' }),
  /** Held vehicles of a type at a location in one half-day slot. */
  hold: (locationId: string, slot: string, vehicleTypeId: string) => ({
    pk: `HOLD#${locationId}`,
    sk: `${slot}#${vehicleTypeId}`,
  }),
  holdPartition: (locationId: string) => `HOLD#${locationId}`,
  /** Payload-log entries sit under their session or request, or under the day for failed call-ups. */
  payload: (owner: string, at: string, id: string) => ({ pk: owner, sk: `PAYLOAD#${at}#${id}` }),
  /** gsi1 partition of a connection's payload-log entries, sorted by `<at>#<id>`: its health and support search. */
  connectionPayloads: (connectionId: string) => `PAYLOADS#${connectionId}`,
  /** Owner of the payload-log entries of refused call-ups (no session was opened). */
  refusedCallUps: (day: string) => `CALLUP#${day}`,
  /** Failed call-up logins in one throttling window, per scope (`user#<name>`, `addr#<ip>`, `pair#<name>#<ip>`). */
  loginFailures: (scope: string, windowStart: number) => ({ pk: `THROTTLE#${scope}`, sk: `WINDOW#${windowStart}` }),
  /** Refused call-ups of a connection (or `unknown`) on one day for one reason: a counter. */
  callUpRefusals: (connectionId: string, day: string, reason: string) => ({ pk: `CALLUPSTATS#${connectionId}`, sk: `${day}#${reason}` }),
  callUpRefusalsOf: (connectionId: string) => `CALLUPSTATS#${connectionId}`,
  /** gsi1 partition of the requests in a status; test requests (test-mode connections) have their own, out of the real queue. */
  queue: (status: string, test = false) => `${test ? 'TEST#' : ''}STATUS#${status}`,
  /** How many requests are in a status: kept by the transactions that change a status, read in one query (tests apart). */
  statusCount: (status: string, test = false) => ({ pk: test ? 'COUNTS#TEST' : 'COUNTS', sk: `STATUS#${status}` }),
  statusCounts: 'COUNTS',
  testStatusCounts: 'COUNTS#TEST',
  /** Bounces and complaints SES reported for an address, one item per report. */
  bounce: (address: string, at: string) => ({ pk: `BOUNCE#${address.toLowerCase()}`, sk: `BOUNCE#${at}` }),
  /** Who did what to a request, when: under the request, in time order. */
  requestEvent: (requestId: string, at: string, id: string) => ({ pk: `REQUEST#${requestId}`, sk: `EVENT#${at}#${id}` }),
  /** An e-mail to send, under what it is about (`REQUEST#...`, `STAFF#...`); the stream hands it to the mail worker. */
  outbox: (owner: string, id: string) => ({ pk: owner, sk: `OUTBOX#${id}` }),
  /** gsi1 partition of outbox messages that need a person: `failed` or `uncertain` (sparse). */
  outboxProblems: (status: string) => `OUTBOX#${status}`,
  /** One half-day slot of a concrete unit, taken by one request: the database refuses a second taker. */
  unitSlot: (plate: string, slot: string) => ({ pk: `UNIT#${plate}`, sk: `SLOT#${slot}` }),
  /** A member of the operations staff, by e-mail address (lower case). */
  staff: (email: string) => ({ pk: `STAFF#${email.toLowerCase()}`, sk: 'STAFF' }),
  staffOwner: (email: string) => `STAFF#${email.toLowerCase()}`,
  /** gsi1 partition listing every staff member. */
  staffList: 'STAFF',
  /** A one-time sign-in link, by the SHA-256 of its token: the token itself is never stored. */
  signInToken: (tokenHash: string) => ({ pk: `SIGNIN#${tokenHash}`, sk: 'SIGNIN' }),
  /** A signed-in console session, by the SHA-256 of its cookie value. */
  opsSession: (tokenHash: string) => ({ pk: `OPSSESSION#${tokenHash}`, sk: 'OPSSESSION' }),
  seedMarker: { pk: 'SEED', sk: 'SEED' },
  /** A purchase order (orders/order.ts) by our reference; its payload-log entries sit in its partition. */
  order: (id: string) => ({ pk: `ORDER#${id}`, sk: 'ORDER' }),
  /** One per cXML payloadID a connection sent: a resend finds the order (and the answer) it made. */
  orderPayload: (connectionId: string, payloadId: string) => ({ pk: `ORDERPAYLOAD#${connectionId}#${payloadId}`, sk: 'ORDERPAYLOAD' }),
  /** gsi1 partition of orders matched to no request, for operations to look at (sparse). */
  unmatchedOrders: 'ORDERS#unmatched',
  /** gsi1 partition of a request's orders (new, update, delete, by e-mail), in time order. */
  ordersOf: (requestId: string) => `ORDERS#${requestId}`,
  /** A cXML credential (domain and identity, lower case) → its connection: set-up and orders find the connection without a scan. */
  cxmlCredential: (domain: string, identity: string) => ({ pk: `CXMLID#${domain.toLowerCase()}#${identity.toLowerCase()}`, sk: 'CXMLID' }),
  /** One chunk of a purchase order's PDF (e-mailed orders), under the order. */
  orderAttachment: (orderId: string, index: number) => ({ pk: `ORDER#${orderId}`, sk: `ATTACHMENT#${String(index).padStart(3, '0')}` }),
};

export const GSI1 = 'gsi1';
export const TTL_ATTRIBUTE = 'expiresAt';
