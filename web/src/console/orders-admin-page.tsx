import i18next from 'i18next';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../shared/api.js';
import { formatMoney } from '../shared/money.js';
import { formatWhen } from '../shared/reward.js';
import { orderStatusText } from '../shared/status-text.js';
import type { Order } from '../shared/types.js';
import { StatusBadge } from '../storefront/orders-page.js';
import { adminRequest, NotAvailable } from './admin-session.js';
import { type AgentPlatform, loadAgents } from './agents-page.js';

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
const CHANNELS = [
  ['', 'orders.channel.all'],
  ['web', 'orders.channel.web'],
  ['assistant', 'orders.channel.assistant'],
  ['mcp', 'orders.channel.mcp'],
  ['acp', 'orders.channel.acp'],
  ['ucp', 'orders.channel.ucp'],
] as const;
const channelName = (channel: string | undefined) => {
  const key = CHANNELS.find(([value]) => value === (channel ?? 'web'))?.[1];
  return key === undefined ? (channel ?? '') : i18next.t(`console:${key}`);
};

/** Orders and returns: filter by status and channel, fulfil, deliver, and receive returned goods (which refunds them). */
export function OrdersAdminPage() {
  const { t } = useTranslation('console');
  const [status, setStatus] = useState('');
  const [channel, setChannel] = useState('');
  const [agent, setAgent] = useState('');
  const [agents, setAgents] = useState<AgentPlatform[]>([]);
  const [orders, setOrders] = useState<Order[]>();
  const [nextCursor, setNextCursor] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState<string>();
  const id = useId();

  const load = useCallback(async (filter: string, via: string, by: string, cursor?: string) => {
    try {
      const params = new URLSearchParams({ limit: '50' });
      if (filter !== '') params.set('status', filter);
      if (via !== '') params.set('channel', via);
      if (by !== '') params.set('agentId', by);
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
    void load(status, channel, agent);
  }, [load, status, channel, agent]);
  useEffect(() => {
    // Names for the agent column; without them the column shows ids.
    loadAgents().then(setAgents, () => setAgents([]));
  }, []);
  const agentName = (agentId: string | undefined) =>
    agentId === undefined
      ? t('orders.noAgent')
      : (agents.find((item) => item.id === agentId)?.name ?? agentId);

  const act = async (order: Order, path: string, message: string) => {
    setBusy(order.id);
    setNotice(undefined);
    try {
      await adminRequest(`/api/v1/admin/orders/${encodeURIComponent(order.id)}${path}`, {
        method: 'POST',
        body: {},
      });
      setNotice(message);
      await load(status, channel, agent);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(undefined);
    }
  };

  if (error instanceof ApiError && error.code === 'ROUTE_NOT_FOUND')
    return <NotAvailable what={t('orders.what')} route="GET /api/v1/admin/orders" />;

  return (
    <section aria-labelledby="orders-admin-heading" className="stack">
      <h1 id="orders-admin-heading">{t('orders.heading')}</h1>
      <div className="field narrow">
        <label htmlFor={`${id}-status`}>{t('orders.status')}</label>
        <select id={`${id}-status`} value={status} onChange={(event) => setStatus(event.target.value)}>
          {STATUSES.map((value) => (
            <option key={value} value={value}>
              {value === '' ? t('orders.all') : orderStatusText(value)}
            </option>
          ))}
        </select>
      </div>
      <div className="field narrow">
        <label htmlFor={`${id}-channel`}>{t('orders.placedThrough')}</label>
        <select id={`${id}-channel`} value={channel} onChange={(event) => setChannel(event.target.value)}>
          {CHANNELS.map(([value, name]) => (
            <option key={value} value={value}>
              {t(name)}
            </option>
          ))}
        </select>
      </div>
      {agents.length === 0 ? null : (
        <div className="field narrow">
          <label htmlFor={`${id}-agent`}>{t('orders.agent')}</label>
          <select id={`${id}-agent`} value={agent} onChange={(event) => setAgent(event.target.value)}>
            <option value="">{t('orders.anyAgent')}</option>
            {agents.map((item) => (
              <option key={item.id} value={item.id}>
                {item.name}
              </option>
            ))}
          </select>
        </div>
      )}
      <div aria-live="polite">
        {notice === undefined ? null : <p className="notice notice--success">{notice}</p>}
        {error === undefined ? null : <p className="notice notice--error">{describeError(error)}</p>}
      </div>
      {orders === undefined ? <p>{t('orders.loading')}</p> : null}
      {orders !== undefined && orders.length === 0 ? (
        <p>{status === '' ? t('orders.none') : t('orders.noneWith', { status: orderStatusText(status) })}</p>
      ) : null}
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{t('orders.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('orders.order')}</th>
              <th scope="col">{t('orders.status')}</th>
              <th scope="col">{t('orders.placedThrough')}</th>
              <th scope="col">{t('orders.agent')}</th>
              <th scope="col">{t('orders.items')}</th>
              <th scope="col">{t('orders.total')}</th>
              <th scope="col">{t('orders.returns')}</th>
              <th scope="col">{t('orders.actions')}</th>
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
                <td className="small">{agentName(order.agentId)}</td>
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
                    <div className="small muted">
                      {t('orders.refunded', { amount: formatMoney(order.refunded) })}
                    </div>
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
                              t('orders.returnReceived', { id: entry.id }),
                            )
                          }
                        >
                          {t('orders.receive')}
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
                      onClick={() => void act(order, '/fulfil', t('orders.fulfilled', { id: order.id }))}
                    >
                      {t('orders.markFulfilled')}
                    </button>
                  ) : null}
                  {order.status === 'fulfilled' ? (
                    <button
                      type="button"
                      disabled={busy === order.id}
                      onClick={() => void act(order, '/deliver', t('orders.delivered', { id: order.id }))}
                    >
                      {t('orders.markDelivered')}
                    </button>
                  ) : null}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {nextCursor === undefined ? null : (
        <button type="button" onClick={() => void load(status, channel, agent, nextCursor)}>
          {t('orders.more')}
        </button>
      )}
    </section>
  );
}
