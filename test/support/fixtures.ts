import type { Connection } from '../../functions/punchout/connection';
import { priceFor } from '../../functions/catalog/offers';
import { DEMO_CONNECTION } from '../../functions/local/demo-connections';
import { DEMO_FLEET } from '../../functions/local/demo-fleet';
import type { RentalRequest } from '../../functions/requests/request';

export const demoConnection: Connection = DEMO_CONNECTION.connection;

/** A request as the transfer registers it, for the demo connection. */
export function demoRequest(overrides: Partial<RentalRequest> = {}): RentalRequest {
  const type = DEMO_FLEET.vehicleTypes.find((t) => t.id === 'estate-octavia')!;
  const period = overrides.period ?? { pickup: '2026-12-07T09:00', return: '2026-12-12T09:00' };
  return {
    id: 'RQ-261122-7K3M9Q',
    status: 'requested',
    connectionId: demoConnection.id,
    connectionName: demoConnection.name,
    sessionId: 'session-1234567890',
    requester: { email: 'jane.doe@acme.example', fullName: 'Jane Doe' },
    language: 'en',
    vehicleType: { id: type.id, sku: type.sku, name: type.name, example: type.example, category: type.category },
    location: DEMO_FLEET.locations[0],
    period,
    price: priceFor(type, demoConnection, period),
    extra: { poNumber: '4500012345', costCentre: 'CC-1042' },
    unknownParams: {},
    createdAt: '2026-11-22T10:00:00.000Z',
    updatedAt: '2026-11-22T10:00:00.000Z',
    ...overrides,
  };
}
