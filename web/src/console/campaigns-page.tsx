import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../shared/api.js';
import { describeReward, formatWhen } from '../shared/reward.js';
import { linkProps } from '../shared/router.js';
import type { AdminCampaign } from '../shared/types.js';
import { adminRequest, NotAvailable } from './admin-session.js';
import { CampaignActions } from './campaign-actions.js';

/** A campaign status badge. */
export function CampaignStatus({ status }: { status: string }) {
  const { t, i18n } = useTranslation('console');
  const tone =
    status === 'live'
      ? 'badge--success'
      : status === 'paused' || status === 'exhausted'
        ? 'badge--danger'
        : status === 'scheduled'
          ? 'badge--warning'
          : 'badge--muted';
  return (
    <span className={`badge ${tone}`} data-testid="campaign-status">
      {i18n.exists(`console:status.${status}`) ? t(`status.${status}` as 'status.live') : status}
    </span>
  );
}

/** All campaigns with their counters, the kill switch and links to edit and watch them. */
export function CampaignsPage() {
  const { t, i18n } = useTranslation('console');
  const [campaigns, setCampaigns] = useState<AdminCampaign[]>();
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  const load = useCallback(async () => {
    try {
      const { data } = await adminRequest<AdminCampaign[] | { items: AdminCampaign[] }>(
        '/api/v1/admin/campaigns',
      );
      setCampaigns(Array.isArray(data) ? data : data.items);
      setError(undefined);
    } catch (caught) {
      setError(caught);
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = window.setInterval(() => void load(), 5000);
    return () => window.clearInterval(timer);
  }, [load]);

  if (error instanceof ApiError && error.code === 'ROUTE_NOT_FOUND')
    return <NotAvailable what={t('campaigns.what')} route="GET /api/v1/admin/campaigns" />;

  return (
    <section aria-labelledby="campaigns-heading" className="stack">
      <div className="spread">
        <h1 id="campaigns-heading">{t('campaigns.heading')}</h1>
        <a className="button primary" {...linkProps('/console/campaigns/new')}>
          {t('campaigns.new')}
        </a>
      </div>
      <div aria-live="polite">
        {notice === undefined ? null : <p className="notice notice--success">{notice}</p>}
      </div>
      {error === undefined ? null : <p className="notice notice--error">{describeError(error)}</p>}
      {campaigns === undefined ? <p>{t('campaigns.loading')}</p> : null}
      {campaigns !== undefined && campaigns.length === 0 ? <p>{t('campaigns.none')}</p> : null}
      <div className="table-scroll">
        <table className="campaign-table">
          <caption className="visually-hidden">{t('campaigns.heading')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('campaigns.col.name')}</th>
              <th scope="col">{t('campaigns.col.status')}</th>
              <th scope="col">{t('campaigns.col.reward')}</th>
              <th scope="col">{t('campaigns.col.claimed')}</th>
              <th scope="col">{t('campaigns.col.window')}</th>
              <th scope="col">{t('campaigns.col.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {(campaigns ?? []).map((campaign) => (
              <tr key={campaign.id} data-testid="campaign-row" data-campaign-id={campaign.id}>
                <td>
                  <a {...linkProps(`/console/campaigns/${encodeURIComponent(campaign.id)}/dashboard`)}>
                    {campaign.name}
                  </a>
                  {campaign.code ? (
                    <div className="small muted">
                      {t('campaigns.code')} <code>{campaign.code}</code>
                    </div>
                  ) : null}
                </td>
                <td>
                  <CampaignStatus status={campaign.status} />
                </td>
                <td>{describeReward(campaign.reward)}</td>
                <td>
                  {(campaign.claimed ?? 0).toLocaleString(i18n.language)} /{' '}
                  {campaign.budget.claims.toLocaleString(i18n.language)}
                </td>
                <td className="small">
                  {formatWhen(campaign.startsAt) || t('campaigns.now')} →{' '}
                  {formatWhen(campaign.endsAt) || t('campaigns.open')}
                </td>
                <td>
                  <div className="row">
                    <a {...linkProps(`/console/campaigns/${encodeURIComponent(campaign.id)}/dashboard`)}>
                      {t('campaigns.dashboard')}
                      <span className="visually-hidden"> {campaign.name}</span>
                    </a>
                    <a {...linkProps(`/console/campaigns/${encodeURIComponent(campaign.id)}/edit`)}>
                      {t('campaigns.edit')}
                      <span className="visually-hidden"> {campaign.name}</span>
                    </a>
                  </div>
                  <CampaignActions
                    campaign={campaign}
                    onChanged={(message) => {
                      setNotice(message);
                      void load();
                    }}
                  />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
