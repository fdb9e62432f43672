/**
 * The single table's keys, in one place. Every item has `pk` and `sk`; items in the operations
 * queue also carry `gsi1pk`/`gsi1sk`; items that expire carry `expiresAt` (epoch seconds, TTL).
 */
export const keys = {
  connection: (id: string) => ({ pk: `CONNECTION#${id}`, sk: 'CONNECTION' }),
  /** Unique username → connection id. */
  login: (username: string) => ({ pk: `LOGIN#${username.toLowerCase()}`, sk: 'LOGIN' }),
  /** The whole fleet lives under one partition: small, read together. */
  fleet: { pk: 'FLEET' },
  vehicleType: (id: string) => ({ pk: 'FLEET', sk: `TYPE#${id}` }),
  location: (id: string) => ({ pk: 'FLEET', sk: `LOCATION#${id}` }),
  unit: (plate: string) => ({ pk: 'FLEET', sk: `UNIT#${plate}` }),
  session: (id: string) => ({ pk: `SESSION#${id}`, sk: 'SESSION' }),
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
  queue: (status: string) => `STATUS#${status}`,
  seedMarker: { pk: 'SEED', sk: 'SEED' },
};

export const GSI1 = 'gsi1';
export const TTL_ATTRIBUTE = 'expiresAt';
