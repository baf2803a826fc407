import { useCallback, useEffect, useId, useState } from 'react';
import { ApiError, describeError } from '../shared/api.js';
import { formatMoney } from '../shared/money.js';
import { formatWhen } from '../shared/reward.js';
import type { Order } from '../shared/types.js';
import { StatusBadge } from '../storefront/orders-page.js';
import { adminRequest, NotAvailable } from './admin-session.js';

const STATUSES = [
  '',
  'pending',
  'paid',
  'fulfilled',
  'delivered',
  'cancelled',
  'return_requested',
  'returned',
  'refunded',
];

/** Where an order was placed: our storefront and API, our assistant, or an outside agent. */
const CHANNELS: readonly [string, string][] = [
  ['', 'All'],
  ['web', 'Web and API'],
  ['assistant', 'Our assistant'],
  ['mcp', 'Agent (MCP)'],
  ['acp', 'Agent (ACP)'],
];
const channelName = (channel: string | undefined) =>
  CHANNELS.find(([value]) => value === channel)?.[1] ?? channel ?? 'Web and API';

/** Orders and returns: filter by status and channel, fulfil, deliver, and receive returned goods (which refunds them). */
export function OrdersAdminPage() {
  const [status, setStatus] = useState('');
  const [channel, setChannel] = useState('');
  const [orders, setOrders] = useState<Order[]>();
  const [nextCursor, setNextCursor] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const id = useId();

  const load = useCallback(async (filter: string, via: string, cursor?: string) => {
    try {
      const params = new URLSearchParams({ limit: '50' });
      if (filter !== '') params.set('status', filter);
      if (via !== '') params.set('channel', via);
      if (cursor !== undefined) params.set('cursor', cursor);
      const { data } = await adminRequest<{ items: Order[]; nextCursor?: string }>(
        `/api/v1/admin/orders?${params.toString()}`,
      );
      setOrders((previous) => (cursor === undefined ? data.items : [...(previous ?? []), ...data.items]));
      setNextCursor(data.nextCursor);
      setError(undefined);
    } catch (caught) {
      setError(caught);
    }
  }, []);

  useEffect(() => {
    void load(status, channel);
  }, [load, status, channel]);

  const act = async (order: Order, path: string, message: string) => {
    setBusy(order.id);
    setNotice(undefined);
    try {
      await adminRequest(`/api/v1/admin/orders/${encodeURIComponent(order.id)}${path}`, {
        method: 'POST',
        body: {},
      });
      setNotice(message);
      await load(status, channel);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };

  if (error instanceof ApiError && error.code === 'ROUTE_NOT_FOUND')
    return <NotAvailable what="Order management" route="GET /api/v1/admin/orders" />;

  return (
    <section aria-labelledby="orders-admin-heading" className="stack">
      <h1 id="orders-admin-heading">Orders and returns</h1>
      <div className="field narrow">
        <label htmlFor={`${id}-status`}>Status</label>
        <select id={`${id}-status`} value={status} onChange={(event) => setStatus(event.target.value)}>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {value === '' ? 'All' : value.replace(/_/g, ' ')}
            </option>
          ))}
        </select>
      </div>
      <div className="field narrow">
        <label htmlFor={`${id}-channel`}>Placed through</label>
        <select id={`${id}-channel`} value={channel} onChange={(event) => setChannel(event.target.value)}>
          {CHANNELS.map(([value, name]) => (
            <option key={value} value={value}>
              {name}
            </option>
          ))}
        </select>
      </div>
      <div aria-live="polite">
        {notice === undefined ? null : <p className="notice notice--success">{notice}</p>}
        {error === undefined ? null : <p className="notice notice--error">{describeError(error)}</p>}
      </div>
      {orders === undefined ? <p>Loading…</p> : null}
      {orders !== undefined && orders.length === 0 ? (
        <p>No orders{status === '' ? '' : ` with status ${status.replace(/_/g, ' ')}`}.</p>
      ) : null}
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">Orders</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Status</th>
              <th scope="col">Placed through</th>
              <th scope="col">Items</th>
              <th scope="col">Total</th>
              <th scope="col">Returns</th>
              <th scope="col">Actions</th>
            </tr>
          </thead>
          <tbody>
            {(orders ?? []).map((order) => (
              <tr key={order.id}>
                <td>
                  <code>{order.id}</code>
                  <div className="small muted">{formatWhen(order.createdAt)}</div>
                </td>
                <td>
                  <StatusBadge status={order.status} />
                </td>
                <td className="small">{channelName(order.channel)}</td>
                <td className="small">
                  {(order.lines ?? []).map((line) => (
                    <div key={line.id}>
                      {line.quantity} × {line.title ?? line.variantId}
                    </div>
                  ))}
                </td>
                <td>
                  {formatMoney(order.total)}
                  {order.refunded !== undefined && order.refunded.amount > 0 ? (
                    <div className="small muted">refunded {formatMoney(order.refunded)}</div>
                  ) : null}
                </td>
                <td className="small">
                  {(order.returns ?? []).map((entry) => (
                    <div key={entry.id} className="row">
                      <span>
                        {entry.reason} <StatusBadge status={entry.status} />
                      </span>
                      {entry.status === 'requested' ? (
                        <button
                          type="button"
                          disabled={busy === order.id}
                          onClick={() =>
                            void act(
                              order,
                              `/returns/${encodeURIComponent(entry.id)}/receive`,
                              `Return ${entry.id} received and refunded.`,
                            )
                          }
                        >
                          Receive and refund
                        </button>
                      ) : null}
                    </div>
                  ))}
                </td>
                <td>
                  {order.status === 'paid' ? (
                    <button
                      type="button"
                      disabled={busy === order.id}
                      onClick={() => void act(order, '/fulfil', `Order ${order.id} fulfilled.`)}
                    >
                      Mark fulfilled
                    </button>
                  ) : null}
                  {order.status === 'fulfilled' ? (
                    <button
                      type="button"
                      disabled={busy === order.id}
                      onClick={() => void act(order, '/deliver', `Order ${order.id} delivered.`)}
                    >
                      Mark delivered
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {nextCursor === undefined ? null : (
        <button type="button" onClick={() => void load(status, channel, nextCursor)}>
          Show more
        </button>
      )}
    </section>
  );
}
