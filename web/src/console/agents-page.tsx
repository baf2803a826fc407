import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../shared/api.js';
import { formatMoney, type Money, parseMajorUnits } from '../shared/money.js';
import { formatWhen } from '../shared/reward.js';
import { adminRequest, NotAvailable } from './admin-session.js';

/** A registered outside agent platform, as the admin API answers it. */
export interface AgentPlatform {
  readonly id: string;
  readonly name: string;
  readonly keyHint: string;
  readonly status: 'active' | 'suspended';
  readonly rate: { readonly points: number; readonly durationSeconds: number };
  readonly dailyBudget?: Money;
  readonly createdAt: string;
}

/** The currency budgets are set in from the console (the API takes any). */
const BUDGET_CURRENCY = 'USD';

/** The merchant's agent platforms, for pages that name them (orders). */
export async function loadAgents(): Promise<AgentPlatform[]> {
  const { data } = await adminRequest<{ items: AgentPlatform[] }>('/api/v1/admin/agents');
  return data.items;
}

/**
 * Outside agents the merchant lets shop: register one (its key is shown this once), see each
 * one's limit and standing, and suspend or reactivate it.
 */
export function AgentsPage() {
  const { t } = useTranslation('console');
  const id = useId();
  const [agents, setAgents] = useState<AgentPlatform[]>();
  const [error, setError] = useState<unknown>();
  const [name, setName] = useState('');
  const [points, setPoints] = useState('1000');
  const [seconds, setSeconds] = useState('10');
  const [budget, setBudget] = useState('');
  const [issued, setIssued] = useState<{ name: string; key: string; signingSecret: string }>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setAgents(await loadAgents());
      setError(undefined);
    } catch (caught) {
      setError(caught);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const register = async (event: React.FormEvent) => {
    event.preventDefault();
    setIssued(undefined);
    const amount = budget.trim() === '' ? undefined : parseMajorUnits(budget, BUDGET_CURRENCY);
    if (budget.trim() !== '' && amount === undefined) {
      setError(new Error(t('agents.badBudget')));
      return;
    }
    setBusy(true);
    try {
      const { data } = await adminRequest<{ agent: AgentPlatform; key: string; signingSecret: string }>(
        '/api/v1/admin/agents',
        {
          method: 'POST',
          body: {
            name,
            rate: { points: Number(points), durationSeconds: Number(seconds) },
            ...(amount === undefined ? {} : { dailyBudget: { amount, currency: BUDGET_CURRENCY } }),
          },
        },
      );
      setIssued({ name: data.agent.name, key: data.key, signingSecret: data.signingSecret });
      setError(undefined);
      setName('');
      setBudget('');
      await load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const setStatus = async (agent: AgentPlatform, status: AgentPlatform['status']) => {
    setBusy(true);
    try {
      await adminRequest(`/api/v1/admin/agents/${encodeURIComponent(agent.id)}`, {
        method: 'PATCH',
        body: { status },
      });
      await load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (error instanceof ApiError && error.code === 'ROUTE_NOT_FOUND')
    return <NotAvailable what={t('agents.what')} route="GET /api/v1/admin/agents" />;

  return (
    <section aria-labelledby="agents-heading" className="stack">
      <h1 id="agents-heading">{t('agents.heading')}</h1>
      <p className="muted">{t('agents.intro')}</p>
      <div aria-live="polite">
        {issued === undefined ? null : (
          <div className="notice notice--success">
            <p>{t('agents.issued', { name: issued.name })}</p>
            <code className="secret" data-testid="agent-key">
              {issued.key}
            </code>
            <p className="small">{t('agents.signingSecret')}</p>
            <code className="secret">{issued.signingSecret}</code>
          </div>
        )}
        {error === undefined ? null : <p className="notice notice--error">{describeError(error)}</p>}
      </div>
      <form className="stack" onSubmit={(event) => void register(event)}>
        <h2>{t('agents.register')}</h2>
        <div className="field narrow">
          <label htmlFor={`${id}-name`}>{t('agents.name')}</label>
          <input
            id={`${id}-name`}
            value={name}
            required
            maxLength={80}
            onChange={(event) => setName(event.target.value)}
          />
        </div>
        <div className="row">
          <div className="field narrow">
            <label htmlFor={`${id}-points`}>{t('agents.points')}</label>
            <input
              id={`${id}-points`}
              type="number"
              min={1}
              required
              value={points}
              onChange={(event) => setPoints(event.target.value)}
            />
          </div>
          <div className="field narrow">
            <label htmlFor={`${id}-seconds`}>{t('agents.seconds')}</label>
            <input
              id={`${id}-seconds`}
              type="number"
              min={1}
              required
              value={seconds}
              onChange={(event) => setSeconds(event.target.value)}
            />
          </div>
        </div>
        <div className="field narrow">
          <label htmlFor={`${id}-budget`}>{t('agents.budget', { currency: BUDGET_CURRENCY })}</label>
          <input
            id={`${id}-budget`}
            inputMode="decimal"
            value={budget}
            aria-describedby={`${id}-budget-hint`}
            onChange={(event) => setBudget(event.target.value)}
          />
          <p id={`${id}-budget-hint`} className="small muted">
            {t('agents.budgetHint')}
          </p>
        </div>
        <div>
          <button type="submit" disabled={busy || name.trim() === ''}>
            {t('agents.submit')}
          </button>
        </div>
      </form>
      {agents === undefined ? <p>{t('agents.loading')}</p> : null}
      {agents !== undefined && agents.length === 0 ? <p>{t('agents.none')}</p> : null}
      {agents !== undefined && agents.length > 0 ? (
        <div className="table-scroll">
          <table>
            <caption className="visually-hidden">{t('agents.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('agents.name')}</th>
                <th scope="col">{t('agents.key')}</th>
                <th scope="col">{t('agents.limit')}</th>
                <th scope="col">{t('agents.dailyBudget')}</th>
                <th scope="col">{t('agents.status')}</th>
                <th scope="col">{t('agents.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {agents.map((agent) => (
                <tr key={agent.id}>
                  <td>
                    {agent.name}
                    <div className="small muted">
                      <code>{agent.id}</code> · {formatWhen(agent.createdAt)}
                    </div>
                  </td>
                  <td>
                    <code>…{agent.keyHint}</code>
                  </td>
                  <td className="small">
                    {t('agents.rate', { points: agent.rate.points, seconds: agent.rate.durationSeconds })}
                  </td>
                  <td className="small">
                    {agent.dailyBudget === undefined ? t('agents.noBudget') : formatMoney(agent.dailyBudget)}
                  </td>
                  <td>
                    <span
                      className={`badge ${agent.status === 'active' ? 'badge--success' : 'badge--muted'}`}
                    >
                      {t(`agents.state.${agent.status}`)}
                    </span>
                  </td>
                  <td>
                    <button
                      type="button"
                      disabled={busy}
                      onClick={() =>
                        void setStatus(agent, agent.status === 'active' ? 'suspended' : 'active')
                      }
                    >
                      {agent.status === 'active' ? t('agents.suspend') : t('agents.reactivate')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </section>
  );
}
