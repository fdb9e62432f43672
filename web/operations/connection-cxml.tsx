/**
 * The cXML part of the connection form: the buyer's credential, the cart field, how the buyer knows
 * us, which Extrinsics carry the requester, where order confirmations go, and the three secrets
 * (set-up and order secrets generated and shown once; the buyer's confirmation secret entered once,
 * stored sealed, never shown). Kept apart from connection-form.tsx, which holds the rest.
 */
import type { CxmlExtrinsicNames, CxmlSettings, OrderChannel } from '../../functions/punchout/connection';
import { DEFAULT_CXML_EXTRINSICS } from '../../functions/punchout/connection';
import { api, ApiError } from './api';
import type { ConnectionView } from './connections';

const EXTRINSIC_KEYS: { key: keyof CxmlExtrinsicNames; label: string }[] = [
  { key: 'email', label: 'Requester e-mail' },
  { key: 'fullName', label: 'Requester full name' },
  { key: 'firstName', label: 'First name' },
  { key: 'lastName', label: 'Last name' },
];

/** A form path the API names (`cxml.supplier.identity`) → the id of its input here, or undefined when not ours. */
export function cxmlControlId(path: string): string | undefined {
  if (path === 'orderChannel.confirmationUrl') return 'f-cxmlConfirmationUrl';
  const [head, a, b] = path.split('.');
  if (head !== 'cxml' || !a) return undefined;
  if (a === 'domain' || a === 'identity' || a === 'cartField') return `f-cxml-${a}`;
  if (a === 'supplier') return `f-cxml-supplier-${b === 'domain' ? 'domain' : 'identity'}`;
  if (a === 'extrinsics' && b) return `f-cxml-extrinsic-${b}`;
  return undefined;
}

function field(id: string, label: string, control: HTMLElement, hint?: string): HTMLElement {
  control.id = id;
  return (
    <div class="form-field">
      <label htmlFor={id}>{label}</label>
      {control}
      {hint ? <p class="muted small">{hint}</p> : ''}
    </div>
  ) as HTMLElement;
}

const text = (name: string, value: string | undefined, attrs: Record<string, unknown> = {}) =>
  (<input name={name} value={value ?? ''} {...attrs} />) as HTMLInputElement;

/** A secret shown once, with what to do with it. */
function oneTime(label: string, secret: string): HTMLElement {
  return (
    <div class="notice ok one-time" role="status">
      <p>
        <strong>{label}:</strong> <code data-shared-secret>{secret}</code>
      </p>
      <p>
        <strong>Shown only now and not shown again.</strong> Give it to the buyer’s administrator out of band.
      </p>
    </div>
  ) as HTMLElement;
}

export interface CxmlPart {
  element: HTMLElement;
  /** The cXML settings as entered (undefined when no credential is entered: the saved one, if any, is kept). */
  settings(): CxmlSettings | undefined;
  /** The confirmation URL for a cXML order channel (undefined when empty). */
  confirmationUrl(): string | undefined;
}

/**
 * `existing` is the saved connection (its secrets can be made only once it is saved); `versionChanged`
 * is told the connection's new version after a secret is stored, so that saving the form afterwards
 * is not refused as someone else's change.
 */
