/** One connection (admins): its state, the test checklist, logins, health, payload search and audit. */
import type { OpsBoot } from '../../functions/operations/api';
import type { ConnectionChecklist } from '../../functions/operations/connection-support';
import type { AuditEntry } from '../../functions/store/audit';
import { api, ApiError } from './api';
import { healthCard, payloadSearch } from './connection-support';
import type { ConnectionDetail, ConnectionView as Connection, LoginView } from './connections';
import { at } from './format';
import type { View } from './queue';

const path = (id: string, rest = '') => `/admin/connections/${encodeURIComponent(id)}${rest}`;
/** The sheet, with a fresh password passed in the fragment: the browser never sends it to the server. */
const sheetUrl = (id: string, lang: string, login?: { username: string; password: string }) =>
  `/ops/admin/connections/${encodeURIComponent(id)}/sheet?lang=${lang}${login ? `#${new URLSearchParams({ login: login.username, password: login.password })}` : ''}`;

/** Values up to this many characters show inline; longer ones fold into a <details>. */
const INLINE = 80;

/** An audit value readably: short ones inline, long ones (a list, an address) folded, whole and wrapped. */
function shown(value: unknown): HTMLElement | string {
  if (value === undefined) return '—';
  if (typeof value === 'string' && value.length <= INLINE) return value;
  const inline = JSON.stringify(value);
  if (inline.length <= INLINE) return inline;
  const summary = Array.isArray(value) ? `${value.length} item${value.length === 1 ? '' : 's'}` : typeof value === 'string' ? `${value.slice(0, 40)}…` : 'details';
  return (
    <details class="audit-value">
      <summary>{summary}</summary>
      <pre>{typeof value === 'string' ? value : JSON.stringify(value, null, 2)}</pre>
    </details>
  ) as HTMLElement;
}

/** A password shown once, with a copy button and the sheet that carries it; after a rotation, until when the old one works. */
function oneTimePassword(connection: Connection, username: string, password: string, previousValidUntil?: string): HTMLElement {
  const copy = (
    <button type="button" class="button small" data-action="copy-password">
      Copy password
    </button>
  ) as HTMLButtonElement;
  copy.addEventListener('click', async () => {
    await navigator.clipboard?.writeText(password).catch(() => undefined);
    copy.textContent = 'Copied';
  });
  return (
    <div class="notice ok one-time" role="status" data-username={username}>
      <p>
        <strong>Password for {username}:</strong> <code class="password" data-password>{password}</code> {copy}
      </p>
      <p>
        <strong>This password is shown only now and is not shown again.</strong> Copy it, or open the sheet now (it fills the password in for this
        once) and send it to the buyer’s administrator.
      </p>
      {previousValidUntil && Date.parse(previousValidUntil) > Date.now() ? (
        <p data-previous-valid-until={previousValidUntil}>
          The old password works until <strong>{at(previousValidUntil)}</strong>: the buyer switches to the new one before then.
        </p>
      ) : (
        ''
      )}
      <p>
        <a class="button secondary small" data-action="sheet-with-password" href={sheetUrl(connection.id, connection.organisation.language, { username, password })} target="_blank" rel="noopener noreferrer">
          Open the sheet with this login
        </a>
      </p>
    </div>
  ) as HTMLElement;
}

