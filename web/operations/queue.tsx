/** The queue: requests by status, soonest pick-up first, with their age against the response target. */
import { type OpsBoot, QUEUE_PAGE_SIZE, type QueueItem, type QueueResponse } from '../../functions/operations/api';
import type { RequestStatus } from '../../functions/requests/request';
import { api, ApiError } from './api';
import { at, money, relative, span, when } from './format';
import { whileVisible } from './poll';
import { QUEUE_SORTS, type QueueSort, queueMarker, SORT_LABELS } from '../../functions/operations/queue-speed';
import { type Shortcut, shortcutHelp, useShortcuts } from './keyboard';
import { queueActions } from './queue-actions';

export interface View {
  element: HTMLElement;
  dispose(): void;
}

const POLL_MS = 10_000;
// Not imported from requests/request.ts: that module needs node:crypto, which a browser bundle lacks.
const REQUEST_STATUSES = ['requested', 'confirmed', 'declined', 'cancelled', 'expired'] as const satisfies readonly RequestStatus[];

export function queueView(boot: OpsBoot, params: URLSearchParams, go: (hash: string) => void): View {
  const state = {
    status: (REQUEST_STATUSES as readonly string[]).includes(params.get('status') ?? '') ? (params.get('status') as RequestStatus) : 'requested',
    location: params.get('location') ?? '',
    date: params.get('date') ?? '',
    connection: params.get('connection') ?? '',
    /** `awaiting`: no purchase order from the buyer yet; `received`: it arrived (cXML or recorded from an e-mail). */
    order: ['awaiting', 'received'].includes(params.get('order') ?? '') ? params.get('order')! : '',
    /** Requests per page (`#/queue?limit=50`), else the server's 500. */
    limit: /^[1-9]\d{0,2}$/.test(params.get('limit') ?? '') && Number(params.get('limit')) <= QUEUE_PAGE_SIZE ? params.get('limit')! : '',
    /** `only`: the test requests of test-mode connections, kept out of the real queue. */
    tests: params.get('tests') === 'only' ? 'only' : '',
    /** Words to find in the reference, requester, PO number or plate. */
    q: (params.get('q') ?? '').slice(0, 100),
    sort: (QUEUE_SORTS as readonly string[]).includes(params.get('sort') ?? '') && params.get('sort') !== 'pickup' ? params.get('sort')! : '',
  };
  const seen = new Set<string>();
  let first = true;
  /** Pages on screen (the first, plus those "Show more" added); a refresh reads as many again. */
  let pages = 1;
  let nextCursor: string | undefined;

  const tabs = (<nav class="status-tabs" aria-label="Status" />) as HTMLElement;
  const location = (
    <select name="location" aria-label="Location">
      <option value="">All locations</option>
      {boot.locations.map((l) => (
        <option value={l.id}>{l.name}</option>
      ))}
    </select>
  ) as HTMLSelectElement;
  location.value = state.location;
  const date = (<input type="date" name="date" aria-label="Pick-up date" value={state.date} />) as HTMLInputElement;
  const connection = (
    <select name="connection" aria-label="Connection">
      <option value="">All connections</option>
    </select>
  ) as HTMLSelectElement;
  const order = (
    <select name="order" aria-label="Purchase order">
      <option value="">Any purchase order state</option>
      <option value="awaiting">Awaiting order</option>
      <option value="received">Order received</option>
    </select>
  ) as HTMLSelectElement;
  order.value = state.order;
  const search = (
    <input type="search" name="q" maxLength={100} value={state.q} placeholder="Search reference, requester, PO number, plate" aria-label="Search by reference, requester, PO number or plate" />
  ) as HTMLInputElement;
  const sort = (
    <select name="sort" aria-label="Sort by">
      {QUEUE_SORTS.map((s) => (
        <option value={s}>{SORT_LABELS[s as QueueSort]}</option>
      ))}
    </select>
  ) as HTMLSelectElement;
  sort.value = state.sort || 'pickup';
  const clear = (
    <button type="button" class="button secondary small">
      Clear filters
    </button>
  ) as HTMLButtonElement;
  const testsSwitch = (
    <a href="#/queue" class="button secondary small" data-action="tests">
      {state.tests ? 'Show real requests' : 'Show test requests'}
    </a>
  ) as HTMLAnchorElement;
  testsSwitch.addEventListener('click', (event) => {
    event.preventDefault();
    state.tests = state.tests ? '' : 'only';
    testsSwitch.textContent = state.tests ? 'Show real requests' : 'Show test requests';
    title.textContent = state.tests ? 'Test requests' : 'Requests';
    history.replaceState(null, '', hash());
    pages = 1;
    void load();
  });
  const title = (<h1 id="queue-title">{state.tests ? 'Test requests' : 'Requests'}</h1>) as HTMLElement;
  const message = (<p class="queue-message" aria-live="polite" />) as HTMLElement;
  const list = (<tbody />) as HTMLElement;
  const updated = (<span class="muted" />) as HTMLElement;
  const more = (
    <button type="button" class="button secondary small" data-action="more" hidden>
      Show more
    </button>
  ) as HTMLButtonElement;

  const hash = () => {
    const q = new URLSearchParams(Object.entries(state).filter(([, v]) => v));
    return `#/queue?${q}`;
  };
  const refilter = () => {
    state.location = location.value;
    state.date = date.value;
    state.connection = connection.value;
    state.order = order.value;
    state.q = search.value.trim();
    state.sort = sort.value === 'pickup' ? '' : sort.value;
    history.replaceState(null, '', hash());
    pages = 1;
    void load();
  };
  location.addEventListener('change', refilter);
  date.addEventListener('change', refilter);
  connection.addEventListener('change', refilter);
  order.addEventListener('change', refilter);
  sort.addEventListener('change', refilter);
  // Search as the clerk types, once they pause; Enter searches at once.
  let typing: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(refilter, 300);
  });
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      clearTimeout(typing);
      refilter();
    }
  });
  clear.addEventListener('click', () => {
    location.value = date.value = connection.value = order.value = search.value = '';
    refilter();
  });

  function renderTabs(counts: QueueResponse['counts']): void {
    tabs.replaceChildren(
      ...REQUEST_STATUSES.map((status) => {
        const link = (
          <a href={`#/queue?status=${status}`} class={status === state.status ? 'tab current' : 'tab'} data-status={status}>
            <span class="tab-name">{status}</span> <span class="count">{String(counts[status])}</span>
          </a>
        ) as HTMLAnchorElement;
        if (status === state.status) link.setAttribute('aria-current', 'page');
        link.addEventListener('click', (event) => {
          event.preventDefault();
          state.status = status;
          history.replaceState(null, '', hash());
          pages = 1;
          void load();
        });
        return link;
      }),
    );
  }

  function row(item: QueueItem): HTMLElement {
    const fresh = !first && !seen.has(item.id);
    seen.add(item.id);
    const marker = queueMarker(item);
    // Compact: two short lines per cell on a desktop (7+ rows per screen), a card on a phone (queue-speed.css).
    const tr = (
      <tr data-request-id={item.id} class={[item.age?.overdue ? 'overdue' : '', fresh ? 'fresh' : ''].filter(Boolean).join(' ')} tabIndex={0}>
        {actions.selectCell(item)}
        <td class="c-ref">
          <a href={`#/requests/${encodeURIComponent(item.id)}`} class="ref">
            {item.id}
          </a>
          {item.mailProblem ? <span class="badge danger" title="An e-mail about this request failed">e-mail failed</span> : ''}
          {fresh ? <span class="badge new">new</span> : ''}
          {item.test ? <span class="badge test">test</span> : ''}
          {orderBadges(item)}
          {item.replaces ? <span class="muted small replaces line">replaces {item.replaces}</span> : ''}
          {item.replacedBy ? <span class="muted small replaces line">replaced by {item.replacedBy}</span> : ''}
          {marker ? (
            <span class="marker line" data-marker={marker} title={item.note ? `Note: ${item.note}` : marker}>
              {marker}
            </span>
          ) : (
            ''
          )}
        </td>
        <td class="c-when">
          <strong class="line">{when(item.period.pickup)}</strong>
          <span class="muted line">→ {when(item.period.return)}</span>
        </td>
        <td class="c-vehicle">
          <span class="line clip" title={`${item.vehicleType.name} · ${item.location.name}`}>
            {item.vehicleType.name} · {item.location.name}
          </span>
          <span class="muted line nowrap">
            {item.plate ? `unit ${item.plate}` : item.suggestedPlate ? '' : 'no unit yet'}
            {item.suggestedPlate ? (
              <span class="suggested" data-suggested={item.suggestedPlate}>
                suggested {item.suggestedPlate}
              </span>
            ) : (
              ''
            )}
          </span>
        </td>
        <td class="c-who">
          <span class="line clip" title={item.requester.fullName}>
            {item.requester.fullName}
          </span>
          <span class="muted line clip" title={item.connection.name}>
            {item.connection.name}
          </span>
        </td>
        <td class="num c-price">{money(item.price.gross, item.price.currency)}</td>
        <td class="c-age">{ageCell(item)}</td>
        {actions.actionCell(item)}
      </tr>
    ) as HTMLElement;
    tr.addEventListener('keydown', (event) => {
      // Enter on the row itself; Enter on a button or link in it is that control's own.
      if (event.key === 'Enter' && event.target === tr) go(`#/requests/${encodeURIComponent(item.id)}`);
    });
    return tr;
  }

  /** "PO 4500012345" when the buyer's order is in, flagged when it differs from the request or was withdrawn. */
  function orderBadges(item: QueueItem): HTMLElement | string {
    const o = item.order;
    if (!o) return '';
    return (
      <span class="order-badges" data-order={o.number}>
        <span class="badge po" title={`Purchase order received (${o.source === 'cxml' ? 'cXML' : 'e-mail'}), dated ${o.date.slice(0, 10)}`}>
          PO {o.number}
        </span>
        {o.mismatches ? (
          <span class="badge danger" data-flag="mismatch" title="The order differs from the request: open it to compare">
            {o.mismatches === 1 ? '1 mismatch' : `${o.mismatches} mismatches`}
          </span>
        ) : (
          ''
        )}
        {o.cancellationRequested ? (
          <span class="badge danger" data-flag="withdrawn" title="The buyer withdrew the order: cancel the request">
            order withdrawn
          </span>
        ) : (
          ''
        )}
      </span>
    ) as HTMLElement;
  }

  function ageCell(item: QueueItem): HTMLElement | string {
    if (!item.age) return '—';
    const { age } = item;
    return (
      <div class={age.overdue ? 'age overdue' : 'age'}>
        <span class="age-bar" role="img" aria-label={`${span(age.workingMinutes)} of ${span(age.targetMinutes)} working time`}>
          <span class="age-fill" data-fill={String(Math.min(100, Math.round((100 * age.workingMinutes) / Math.max(1, age.targetMinutes))))} />
        </span>
        <span class="line">{age.overdue ? `overdue by ${span(-age.leftMinutes)}` : `${span(age.leftMinutes)} left`}</span>
        {item.holdExpiresAt ? <span class="muted line">hold lapses {relative(item.holdExpiresAt)}</span> : ''}
      </div>
    ) as HTMLElement;
  }

  const query = (cursor?: string) => {
    const q = new URLSearchParams({ status: state.status });
    for (const key of ['location', 'date', 'connection', 'order', 'limit', 'tests', 'q', 'sort'] as const) if (state[key]) q.set(key, state[key]);
    if (cursor) q.set('cursor', cursor);
    return `/queue?${q}`;
  };

  /** Rows on screen, in order: the keys and the bulk actions work on these. */
  let items: QueueItem[] = [];
  /** Which row (or control in it) has focus, so that a refresh puts it back there. */
  function focused(): { id: string; control?: string } | undefined {
    const el = document.activeElement as HTMLElement | null;
    const tr = el?.closest<HTMLElement>('tr[data-request-id]');
    if (!tr || !list.contains(tr)) return undefined;
    return { id: tr.dataset.requestId!, control: el === tr ? undefined : (el?.getAttribute('name') ?? el?.dataset.action ?? undefined) };
  }
  function focusRow(id: string | undefined, control?: string): void {
    const tr = id ? list.querySelector<HTMLElement>(`tr[data-request-id="${CSS.escape(id)}"]`) : null;
    if (!tr) return;
    const inner = control ? tr.querySelector<HTMLElement>(`[name="${control}"], [data-action="${control}"]`) : null;
    (inner && !(inner as HTMLButtonElement).disabled ? inner : tr).focus();
  }

  function show(rows: QueueItem[], append: boolean, focusId?: string): void {
    const had = focused();
    items = append ? [...items, ...rows] : rows;
    if (append) list.append(...rows.map(row));
    else list.replaceChildren(...rows.map(row));
    actions.shown(items);
    // A refresh must not throw the clerk's (or a screen reader's) focus back to the top of the page.
    if (focusId) focusRow(focusId);
    else if (had) focusRow(items.some((i) => i.id === had.id) ? had.id : items[0]?.id, had.control);
    // The width of each age bar is set here, not in a style attribute (the CSP allows no inline styles).
    for (const fill of list.querySelectorAll<HTMLElement>('.age-fill')) fill.style.width = `${fill.dataset.fill}%`;
    more.hidden = !nextCursor;
  }

  let loads = 0;
  /** The first page and as many more as are on screen, each from the cursor of the one before. */
  async function load(focusId?: string): Promise<void> {
    // A poll started before an action must not paint its older answer over the action's reload.
    const mine = ++loads;
    try {
      const queue = await api.get<QueueResponse>(query());
      const loaded = [...queue.items];
      let cursor = queue.cursor;
      for (let page = 1; page < pages && cursor; page++) {
        const next = await api.get<QueueResponse>(query(cursor));
        loaded.push(...next.items);
        cursor = next.cursor;
      }
      if (mine !== loads) return;
      nextCursor = cursor;
      renderTabs(queue.counts);
      const current = connection.value;
      connection.replaceChildren(
        <option value="">All connections</option>,
        ...queue.connections.map((c) => <option value={c.id}>{c.name}</option>),
      );
      connection.value = current || state.connection;
      show(loaded, false, focusId);
      first = false;
      message.textContent = loaded.length ? '' : `No ${state.status} requests${state.location || state.date || state.connection || state.order || state.q ? ' match these filters' : ''}.`;
      updated.textContent = `${queue.since ? `Pick-ups from ${queue.since}. ` : ''}Updated ${at(queue.now)}; refreshes by itself.`;
      document.body.dataset.ready = 'true';
    } catch (error) {
      if (error instanceof ApiError) message.textContent = error.message;
    }
  }

  more.addEventListener('click', async () => {
    if (!nextCursor) return;
    more.disabled = true;
    try {
      const next = await api.get<QueueResponse>(query(nextCursor));
      nextCursor = next.cursor;
      pages++;
      show(next.items, true);
    } catch (error) {
      // A cursor from before a change of filters: start again from the first page.
      if (error instanceof ApiError) message.textContent = error.message;
    } finally {
      more.disabled = false;
    }
  });

  // Not ready again until the reload has painted the decision (a poll may have finished meanwhile).
  const actions = queueActions((focusAfter) => {
    document.body.dataset.ready = 'false';
    return load(focusAfter);
  });

  /** The request whose row has focus, else the first listed. */
  const current = (): QueueItem | undefined => {
    const id = focused()?.id;
    return items.find((i) => i.id === id);
  };
  const move = (step: 1 | -1) => {
    const at = items.findIndex((i) => i.id === focused()?.id);
    const next = items[at === -1 ? 0 : Math.min(items.length - 1, Math.max(0, at + step))];
    focusRow(next?.id);
  };
  const shortcuts: Shortcut[] = [
    { key: 'j', label: 'Next request', run: () => move(1) },
    { key: 'k', label: 'Previous request', run: () => move(-1) },
    { key: 'a', label: 'Assign the suggested unit to the request in focus', run: () => void (current() && actions.assignSuggestion(current()!)) },
    { key: 'c', label: 'Confirm the request in focus (assigning its suggested unit first); the next one takes the focus', run: () => void (current() && actions.confirm([current()!])) },
    { key: 'x', label: 'Select or unselect the request in focus, for “Confirm selected”', run: () => current() && actions.toggle(current()!) },
    { key: 'Enter', label: 'Open the request in focus', run: () => current() && go(`#/requests/${encodeURIComponent(current()!.id)}`) },
    { key: '/', label: 'Search', run: () => search.focus() },
    { key: '?', label: 'Show or hide this list', run: () => help.toggle() },
  ];
  const help = shortcutHelp(shortcuts);
  // Enter on a row already opens it (the row's own handler); the list names it, the handler below does not repeat it.
  const stopKeys = useShortcuts(shortcuts.filter((s) => s.key !== 'Enter'));

  // Folded on a phone, so the first request shows on the first screen; open on a wider screen.
  const filters = (
    <details class="queue-filters" open={window.matchMedia('(min-width: 641px)').matches}>
      <summary>Filters</summary>
      <div class="filters">
        {location}
        {date}
        {connection}
        {order}
        {clear}
        {testsSwitch}
      </div>
    </details>
  ) as HTMLDetailsElement;

  const stopPolling = whileVisible(() => void load(), POLL_MS);
  void load();

  const element = (
    <section class="queue" aria-labelledby="queue-title">
      {title}
      {tabs}
      <div class="queue-tools">
        {search}
        {sort}
        {actions.bar}
        {help.button}
      </div>
      {help.panel}
      {filters}
      {actions.results}
      <div class="table-scroll" tabIndex={0}>
        <table class="queue-table">
          <thead>
            <tr>
              <th scope="col" class="select">
                {actions.selectAll}
              </th>
              <th scope="col">Reference</th>
              <th scope="col">Pick-up → return</th>
              <th scope="col">Vehicle · location</th>
              <th scope="col">Requester</th>
              <th scope="col" class="num">Price</th>
              <th scope="col" title={`Response target: ${boot.responseTargetHours} working hours`}>Response ({String(boot.responseTargetHours)} h)</th>
              <th scope="col">Action</th>
            </tr>
          </thead>
          {list}
        </table>
      </div>
      {more}
      {message}
      <p class="small">{updated}</p>
    </section>
  ) as HTMLElement;
  return {
    element,
    dispose: () => {
      stopPolling();
      stopKeys();
      clearTimeout(typing);
    },
  };
}
