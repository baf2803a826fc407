import { useCallback, useEffect, useState } from 'react';
import { ApiError, describeError } from '../shared/api.js';
import { describeReward, formatWhen } from '../shared/reward.js';
import { linkProps } from '../shared/router.js';
import type { AdminCampaign } from '../shared/types.js';
import { adminRequest, NotAvailable } from './admin-session.js';
import { CampaignActions } from './campaign-actions.js';

/** A campaign status badge. */
export function CampaignStatus({ status }: { status: string }) {
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
      {status}
    </span>
  );
}

/** All campaigns with their counters, the kill switch and links to edit and watch them. */
export function CampaignsPage() {
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
    return <NotAvailable what="Campaigns" route="GET /api/v1/admin/campaigns" />;

  return (
    <section aria-labelledby="campaigns-heading" className="stack">
      <div className="spread">
        <h1 id="campaigns-heading">Campaigns</h1>
        <a className="button primary" {...linkProps('/console/campaigns/new')}>
          New campaign
        </a>
      </div>
      <div aria-live="polite">
        {notice === undefined ? null : <p className="notice notice--success">{notice}</p>}
      </div>
      {error === undefined ? null : <p className="notice notice--error">{describeError(error)}</p>}
      {campaigns === undefined ? <p>Loading…</p> : null}
      {campaigns !== undefined && campaigns.length === 0 ? (
        <p>No campaigns yet. Create one to start issuing coupons.</p>
      ) : null}
      <div className="table-scroll">
        <table className="campaign-table">
          <caption className="visually-hidden">Campaigns</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">Status</th>
              <th scope="col">Reward</th>
              <th scope="col">Claimed</th>
              <th scope="col">Window</th>
              <th scope="col">Actions</th>
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
                      code <code>{campaign.code}</code>
                    </div>
                  ) : null}
                </td>
                <td>
                  <CampaignStatus status={campaign.status} />
                </td>
                <td>{describeReward(campaign.reward)}</td>
                <td>
                  {(campaign.claimed ?? 0).toLocaleString()} / {campaign.budget.claims.toLocaleString()}
                </td>
                <td className="small">
                  {formatWhen(campaign.startsAt) || 'now'} → {formatWhen(campaign.endsAt) || 'open'}
                </td>
                <td>
                  <div className="row">
                    <a {...linkProps(`/console/campaigns/${encodeURIComponent(campaign.id)}/dashboard`)}>
                      Dashboard<span className="visually-hidden"> of {campaign.name}</span>
                    </a>
                    <a {...linkProps(`/console/campaigns/${encodeURIComponent(campaign.id)}/edit`)}>
                      Edit<span className="visually-hidden"> {campaign.name}</span>
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
