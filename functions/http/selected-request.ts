import { isSelectedFor } from '../catalog/selection';
import { getRequest } from '../store/requests';
import { REQUEST_ID, type RentalRequest } from '../requests/request';
import type { Db } from '../store/db';
import type { PunchoutSession } from '../store/sessions';

/**
 * cXML edit/inspect: the earlier request the set-up selected, when it still exists and is this
 * session's connection's (checked at set-up and again here). The catalog page shows it, the transfer reuses it.
 */
export async function selectedRequest(db: Db, session: PunchoutSession): Promise<RentalRequest | undefined> {
  const id = session.cxml?.selectedRequestId;
  const request = id && REQUEST_ID.test(id) ? await getRequest(db, id) : undefined;
  return request && isSelectedFor(request, session) ? request : undefined;
}
