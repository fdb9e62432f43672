/** Words for the documents of an order on the request page; no imports, so the console bundle can use it. */
/**
 * What a payload-log entry of kind `order` is, in words for the request page: the purchase order
 * and our answer live with the order (`ORDER#…`), the ConfirmationRequest and the buyer's answer to
 * it with the request. Other kinds: the kind and its direction.
 */
export function payloadLabel(entry: { kind: string; direction: 'in' | 'out'; owner: string }): string {
  if (entry.kind === 'order') {
    if (entry.owner.startsWith('ORDER#')) return entry.direction === 'in' ? 'purchase order (received)' : 'our answer to the order';
    return entry.direction === 'out' ? 'order confirmation (sent)' : 'buyer’s answer to the confirmation';
  }
  return `${entry.kind} (${entry.direction === 'in' ? 'received' : 'sent'})`;
}
