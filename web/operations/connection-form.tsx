/** Create or edit a connection (admins): every setting of the model, grouped as the buyer's administrator thinks of them. */
import type { OpsBoot } from '../../functions/operations/api';
import type { CallUpParamNames, CategoryCoding, Connection, ContractRate, DeliveryAddress, ExtraField } from '../../functions/punchout/connection';
import { DEFAULT_CALL_UP_PARAMS } from '../../functions/punchout/connection';
import { api, ApiError } from './api';
import { cxmlControlId, cxmlPart } from './connection-cxml';
import type { ConnectionView } from './connections';
import type { View } from './queue';

// Not imported from their modules: those pull server code into the bundle.
const CATEGORIES = ['compact', 'estate', 'suv', 'van', 'electric', 'premium'] as const;
const CHARSETS = ['utf-8', 'iso-8859-1', 'iso-8859-15', 'windows-1252', 'us-ascii'] as const;
const CUST_FIELDS = [1, 2, 3, 4, 5] as const;
const PARAM_KEYS: { key: keyof CallUpParamNames; label: string }[] = [
  { key: 'username', label: 'Login (user name)' },
  { key: 'password', label: 'Password' },
  { key: 'email', label: 'Requester e-mail' },
  { key: 'fullName', label: 'Requester full name' },
  { key: 'firstName', label: 'First name (when no full name)' },
  { key: 'lastName', label: 'Last name (when no full name)' },
  { key: 'language', label: 'Language' },
];

/** What the form sends: the connection without what the server keeps (version, times, status, active). */
export type ConnectionInput = Omit<Connection, 'version' | 'createdAt' | 'updatedAt' | 'status' | 'active'>;

const blank: ConnectionInput = {
  id: '',
  name: '',
  organisation: { contactEmail: '', language: 'nl', billing: { xmlInvoices: false } },
  deliveryAddresses: [],
  callUpParams: DEFAULT_CALL_UP_PARAMS,
  extraFields: [],
  hookAllowlist: [],
  allowLoopbackHooks: false,
  buyerOrigins: [],
  cart: { unit: 'EA', categories: {} },
  orderChannel: { kind: 'none' },
  currency: 'EUR',
  vatPercent: 21,
  contractRates: [],
  defaultLanguage: 'nl',
};

const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
const lines = (value: string) => value.split(/[\n,]/).map((v) => v.trim()).filter(Boolean);
const perLine = (value: string) => value.split('\n').map((v) => v.trim()).filter(Boolean);
const euros = (cents: number | undefined) => (cents === undefined ? '' : (cents / 100).toFixed(2));
const cents = (value: string) => Math.round(Number(value.replace(',', '.')) * 100);

function input(name: string, label: string, value: string | number | undefined, attrs: Record<string, unknown> = {}): HTMLElement {
  const id = `f-${name}`;
  return (
    <div class="form-field">
      <label htmlFor={id}>{label}</label>
      <input id={id} name={name} value={value === undefined ? '' : String(value)} {...attrs} />
    </div>
  ) as HTMLElement;
}

