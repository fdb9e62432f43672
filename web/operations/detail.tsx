/** One request: its facts, the unit assignment, confirm / decline / cancel, its e-mails, history and payload log. */
import type { OpsBoot, OutboxView, QueueResponse, RequestDetail, UnitOption } from '../../functions/operations/api';
import { actorName, REASON_LABELS } from '../../functions/requests/lifecycle';
import { type Shortcut, shortcutHelp, useShortcuts } from './keyboard';
import { whoHears } from './decision-words';
import { api, ApiError } from './api';
import { at, daysText, money, relative, span, when } from './format';
import type { View } from './queue';
import { CONFIRMATION_KIND, orderPanel } from './order-panel';
import { retryButton } from './outbox-retry';
import { payloadView } from './payload-view';
import { payloadLabel } from '../../functions/orders/order-payloads';
import { whileVisible } from './poll';
import { extraLabel, oneWayReturn } from '../../functions/catalog/extras';
import { reviewMessages } from '../../functions/i18n/review-messages';

const NOTE_FACT = 'Note from the requester';

/** The contract rate a price comes from, for the facts list (catalog/contract-rates.ts). */
function contractNote(contract: RequestDetail['request']['price']['contract']): string {
  if (!contract) return '';
  return contract.kind === 'discount' ? `; contract rate (${contract.percent}% discount)` : '; contract rate (agreed rate card)';
}

/** What the request decided last says on the next one it opened ("RQ-… confirmed. This is the next open request."). */
let carried: { text: string; decided: string } | undefined;

