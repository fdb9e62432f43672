import { availabilityAt, type HeldBySlot } from '../catalog/availability';
import type { RentalPeriod } from '../catalog/period';
import { localNow, timeZoneOf } from '../catalog/time-zone';
import type { Fleet } from '../catalog/vehicles';
import type { CallUpParams, CallUpProblem } from './oci-callup';

/** The OCI 5 functions a call-up may ask for (../shared/OCI.md §2); absent: a shopping session. */
export const SUPPORTED_FUNCTIONS = ['DETAIL', 'QUANTITYCHECK'] as const;
export type OciFunction = (typeof SUPPORTED_FUNCTIONS)[number];

/** The FUNCTION a call-up asks for, upper-cased; undefined for a normal session. */
export function ociFunction(params: CallUpParams): string | undefined {
  return params.get('function')?.trim().toUpperCase() || undefined;
}

/** Functions that answer data, not a page posted back to HOOK_URL: they need no HOOK_URL. */
export function needsHookUrl(fn: string | undefined): boolean {
  return fn !== 'QUANTITYCHECK';
}

/** OCI's QUANTITY: up to 11 digits before and 3 after the decimal point, `.` as separator (§3). */
const QUANTITY = /^\d{1,11}(\.\d{1,3})?$/;
const PRODUCT_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** A QUANTITYCHECK's question: which vehicle type (our EXT_PRODUCT_ID) and how many. */
export interface QuantityCheck {
  productId: string;
  quantity: number;
}

export function readQuantityCheck(params: CallUpParams): { check?: QuantityCheck; problems: CallUpProblem[] } {
  const problems: CallUpProblem[] = [];
  const productId = params.get('ext_product_id')?.trim();
  const quantity = params.get('quantity')?.trim();
  if (!productId) problems.push({ field: 'EXT_PRODUCT_ID', problem: 'missing' });
  else if (!PRODUCT_ID.test(productId)) problems.push({ field: 'EXT_PRODUCT_ID', problem: 'malformed' });
  if (!quantity) problems.push({ field: 'QUANTITY', problem: 'missing' });
  else if (!QUANTITY.test(quantity)) problems.push({ field: 'QUANTITY', problem: 'malformed' });
  if (problems.length) return { problems };
  return { check: { productId: productId!, quantity: Number(quantity) }, problems };
}

/** The JSON answer OCI 5 defines for QUANTITYCHECK. */
export interface QuantityCheckAnswer {
  AVAILABLE_QUANTITY: string;
  LEADTIME: string;
}

/**
 * The period a QUANTITYCHECK is answered for: a rental has dates and the question has none, so it is
 * read as "one day from tomorrow 09:00" at the location's clock, the earliest pick-up the catalog
 * offers every requester; LEADTIME is then 1 day.
 */
export function quantityCheckPeriod(timeZone: string, now: Date): RentalPeriod {
  const today = localNow(timeZone, now).slice(0, 10);
  const day = (offset: number) => new Date(Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000).toISOString().slice(0, 10);
  return { pickup: `${day(1)}T09:00`, return: `${day(2)}T09:00` };
}
export const QUANTITY_CHECK_LEAD_DAYS = 1;

/**
 * How many vehicles of the type are free for that day, summed over every location, with `.` and 3
 * decimals as OCI writes quantities. An unknown type has none.
 */
export function answerQuantityCheck(
  fleet: Fleet,
  check: QuantityCheck,
  heldByLocation: Map<string, HeldBySlot>,
  periods: Map<string, RentalPeriod>,
): QuantityCheckAnswer {
  let available = 0;
  if (fleet.vehicleTypes.some((t) => t.id === check.productId)) {
    for (const location of fleet.locations) {
      const at = availabilityAt(fleet, location.id, periods.get(location.id)!, heldByLocation.get(location.id) ?? new Map());
      available += at.find((a) => a.vehicleTypeId === check.productId)?.available ?? 0;
    }
  }
  return { AVAILABLE_QUANTITY: available.toFixed(3), LEADTIME: String(QUANTITY_CHECK_LEAD_DAYS) };
}

/** The location-clock period for each location, for the hold look-up and the answer alike. */
export function quantityCheckPeriods(fleet: Fleet, now: Date): Map<string, RentalPeriod> {
  return new Map(fleet.locations.map((l) => [l.id, quantityCheckPeriod(timeZoneOf(l), now)]));
}
