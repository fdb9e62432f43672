/**
 * The queue's fast path (issue 11, item 6): confirm a row with its suggested unit in one action,
 * select rows and confirm them together, and every request's outcome shown by itself (a refusal is
 * listed with its reason, never folded into a total).
 */
import './queue-speed.css';
import type { BulkConfirmOutcome, BulkConfirmResult, QueueItem } from '../../functions/operations/api';
import { queueMarker } from '../../functions/operations/queue-speed';
import { api, ApiError } from './api';

export interface QueueActions {
  /** Above the table: the selection's button (with why it waits) and the outcomes of the last action. */
  bar: HTMLElement;
  results: HTMLElement;
  selectCell(item: QueueItem): HTMLElement;
  selectAll: HTMLInputElement;
  actionCell(item: QueueItem): HTMLElement;
  /** Confirm these rows (assigning each one's suggestion first); resolves when the queue has reloaded. */
  confirm(items: QueueItem[]): Promise<void>;
  /** Assign the row's suggested unit, without confirming (the `a` key). */
  assignSuggestion(item: QueueItem): Promise<void>;
  toggle(item: QueueItem): void;
  /** After a reload: keep the selection to rows still listed, and the bar's state current. */
  shown(items: QueueItem[]): void;
}

/** What the row's one action does, or why there is none. */
export function rowAction(item: QueueItem): { label: string; plate?: string } | { reason: string } {
  if (item.status !== 'requested') return { reason: `This request is ${item.status}.` };
  if (item.test) return { label: 'Confirm (test request, no unit)' };
  if (item.plate) return { label: `Confirm with ${item.plate}` };
  if (item.suggestedPlate) return { label: `Assign ${item.suggestedPlate} and confirm`, plate: item.suggestedPlate };
  return { reason: `${item.noSuggestion ?? 'No unit free for the whole period.'} Open the request to choose.` };
}

