/**
 * Purchase orders matched to no request (the buyer's cart carried no request of its connection, or none
 * we know): listed for operations, who attach each to its request by reference. The match checks
 * the same as on arrival (amounts, dates, address), so mismatches are flagged on the request.
 */
import type { OrderMatched, OrdersResponse, OrderView, RequestDetail } from '../../functions/operations/api';
import type { OrderLine } from '../../functions/orders/order';
import { api, ApiError } from './api';
import { at } from './format';
import type { View } from './queue';

// requests/request.ts REQUEST_ID, not imported: that module needs node:crypto, which a browser bundle lacks.
const REQUEST_REF = /^RQ-\d{6}-[0-9A-Z]{6}$/;

/** What the order's lines said about the request they are for, in words. */
function linesText(lines: OrderLine[] | undefined): string {
  if (!lines?.length) return 'no lines read';
  return lines
    .slice(0, 3)
    .map((l) => [l.description ?? l.supplierPartId ?? `line ${l.lineNumber}`, l.requestId ? `names ${l.requestId}` : 'names no request'].join(': '))
    .join('; ')
    .concat(lines.length > 3 ? `; and ${lines.length - 3} more` : '');
}

export function ordersView(): View {
  const list = (<tbody />) as HTMLElement;
  const message = (<p class="queue-message" aria-live="polite" />) as HTMLElement;
  const notice = (<div class="alert-slot" role="alert" />) as HTMLElement;

  function attachControls(order: OrderView): HTMLElement {
    const input = (
      <input name="requestId" aria-label={`Request reference for ${order.orderNumber}`} placeholder="RQ-261123-7K3M9Q" maxLength={16} autoComplete="off" />
    ) as HTMLInputElement;
    const button = (
      <button type="button" class="button small" data-action="attach" disabled>
        Attach
      </button>
    ) as HTMLButtonElement;
    const why = (<span class="muted small disabled-reason">Type the request reference (RQ-…).</span>) as HTMLElement;
    const error = (<p class="field-error" hidden />) as HTMLElement;
    const check = () => {
      const value = input.value.trim().toUpperCase();
      const ok = REQUEST_REF.test(value);
      button.disabled = !ok;
      why.textContent = ok ? '' : value ? 'A reference looks like RQ-261123-7K3M9Q.' : 'Type the request reference (RQ-…).';
    };
    input.addEventListener('input', check);
    button.addEventListener('click', async () => {
      const requestId = input.value.trim().toUpperCase();
      error.hidden = true;
      button.disabled = true;
      why.textContent = 'Attaching…';
      try {
        const { request } = await api.get<RequestDetail>(`/requests/${encodeURIComponent(requestId)}`);
        await api.post<OrderMatched>(`/orders/${encodeURIComponent(order.id)}/match`, { requestId, version: request.version ?? 0 });
        notice.replaceChildren(
          <div class="notice ok" data-kind="ok">
            <p>
              PO {order.orderNumber} attached to <a href={`#/requests/${encodeURIComponent(requestId)}`}>{requestId}</a>.
            </p>
          </div>,
        );
        await load();
      } catch (failure) {
        if (!(failure instanceof ApiError)) throw failure;
        error.hidden = false;
        error.textContent = failure.message;
        check();
      }
    });
    return (
      <div class="attach" data-attach={order.id}>
        {input} {button} {why}
        {error}
      </div>
    ) as HTMLElement;
  }

  function row(order: OrderView): HTMLElement {
    return (
      <tr data-order-id={order.id}>
        <td>
          <strong>PO {order.orderNumber}</strong>
          <br />
          <span class="muted">{order.id}</span>
          {order.test ? <span class="badge test">test</span> : ''}
          {order.type === 'delete' ? <span class="badge danger">withdrawn</span> : ''}
        </td>
        <td>
          {order.connectionName ?? order.connectionId}
          <br />
          <span class="muted">{order.source === 'cxml' ? 'cXML' : 'e-mail'}</span>
        </td>
        <td>
          {order.orderDate.slice(0, 10)}
          <br />
          <span class="muted">received {at(order.receivedAt)}</span>
        </td>
        <td class="num">{order.total ? `${order.total.currency} ${order.total.amount}` : '—'}</td>
        <td>
          {linesText(order.lines)}
          {order.shipTo?.addressId || order.shipTo?.text ? <div class="muted small">ship to {[order.shipTo.addressId, order.shipTo.text].filter(Boolean).join(': ')}</div> : ''}
        </td>
        <td>{attachControls(order)}</td>
      </tr>
    ) as HTMLElement;
  }

  async function load(): Promise<void> {
    try {
      const { orders, more } = await api.get<OrdersResponse>('/orders?unmatched=1');
      list.replaceChildren(...orders.map(row));
      message.textContent = orders.length ? (more ? `The ${orders.length} newest are listed: attach these and the older ones follow.` : '') : 'No unmatched purchase orders: every order found its request.';
    } catch (error) {
      if (error instanceof ApiError) message.textContent = error.message;
    } finally {
      document.body.dataset.ready = 'true';
    }
  }
  void load();

  const element = (
    <section class="orders" aria-labelledby="orders-title">
      <h1 id="orders-title">Unmatched purchase orders</h1>
      <p class="muted">Orders that named no request of their connection. Attach each to its request by reference; the amounts, dates and address are then compared and any difference flagged on the request.</p>
      {notice}
      <div class="table-scroll" tabIndex={0}>
        <table class="queue-table orders-table">
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Connection</th>
              <th scope="col">Dated</th>
              <th scope="col" class="num">Total</th>
              <th scope="col">Lines</th>
              <th scope="col">Attach to request</th>
            </tr>
          </thead>
          {list}
        </table>
      </div>
      {message}
    </section>
  ) as HTMLElement;
  return { element, dispose: () => undefined };
}
