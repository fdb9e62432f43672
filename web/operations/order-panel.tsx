/**
 * A request's purchase order on its detail page: "Order received: PO number, date", what differs from
 * the request (in words), a withdrawn order, the e-mailed PDF, the form to record an order that came
 * by e-mail, and the cXML confirmations sent back to the buyer's system with the buyer's answer.
 */
import type { OpsBoot, OutboxView, RequestDetail } from '../../functions/operations/api';
import type { OrderMismatch, RequestOrder } from '../../functions/orders/order';
import { api, ApiError } from './api';
import { at, money, relative } from './format';
import { retryButton } from './outbox-retry';

export const CONFIRMATION_KIND = 'order-confirmation';

const MISMATCH_LABELS: Record<OrderMismatch['field'], string> = {
  amount: 'Amount',
  currency: 'Currency',
  period: 'Rental period',
  deliveryAddress: 'Delivery address',
  vehicle: 'Vehicle',
  status: 'Request status',
  lines: 'Order lines',
  orderNumber: 'PO number',
  deploymentMode: 'Test order',
};

const CONFIRMATION_WORDS: Record<NonNullable<OutboxView['confirmation']>['type'], string> = {
  accept: 'accepted',
  reject: 'rejected',
  detail: 'changed (detail)',
};

const ORDER_TYPE_WORDS: Record<RequestOrder['type'], string> = { new: 'new order', update: 'changed order', delete: 'order withdrawn' };

/** `2026-11-23T10:00:00+01:00` or `2026-11-23` as the buyer dated it: the day as written, no time-zone guess. */
const orderDay = (date: string) => date.slice(0, 10);