export function queueActions(reload: (focusAfter?: string) => Promise<void>): QueueActions {
  const selected = new Set<string>();
  const outcomes = new Map<string, BulkConfirmOutcome>();
  let busy = false;
  let onScreen: QueueItem[] = [];

  const results = (<div class="bulk-results" role="status" aria-live="polite" />) as HTMLElement;
  const bulkButton = (
    <button type="button" class="button" data-action="bulk-confirm" aria-describedby="bulk-reason">
      Confirm selected
    </button>
  ) as HTMLButtonElement;
  const bulkReason = (<span id="bulk-reason" class="muted small disabled-reason" />) as HTMLElement;
  const bar = (
    <div class="bulk-bar">
      {bulkButton}
      {bulkReason}
    </div>
  ) as HTMLElement;
  const selectAll = (<input type="checkbox" name="select-all" aria-label="Select every open request listed" />) as HTMLInputElement;

  function refreshBar(): void {
    const count = onScreen.filter((i) => selected.has(i.id)).length;
    bulkButton.textContent = count ? `Confirm ${count} selected with their suggested units` : 'Confirm selected';
    bulkButton.disabled = busy || count === 0;
    bulkReason.textContent = busy ? 'Working…' : count === 0 ? 'Select requests first (the boxes, or x on a row).' : '';
    const open = onScreen.filter((i) => i.status === 'requested');
    selectAll.checked = open.length > 0 && open.every((i) => selected.has(i.id));
  }

  function showOutcomes(list: BulkConfirmOutcome[]): void {
    const done = list.filter((o) => o.outcome === 'confirmed').length;
    const refused = list.length - done;
    results.replaceChildren(
      <div class={`notice ${refused ? 'error' : 'ok'}`} data-confirmed={String(done)} data-refused={String(refused)}>
        <p>
          {done === list.length ? `${done} confirmed; the requesters are being e-mailed.` : `${done} of ${list.length} confirmed; ${refused} not confirmed (see each):`}
        </p>
        <ul>
          {list.map((o) => (
            <li data-outcome={o.outcome} data-request={o.id}>
              <a href={`#/requests/${encodeURIComponent(o.id)}`}>{o.id}</a>{' '}
              {o.outcome === 'confirmed' ? `confirmed${o.plate ? ` with ${o.plate}` : ''}` : `not confirmed: ${o.message}`}
            </li>
          ))}
        </ul>
      </div>,
    );
  }

  async function confirm(items: QueueItem[]): Promise<void> {
    if (busy || !items.length) return;
    busy = true;
    refreshBar();
    document.body.dataset.ready = 'false';
    // The row after the last one acted on takes the focus: the next open request.
    const last = items.at(-1)!;
    const index = onScreen.findIndex((i) => i.id === last.id);
    const next = onScreen.slice(index + 1).find((i) => !items.some((d) => d.id === i.id)) ?? onScreen.slice(0, index).reverse().find((i) => !items.some((d) => d.id === i.id));
    try {
      const { results: list } = await api.post<BulkConfirmResult>('/requests/bulk-confirm', {
        requests: items.map((i) => {
          const action = rowAction(i);
          return { id: i.id, version: i.version, ...('plate' in action && action.plate ? { plate: action.plate } : {}) };
        }),
      });
      for (const o of list) {
        outcomes.set(o.id, o);
        if (o.outcome === 'confirmed') selected.delete(o.id);
      }
      showOutcomes(list);
    } catch (error) {
      if (error instanceof ApiError) results.replaceChildren(<p class="notice error">{error.message}</p>);
    } finally {
      busy = false;
      await reload(next?.id);
    }
  }

  async function assignSuggestion(item: QueueItem): Promise<void> {
    if (busy) return;
    if (!item.suggestedPlate) {
      const action = rowAction(item);
      results.replaceChildren(<p class="notice error">{item.plate ? `${item.id} already has ${item.plate}.` : `${item.id}: ${'reason' in action ? action.reason : 'no unit to suggest.'}`}</p>);
      return;
    }
    busy = true;
    document.body.dataset.ready = 'false';
    try {
      await api.post(`/requests/${encodeURIComponent(item.id)}/assignment`, { plate: item.suggestedPlate, version: item.version });
      results.replaceChildren(<p class="notice ok">{`${item.suggestedPlate} assigned to ${item.id}. Press c to confirm it.`}</p>);
    } catch (error) {
      if (error instanceof ApiError) results.replaceChildren(<p class="notice error">{`${item.id}: ${error.message}`}</p>);
    } finally {
      busy = false;
      await reload(item.id);
    }
  }

  function toggle(item: QueueItem): void {
    if (item.status !== 'requested') return;
    if (selected.has(item.id)) selected.delete(item.id);
    else selected.add(item.id);
    const box = document.querySelector<HTMLInputElement>(`tr[data-request-id="${CSS.escape(item.id)}"] input[name=select]`);
    if (box) box.checked = selected.has(item.id);
    refreshBar();
  }

  function selectCell(item: QueueItem): HTMLElement {
    const box = (<input type="checkbox" name="select" aria-label={`Select ${item.id}`} checked={selected.has(item.id)} disabled={item.status !== 'requested'} />) as HTMLInputElement;
    box.addEventListener('change', () => {
      if (box.checked !== selected.has(item.id)) toggle(item);
    });
    return (<td class="select">{box}</td>) as HTMLElement;
  }

  function actionCell(item: QueueItem): HTMLElement {
    const action = rowAction(item);
    const outcome = outcomes.get(item.id);
    const reasonId = `why-${item.id}`;
    const button = (
      <button type="button" class="button small" data-action="row-confirm" disabled={'reason' in action || busy} {...('reason' in action ? { 'aria-describedby': reasonId } : {})}>
        {'reason' in action ? 'Assign and confirm' : action.label}
      </button>
    ) as HTMLButtonElement;
    button.addEventListener('click', () => void confirm([item]));
    return (
      <td class="row-actions">
        {item.status === 'requested' ? button : ''}
        {'reason' in action && item.status === 'requested' ? (
          <span class="muted small disabled-reason" id={reasonId}>
            {action.reason}
          </span>
        ) : (
          ''
        )}
        {outcome?.outcome === 'refused' ? (
          <span class="row-outcome notice error small" data-outcome="refused">
            Not confirmed: {outcome.message}
          </span>
        ) : (
          ''
        )}
      </td>
    ) as HTMLElement;
  }

  selectAll.addEventListener('change', () => {
    for (const item of onScreen) if (item.status === 'requested') (selectAll.checked ? selected.add(item.id) : selected.delete(item.id));
    for (const box of document.querySelectorAll<HTMLInputElement>('tr[data-request-id] input[name=select]')) box.checked = selected.has(box.closest('tr')!.dataset.requestId!);
    refreshBar();
  });
  bulkButton.addEventListener('click', () => ask(onScreen.filter((i) => selected.has(i.id))));

  /**
   * Bulk confirm asks once more when a selected request carries what the requester added (extras, a
   * note, a one-way return), listing those, so nobody confirms them unread; otherwise it confirms at once.
   */
  function ask(items: QueueItem[]): void {
    const flagged = items.filter((i) => queueMarker(i));
    if (!flagged.length) {
      void confirm(items);
      return;
    }
    const yes = (
      <button type="button" class="button small" data-action="bulk-confirm-yes">
        {`Confirm all ${items.length}`}
      </button>
    ) as HTMLButtonElement;
    const back = (
      <button type="button" class="button secondary small" data-action="bulk-confirm-back">
        Back
      </button>
    ) as HTMLButtonElement;
    yes.addEventListener('click', () => void confirm(items));
    back.addEventListener('click', () => {
      results.replaceChildren();
      bulkButton.focus();
    });
    results.replaceChildren(
      <div class="notice confirm-step" data-step="bulk-confirm">
        <p>
          {flagged.length === 1 ? '1 selected request carries' : `${flagged.length} selected requests carry`} extras or a note from the requester:
        </p>
        <ul>
          {flagged.map((i) => (
            <li data-request={i.id}>
              <a href={`#/requests/${encodeURIComponent(i.id)}`}>{i.id}</a> — {queueMarker(i)}
              {i.note ? <span class="muted"> — “{i.note.length > 120 ? `${i.note.slice(0, 120)}…` : i.note}”</span> : ''}
            </li>
          ))}
        </ul>
        <div class="actions">
          {yes}
          {back}
        </div>
      </div>,
    );
    yes.focus();
  }

  return {
    bar,
    results,
    selectAll,
    selectCell,
    actionCell,
    confirm,
    assignSuggestion,
    toggle,
    shown(items) {
      onScreen = items;
      for (const id of [...selected]) if (!items.some((i) => i.id === id && i.status === 'requested')) selected.delete(id);
      refreshBar();
    },
  };
}