function select(name: string, label: string, value: string, options: { value: string; label: string }[]): HTMLElement {
  const id = `f-${name}`;
  return (
    <div class="form-field">
      <label htmlFor={id}>{label}</label>
      <select id={id} name={name}>
        {options.map((o) => (
          <option value={o.value} selected={o.value === value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  ) as HTMLElement;
}

function checkbox(name: string, label: string, checked: boolean): HTMLElement {
  return (
    <div class="form-field check">
      <label>
        <input type="checkbox" id={`f-${name}`} name={name} checked={checked} /> {label}
      </label>
    </div>
  ) as HTMLElement;
}

function textarea(name: string, label: string, value: string, hint?: string): HTMLElement {
  const id = `f-${name}`;
  return (
    <div class="form-field wide">
      <label htmlFor={id}>{label}</label>
      <textarea id={id} name={name} rows={3}>
        {value}
      </textarea>
      {hint ? <p class="muted small">{hint}</p> : ''}
    </div>
  ) as HTMLElement;
}

/** A table of repeatable rows (delivery addresses, extra fields, rates) with Add and Remove. */
function rows<T>(options: { name: string; head: string[]; items: T[]; blank: T; row: (item: T) => HTMLElement[]; addLabel: string }) {
  const body = (<tbody />) as HTMLElement;
  const add = (item: T) => {
    const remove = (
      <button type="button" class="button secondary small" data-action="remove-row">
        Remove
      </button>
    ) as HTMLButtonElement;
    const tr = (
      <tr data-row={options.name}>
        {options.row(item).map((cell) => (
          <td>{cell}</td>
        ))}
        <td>{remove}</td>
      </tr>
    ) as HTMLElement;
    remove.addEventListener('click', () => tr.remove());
    body.append(tr);
  };
  options.items.forEach(add);
  const addButton = (
    <button type="button" class="button secondary small" data-action={`add-${options.name}`}>
      {options.addLabel}
    </button>
  ) as HTMLButtonElement;
  addButton.addEventListener('click', () => add(structuredClone(options.blank)));
  return (
    <div class="rows">
      <div class="table-scroll" tabIndex={0}>
        <table class="queue-table form-table" data-rows={options.name}>
          <thead>
            <tr>
              {options.head.map((h) => (
                <th scope="col">{h}</th>
              ))}
              <th scope="col" />
            </tr>
          </thead>
          {body}
        </table>
      </div>
      {addButton}
    </div>
  ) as HTMLElement;
}

const cell = (name: string, value: string | number | undefined, attrs: Record<string, unknown> = {}) =>
  (<input name={name} value={value === undefined ? '' : String(value)} aria-label={name} {...attrs} />) as HTMLElement;
const cellSelect = (name: string, value: string, options: { value: string; label: string }[]) =>
  (
    <select name={name} aria-label={name}>
      {options.map((o) => (
        <option value={o.value} selected={o.value === value}>
          {o.label}
        </option>
      ))}
    </select>
  ) as HTMLElement;
const cellCheck = (name: string, checked: boolean) => (<input type="checkbox" name={name} checked={checked} aria-label={name} />) as HTMLElement;

/**
 * ConnectionId's shape (punchout/connection-schema.ts) as an HTML pattern: browsers compile it with the v flag,
 * where a bare `-` in a class is a syntax error, so it is escaped.
 */
const ID_PATTERN = '[a-z0-9][a-z0-9._\\-]{0,63}';

/** Where the form shows a value the API names by its path (`organisation.billing.invoiceAddress`, `contractRates.0.vehicleTypeId`). */
function controlFor(form: HTMLFormElement, path: string): HTMLElement | null {
  const cxmlId = cxmlControlId(path);
  if (cxmlId) return form.querySelector<HTMLElement>(`#${CSS.escape(cxmlId)}`);
  const parts = path.split('.');
  const rowKinds: Record<string, string> = { deliveryAddresses: 'address', extraFields: 'extra', contractRates: 'rate' };
  const rowNames: Record<string, string> = { 'label.en': 'labelEn', 'label.nl': 'labelNl', 'rates.day': 'day', 'rates.week': 'week', 'rates.month': 'month', id: 'id' };
  if (rowKinds[parts[0]]) {
    const row = form.querySelectorAll<HTMLElement>(`tr[data-row="${rowKinds[parts[0]]}"]`)[Number(parts[1])];
    const rest = parts.slice(2).join('.');
    const name = parts[0] === 'contractRates' && rest === 'id' ? 'kind' : (rowNames[rest] ?? parts[2]);
    return (name && row?.querySelector<HTMLElement>(`[name="${CSS.escape(name)}"]`)) || row || null;
  }
  if (parts[0] === 'cart' && parts[1] === 'categories' && parts[2]) {
    const row = form.querySelector<HTMLElement>(`tr[data-category="${CSS.escape(parts[2])}"]`);
    return (parts[3] && row?.querySelector<HTMLElement>(`[name="${CSS.escape(parts[3])}"]`)) || row;
  }
  const byPath: Record<string, string> = { 'organisation.language': 'orgLanguage', 'orderChannel.kind': 'orderKind', 'orderChannel.address': 'orderEmail', 'orderChannel.confirmations': 'confirmations' };
  const id = byPath[path] ?? (parts[0] === 'callUpParams' && parts[1] ? `param-${parts[1]}` : parts[parts.length - 1]);
  return form.querySelector<HTMLElement>(`#f-${CSS.escape(id)}`);
}

const custFieldOptions = (none: string) => [{ value: '', label: none }, ...CUST_FIELDS.map((n) => ({ value: String(n), label: `CUST_FIELD${n}` }))];

/**
 * The form; `existing` edits (with its version: a 409 means someone else saved meanwhile), else creates.
 * `done` is called with the saved connection's id.
 */
export function connectionFormView(boot: OpsBoot, existing: ConnectionView | undefined, go: (hash: string) => void): View {
  const c: ConnectionInput = existing ? (structuredClone(existing) as unknown as ConnectionInput) : structuredClone(blank);
  const o = c.organisation;
  const message = (<p class="notice error" role="alert" hidden />) as HTMLElement;
  const typeOptions = boot.vehicleTypes.map((t) => ({ value: t.id, label: `${t.name} (${t.id})` }));

  const addresses = rows<DeliveryAddress>({
    name: 'address',
    head: ['Id', 'Name', 'Address', 'Location code', 'Customer number'],
    items: c.deliveryAddresses,
    blank: { id: '', label: '', address: '', locationCode: '' },
    addLabel: 'Add a delivery address',
    row: (a) => [cell('id', a.id, { placeholder: 'rotterdam-hq' }), cell('label', a.label), cell('address', a.address), cell('locationCode', a.locationCode), cell('customerNumber', a.customerNumber)],
  });
  const extras = rows<ExtraField>({
    name: 'extra',
    head: ['Parameter', 'Key', 'Label (en)', 'Label (nl)', 'Required', 'Max. length', 'In the cart'],
    items: c.extraFields,
    blank: { param: '', key: '', label: { en: '', nl: '' }, required: false, maxLength: 35 },
    addLabel: 'Add an extra field',
    row: (f) => [
      cell('param', f.param, { placeholder: 'oci_ponumber' }),
      cell('key', f.key, { placeholder: 'poNumber' }),
      cell('labelEn', f.label.en),
      cell('labelNl', f.label.nl),
      cellCheck('required', f.required),
      cell('maxLength', f.maxLength, { type: 'number', min: 1, max: 255 }),
      cellSelect('custField', f.custField ? String(f.custField) : '', custFieldOptions('long text only')),
    ],
  });
  const categoryTable = (
    <div class="table-scroll" tabIndex={0}>
      <table class="queue-table form-table" data-rows="category">
        <thead>
          <tr>
            <th scope="col">Category</th>
            <th scope="col">MATGROUP</th>
            <th scope="col">Schema</th>
            <th scope="col">Code</th>
            <th scope="col">Name</th>
          </tr>
        </thead>
        <tbody>
          {CATEGORIES.map((category) => {
            const coding: Partial<CategoryCoding> = c.cart.categories[category] ?? {};
            return (
              <tr data-category={category}>
                <th scope="row">{category}</th>
                <td>{cell('matGroup', coding.matGroup)}</td>
                <td>{cell('schemaType', coding.schemaType, { placeholder: 'UNSPSC' })}</td>
                <td>{cell('categoryId', coding.categoryId, { placeholder: '78111808' })}</td>
                <td>{cell('categoryName', coding.categoryName, { placeholder: 'Vehicle rental' })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  ) as HTMLElement;
  const rates = rows<ContractRate>({
    name: 'rate',
    head: ['Kind', 'Discount %', 'Vehicle type', 'Day €', 'Week €', 'Month €', 'Valid from', 'Valid to'],
    items: c.contractRates,
    blank: { id: '', kind: 'discount', percent: 0, validFrom: new Date().toISOString().slice(0, 10) },
    addLabel: 'Add a contract rate',
    row: (r) => {
      const id = (<input type="hidden" name="rateId" value={r.id} />) as HTMLElement;
      return [
        <span>
          {id}
          {cellSelect('kind', r.kind, [
            { value: 'discount', label: 'discount' },
            { value: 'card', label: 'rate card' },
          ])}
        </span>,
        cell('percent', r.kind === 'discount' ? r.percent : '', { type: 'number', min: 0, max: 100, step: '0.1' }),
        cellSelect('vehicleTypeId', r.kind === 'card' ? r.vehicleTypeId : '', [{ value: '', label: '—' }, ...typeOptions]),
        cell('day', r.kind === 'card' ? euros(r.rates.day) : '', { inputMode: 'decimal' }),
        cell('week', r.kind === 'card' ? euros(r.rates.week) : '', { inputMode: 'decimal' }),
        cell('month', r.kind === 'card' ? euros(r.rates.month) : '', { inputMode: 'decimal' }),
        cell('validFrom', r.validFrom, { type: 'date' }),
        cell('validTo', r.validTo, { type: 'date' }),
      ] as HTMLElement[];
    },
  });
  const channel = c.orderChannel;
  // Storing a secret saves the connection: this form then saves on top of that version.
  const cxml = cxmlPart(existing, (version) => existing && (existing.version = version));

  const form = (
    <form class="connection-form" noValidate>
      <fieldset>
        <legend>Organisation</legend>
        {input('id', 'Connection id (lower-case letters, digits, . _ -; fixed once made)', c.id, { required: true, readOnly: !!existing, maxLength: 64, pattern: ID_PATTERN })}
        {input('name', 'Name', c.name, { required: true })}
        {input('debtorNumber', 'Debtor number', o.debtorNumber)}
        {input('cocNumber', 'Chamber of Commerce number', o.cocNumber)}
        {input('contactName', 'Contact person', o.contactName)}
        {input('contactEmail', 'Contact e-mail', o.contactEmail, { type: 'email', required: true })}
        {select('orgLanguage', 'Language of the organisation (sheet, e-mails)', o.language, [
          { value: 'nl', label: 'Nederlands' },
          { value: 'en', label: 'English' },
        ])}
        {select('defaultLanguage', 'Requesters’ language when the call-up names none', c.defaultLanguage, [
          { value: 'nl', label: 'Nederlands' },
          { value: 'en', label: 'English' },
        ])}
        {textarea('invoiceAddress', 'Invoice address', o.billing.invoiceAddress ?? '')}
        {input('vatNumber', 'VAT number', o.billing.vatNumber)}
        {input('invoiceEmail', 'Invoice e-mail', o.billing.invoiceEmail, { type: 'email' })}
        {checkbox('xmlInvoices', 'Invoices wanted as XML', o.billing.xmlInvoices)}
      </fieldset>
      <fieldset>
        <legend>Delivery addresses</legend>
        <p class="muted small">Each address's location code goes back in the cart (long text and the CUST_FIELD chosen under Cart). A login can be bound to one address.</p>
        {addresses}
      </fieldset>
      <fieldset>
        <legend>Call-up parameter names</legend>
        <p class="muted small">Which call-up fields carry what, matched case-insensitively; several names separated by commas.</p>
        {PARAM_KEYS.map(({ key, label }) => input(`param-${key}`, label, c.callUpParams[key].join(', ')))}
      </fieldset>
      <fieldset>
        <legend>Extra fields</legend>
        {extras}
      </fieldset>
      <fieldset>
        <legend>HOOK_URL and framing</legend>
        {textarea('hookAllowlist', 'Allowed HOOK_URL prefixes (one per line; whole path segments; SAPEVENT:POST for SAP GUI)', c.hookAllowlist.join('\n'))}
        {checkbox('allowLoopbackHooks', 'Accept a HOOK_URL on localhost (local stack only)', c.allowLoopbackHooks)}
        {textarea('buyerOrigins', 'Origins that may frame the catalog (one per line, e.g. https://srm.buyer.example)', c.buyerOrigins.join('\n'))}
      </fieldset>
      <fieldset>
        <legend>Cart</legend>
        {input('vendorNumber', 'Our supplier number (VENDOR)', c.cart.vendorNumber)}
        {select('unit', 'Unit', c.cart.unit, [
          { value: 'EA', label: 'EA: quantity 1, price of the whole rental' },
          { value: 'DAY', label: 'DAY: quantity = days, price per day' },
        ])}
        {input('matGroup', 'Default MATGROUP', c.cart.matGroup)}
        {select('charset', 'Charset when the call-up names none', c.cart.charset ?? '', [{ value: '', label: 'UTF-8 (default)' }, ...CHARSETS.map((v) => ({ value: v, label: v }))])}
        {select('deliveryCustField', 'Location code of the delivery address in', c.cart.deliveryCustField ? String(c.cart.deliveryCustField) : '', custFieldOptions('long text only'))}
        <p class="muted small wide">Per vehicle category, the buyer's general-ledger or commodity coding (leave a row empty for none):</p>
        {categoryTable}
      </fieldset>
      <fieldset>
        <legend>Orders</legend>
        {select('orderKind', 'How the buyer places orders', channel.kind, [
          { value: 'none', label: 'not agreed yet' },
          { value: 'cxml', label: 'cXML over HTTPS (our order URL; shared secret made on the connection page)' },
          { value: 'email', label: 'e-mail (PDF purchase orders)' },
        ])}
        {input('orderEmail', 'Address where the PDF orders arrive', channel.kind === 'email' ? channel.address : '', { type: 'email' })}
        {checkbox('confirmations', 'Send order confirmations back', channel.kind !== 'none' && channel.confirmations)}
      </fieldset>
      {cxml.element}
      <fieldset>
        <legend>Prices</legend>
        {input('currency', 'Currency', c.currency, { maxLength: 3 })}
        {input('vatPercent', 'VAT %', c.vatPercent, { type: 'number', min: 0, max: 100, step: '0.1' })}
        <p class="muted small wide">Contract rates: a discount on the list price or a rate card per vehicle type; the one valid on the pick-up date applies to the whole rental.</p>
        {rates}
      </fieldset>
      {message}
      <p class="actions">
        <button type="submit" class="button" data-action="save">
          {existing ? 'Save changes' : 'Create connection'}
        </button>{' '}
        <a class="button secondary" href={existing ? `#/connections/${encodeURIComponent(existing.id)}` : '#/connections'}>
          Cancel
        </a>
      </p>
    </form>
  ) as HTMLFormElement;

  // By id: row cells reuse names (an address's `id`, a category's `matGroup`).
  const field = (name: string) => form.querySelector<HTMLInputElement>(`#f-${name}`);
  const value = (name: string) => field(name)?.value ?? '';
  const checked = (name: string) => field(name)?.checked ?? false;
  const rowValues = (kind: string) =>
    [...form.querySelectorAll<HTMLElement>(`tr[data-row="${kind}"]`)].map((tr) => {
      const get = (name: string) => tr.querySelector<HTMLInputElement>(`[name="${name}"]`)!;
      return { v: (name: string) => get(name).value, on: (name: string) => get(name).checked };
    });

  function collect(): ConnectionInput {
    const orderKind = value('orderKind');
    const categories: ConnectionInput['cart']['categories'] = {};
    for (const tr of form.querySelectorAll<HTMLElement>('tr[data-category]')) {
      const get = (name: string) => tr.querySelector<HTMLInputElement>(`[name="${name}"]`)!.value.trim();
      if (!get('schemaType') && !get('categoryId') && !get('categoryName') && !get('matGroup')) continue;
      categories[tr.dataset.category as (typeof CATEGORIES)[number]] = {
        matGroup: optional(get('matGroup')),
        schemaType: get('schemaType'),
        categoryId: get('categoryId'),
        categoryName: get('categoryName'),
      };
    }
    return {
      id: value('id').trim(),
      name: value('name').trim(),
      organisation: {
        debtorNumber: optional(value('debtorNumber')),
        cocNumber: optional(value('cocNumber')),
        contactName: optional(value('contactName')),
        contactEmail: value('contactEmail').trim(),
        language: value('orgLanguage') as 'en' | 'nl',
        billing: {
          invoiceAddress: optional(value('invoiceAddress')),
          vatNumber: optional(value('vatNumber')),
          invoiceEmail: optional(value('invoiceEmail')),
          xmlInvoices: checked('xmlInvoices'),
        },
      },
      deliveryAddresses: rowValues('address').map(({ v }) => ({
        id: v('id').trim(),
        label: v('label').trim(),
        address: v('address').trim(),
        locationCode: v('locationCode').trim(),
        customerNumber: optional(v('customerNumber')),
      })),
      callUpParams: Object.fromEntries(PARAM_KEYS.map(({ key }) => [key, lines(value(`param-${key}`))])) as unknown as CallUpParamNames,
      extraFields: rowValues('extra').map(({ v, on }) => ({
        param: v('param').trim(),
        key: v('key').trim(),
        label: { en: v('labelEn').trim(), nl: v('labelNl').trim() },
        required: on('required'),
        maxLength: Number(v('maxLength')),
        ...(v('custField') ? { custField: Number(v('custField')) as ExtraField['custField'] } : {}),
      })),
      hookAllowlist: perLine(value('hookAllowlist')),
      allowLoopbackHooks: checked('allowLoopbackHooks'),
      buyerOrigins: perLine(value('buyerOrigins')),
      cart: {
        vendorNumber: optional(value('vendorNumber')),
        unit: value('unit') as 'EA' | 'DAY',
        matGroup: optional(value('matGroup')),
        categories,
        ...(value('charset') ? { charset: value('charset') as (typeof CHARSETS)[number] } : {}),
        ...(value('deliveryCustField') ? { deliveryCustField: Number(value('deliveryCustField')) as 1 } : {}),
      },
      orderChannel:
        orderKind === 'email'
          ? { kind: 'email', address: value('orderEmail').trim(), confirmations: checked('confirmations') }
          : orderKind === 'cxml'
            ? { kind: 'cxml', confirmations: checked('confirmations'), ...(cxml.confirmationUrl() ? { confirmationUrl: cxml.confirmationUrl() } : {}) }
            : { kind: 'none' },
      ...(cxml.settings() ? { cxml: cxml.settings() } : {}),
      currency: value('currency').trim().toUpperCase(),
      vatPercent: Number(value('vatPercent')),
      contractRates: rowValues('rate').map(({ v }, i): ContractRate => {
        const common = { id: v('rateId') || `rate-${Date.now().toString(36)}-${i}`, validFrom: v('validFrom'), ...(v('validTo') ? { validTo: v('validTo') } : {}) };
        return v('kind') === 'card'
          ? { ...common, kind: 'card', vehicleTypeId: v('vehicleTypeId'), rates: { day: cents(v('day')), week: cents(v('week')), month: cents(v('month')) } }
          : { ...common, kind: 'discount', percent: Number(v('percent')) };
      }),
      defaultLanguage: value('defaultLanguage') as 'en' | 'nl',
    };
  }

  /** The API's refusal next to the field it names, when the form has it; the full path stays in the message above. */
  function markField(path: string, text: string): void {
    const control = controlFor(form, path);
    if (!control) return;
    control.setAttribute('aria-invalid', 'true');
    const note = (<p class="field-error" id="field-error" data-field-error={path}>{text}</p>) as HTMLElement;
    const holder = control.closest('td, th, .form-field');
    if (holder && holder !== control) holder.append(note);
    else control.after(note);
    control.setAttribute('aria-describedby', 'field-error');
    control.focus?.({ preventScroll: true });
    note.scrollIntoView({ block: 'center' });
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.hidden = true;
    for (const note of form.querySelectorAll('.field-error')) note.remove();
    for (const marked of form.querySelectorAll('[aria-invalid]')) {
      marked.removeAttribute('aria-invalid');
      marked.removeAttribute('aria-describedby');
    }
    const body = collect();
    try {
      if (existing) {
        await api.post(`/admin/connections/${encodeURIComponent(existing.id)}`, { ...body, version: existing.version });
        go(`#/connections/${encodeURIComponent(existing.id)}?saved=1`);
      } else {
        await api.post('/admin/connections', body);
        go(`#/connections/${encodeURIComponent(body.id)}?created=1`);
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      message.hidden = false;
      if (error.status === 409 && existing && error.refusal.error === 'changed') {
        const reload = (
          <button type="button" class="button secondary small" data-action="reload">
            Reload the connection
          </button>
        ) as HTMLButtonElement;
        reload.addEventListener('click', () => location.reload());
        message.replaceChildren(`Someone else changed this connection while you were editing it, so your changes were not saved. Reload to see their version, then make your changes again. `, reload);
        message.dataset.conflict = 'true';
      } else {
        const path = error.refusal.field;
        message.textContent = path ? `${error.message} (field: ${path})` : error.message;
        message.scrollIntoView({ block: 'center' });
        if (path) markField(path, error.message);
        return;
      }
      message.scrollIntoView({ block: 'center' });
    }
  });

  document.body.dataset.ready = 'true';
  const element = (
    <section aria-labelledby="connection-form-title">
      <h1 id="connection-form-title">{existing ? `Edit ${existing.name}` : 'New connection'}</h1>
      {existing ? <p class="muted">Version {existing.version}; saving checks that nobody saved in between.</p> : <p class="muted">A new connection starts in test mode: its requests are marked as tests and hold no vehicle until you switch it to live.</p>}
      {form}
    </section>
  ) as HTMLElement;
  return { element, dispose: () => undefined };
}

/** The edit form, once the connection (and its version) is read. */
export function editConnectionView(boot: OpsBoot, id: string, go: (hash: string) => void): View {
  const element = (<div class="connection-edit" />) as HTMLElement;
  void (async () => {
    try {
      const { connection } = await api.get<{ connection: ConnectionView }>(`/admin/connections/${encodeURIComponent(id)}`);
      element.replaceChildren(connectionFormView(boot, connection, go).element);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      element.replaceChildren(<p class="notice error">{error.message}</p>);
      document.body.dataset.ready = 'true';
    }
  })();
  return { element, dispose: () => undefined };
}