export function detailView(boot: OpsBoot, requestId: string, go: (hash: string) => void = (hash) => (location.hash = hash)): View {
  const element = (<section class="detail" aria-live="polite" />) as HTMLElement;
  const alert = (<div class="alert-slot" role="alert" />) as HTMLElement;
  let current: RequestDetail | undefined;
  let busy = false;
  let disposed = false;

  function say(text: string, kind: 'error' | 'ok' = 'error', conflicts?: { requestId: string; slots: string[] }[]): void {
    alert.replaceChildren(
      <div class={`notice ${kind}`} data-kind={kind}>
        <p>{text}</p>
        {conflicts?.length ? (
          <ul>
            {conflicts.map((c) => (
              <li>
                <a href={`#/requests/${encodeURIComponent(c.requestId)}`}>{c.requestId}</a> holds it for {String(c.slots.length)} half-day(s) from {c.slots[0]}
              </li>
            ))}
          </ul>
        ) : (
          ''
        )}
      </div>,
    );
  }

  async function load(): Promise<void> {
    try {
      current = await api.get<RequestDetail>(`/requests/${encodeURIComponent(requestId)}`);
      if (!disposed) render();
    } catch (error) {
      if (error instanceof ApiError) element.replaceChildren(<p class="notice error">{error.message}</p>);
    }
  }

  /** Make a change; a refusal is shown (conflicts included) and the request reloaded. */
  async function change(path: string, body: Record<string, unknown>, done: string): Promise<void> {
    if (busy || !current) return;
    busy = true;
    document.body.dataset.ready = 'false';
    try {
      await api.post(`/requests/${encodeURIComponent(requestId)}/${path}`, { ...body, version: current.request.version ?? 0 });
      // A decision made: the next open request opens, saying what became of this one.
      if (path !== 'assignment' && (await openNext(`${requestId}: ${done}`))) return;
      await load();
      say(done, 'ok');
    } catch (error) {
      await load();
      if (error instanceof ApiError) say(error.message, 'error', error.refusal.conflicts);
    } finally {
      busy = false;
      document.body.dataset.ready = 'true';
    }
  }

  /** Open the first open request other than this one (soonest pick-up); false when there is none. */
  async function openNext(text: string): Promise<boolean> {
    try {
      const queue = await api.get<QueueResponse>('/queue?status=requested&limit=20');
      const next = queue.items.find((i) => i.id !== requestId);
      if (!next || disposed) return false;
      carried = { text, decided: requestId };
      go(`#/requests/${encodeURIComponent(next.id)}`);
      return true;
    } catch {
      return false;
    }
  }

  function unitButton(unit: UnitOption, open: boolean): HTMLElement {
    const free = unit.conflicts.length === 0 && !unit.maintenance;
    const state = unit.assigned
      ? 'assigned'
      : unit.maintenance
        ? `in maintenance ${unit.maintenance.from.replace('T', ' ')} – ${unit.maintenance.to.replace('T', ' ')} (${unit.maintenance.reason})`
        : free
          ? 'free for the whole period'
          : `taken by ${unit.conflicts.map((c) => c.requestId).join(', ')}`;
    const button = (
      <button type="button" class={unit.assigned ? 'unit assigned' : free ? 'unit free' : 'unit taken'} data-plate={unit.plate} disabled={!open || unit.assigned || !!unit.maintenance}>
        <span class="plate">{unit.plate}</span>
        <span class="unit-state">{state}</span>
      </button>
    ) as HTMLButtonElement;
    button.addEventListener('click', () => void change('assignment', { plate: unit.plate }, `${unit.plate} assigned.`));
    return button;
  }

  function decisionForm(kind: 'decline' | 'cancel'): HTMLElement {
    const reasons = kind === 'decline' ? boot.declineReasons : boot.cancelReasons;
    const reason = (
      <select name="reason" required>
        <option value="">Choose a reason…</option>
        {reasons.map((r) => (
          <option value={r.value}>{r.label}</option>
        ))}
      </select>
    ) as HTMLSelectElement;
    // The buyer withdrew its order: that is the reason, ready to choose.
    if (kind === 'cancel' && current?.request.order?.cancellationRequested) reason.value = 'order-withdrawn';
    const note = (<textarea name="note" rows={2} maxLength={1000} placeholder="Note for the requester (optional, sent in the e-mail)" />) as HTMLTextAreaElement;
    const form = (
      <form class={`decision ${kind}`} data-form={kind}>
        <label>
          {kind === 'decline' ? 'Decline: reason' : 'Cancel on the requester’s behalf: reason'}
          {reason}
        </label>
        {note}
        <button type="submit" class="button danger" data-action={kind}>
          {kind === 'decline' ? 'Decline and e-mail the requester' : 'Cancel and e-mail the requester'}
        </button>
      </form>
    ) as HTMLFormElement;
    // Asked once more before anything goes: what happens, and which e-mail (and cXML confirmation) will go.
    const step = (<div class="confirm-step" hidden />) as HTMLElement;
    form.append(step);
    const submit = form.querySelector<HTMLButtonElement>(`[data-action=${kind}]`)!;
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (!reason.value) {
        say('Choose a reason first.');
        reason.focus();
        return;
      }
      const sure = (
        <button type="button" class="button danger" data-action={`${kind}-sure`}>
          {kind === 'decline' ? 'Yes, decline and send' : 'Yes, cancel and send'}
        </button>
      ) as HTMLButtonElement;
      const back = (
        <button type="button" class="button secondary" data-action={`${kind}-back`}>
          No, go back
        </button>
      ) as HTMLButtonElement;
      step.replaceChildren(
        <p class="notice error" data-will-send={kind}>
          {`${kind === 'decline' ? 'Decline' : 'Cancel'} ${requestId} (${REASON_LABELS[reason.value as keyof typeof REASON_LABELS] ?? reason.value})? This sends ${whoHears(current!.request, kind)}.`}
        </p>,
        <div class="actions">
          {sure}
          {back}
        </div>,
      );
      step.hidden = false;
      submit.hidden = true;
      sure.focus();
      back.addEventListener('click', () => {
        step.hidden = true;
        submit.hidden = false;
        submit.focus();
      });
      sure.addEventListener('click', () =>
        void change(kind, { reason: reason.value, note: note.value }, kind === 'decline' ? 'Declined; the requester is being e-mailed.' : 'Cancelled; the requester is being e-mailed.'),
      );
    });
    return form;
  }

  function outboxRow(message: OutboxView): HTMLElement {
    return (
      <tr data-outbox={message.id} data-status={message.status} class={`mail ${message.status}`}>
        <td>{message.label}</td>
        <td>{message.to}</td>
        <td>
          <span class={`badge ${message.status}`}>{message.status}</span>
          {message.lastError && message.status !== 'sent' ? <div class="muted small">{message.lastError}</div> : ''}
          {message.nextAttemptAt && message.status === 'failed' ? <div class="muted small">next automatic try {relative(message.nextAttemptAt)}</div> : ''}
        </td>
        <td>{message.sentAt ? at(message.sentAt) : at(message.createdAt)}</td>
        <td>{String(message.attempts)}</td>
        <td>{retryButton(boot, message, () => void load(), say)}</td>
      </tr>
    ) as HTMLElement;
  }

  function render(): void {
    const d = current!;
    const r = d.request;
    const open = r.status === 'requested' || r.status === 'confirmed';
    const returnTo = oneWayReturn(r);
    const facts: [string, string][] = [
      ['Status', r.status],
      ['Requester', `${r.requester.fullName} <${r.requester.email}> (${r.language === 'nl' ? 'Dutch' : 'English'})`],
      ['Connection', r.connectionName],
      ['Vehicle type', `${r.vehicleType.name} (${r.vehicleType.example} or similar)`],
      ['Location', `${r.location.name}, ${r.location.address}, ${r.location.city}`],
      ['Pick-up', when(r.period.pickup)],
      ['Return', `${when(r.period.return)}, ${returnTo ? `at ${returnTo.name} (one-way return)` : 'same location'}`],
      ['Price', `${money(r.price.net, r.price.currency)} excl. VAT, ${money(r.price.gross, r.price.currency)} incl. ${r.price.vatPercent}% VAT (${daysText(r.price.rentalDays)})${contractNote(r.price.contract)}`],
      ...(r.deliveryAddress
        ? [['Delivery address', `${r.deliveryAddress.label}, ${r.deliveryAddress.address} (location code ${r.deliveryAddress.locationCode}${r.deliveryAddress.customerNumber ? `, customer number ${r.deliveryAddress.customerNumber}` : ''})`] as [string, string]]
        : []),
      ...Object.entries(r.extra ?? {}).map(([key, value]): [string, string] => [d.extraLabels[key] ?? key, value]),
      // The review step's extras (a one-way return names its return location) and the requester's note.
      ...(r.extras ?? []).map((x): [string, string] => [`Extra: ${extraLabel(x, reviewMessages('en'))}${x.count && x.count > 1 ? ` × ${x.count}` : ''}`, `${money(x.net, r.price.currency)} excl. VAT`]),
      ...(r.note ? [[NOTE_FACT, r.note] as [string, string]] : []),
      ['Unit', r.assignment ? `${r.assignment.plate} (by ${r.assignment.by}, ${at(r.assignment.at)})` : 'none yet'],
      ...(r.decision ? [['Reason', [REASON_LABELS[r.decision.reason] ?? r.decision.reason, r.decision.note].filter(Boolean).join(': ')] as [string, string]] : []),
      ...(r.replaces ? [['Replaces', r.replaces] as [string, string]] : []),
      ...(r.replacedBy ? [['Replaced by', r.replacedBy] as [string, string]] : []),
      ['Registered', at(r.createdAt)],
    ];
    const confirmButton = (
      <button type="button" class="button" data-action="confirm" disabled={r.status !== 'requested' || (!r.assignment && !d.test)}>
        Confirm and e-mail the requester
      </button>
    ) as HTMLButtonElement;
    confirmButton.addEventListener('click', () => void change('confirm', {}, 'Confirmed; the requester is being e-mailed.'));

    element.dataset.status = r.status;
    element.replaceChildren(
      <p>
        <a href="#/queue">← Queue</a>
      </p>,
      <h1>
        Request <span class="ref">{r.id}</span> <span class={`badge ${r.status}`}>{r.status}</span>
        {d.test ? <span class="badge test">test</span> : ''}
      </h1>,
      d.test ? (
        <p class="test-line" data-test-request="true">
          A test request from a connection in test mode: not a real reservation, and it holds no vehicle. Confirm or decline it without a unit to complete the round trip.
        </p>
      ) : (
        ''
      ),
      d.age ? (
        <p class={d.age.overdue ? 'age-line overdue' : 'age-line'}>
          {`Open for ${span(d.age.workingMinutes)} of working time; target ${span(d.age.targetMinutes)}`}
          {d.age.overdue ? ' — overdue' : ''}
          {d.holdExpiresAt ? `. Unless confirmed, the hold lapses ${relative(d.holdExpiresAt)}.` : ''}
        </p>
      ) : (
        ''
      ),
      alert,
      help.button,
      help.panel,
      <div class="detail-grid">
        <section class="card">
          <h2>Request</h2>
          <dl class="facts">
            {/* The requester's note keeps its line breaks (driver's name, flight number on lines of their own). */}
            {facts.map(([k, v]) => [<dt>{k}</dt>, <dd class={k === NOTE_FACT ? 'note-text' : undefined}>{v}</dd>])}
          </dl>
        </section>
        <section class="card">
          <h2>Vehicle</h2>
          <p class="muted">Units of this type at this location. A unit is free when no other request holds it for any part of the period.</p>
          {d.test ? <p class="muted">No unit: a test request holds no vehicle.</p> : <div class="units">{d.units.map((u) => unitButton(u, open))}</div>}
          <h2>Decision</h2>
          {r.status === 'requested' ? confirmButton : ''}
          {r.status === 'requested' && confirmButton.disabled ? <span class="muted small disabled-reason">Assign a unit first.</span> : ''}
          {r.status === 'requested' ? decisionForm('decline') : ''}
          {open ? decisionForm('cancel') : <p class="muted">This request is {r.status}: nothing more to decide.</p>}
        </section>
      </div>,
      orderPanel(boot, d, {
        reload: () => void load(),
        say,
        done: async (text) => {
          await load();
          say(text, 'ok');
        },
      }),
      <section class="card">
        <h2>E-mails</h2>
        <div class="table-scroll" tabIndex={0}>
          <table class="mails">
            <thead>
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">To</th>
                <th scope="col">Status</th>
                <th scope="col">When</th>
                <th scope="col">Tries</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>{d.outbox.filter((m) => m.kind !== CONFIRMATION_KIND).map(outboxRow)}</tbody>
          </table>
        </div>
      </section>,
      <section class="card">
        <h2>History</h2>
        <ol class="history">
          {d.events.map((e) => (
            <li data-action={e.action}>
              <time>{at(e.at)}</time> <strong>{e.action}</strong> by {actorName(e.actor)}
              {e.detail ? <span class="muted"> — {e.detail}</span> : ''}
            </li>
          ))}
        </ol>
      </section>,
      <section class="card">
        <h2>Payload log</h2>
        {d.payloads.map((p) => (
          <details class="payload" data-kind={p.kind}>
            <summary>
              {at(p.at)} · {payloadLabel(p)} · {p.contentType}
            </summary>
            {payloadView(p)}
          </details>
        ))}
      </section>,
    );
    document.body.dataset.ready = 'true';
  }

  const shortcuts: Shortcut[] = [
    { key: 'a', label: 'Assign the first free unit', run: () => element.querySelector<HTMLButtonElement>('button.unit.free:not([disabled])')?.click() },
    { key: 'c', label: 'Confirm (then the next open request opens)', run: () => element.querySelector<HTMLButtonElement>('button[data-action=confirm]:not([disabled])')?.click() },
    { key: '?', label: 'Show or hide this list', run: () => help.toggle() },
  ];
  const help = shortcutHelp(shortcuts);
  const stopKeys = useShortcuts(shortcuts);

  // Arrived here after a decision on another request: say what became of it.
  const arrived = carried;
  carried = undefined;
  void load().then(() => {
    if (arrived && !disposed) {
      alert.replaceChildren(
        <div class="notice ok" data-kind="ok" data-decided={arrived.decided}>
          <p>
            {arrived.text} This is the next open request. <a href={`#/requests/${encodeURIComponent(arrived.decided)}`}>Back to {arrived.decided}</a>
          </p>
        </div>,
      );
    }
  });
  const stopPolling = whileVisible(() => {
    // E-mails change state by themselves (sent, failed): keep them current while nobody is typing.
    // Confirmations to the buyer's system likewise (they are outbox messages too).
    if (!busy && !element.contains(document.activeElement) && current?.outbox.some((m) => m.status === 'pending' || m.status === 'sending')) void load();
  }, 3000);
  return {
    element,
    dispose: () => {
      disposed = true;
      stopPolling();
      stopKeys();
    },
  };
}
