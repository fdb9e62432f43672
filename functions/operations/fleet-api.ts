/** What the console's fleet administration and its API exchange: shared by functions/ and web/operations. */
import type { Location, Unit, VehicleType } from '../catalog/vehicles';
import type { AuditEntry } from '../store/audit';
import type { ReservationAtRisk } from '../store/fleet-admin';
import type { OpsRefusal } from './api';

export type { ReservationAtRisk };
type Versioned<T> = T & { version: number };

/** GET /ops/api/admin/fleet */
export interface FleetAdminView {
  locations: Versioned<Location>[];
  vehicleTypes: Versioned<VehicleType>[];
  units: Versioned<Unit>[];
}

/** GET /ops/api/admin/vehicle-types/:id/audit: the type's changes and those of its units, newest first. */
export interface FleetAuditView {
  entries: AuditEntry[];
}

/**
 * 409 to a change that would leave reservations without a vehicle: nothing was written. The admin
 * repeats the call with `confirm: true, action: 'keep'` to keep them and reassign later.
 */
export interface ReservationsRefusal extends OpsRefusal {
  error: 'taken';
  reservations: ReservationAtRisk[];
  /** The choices the call accepts with `confirm: true`. */
  actions: ['keep'];
}
