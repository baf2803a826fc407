import { useCallback, useEffect, useId, useState } from 'react';
import { ApiError, describeError, newIdempotencyKey } from '../shared/api.js';
import { formatMoney } from '../shared/money.js';
import { linkProps } from '../shared/router.js';
import type { Order } from '../shared/types.js';
import { lineTitle } from './cart-drawer.js';
import { shopperRequest } from './session.js';

const STATUS_TONE: Record<string, string> = {
  paid: 'badge--success',
  fulfilled: 'badge--success',
  delivered: 'badge--success',
  pending: 'badge--warning',
  cancelled: 'badge--muted',
  return_requested: 'badge--warning',
  returned: 'badge--muted',
  refunded: 'badge--muted',
};

/** An order status as a coloured, readable badge. */
export function StatusBadge({ status }: { status: string }) {
  return <span className={`badge ${STATUS_TONE[status] ?? ''}`}>{status.replace(/_/g, ' ')}</span>;
}

function when(value: number | string | undefined): string {
  if (value === undefined) return '';
  const date = new Date(typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value);
  return Number.isNaN(date.getTime()) ? '' : date.toLocaleString();
}

function unavailable(error: unknown): string {
  return error instanceof ApiError && error.code === 'ROUTE_NOT_FOUND'
    ? 'Orders are not available on this server yet.'
    : describeError(error);
}