export function cxmlPart(existing: ConnectionView | undefined, versionChanged: (version: number) => void): CxmlPart {
  const saved = existing?.cxml;
  const channel = existing?.orderChannel as (OrderChannel & { confirmationUrl?: string; confirmationSecretSet?: boolean; sharedSecretSet?: boolean }) | undefined;
  const extrinsics = saved?.extrinsics ?? DEFAULT_CXML_EXTRINSICS;

  const domain = text('cxmlDomain', saved?.domain, { maxLength: 64, placeholder: 'NetworkID' });
  const identity = text('cxmlIdentity', saved?.identity, { maxLength: 128, placeholder: 'AN01000000001' });
  const cartField = (
    <select name="cxmlCartField">
      <option value="cxml-urlencoded" selected={saved?.cartField !== 'cxml-base64'}>
        cxml-urlencoded (default)
      </option>
      <option value="cxml-base64" selected={saved?.cartField === 'cxml-base64'}>
        cxml-base64
      </option>
    </select>
  ) as HTMLSelectElement;
  const supplierDomain = text('cxmlSupplierDomain', saved?.supplier?.domain, { maxLength: 64, placeholder: 'DUNS' });
  const supplierIdentity = text('cxmlSupplierIdentity', saved?.supplier?.identity, { maxLength: 128 });
  const extrinsicInputs = Object.fromEntries(
    EXTRINSIC_KEYS.map(({ key }) => [key, text(`cxmlExtrinsic-${key}`, extrinsics[key].join(', '), { placeholder: DEFAULT_CXML_EXTRINSICS[key].join(', ') })]),
  ) as Record<keyof CxmlExtrinsicNames, HTMLInputElement>;
  const confirmationUrl = text('cxmlConfirmationUrl', channel?.kind === 'cxml' ? channel.confirmationUrl : '', { type: 'url', maxLength: 2048, placeholder: 'https://buyer.example/cxml/confirmations' });

  const secretSlot = (<div class="secret" aria-live="polite" />) as HTMLElement;
  const names = (value: string) => value.split(',').map((v) => v.trim()).filter(Boolean);

  /** A button that stores a secret, with why it cannot yet shown next to it. */
  function secretButton(action: string, label: string, blocked: string | undefined, run: () => Promise<void>): HTMLElement {
    const button = (
      <button type="button" class="button secondary small" data-action={action} disabled={!!blocked}>
        {label}
      </button>
    ) as HTMLButtonElement;
    const why = (<span class="muted small disabled-reason" data-reason-for={action}>{blocked ?? ''}</span>) as HTMLElement;
    button.addEventListener('click', async () => {
      button.disabled = true;
      secretSlot.replaceChildren();
      try {
        await run();
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        secretSlot.replaceChildren(<p class="notice error" role="alert">{error.message}</p>);
      } finally {
        button.disabled = false;
      }
    });
    return (
      <p class="secret-action">
        {button} {why}
      </p>
    ) as HTMLElement;
  }

  const path = (suffix: string) => `/admin/connections/${encodeURIComponent(existing!.id)}/${suffix}`;
  const unsaved = existing ? undefined : 'Save the connection first: its secrets are made once it exists.';
  const noCredential = unsaved ?? (saved ? undefined : 'Enter the buyer’s credential and save first.');
  const noCxmlOrders = unsaved ?? (channel?.kind === 'cxml' ? undefined : 'Choose cXML orders and save first.');

  const setupSecret = secretButton('cxml-secret', saved && (saved as { sharedSecretSet?: boolean }).sharedSecretSet ? 'Generate a new set-up secret' : 'Generate set-up secret', noCredential, async () => {
    const made = await api.post<{ connection: ConnectionView; sharedSecret: string }>(path('cxml-secret'));
    versionChanged(made.connection.version);
    secretSlot.replaceChildren(oneTime('cXML set-up shared secret', made.sharedSecret));
  });
  const orderSecret = secretButton('order-secret', channel?.kind === 'cxml' && channel.sharedSecretSet ? 'Generate a new order secret' : 'Generate order secret', noCxmlOrders, async () => {
    const made = await api.post<{ connection: ConnectionView; sharedSecret: string }>(path('order-secret'));
    versionChanged(made.connection.version);
    secretSlot.replaceChildren(oneTime('cXML order shared secret', made.sharedSecret));
  });
  const secretSet = (
    <p class="muted small" data-confirmation-secret-set={String(Boolean(channel?.kind === 'cxml' && channel.confirmationSecretSet))}>
      {channel?.kind === 'cxml' && channel.confirmationSecretSet ? 'A confirmation secret is set.' : 'No confirmation secret set yet.'}
    </p>
  ) as HTMLElement;
  const confirmationSecret = (<input type="password" name="cxmlConfirmationSecret" autoComplete="off" maxLength={256} aria-label="The buyer’s confirmation secret" />) as HTMLInputElement;
  const setConfirmation = secretButton('confirmation-secret', 'Set confirmation secret', noCxmlOrders, async () => {
    if (!confirmationSecret.value) {
      secretSlot.replaceChildren(<p class="notice error" role="alert">Enter the secret the buyer gave you first.</p>);
      confirmationSecret.focus();
      return;
    }
    const made = await api.post<{ connection: ConnectionView }>(path('confirmation-secret'), { secret: confirmationSecret.value });
    confirmationSecret.value = '';
    versionChanged(made.connection.version);
    secretSet.textContent = 'A confirmation secret is set.';
    secretSet.dataset.confirmationSecretSet = 'true';
    secretSlot.replaceChildren(<p class="notice ok" role="status">Confirmation secret stored (sealed; it is not shown again).</p>);
  });

  const element = (
    <fieldset class="cxml-part">
      <legend>cXML</legend>
      <p class="muted small wide">For buyers on Coupa, Ariba, Jaggaer and other cXML systems. Leave the credential empty for an OCI-only buyer.</p>
      {field('f-cxml-domain', 'Buyer credential domain (From/Sender)', domain)}
      {field('f-cxml-identity', 'Buyer credential identity', identity)}
      {field('f-cxml-cartField', 'Cart field the cart is posted in', cartField)}
      {field('f-cxml-supplier-domain', 'Our credential at the buyer: domain (optional)', supplierDomain, 'How the buyer’s system knows us; empty: DomainName and our host name.')}
      {field('f-cxml-supplier-identity', 'Our credential at the buyer: identity', supplierIdentity)}
      <p class="muted small wide">Extrinsic names that carry the requester at set-up (several separated by commas; the first non-empty wins):</p>
      {EXTRINSIC_KEYS.map(({ key, label }) => field(`f-cxml-extrinsic-${key}`, label, extrinsicInputs[key]))}
      {field('f-cxmlConfirmationUrl', 'Order confirmation URL (cXML orders)', confirmationUrl, 'Where our ConfirmationRequests are posted when “Send order confirmations back” is on. Pointed at another host, the confirmation secret must be set again.')}
      <div class="form-field wide secrets" data-secrets="cxml">
        {setupSecret}
        {orderSecret}
        <p class="secret-action">
          {confirmationSecret}
        </p>
        {setConfirmation}
        {channel?.kind === 'cxml' ? secretSet : ''}
        {secretSlot}
      </div>
    </fieldset>
  ) as HTMLElement;

  return {
    element,
    settings() {
      if (!domain.value.trim() && !identity.value.trim()) return undefined;
      const ext = Object.fromEntries(EXTRINSIC_KEYS.map(({ key }) => [key, names(extrinsicInputs[key].value)])) as unknown as CxmlExtrinsicNames;
      if (!ext.email.length) ext.email = DEFAULT_CXML_EXTRINSICS.email;
      const isDefault = EXTRINSIC_KEYS.every(({ key }) => ext[key].join(',') === DEFAULT_CXML_EXTRINSICS[key].join(','));
      const supplier = supplierDomain.value.trim() || supplierIdentity.value.trim() ? { domain: supplierDomain.value.trim(), identity: supplierIdentity.value.trim() } : undefined;
      return {
        domain: domain.value.trim(),
        identity: identity.value.trim(),
        ...(cartField.value === 'cxml-base64' ? { cartField: 'cxml-base64' as const } : {}),
        ...(supplier ? { supplier } : {}),
        ...(isDefault ? {} : { extrinsics: ext }),
      };
    },
    confirmationUrl: () => confirmationUrl.value.trim() || undefined,
  };
}
