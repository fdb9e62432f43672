import type { Connection, DeliveryAddress } from '../punchout/connection';

/**
 * Which of the connection's delivery addresses a request carries. A login bound to an address
 * (store/logins.ts) orders for that address only; otherwise the requester chooses one in the
 * catalog when the connection has several, and the only one is taken when it has one.
 */
export type DeliveryChoice =
  | { ok: true; address?: DeliveryAddress }
  /** `required`: several addresses and none chosen; `unknown`: not one of the connection's; `bound`: the login is bound to another. */
  | { ok: false; problem: 'required' | 'unknown' | 'bound' };

export function deliveryAddressFor(
  connection: Pick<Connection, 'deliveryAddresses'>,
  boundId: string | undefined,
  chosenId: string | undefined,
): DeliveryChoice {
  const addresses = connection.deliveryAddresses ?? [];
  const find = (id: string) => addresses.find((a) => a.id === id);
  if (boundId !== undefined) {
    if (chosenId !== undefined && chosenId !== boundId) return { ok: false, problem: 'bound' };
    // Removed from the connection since the call-up: no address to order for.
    const bound = find(boundId);
    return bound ? { ok: true, address: bound } : { ok: false, problem: 'unknown' };
  }
  if (chosenId !== undefined) {
    const chosen = find(chosenId);
    return chosen ? { ok: true, address: chosen } : { ok: false, problem: 'unknown' };
  }
  if (addresses.length > 1) return { ok: false, problem: 'required' };
  return { ok: true, address: addresses[0] };
}

/** What the catalog offers to choose from: the bound address alone, or all of the connection's. */
export function deliveryOptions(
  connection: Pick<Connection, 'deliveryAddresses'>,
  boundId: string | undefined,
): { addresses: Pick<DeliveryAddress, 'id' | 'label' | 'address'>[]; fixed: boolean } {
  const all = (connection.deliveryAddresses ?? []).map(({ id, label, address }) => ({ id, label, address }));
  if (boundId === undefined) return { addresses: all, fixed: false };
  return { addresses: all.filter((a) => a.id === boundId), fixed: true };
}
