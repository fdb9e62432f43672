/** A connection's health and the payload search (admins): what support needs for "it doesn't work" and "the order never came". */
import { type ConnectionHealth, type PayloadBrief, type PayloadSearchResponse, REFUSAL_LABELS } from '../../functions/operations/connection-support';
import type { PayloadEntry } from '../../functions/store/payload-log';
import { api, ApiError } from './api';
import { at } from './format';
import { payloadView } from './payload-view';

const requestLink = (id: string | undefined) => (id ? <a href={`#/requests/${encodeURIComponent(id)}`}>{id}</a> : '');

function last(label: string, entry: PayloadBrief | undefined, none: string, name: string): HTMLElement[] {
  return [
    <dt>{label}</dt>,
    <dd data-health={name}>
      {entry ? (
        <span>
          {at(entry.at)}
          {entry.status ? ` · answered ${entry.status}` : ''} {requestLink(entry.requestId)}
        </span>
      ) : (
        <span class="muted">{none}</span>
      )}
    </dd>,
  ] as HTMLElement[];
}

/** Last call-up, cart and order, and the refused call-ups of the last 30 days by reason. */
export function healthCard(connectionId: string): HTMLElement {
  const body = (<div aria-live="polite" />) as HTMLElement;
  const element = (
    <section class="card health" aria-labelledby="health-title">
      <h2 id="health-title">Health</h2>
      {body}
    </section>
  ) as HTMLElement;
  void (async () => {
    try {
      const h = await api.get<ConnectionHealth>(`/admin/connections/${encodeURIComponent(connectionId)}/health`);
      body.replaceChildren(
        <dl class="facts">
          {last('Last call-up', h.lastCallUp, 'none yet', 'callup')}
          {last('Last call-up that opened the catalog', h.lastAcceptedCallUp, 'none yet', 'accepted-callup')}
          {last('Last cart returned', h.lastCart, 'none yet', 'cart')}
          {last('Last order', h.lastOrder, 'no order yet', 'order')}
        </dl>,
        <h3>
          Refused call-ups since {h.refusals.since}: <span data-refused-total={h.refusals.total}>{h.refusals.total}</span>
        </h3>,
        <table class="queue-table refusals">
          <tbody>
            {Object.entries(h.refusals.byReason).map(([reason, count]) => (
              <tr data-reason={reason} class={count > 0 ? 'overdue' : ''}>
                <th scope="row">{REFUSAL_LABELS[reason as keyof typeof REFUSAL_LABELS]}</th>
                <td class="num">{count}</td>
              </tr>
            ))}
          </tbody>
        </table>,
      );
    } catch (error) {
      if (error instanceof ApiError) body.textContent = error.message;
    }
  })();
  return element;
}

function payloadRow(entry: PayloadEntry): HTMLElement {
  return (
    <li class="payload" data-kind={entry.kind} data-request-id={entry.requestId ?? ''}>
      <details>
        <summary>
          {at(entry.at)} · {entry.kind} {entry.direction}
          {entry.status ? ` · ${entry.status}` : ''} {entry.requestId ?? ''} {entry.truncated ? ` · cut at 64 KB of ${entry.bodyBytes} bytes, SHA-256 ${entry.bodySha256}` : ''}
        </summary>
        {payloadView(entry)}
      </details>
    </li>
  ) as HTMLElement;
}

/** Search the connection's payload log by request id, PO number or e-mail address within at most 31 days. */
export function payloadSearch(connectionId: string, zoneToday: string): HTMLElement {
  const q = (<input type="search" name="q" maxLength={200} placeholder="Request id, PO number or e-mail" aria-label="Search term" />) as HTMLInputElement;
  const from = (<input type="date" name="from" aria-label="From" />) as HTMLInputElement;
  const to = (<input type="date" name="to" aria-label="To" value={zoneToday} />) as HTMLInputElement;
  const result = (<ul class="history payloads" aria-live="polite" />) as HTMLElement;
  const note = (<p class="muted" />) as HTMLElement;
  const form = (
    <form class="filters payload-search">
      {q}
      {from}
      {to}
      <button type="submit" class="button small">
        Search
      </button>
    </form>
  ) as HTMLFormElement;
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const query = new URLSearchParams();
    if (q.value.trim()) query.set('q', q.value.trim());
    if (from.value) query.set('from', from.value);
    if (to.value) query.set('to', to.value);
    try {
      const found = await api.get<PayloadSearchResponse>(`/admin/connections/${encodeURIComponent(connectionId)}/payloads?${query}`);
      note.textContent = `${found.entries.length} entr${found.entries.length === 1 ? 'y' : 'ies'} from ${found.from} to ${found.to}${found.q ? ` mentioning “${found.q}”` : ''}${found.more ? '; more exist: narrow the dates or the term' : ''}.`;
      result.replaceChildren(...found.entries.map(payloadRow));
      form.dataset.searched = 'true';
    } catch (error) {
      if (error instanceof ApiError) note.textContent = error.message;
    }
  });
  return (
    <section class="card" aria-labelledby="payloads-title">
      <h2 id="payloads-title">Payload log</h2>
      <p class="muted">Call-ups, carts and e-mails exactly as they went in or out (passwords redacted), to answer “it doesn’t work” or “the order never came” and to send to the buyer. Dates on the desk’s clock, at most 31 days; without dates, the last 7 days.</p>
      {form}
      {note}
      {result}
    </section>
  ) as HTMLElement;
}