export function connectionDetailView(boot: OpsBoot, id: string, params: URLSearchParams): View {
  const element = (<section class="connection-detail" aria-labelledby="connection-title" />) as HTMLElement;
  const message = (<p class="notice" aria-live="polite" hidden />) as HTMLElement;
  const secret = (<div class="secret" />) as HTMLElement;
  const zoneToday = new Date().toLocaleDateString('en-CA', { timeZone: boot.timeZone });

  const say = (text: string, error = true) => {
    message.hidden = false;
    message.className = `notice ${error ? 'error' : 'ok'}`;
    message.textContent = text;
  };
  async function act(run: () => Promise<unknown>): Promise<void> {
    try {
      await run();
      await load();
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      say(error.status === 409 ? `${error.message} Reload the page to see the current version.` : error.message);
    }
  }

  function stateActions(c: Connection): HTMLElement {
    const button = (label: string, action: string, confirmText?: string, danger = false) => {
      const b = (
        <button type="button" class={`button small ${danger ? 'danger' : 'secondary'}`} data-action={action}>
          {label}
        </button>
      ) as HTMLButtonElement;
      b.addEventListener('click', () => {
        if (confirmText && !confirm(confirmText)) return;
        void act(() => api.post(path(c.id, `/${action}`), { version: c.version }));
      });
      return b;
    };
    return (
      <p class="actions">
        <a class="button small" href={`#/connections/${encodeURIComponent(c.id)}/edit`} data-action="edit">
          Edit
        </a>{' '}
        {c.status === 'test'
          ? button('Go live', 'go-live', `Switch ${c.name} to live? Its requests then hold real vehicles and reach the queue.`)
          : button('Back to test mode', 'back-to-test', `Switch ${c.name} back to test mode? Its new requests are then marked as tests and hold no vehicle.`)}{' '}
        {c.active ? button('Disable', 'disable', `Disable ${c.name}? Every call-up is then refused with a page naming whom to ask.`, true) : button('Enable', 'enable')}{' '}
        <a class="button secondary small" href={sheetUrl(c.id, 'en')} target="_blank" rel="noopener" data-action="sheet-en">
          Sheet (English)
        </a>{' '}
        <a class="button secondary small" href={sheetUrl(c.id, 'nl')} target="_blank" rel="noopener" data-action="sheet-nl">
          Sheet (Nederlands)
        </a>
      </p>
    ) as HTMLElement;
  }

  async function checklistCard(c: Connection): Promise<HTMLElement> {
    const list = await api.get<ConnectionChecklist>(path(c.id, '/checklist'));
    return (
      <section class="card checklist" aria-labelledby="checklist-title">
        <h2 id="checklist-title">First round trip {c.status === 'test' ? '(test mode)' : ''}</h2>
        <ol>
          {list.steps.map((s) => (
            <li data-step={s.step} data-done={String(s.done)} class={s.done ? 'done' : ''}>
              <span aria-hidden="true">{s.done ? '✔ ' : '○ '}</span>
              {s.label}: {s.done ? at(s.at!) : s.step === 'order' ? 'no order yet' : 'not yet'}
              {s.requestId ? (
                <span>
                  {' '}
                  <a href={`#/requests/${encodeURIComponent(s.requestId)}`}>{s.requestId}</a>
                </span>
              ) : (
                ''
              )}
            </li>
          ))}
        </ol>
        <p class="muted small">Filled in from the payload log. Going live is one switch above, recorded in the audit.</p>
      </section>
    ) as HTMLElement;
  }

  function loginsCard(c: Connection, logins: LoginView[]): HTMLElement {
    const address = (
      <select name="deliveryAddressId" aria-label="Bound to delivery address">
        <option value="">any delivery address</option>
        {c.deliveryAddresses.map((a) => (
          <option value={a.id}>
            {a.label} ({a.locationCode})
          </option>
        ))}
      </select>
    ) as HTMLSelectElement;
    const label = (<input name="loginLabel" maxLength={100} placeholder="Label (optional)" aria-label="Label" />) as HTMLInputElement;
    // A suggestion: the connection and the address it is bound to; usernames are unique across connections.
    const suggest = () => `${c.id}-${address.value || (logins.length ? logins.length + 1 : 'buyer')}`.toLowerCase().slice(0, 64);
    const username = (<input name="username" required maxLength={64} pattern="[a-z0-9][a-z0-9._@\-]{2,63}" value={suggest()} aria-label="User name" />) as HTMLInputElement;
    let typed = false;
    username.addEventListener('input', () => (typed = true));
    address.addEventListener('change', () => {
      if (!typed) username.value = suggest();
    });
    const create = (
      <form class="filters add-login">
        {username}
        {address}
        {label}
        <button type="submit" class="button small" data-action="create-login">
          Make a login
        </button>
      </form>
    ) as HTMLFormElement;
    create.addEventListener('submit', (event) => {
      event.preventDefault();
      void act(async () => {
        const made = await api.post<{ login: LoginView; password: string }>(path(c.id, '/logins'), {
          username: username.value.trim().toLowerCase(),
          ...(address.value ? { deliveryAddressId: address.value } : {}),
          ...(label.value.trim() ? { label: label.value.trim() } : {}),
        });
        secret.replaceChildren(oneTimePassword(c, made.login.username, made.password));
      });
    });
    const row = (l: LoginView) => {
      const overlap = (<input type="number" name="overlapHours" min={0} max={720} value="24" aria-label={`Overlap in hours for ${l.username}`} class="narrow" />) as HTMLInputElement;
      const rotate = (
        <button type="button" class="button secondary small" data-action="rotate">
          Rotate
        </button>
      ) as HTMLButtonElement;
      rotate.addEventListener('click', () =>
        act(async () => {
          const { login, password } = await api.post<{ login: LoginView; password: string }>(path(c.id, `/logins/${encodeURIComponent(l.username)}/rotate`), {
            overlapHours: Number(overlap.value),
          });
          secret.replaceChildren(oneTimePassword(c, l.username, password, login.previousValidUntil));
        }),
      );
      const remove = (
        <button type="button" class="button danger small" data-action="remove-login">
          Remove
        </button>
      ) as HTMLButtonElement;
      remove.addEventListener('click', () => {
        if (confirm(`Remove the login ${l.username}? Call-ups with it are refused from now on.`)) void act(() => api.post(path(c.id, `/logins/${encodeURIComponent(l.username)}/remove`)));
      });
      return (
        <tr data-username={l.username}>
          <td>
            <code>{l.username}</code>
          </td>
          <td>{l.label ?? ''}</td>
          <td>{c.deliveryAddresses.find((a) => a.id === l.deliveryAddressId)?.label ?? (l.deliveryAddressId ? l.deliveryAddressId : 'any')}</td>
          <td>{at(l.createdAt)}</td>
          <td>{l.rotatedAt ? at(l.rotatedAt) : ''}{l.previousValidUntil && Date.parse(l.previousValidUntil) > Date.now() ? ` (old password valid until ${at(l.previousValidUntil)})` : ''}</td>
          <td>
            {overlap} h {rotate} {remove}
          </td>
        </tr>
      ) as HTMLElement;
    };
    return (
      <section class="card logins" aria-labelledby="logins-title">
        <h2 id="logins-title">Logins</h2>
        <p class="muted small">Passwords are generated, shown once and stored only as a hash. Rotating keeps the old password valid for the overlap you choose, so the buyer switches without downtime.</p>
        <div class="table-scroll" tabIndex={0}>
          <table class="queue-table">
            <thead>
              <tr>
                <th scope="col">User name</th>
                <th scope="col">Label</th>
                <th scope="col">Delivery address</th>
                <th scope="col">Made</th>
                <th scope="col">Rotated</th>
                <th scope="col">Rotate (overlap) / remove</th>
              </tr>
            </thead>
            <tbody>{logins.map(row)}</tbody>
          </table>
        </div>
        {create}
      </section>
    ) as HTMLElement;
  }

  function orderSecretButton(c: Connection): HTMLElement | string {
    if (c.orderChannel.kind !== 'cxml') return '';
    const b = (
      <button type="button" class="button secondary small" data-action="order-secret">
        {c.orderChannel.sharedSecretSet ? 'Make a new cXML shared secret' : 'Make the cXML shared secret'}
      </button>
    ) as HTMLButtonElement;
    b.addEventListener('click', () =>
      act(async () => {
        const { sharedSecret } = await api.post<{ sharedSecret: string }>(path(c.id, '/order-secret'));
        secret.replaceChildren(
          <div class="notice ok one-time" role="status">
            <p>
              <strong>cXML shared secret:</strong> <code data-shared-secret>{sharedSecret}</code>
            </p>
            <p>
              <strong>Shown only now and not shown again.</strong> Give it to the buyer’s administrator out of band.
            </p>
          </div>,
        );
      }),
    );
    return b;
  }

  function auditCard(entries: AuditEntry[]): HTMLElement {
    return (
      <section class="card audit" aria-labelledby="audit-title">
        <h2 id="audit-title">Changes</h2>
        <ol class="history">
          {entries.map((e) => (
            <li data-action={e.action}>
              <strong>{at(e.at)}</strong> · {e.actor.name} ({e.actor.email}) · {e.action}
              {e.changes.length ? (
                <ul>
                  {e.changes.map((ch) => (
                    <li data-field={ch.field}>
                      <code>{ch.field}</code>: {shown(ch.from)} → {shown(ch.to)}
                    </li>
                  ))}
                </ul>
              ) : (
                ''
              )}
            </li>
          ))}
        </ol>
        {entries.length ? '' : <p class="muted">No changes recorded.</p>}
      </section>
    ) as HTMLElement;
  }

  function facts(c: Connection): HTMLElement {
    const rate = c.contractRates.map((r) => (r.kind === 'discount' ? `${r.percent}% off` : `rate card for ${r.vehicleTypeId}`) + ` from ${r.validFrom}${r.validTo ? ` to ${r.validTo}` : ''}`);
    return (
      <dl class="facts">
        <dt>Contact</dt>
        <dd>
          {c.organisation.contactName ?? ''} {c.organisation.contactEmail}
        </dd>
        <dt>Delivery addresses</dt>
        <dd>{c.deliveryAddresses.map((a) => `${a.label} (${a.locationCode}${a.customerNumber ? `, customer ${a.customerNumber}` : ''})`).join('; ') || 'none'}</dd>
        <dt>HOOK_URL prefixes</dt>
        <dd>{c.hookAllowlist.join(' · ') || 'none'}</dd>
        <dt>Orders</dt>
        <dd>{c.orderChannel.kind === 'email' ? `by e-mail to ${c.orderChannel.address}` : c.orderChannel.kind === 'cxml' ? 'cXML' : 'not agreed yet'}</dd>
        <dt>Contract rates</dt>
        <dd data-contract-rates>{rate.join('; ') || 'list prices'}</dd>
        <dt>Version</dt>
        <dd>
          {c.version}, changed {at(c.updatedAt)}
        </dd>
      </dl>
    ) as HTMLElement;
  }

  async function load(): Promise<void> {
    document.body.dataset.ready = 'false';
    try {
      const [{ connection: c, logins }, { entries }] = await Promise.all([
        api.get<ConnectionDetail>(path(id)),
        api.get<{ entries: AuditEntry[] }>(path(id, '/audit')),
      ]);
      element.dataset.status = c.status;
      element.dataset.active = String(c.active);
      element.replaceChildren(
        <p>
          <a href="#/connections">← Connections</a>
        </p>,
        <h1 id="connection-title">
          {c.name} <span class={`badge ${c.status === 'test' ? 'pending' : 'confirmed'}`}>{c.status}</span>
          {c.active ? '' : <span class="badge danger">disabled</span>}
        </h1>,
        stateActions(c),
        message,
        secret,
        <div class="detail-grid">
          <section class="card">
            <h2>Set-up</h2>
            {facts(c)}
            {orderSecretButton(c)}
          </section>
          {await checklistCard(c)}
        </div>,
        loginsCard(c, logins),
        <div class="detail-grid">
          {healthCard(c.id)}
          {auditCard(entries)}
        </div>,
        payloadSearch(c.id, zoneToday),
      );
      document.body.dataset.ready = 'true';
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      element.replaceChildren(<p class="notice error">{error.message}</p>, <a href="#/connections">← Connections</a>);
      document.body.dataset.ready = 'true';
    }
  }

  if (params.get('created')) say('Connection created, in test mode. Make a login for it below, then send the buyer the sheet.', false);
  if (params.get('saved')) say('Saved.', false);
  // Shown once: a reload (or a bookmark) of this address must not say it again.
  if (params.has('saved') || params.has('created')) history.replaceState(history.state, '', `#/connections/${encodeURIComponent(id)}`);
  void load();
  return { element, dispose: () => undefined };
}
