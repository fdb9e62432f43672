/**
 * The delivery address a request goes to: fixed (a login bound to an address, or the connection's
 * only one) and shown, or chosen from the connection's addresses. The server checks it again.
 */
import type { CatalogBoot } from '../../functions/catalog/api';
import type { Messages } from '../../functions/i18n/messages';

export interface DeliveryField {
  /** Absent when the connection has no delivery addresses. */
  element?: HTMLElement;
  /** The chosen address's id, undefined when there is nothing to choose (the server knows it) or nothing chosen yet. */
  value(): string | undefined;
  /** Whether the requester still has to choose one. */
  missing(): boolean;
  /** Point the requester at the choice (after `missing()`). */
  flag(): void;
}

export function deliveryField(boot: CatalogBoot, t: Messages): DeliveryField {
  const addresses = boot.deliveryAddresses;
  if (addresses.length === 0) return { value: () => undefined, missing: () => false, flag: () => {} };
  if (boot.deliveryAddressFixed || addresses.length === 1) {
    const only = addresses[0];
    const element = (
      <div class="field field-delivery">
        <span class="label" id="delivery-label">{t.deliveryAddress}</span>
        <p class="delivery-address" aria-labelledby="delivery-label" data-delivery-address={only.id}>
          <strong>{only.label}</strong> · {only.address}
        </p>
      </div>
    ) as HTMLElement;
    return { element, value: () => undefined, missing: () => false, flag: () => {} };
  }
  const select = (
    <select id="delivery" name="deliveryAddressId" required>
      <option value="">{t.deliveryAddressChoose}</option>
      {addresses.map((a) => (
        <option value={a.id}>
          {a.label} · {a.address}
        </option>
      ))}
    </select>
  ) as HTMLSelectElement;
  // cXML edit: the earlier request's address, while it is still one to choose.
  if (addresses.some((a) => a.id === boot.selection?.deliveryAddress?.id)) select.value = boot.selection!.deliveryAddress!.id;
  select.addEventListener('change', () => select.removeAttribute('aria-invalid'));
  const element = (
    <div class="field field-delivery">
      <label htmlFor="delivery">{t.deliveryAddress}</label>
      {select}
    </div>
  ) as HTMLElement;
  return {
    element,
    value: () => select.value || undefined,
    missing: () => !select.value,
    flag: () => {
      select.setAttribute('aria-invalid', 'true');
      select.focus();
    },
  };
}
