import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../shared/api.js';
import { formatWhen } from '../shared/reward.js';
import { adminRequest, NotAvailable } from './admin-session.js';
import { FraudRulesForm, type RiskSettings } from './fraud-rules-form.js';

/** A claim a rule challenged or denied, as the review queue lists it. */
interface Review {
  readonly id: string;
  readonly shopperId: string;
  readonly campaignId: string | null;
  readonly outcome: 'challenge' | 'deny';
  readonly reasons: readonly string[];
  readonly ip: string | null;
  readonly deviceId: string | null;
  readonly status: 'open' | 'cleared' | 'revoked';
  readonly createdAt: string;
}

/**
 * Fraud: the rules' thresholds, this node's decisions, and the review queue, where the merchant
 * clears a flagged claim or claws back the shopper's unused coupons into their campaigns' budgets.
 */
export function FraudPage() {
  const { t } = useTranslation('console');
  const [settings, setSettings] = useState<RiskSettings>();
  const [decisions, setDecisions] = useState<Record<string, number>>({});
  const [reviews, setReviews] = useState<Review[]>();
  const [status, setStatus] = useState<'open' | ''>('open');
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const [rules, queue] = await Promise.all([
        adminRequest<{ settings: RiskSettings; decisions: Record<string, number> }>(
          '/api/v1/admin/fraud/settings',
        ),
        adminRequest<{ items: Review[] }>(
          `/api/v1/admin/fraud/reviews${status === '' ? '' : `?status=${status}`}`,
        ),
      ]);
      setSettings(rules.data.settings);
      setDecisions(rules.data.decisions);
      setReviews(queue.data.items);
      setError(undefined);
    } catch (caught) {
      setError(caught);
    }
  }, [status]);
  useEffect(() => {
    void load();
  }, [load]);

  const act = async (review: Review, action: 'clear' | 'revoke') => {
    setBusy(true);
    setNotice(undefined);
    try {
      if (action === 'clear') {
        await adminRequest(`/api/v1/admin/fraud/reviews/${encodeURIComponent(review.id)}/clear`, {
          method: 'POST',
        });
      } else {
        const { data } = await adminRequest<{ revoked: unknown[]; kept: number }>(
          `/api/v1/admin/shoppers/${encodeURIComponent(review.shopperId)}/revoke-coupons`,
          { method: 'POST' },
        );
        setNotice(t('fraud.revoked', { count: data.revoked.length, kept: data.kept }));
      }
      await load();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  if (error instanceof ApiError && error.code === 'ROUTE_NOT_FOUND')
    return <NotAvailable what={t('fraud.what')} route="GET /api/v1/admin/fraud/settings" />;

  const counted = (['allow', 'challenge', 'deny'] as const)
    .filter((outcome) => decisions[outcome] !== undefined)
    .map((outcome) => [outcome, decisions[outcome] ?? 0] as const);
  return (
    <section aria-labelledby="fraud-heading" className="stack">
      <h1 id="fraud-heading">{t('fraud.heading')}</h1>
      <p className="muted">{t('fraud.intro')}</p>
      <div aria-live="polite">
        {error === undefined ? null : <p className="notice notice--error">{describeError(error)}</p>}
        {notice === undefined ? null : <p className="notice notice--success">{notice}</p>}
      </div>
      {counted.length === 0 ? null : (
        <p className="small" data-testid="fraud-decisions">
          {counted
            .map(([outcome, count]) => t('fraud.decided', { outcome: t(`fraud.outcome_${outcome}`), count }))
            .join(' · ')}
        </p>
      )}
      <h2>{t('fraud.queue')}</h2>
      <label className="field narrow">
        {t('fraud.show')}
        <select value={status} onChange={(event) => setStatus(event.target.value as 'open' | '')}>
          <option value="open">{t('fraud.showOpen')}</option>
          <option value="">{t('fraud.showAll')}</option>
        </select>
      </label>
      {reviews === undefined ? <p>{t('fraud.loading')}</p> : null}
      {reviews !== undefined && reviews.length === 0 ? <p>{t('fraud.none')}</p> : null}
      {reviews !== undefined && reviews.length > 0 ? (
        <div className="table-scroll">
          <table data-testid="fraud-reviews">
            <caption className="visually-hidden">{t('fraud.queue')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('fraud.when')}</th>
                <th scope="col">{t('fraud.shopper')}</th>
                <th scope="col">{t('fraud.reasons')}</th>
                <th scope="col">{t('fraud.status')}</th>
                <th scope="col">{t('fraud.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {reviews.map((review) => (
                <tr key={review.id}>
                  <td className="small">{formatWhen(review.createdAt)}</td>
                  <td>
                    <code>{review.shopperId}</code>
                    <div className="small muted">
                      {[review.campaignId, review.ip, review.deviceId]
                        .filter((part) => part !== null)
                        .join(' · ')}
                    </div>
                  </td>
                  <td className="small">
                    {t(`fraud.outcome_${review.outcome}`)}: {review.reasons.join(', ')}
                  </td>
                  <td>{t(`fraud.state_${review.status}`)}</td>
                  <td className="row">
                    {review.status === 'open' ? (
                      <>
                        <button type="button" disabled={busy} onClick={() => void act(review, 'clear')}>
                          {t('fraud.clear')}
                        </button>
                        <button type="button" disabled={busy} onClick={() => void act(review, 'revoke')}>
                          {t('fraud.revoke')}
                        </button>
                      </>
                    ) : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      {settings === undefined ? null : <FraudRulesForm initial={settings} onSaved={setSettings} />}
    </section>
  );
}
