/** The catalog session's API, as the page calls it. */
import type { TransferAccepted, TransferBody, TransferRefused, VehiclesResponse } from '../../functions/catalog/api';
import type { RentalPeriod } from '../../functions/catalog/period';

/** The offers, or a message the requester can act on (a bad period, an expired session). */
export type OffersResult = VehiclesResponse | { ok: false; message: string; expired?: true };

export type TransferOutcome =
  | { accepted: true; transfer: TransferAccepted }
  | { accepted: false; status: number; refusal: TransferRefused };

async function jsonOf(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

function hasMessage(body: unknown): body is { message: string } {
  return typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string';
}

/** Throws on network failures and on answers without a usable body. */
export async function fetchOffers(apiBase: string, locationId: string, period: RentalPeriod, signal: AbortSignal): Promise<OffersResult> {
  const query = new URLSearchParams({ location: locationId, pickup: period.pickup, return: period.return });
  const response = await fetch(`${apiBase}/vehicles?${query}`, { signal, headers: { accept: 'application/json' } });
  const body = await jsonOf(response);
  if (response.ok && typeof body === 'object' && body !== null && 'ok' in body) return body as VehiclesResponse;
  // 410: the session expired (the page then offers the way back to the procurement system).
  if (hasMessage(body)) return response.status === 410 ? { ok: false, message: body.message, expired: true } : { ok: false, message: body.message };
  throw new Error(`GET vehicles answered ${response.status}`);
}

/** Throws on network failures and on answers the catalog cannot explain to the requester. */
export async function requestTransfer(apiBase: string, transfer: TransferBody): Promise<TransferOutcome> {
  const response = await fetch(`${apiBase}/transfer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body: JSON.stringify(transfer),
  });
  const body = await jsonOf(response);
  if ((response.status === 200 || response.status === 201) && typeof (body as TransferAccepted)?.transferUrl === 'string') {
    return { accepted: true, transfer: body as TransferAccepted };
  }
  if (hasMessage(body)) return { accepted: false, status: response.status, refusal: body as TransferRefused };
  throw new Error(`POST transfer answered ${response.status}`);
}