/** The shopper's orders, newest first. */
export function OrdersPage() {
  const [orders, setOrders] = useState<Order[]>();
  const [error, setError] = useState<string>();

  useEffect(() => {
    shopperRequest<Order[] | { items: Order[] }>('/api/v1/orders').then(
      ({ data }) => setOrders(Array.isArray(data) ? data : data.items),
      (caught: unknown) => setError(unavailable(caught)),
    );
  }, []);

  return (
    <section aria-labelledby="orders-heading">
      <h1 id="orders-heading">Your orders</h1>
      {error === undefined ? null : (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {orders === undefined && error === undefined ? <p>Loading orders…</p> : null}
      {orders !== undefined && orders.length === 0 ? <p>No orders yet.</p> : null}
      <ul className="plain-list stack">
        {(orders ?? []).map((order) => (
          <li key={order.id} className="card spread">
            <div>
              <a {...linkProps(`/orders/${encodeURIComponent(order.id)}`)}>
                Order <code>{order.id}</code>
              </a>
              <p className="small muted">{when(order.createdAt)}</p>
            </div>
            <StatusBadge status={order.status} />
            <span className="price">{formatMoney(order.total)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** One order: its lines and totals, with cancel and return where the status allows. */
export function OrderPage({ orderId }: { orderId: string }) {
  const [order, setOrder] = useState<Order>();
  const [error, setError] = useState<string>();
  const [actionError, setActionError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [returning, setReturning] = useState(false);
  const [selectedLines, setSelectedLines] = useState<string[]>([]);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<string>();
  const placed = new URLSearchParams(window.location.search).get('placed') === '1';
  const id = useId();

  const load = useCallback(async () => {
    try {
      const { data } = await shopperRequest<Order>(`/api/v1/orders/${encodeURIComponent(orderId)}`);
      setOrder(data);
    } catch (caught) {
      setError(unavailable(caught));
    }
  }, [orderId]);

  useEffect(() => {
    void load();
  }, [load]);

  const cancel = async () => {
    if (!window.confirm('Cancel this order? A paid order is refunded in full.')) return;
    setBusy(true);
    setActionError(undefined);
    try {
      const { data } = await shopperRequest<Order>(`/api/v1/orders/${encodeURIComponent(orderId)}/cancel`, {
        method: 'POST',
        body: {},
        idempotencyKey: newIdempotencyKey(),
      });
      setOrder(data);
      setNotice('The order is cancelled.');
    } catch (caught) {
      setActionError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  const requestReturn = async (event: React.FormEvent) => {
    event.preventDefault();
    if (selectedLines.length === 0 || reason.trim() === '') {
      setActionError('Pick at least one item and say why you are returning it.');
      return;
    }
    setBusy(true);
    setActionError(undefined);
    try {
      await shopperRequest(`/api/v1/orders/${encodeURIComponent(orderId)}/returns`, {
        method: 'POST',
        body: { lineIds: selectedLines, reason: reason.trim() },
        idempotencyKey: newIdempotencyKey(),
      });
      setReturning(false);
      setNotice('Return requested. You will be refunded when the items arrive.');
      await load();
    } catch (caught) {
      setActionError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  if (error !== undefined) {
    return (
      <p className="notice notice--error" role="alert">
        {error}
      </p>
    );
  }
  if (order === undefined) return <p>Loading order…</p>;
  const cancellable = order.status === 'pending' || order.status === 'paid';
  const returnable =
    order.status === 'delivered' &&
    (order.returnableUntil === undefined || Date.parse(order.returnableUntil) > Date.now());

  return (
    <section aria-labelledby={`${id}-heading`} className="stack" data-testid="order-page">
      <p>
        <a {...linkProps('/orders')}>← All orders</a>
      </p>
      {placed ? <p className="notice notice--success">Thank you! Your order is placed.</p> : null}
      <div className="spread">
        <h1 id={`${id}-heading`}>
          Order <code>{order.id}</code>
        </h1>
        <StatusBadge status={order.status} />
      </div>
      <p className="muted small">{when(order.createdAt)}</p>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">Item</th>
              <th scope="col">Qty</th>
              <th scope="col">Price</th>
            </tr>
          </thead>
          <tbody>
            {(order.lines ?? []).map((line) => (
              <tr key={line.id}>
                <td>{lineTitle(line)}</td>
                <td>{line.quantity}</td>
                <td>{formatMoney(line.paid ?? line.lineTotal ?? line.total ?? line.unitPrice)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <dl className="totals">
        <div>
          <dt>Subtotal</dt>
          <dd>{formatMoney(order.subtotal)}</dd>
        </div>
        {order.discount !== undefined && order.discount.amount > 0 ? (
          <div>
            <dt>Discount</dt>
            <dd>−{formatMoney(order.discount)}</dd>
          </div>
        ) : null}
        <div>
          <dt>Shipping</dt>
          <dd>{formatMoney(order.shipping)}</dd>
        </div>
        <div className="totals__total">
          <dt>Total</dt>
          <dd>{formatMoney(order.total)}</dd>
        </div>
      </dl>
      {(order.returns ?? []).length > 0 ? (
        <div>
          <h2>Returns</h2>
          <ul>
            {(order.returns ?? []).map((entry) => (
              <li key={entry.id}>
                {entry.id}: <StatusBadge status={entry.status} /> {entry.reason}
                {entry.refund === undefined ? null : (
                  <span className="small muted"> · refund {formatMoney(entry.refund)}</span>
                )}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      <div aria-live="polite">
        {notice === undefined ? null : <p className="notice notice--success">{notice}</p>}
        {actionError === undefined ? null : <p className="notice notice--error">{actionError}</p>}
      </div>
      <div className="row">
        {cancellable ? (
          <button type="button" className="danger" onClick={() => void cancel()} disabled={busy}>
            Cancel order
          </button>
        ) : null}
        {returnable && !returning ? (
          <button type="button" onClick={() => setReturning(true)} disabled={busy}>
            Return items
          </button>
        ) : null}
        {!cancellable && !returnable ? (
          <p className="muted small">
            Orders can be cancelled until they ship, and returned after delivery within the return window.
          </p>
        ) : null}
      </div>
      {returning ? (
        <form className="card" onSubmit={requestReturn}>
          <fieldset>
            <legend>Items to return</legend>
            {(order.lines ?? []).map((line) => (
              <label key={line.id} className="checkbox">
                <input
                  type="checkbox"
                  checked={selectedLines.includes(line.id)}
                  onChange={(event) =>
                    setSelectedLines(
                      event.target.checked
                        ? [...selectedLines, line.id]
                        : selectedLines.filter((lineId) => lineId !== line.id),
                    )
                  }
                />
                {lineTitle(line)} × {line.quantity}
              </label>
            ))}
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-reason`}>Reason</label>
            <textarea
              id={`${id}-reason`}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              maxLength={500}
            />
          </div>
          <div className="row">
            <button type="submit" className="primary" disabled={busy}>
              Request return
            </button>
            <button type="button" onClick={() => setReturning(false)}>
              Never mind
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
