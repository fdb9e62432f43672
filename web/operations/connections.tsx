/** Connections (admins): every buying organisation's punch-out set-up, with its mode and state. */
import type { connectionView } from '../../functions/http/routes/ops-api-admin-connections';
import type { Login } from '../../functions/punchout/connection';
import { api, ApiError } from './api';
import { at } from './format';
import type { View } from './queue';

/** A connection as the API shows it: the cXML shared secret only as whether one is set. */
export type ConnectionView = ReturnType<typeof connectionView>;

/** A login as the API shows it: never a hash. */
export type LoginView = Omit<Login, 'passwordHash' | 'previousHash'>;

/** GET /ops/api/admin/connections/:id */
export interface ConnectionDetail {
  connection: ConnectionView;
  logins: LoginView[];
}

export function connectionsView(): View {
  const list = (<tbody />) as HTMLElement;
  const message = (<p aria-live="polite" class="muted" />) as HTMLElement;

  async function load(): Promise<void> {
    try {
      const { connections } = await api.get<{ connections: ConnectionView[] }>('/admin/connections');
      list.replaceChildren(
        ...connections.map(
          (c) =>
            (
              <tr data-connection-id={c.id} class={c.active ? '' : 'inactive'}>
                <td>
                  <a class="ref" href={`#/connections/${encodeURIComponent(c.id)}`}>
                    {c.name}
                  </a>
                </td>
                <td>
                  <code>{c.id}</code>
                </td>
                <td>
                  <span class={`badge ${c.status === 'test' ? 'pending' : 'confirmed'}`}>{c.status}</span>
                </td>
                <td>{c.active ? 'active' : 'disabled'}</td>
                <td>{c.organisation.contactEmail}</td>
                <td>{at(c.updatedAt)}</td>
              </tr>
            ) as HTMLElement,
        ),
      );
      if (connections.length === 0) message.textContent = 'No connections yet: create the first one.';
    } catch (error) {
      if (error instanceof ApiError) message.textContent = error.message;
    }
    document.body.dataset.ready = 'true';
  }
  void load();

  const element = (
    <section aria-labelledby="connections-title">
      <h1 id="connections-title">Connections</h1>
      <p class="muted">
        Each buying organisation’s punch-out set-up: logins, delivery addresses, the names its system uses, where the cart’s values go, how it orders and its
        contract rates. A new connection starts in test mode.
      </p>
      <p>
        <a class="button" href="#/connections/new" data-action="new-connection">
          New connection
        </a>
      </p>
      {message}
      <div class="table-scroll" tabIndex={0}>
        <table class="queue-table connections">
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Id</th>
              <th scope="col">Mode</th>
              <th scope="col">State</th>
              <th scope="col">Contact</th>
              <th scope="col">Changed</th>
            </tr>
          </thead>
          {list}
        </table>
      </div>
    </section>
  ) as HTMLElement;
  return { element, dispose: () => undefined };
}
