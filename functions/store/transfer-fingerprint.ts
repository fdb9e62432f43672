import { createHash } from 'node:crypto';
import type { RentalRequest } from '../requests/request';

/** What makes two transfers of one session the same transfer (the same vehicle, period, delivery address, extras and note). */
export function transferFingerprint(request: Pick<RentalRequest, 'vehicleType' | 'location' | 'period' | 'deliveryAddress' | 'extras' | 'note'>): string {
  const { vehicleType, location, period, deliveryAddress, extras, note } = request;
  // Extras and note only when chosen, so a plain transfer keeps the fingerprint it always had.
  const review = [...(extras?.length ? [JSON.stringify(extras.map((e) => [e.id, e.count ?? 1, e.returnLocation?.id ?? '']))] : []), ...(note ? [`note:${note}`] : [])];
  return createHash('sha256')
    .update([vehicleType.id, location.id, period.pickup, period.return, ...(deliveryAddress ? [deliveryAddress.id] : []), ...review].join('|'))
    .digest('base64url')
    .slice(0, 22);
}
