import i18next from 'i18next';
import { useCallback, useEffect, useId, useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import { addressLines } from '../shared/address.js';
import { ApiError, describeError, newIdempotencyKey } from '../shared/api.js';
import { formatMoney } from '../shared/money.js';
import { formatWhen } from '../shared/reward.js';
import { linkProps } from '../shared/router.js';
import { orderStatusText } from '../shared/status-text.js';
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
  // Subscribes the badge to language changes; the words are in the shared namespace, used by the console too.
  useTranslation('common');
  return <span className={`badge ${STATUS_TONE[status] ?? ''}`}>{orderStatusText(status)}</span>;
}

function unavailable(error: unknown): string {
  return error instanceof ApiError && error.code === 'ROUTE_NOT_FOUND'
    ? i18next.t('storefront:orders.unavailable')
    : describeError(error);
}

/** The shopper's orders, newest first. */
export function OrdersPage() {
  const { t } = useTranslation('storefront');
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
      <h1 id="orders-heading">{t('orders.heading')}</h1>
      {error === undefined ? null : (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {orders === undefined && error === undefined ? <p>{t('orders.loading')}</p> : null}
      {orders !== undefined && orders.length === 0 ? <p>{t('orders.none')}</p> : null}
      <ul className="plain-list stack">
        {(orders ?? []).map((order) => (
          <li key={order.id} className="card spread">
            <div>
              <a {...linkProps(`/orders/${encodeURIComponent(order.id)}`)}>
                <Trans
                  t={t}
                  i18nKey="orders.order"
                  values={{ id: order.id }}
                  components={{ code: <code /> }}
                />
              </a>
              <p className="small muted">{formatWhen(order.createdAt)}</p>
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
  const { t } = useTranslation('storefront');
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
    if (!window.confirm(t('orders.confirmCancel'))) return;
    setBusy(true);
    setActionError(undefined);
    try {
      const { data } = await shopperRequest<Order>(`/api/v1/orders/${encodeURIComponent(orderId)}/cancel`, {
        method: 'POST',
        body: {},
        idempotencyKey: newIdempotencyKey(),
      });
      setOrder(data);
      setNotice(t('orders.cancelled'));
    } catch (caught) {
      setActionError(describeError(caught));
    } finally {
      setBusy(false);
    }
  };

  const requestReturn = async (event: React.FormEvent) => {
    event.preventDefault();
    if (selectedLines.length === 0 || reason.trim() === '') {
      setActionError(t('orders.pickLines'));
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
      setNotice(t('orders.returnRequested'));
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
  if (order === undefined) return <p>{t('orders.loadingOrder')}</p>;
  const cancellable = order.status === 'pending' || order.status === 'paid';
  const returnable =
    order.status === 'delivered' &&
    (order.returnableUntil === undefined || Date.parse(order.returnableUntil) > Date.now());

  return (
    <section aria-labelledby={`${id}-heading`} className="stack" data-testid="order-page">
      <p>
        <a {...linkProps('/orders')}>{t('orders.all')}</a>
      </p>
      {placed ? <p className="notice notice--success">{t('orders.thanks')}</p> : null}
      <div className="spread">
        <h1 id={`${id}-heading`}>
          <Trans t={t} i18nKey="orders.order" values={{ id: order.id }} components={{ code: <code /> }} />
        </h1>
        <StatusBadge status={order.status} />
      </div>
      <p className="muted small">{formatWhen(order.createdAt)}</p>
      <div className="table-scroll">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('orders.item')}</th>
              <th scope="col">{t('orders.qty')}</th>
              <th scope="col">{t('orders.price')}</th>
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
          <dt>{t('cart.subtotal')}</dt>
          <dd>{formatMoney(order.subtotal)}</dd>
        </div>
        {order.discount !== undefined && order.discount.amount > 0 ? (
          <div>
            <dt>{t('cart.discount')}</dt>
            <dd>−{formatMoney(order.discount)}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('cart.shipping')}</dt>
          <dd>{formatMoney(order.shipping)}</dd>
        </div>
        <div className="totals__total">
          <dt>{t('cart.total')}</dt>
          <dd>{formatMoney(order.total)}</dd>
        </div>
      </dl>
      {order.shippingAddress === undefined ? null : (
        <div>
          <h2>{t('orders.shipTo')}</h2>
          <address data-testid="order-address">
            {addressLines(order.shippingAddress).map((line) => (
              <div key={line}>{line}</div>
            ))}
          </address>
        </div>
      )}
      {(order.returns ?? []).length > 0 ? (
        <div>
          <h2>{t('orders.returns')}</h2>
          <ul>
            {(order.returns ?? []).map((entry) => (
              <li key={entry.id}>
                {entry.id}: <StatusBadge status={entry.status} /> {entry.reason}
                {entry.refund === undefined ? null : (
                  <span className="small muted">
                    {' '}
                    · {t('orders.refund', { amount: formatMoney(entry.refund) })}
                  </span>
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
            {t('orders.cancel')}
          </button>
        ) : null}
        {returnable && !returning ? (
          <button type="button" onClick={() => setReturning(true)} disabled={busy}>
            {t('orders.returnItems')}
          </button>
        ) : null}
        {!cancellable && !returnable ? <p className="muted small">{t('orders.policy')}</p> : null}
      </div>
      {returning ? (
        <form className="card" onSubmit={requestReturn}>
          <fieldset>
            <legend>{t('orders.itemsToReturn')}</legend>
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
            <label htmlFor={`${id}-reason`}>{t('orders.reason')}</label>
            <textarea
              id={`${id}-reason`}
              value={reason}
              onChange={(event) => setReason(event.target.value)}
              maxLength={500}
            />
          </div>
          <div className="row">
            <button type="submit" className="primary" disabled={busy}>
              {t('orders.requestReturn')}
            </button>
            <button type="button" onClick={() => setReturning(false)}>
              {t('orders.neverMind')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
}
