/**
 * The earlier selection a cXML `edit` or `inspect` set-up names (its SelectedItem's
 * SupplierPartAuxiliaryID, our request id): what the catalog shows of it. Only the request's
 * public fields (vehicle, location, period, price, status, delivery address), never its
 * requester, and only to a session of the request's own connection. Free of Hono and the AWS SDK.
 */
import { OPEN_STATUSES } from '../requests/lifecycle';
import type { RentalRequest } from '../requests/request';
import type { CatalogSelection } from './api';

/** Whether a session may see (and send back the cart of) a request it did not make: the one its set-up selected, of its own connection. */
export function isSelectedFor(request: Pick<RentalRequest, 'id' | 'connectionId'>, session: { connectionId: string; cxml?: { selectedRequestId?: string } }): boolean {
  return request.id === session.cxml?.selectedRequestId && request.connectionId === session.connectionId;
}

/** What the catalog page shows of the selected request, and where its unchanged cart is sent from. */
export function catalogSelection(request: RentalRequest, operation: 'edit' | 'inspect', transferUrl: string): CatalogSelection {
  const { vehicleType, location, period, price, deliveryAddress } = request;
  return {
    operation,
    requestId: request.id,
    status: request.status,
    open: OPEN_STATUSES.includes(request.status),
    vehicleType: { id: vehicleType.id, name: vehicleType.name, example: vehicleType.example, category: vehicleType.category },
    location: { id: location.id, name: location.name, address: location.address, city: location.city },
    period,
    price,
    ...(deliveryAddress ? { deliveryAddress: { id: deliveryAddress.id, label: deliveryAddress.label, address: deliveryAddress.address } } : {}),
    transferUrl,
  };
}