function orderFacts(order: RequestOrder): HTMLElement {
  const file = order.attachment;
  return (
    <div class="order-facts" data-order-number={order.orderNumber} data-source={order.source}>
      <p class="order-line">
        <strong>
          Order received: PO {order.orderNumber}, {orderDay(order.orderDate)}
        </strong>{' '}
        <span class="muted">
          ({order.source === 'cxml' ? 'cXML from the buyer’s system' : 'recorded from an e-mail'}, {ORDER_TYPE_WORDS[order.type]}, {at(order.receivedAt)}; our reference {order.orderId})
        </span>
      </p>
      {order.cancellationRequested ? (
        <p class="notice error" data-withdrawn="true">
          The buyer withdrew the order: cancel the request (reason “Purchase order withdrawn”).
        </p>
      ) : (
        ''
      )}
      {order.mismatches.length ? (
        <div class="notice error" data-mismatches={String(order.mismatches.length)}>
          <p>The order differs from the request; check with the buyer before confirming:</p>
          <ul class="mismatches">
            {order.mismatches.map((m) => (
              <li data-mismatch={m.field}>
                <strong>{MISMATCH_LABELS[m.field] ?? m.field}</strong>: the request says {m.expected}, the order says {m.received}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p class="muted" data-mismatches="0">
          The order matches the request (amount, dates, delivery address, vehicle).
        </p>
      )}
      {file ? (
        <p>
          <a href={`/ops/api/orders/${encodeURIComponent(order.orderId)}/attachment`} download={file.fileName} data-attachment="pdf">
            {file.fileName}
          </a>{' '}
          <span class="muted">(PDF, {String(Math.max(1, Math.round(file.bytes / 1024)))} KB)</span>
        </p>
      ) : (
        ''
      )}
    </div>
  ) as HTMLElement;
}

/** The form to record a purchase order that came by e-mail: number, date, amount, PDF; refusals next to their field. */
function emailOrderForm(detail: RequestDetail, done: (text: string) => Promise<void>): HTMLElement {
  const r = detail.request;
  const today = new Date().toISOString().slice(0, 10);
  const error = (name: string) => (<p class="field-error" data-field-error={name} hidden />) as HTMLElement;
  const inputs = {
    orderNumber: (<input name="orderNumber" required maxLength={64} autoComplete="off" placeholder="4500012345" />) as HTMLInputElement,
    orderDate: (<input name="orderDate" type="date" required value={today} />) as HTMLInputElement,
    amount: (<input name="amount" required inputMode="decimal" maxLength={13} placeholder={(r.price.net / 100).toFixed(2)} />) as HTMLInputElement,
    file: (<input name="file" type="file" accept="application/pdf,.pdf" required />) as HTMLInputElement,
  };
  const errors = { orderNumber: error('orderNumber'), orderDate: error('orderDate'), amount: error('amount'), file: error('file') };
  const general = (<p class="notice error" role="alert" hidden />) as HTMLElement;
  const submit = (
    <button type="submit" class="button" data-action="record-order">
      Record the purchase order
    </button>
  ) as HTMLButtonElement;
  const submitWhy = (<span class="muted small disabled-reason" />) as HTMLElement;
  const row = (name: keyof typeof inputs, label: string, hint?: string) => {
    inputs[name].id = `order-${name}`;
    return (
      <div class="form-field">
        <label htmlFor={`order-${name}`}>{label}</label>
        {inputs[name]}
        {hint ? <p class="muted small">{hint}</p> : ''}
        {errors[name]}
      </div>
    ) as HTMLElement;
  };
  const form = (
    <form class="order-mail-form" data-form="order-mail" noValidate>
      {row('orderNumber', 'PO number')}
      {row('orderDate', 'Order date')}
      {row('amount', `Amount excl. VAT (${r.price.currency})`, `The request: ${money(r.price.net, r.price.currency)} excl. VAT. A point before the cents: 151.20.`)}
      {row('file', 'The PDF (at most 2 MB)')}
      {general}
      <p class="actions">
        {submit} {submitWhy}
      </p>
    </form>
  ) as HTMLFormElement;

  const show = (name: string, text: string) => {
    const target = errors[name as keyof typeof errors];
    if (!target) {
      general.hidden = false;
      general.textContent = text;
      return;
    }
    target.hidden = false;
    target.textContent = text;
    inputs[name as keyof typeof inputs].setAttribute('aria-invalid', 'true');
    inputs[name as keyof typeof inputs].focus();
  };

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    general.hidden = true;
    for (const [name, note] of Object.entries(errors)) {
      note.hidden = true;
      inputs[name as keyof typeof inputs].removeAttribute('aria-invalid');
    }
    const missing = (['orderNumber', 'orderDate', 'amount'] as const).find((n) => !inputs[n].value.trim());
    if (missing) return show(missing, 'Required.');
    const file = inputs.file.files?.[0];
    if (!file) return show('file', 'Choose the PDF of the purchase order.');
    const body = new FormData();
    body.set('orderNumber', inputs.orderNumber.value.trim());
    body.set('orderDate', inputs.orderDate.value);
    body.set('amount', inputs.amount.value.trim());
    body.set('version', String(r.version ?? 0));
    body.set('file', file, file.name);
    submit.disabled = true;
    submitWhy.textContent = 'Sending the order and its PDF…';
    try {
      await api.postForm(`/requests/${encodeURIComponent(r.id)}/order`, body);
      await done(`Purchase order ${inputs.orderNumber.value.trim()} recorded.`);
    } catch (failure) {
      if (!(failure instanceof ApiError)) throw failure;
      const field = failure.refusal.field;
      if (failure.status === 413) show('file', failure.message);
      else show(field && field in errors ? field : '', failure.message);
    } finally {
      submit.disabled = false;
      submitWhy.textContent = '';
    }
  });
  return form;
}

function confirmationRow(boot: OpsBoot, message: OutboxView, reload: () => void, say: (text: string, kind?: 'ok' | 'error') => void): HTMLElement {
  const answer = message.buyerAnswer;
  return (
    <tr data-confirmation={message.id} data-status={message.status}>
      <td data-type={message.confirmation?.type ?? ''}>
        {message.confirmation ? `PO ${message.confirmation.orderNumber} ${CONFIRMATION_WORDS[message.confirmation.type]}${message.confirmation.operation === 'update' ? ', updating the earlier one' : ''}` : message.label}
      </td>
      <td>
        <span class={`badge ${message.status}`}>{message.status}</span>
        {message.lastError && message.status !== 'sent' ? <div class="muted small">{message.lastError}</div> : ''}
      </td>
      <td data-buyer-answer={answer ? String(answer.code) : ''}>
        {answer ? `${answer.code} ${answer.text}` : 'no answer yet'}
        {answer ? <div class="muted small">{at(answer.at)}</div> : ''}
        {message.nextAttemptAt && message.status === 'failed' ? <div class="muted small">next automatic try {relative(message.nextAttemptAt)}</div> : ''}
      </td>
      <td>{message.sentAt ? at(message.sentAt) : at(message.createdAt)}</td>
      <td>{String(message.attempts)}</td>
      <td>{message.status === 'failed' || message.status === 'uncertain' ? retryButton(boot, message, reload, say) : ''}</td>
    </tr>
  ) as HTMLElement;
}

/**
 * The panel. `done` reloads the request and says what happened; `say` shows a notice; `open` says
 * whether the form is offered (any status: a late order on a closed request is flagged, not lost).
 */
export function orderPanel(
  boot: OpsBoot,
  detail: RequestDetail,
  handlers: { reload: () => void; done: (text: string) => Promise<void>; say: (text: string, kind?: 'ok' | 'error') => void },
): HTMLElement {
  const order = detail.request.order;
  const confirmations = detail.outbox.filter((m) => m.kind === CONFIRMATION_KIND) as OutboxView[];
  const recordLabel = order ? 'Record a changed purchase order received by e-mail' : 'Record a purchase order received by e-mail';
  return (
    <section class="card order-panel" aria-labelledby="order-title" data-order={order ? order.orderNumber : ''}>
      <h2 id="order-title">Purchase order</h2>
      {order ? orderFacts(order) : <p class="muted" data-awaiting-order="true">Awaiting the buyer’s purchase order.</p>}
      <details class="order-mail" open={!order}>
        <summary>{recordLabel}</summary>
        {emailOrderForm(detail, handlers.done)}
      </details>
      <h3>Confirmations to the buyer’s system</h3>
      {confirmations.length ? (
        <div class="table-scroll" tabIndex={0}>
          <table class="mails confirmations">
            <thead>
              <tr>
                <th scope="col">Confirmation</th>
                <th scope="col">Status</th>
                <th scope="col">Buyer’s answer</th>
                <th scope="col">When</th>
                <th scope="col">Tries</th>
                <th scope="col" />
              </tr>
            </thead>
            <tbody>{confirmations.map((m) => confirmationRow(boot, m, handlers.reload, handlers.say))}</tbody>
          </table>
        </div>
      ) : (
        <p class="muted">
          {order?.source === 'cxml' && order.confirmations
            ? 'None sent yet: confirming, declining or cancelling this request sends one.'
            : 'None: the buyer’s system gets confirmations only for a cXML order of a connection that asks for them.'}
        </p>
      )}
    </section>
  ) as HTMLElement;
}
