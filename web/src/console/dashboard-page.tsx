import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError, describeError } from '../shared/api.js';
import { formatMoney } from '../shared/money.js';
import { describeReward } from '../shared/reward.js';
import { linkProps } from '../shared/router.js';
import type { AdminCampaign } from '../shared/types.js';
import { type AdminEvent, useAdminEvents } from './admin-events.js';
import { adminRequest, useRouteAvailable } from './admin-session.js';
import { CampaignActions } from './campaign-actions.js';
import { CampaignStatus } from './campaigns-page.js';
import { type ChartSeries, seriesColor, TimeChart } from './chart.js';
import {
  bucketAt,
  buildSeries,
  type CampaignCounters,
  histogramBuckets,
  p99BetweenMs,
  recordCounters,
  type SecondBucket,
} from './dashboard-series.js';

const WINDOW_SECONDS = 180;
const CLAIM_ROUTE = { method: 'POST', route: '/api/v1/campaigns/:id/claims' };

interface WaitingRoom {
  mode: string;
  engaged: boolean;
  queueLength: number;
  admitRate: number;
}

/**
 * The live dashboard of one campaign. Counters come from the admin event stream (fetch streaming, with
 * the Authorization header) and from GET .../stats each second as a fallback; the waiting room from its
 * admin route; p99 claim latency from this node's Prometheus histogram. All drawn with uPlot.
 */
export function DashboardPage({ campaignId }: { campaignId: string }) {
  const { t, i18n } = useTranslation('console');
  const count = (value: number) => value.toLocaleString(i18n.language);
  const rate = (value: number) => (Number.isInteger(value) ? count(value) : value.toFixed(1));
  const [campaign, setCampaign] = useState<AdminCampaign>();
  const [counters, setCounters] = useState<CampaignCounters>();
  const [room, setRoom] = useState<WaitingRoom>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [tick, setTick] = useState(0);
  const buckets = useRef(new Map<number, SecondBucket>());
  const lastOutcomes = useRef<Readonly<Record<string, number>> | undefined>(undefined);
  const roomAvailable = useRouteAvailable('GET /api/v1/admin/campaigns/{id}/waiting-room');
  const path = `/api/v1/admin/campaigns/${encodeURIComponent(campaignId)}`;

  const loadCampaign = useCallback(async () => {
    try {
      const { data } = await adminRequest<AdminCampaign>(path);
      setCampaign(data);
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.code === 'CAMPAIGN_NOT_FOUND'
          ? t('dashboard.notFound')
          : describeError(caught),
      );
    }
  }, [path, t]);

  useEffect(() => {
    void loadCampaign();
  }, [loadCampaign]);

  const record = useCallback((sample: CampaignCounters) => {
    const second = Math.floor(Date.now() / 1000);
    lastOutcomes.current = recordCounters(buckets.current, second, sample, lastOutcomes.current);
    setCounters(sample);
  }, []);

  const onEvent = useCallback(
    (event: AdminEvent) => {
      if (event.type === 'snapshot' && Array.isArray(event.campaigns)) {
        const mine = (event.campaigns as CampaignCounters[]).find(
          (entry) => entry?.campaignId === campaignId,
        );
        if (mine !== undefined) record(mine);
        return;
      }
      if (event.campaignId !== campaignId) return;
      if (event.type === 'counters') record(event as unknown as CampaignCounters);
      else if (event.type === 'campaign-changed' || event.type === 'campaign-exhausted') void loadCampaign();
    },
    [campaignId, loadCampaign, record],
  );
  const stream = useAdminEvents(onEvent);

  // Each second: the counters (when the stream is not delivering them), the waiting room, and a chart redraw.
  useEffect(() => {
    let live = true;
    const poll = async () => {
      if (stream.state !== 'open') {
        try {
          const { data } = await adminRequest<CampaignCounters>(`${path}/stats`, { retries: 0 });
          if (live) {
            record(data);
            setError(undefined);
          }
        } catch (caught) {
          if (live) setError(describeError(caught));
        }
      }
      if (roomAvailable) {
        try {
          const { data } = await adminRequest<WaitingRoom>(`${path}/waiting-room`, { retries: 0 });
          if (!live) return;
          setRoom(data);
          const bucket = bucketAt(buckets.current, Math.floor(Date.now() / 1000));
          bucket.queueLength = data.queueLength;
          bucket.admitRate = data.admitRate;
        } catch {
          // The room figures are optional; the counters carry on without them.
        }
      }
      if (live) setTick((value) => value + 1);
    };
    void poll();
    const timer = window.setInterval(() => void poll(), 1000);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [path, record, stream.state, roomAvailable]);

  // p99 of claim requests on this node, from the Prometheus histogram every two seconds.
  useEffect(() => {
    let previous: Map<number, number> | undefined;
    const poll = async () => {
      try {
        const response = await fetch('/metrics');
        if (!response.ok) return;
        const current = histogramBuckets(
          await response.text(),
          'rushcart_http_request_duration_seconds',
          CLAIM_ROUTE,
        );
        if (previous !== undefined) {
          const p99 = p99BetweenMs(previous, current);
          if (p99 !== undefined) bucketAt(buckets.current, Math.floor(Date.now() / 1000)).p99Ms = p99;
        }
        previous = current;
      } catch {
        // Metrics may be closed to the browser by a proxy; the chart then says there is no data.
      }
    };
    void poll();
    const timer = window.setInterval(() => void poll(), 2000);
    return () => window.clearInterval(timer);
  }, []);

  // The server reports XXX ("no currency") for a campaign without a money budget.
  const reportedCurrency = counters?.discountRedeemed?.currency ?? campaign?.budget.discount?.currency;
  const hasMoney = reportedCurrency !== undefined && reportedCurrency !== 'XXX';
  const currency = hasMoney ? reportedCurrency : 'USD';
  const charts = useMemo(() => {
    void tick;
    const series = buildSeries(buckets.current, Math.floor(Date.now() / 1000), WINDOW_SECONDS);
    const outcomeSeries: ChartSeries[] = series.outcomes.map((outcome, index) => ({
      label: outcome.code,
      color: seriesColor(index),
      values: outcome.values,
    }));
    return { ...series, outcomeSeries };
  }, [tick]);

  if (error !== undefined && campaign === undefined) return <p className="notice notice--error">{error}</p>;
  if (campaign === undefined) return <p>{t('dashboard.loading')}</p>;

  const status = counters?.status ?? campaign.status;
  const budgetDiscount = campaign.budget.discount;

  return (
    <section aria-labelledby="dashboard-heading" className="stack dashboard" data-testid="dashboard">
      <p>
        <a {...linkProps('/console')}>{t('dashboard.back')}</a>
      </p>
      <div className="spread">
        <h1 id="dashboard-heading">
          {campaign.name} <CampaignStatus status={status} />
        </h1>
        <CampaignActions
          campaign={{ ...campaign, status }}
          onChanged={(message) => {
            setNotice(message);
            void loadCampaign();
          }}
        />
      </div>
      <div aria-live="polite">
        {notice === undefined ? null : <p className="notice notice--success">{notice}</p>}
      </div>
      <p className="small muted">
        {describeReward(campaign.reward)} · {t('dashboard.perShopper', { count: campaign.perShopperLimit })} ·{' '}
        {t('dashboard.stream')} <span data-testid="stream-state">{stream.state}</span>
        {stream.detail ? ` (${stream.detail})` : ''}
        {room === undefined
          ? ''
          : t(room.engaged ? 'dashboard.roomEngaged' : 'dashboard.room', { mode: room.mode })}
      </p>
      <dl className="kpis" aria-label={t('dashboard.counters')}>
        <div>
          <dt>{t('dashboard.claimed')}</dt>
          <dd data-testid="kpi-claimed">{count(counters?.claimed ?? campaign.claimed ?? 0)}</dd>
        </div>
        <div>
          <dt>{t('dashboard.remaining')}</dt>
          <dd data-testid="kpi-remaining">
            {count(counters?.remaining ?? campaign.remaining ?? 0)} / {count(campaign.budget.claims)}
          </dd>
        </div>
        <div>
          <dt>{t('dashboard.redeemed')}</dt>
          <dd>{count(counters?.redeemed ?? campaign.redeemed ?? 0)}</dd>
        </div>
        <div>
          <dt>{t('dashboard.spent')}</dt>
          <dd>
            {hasMoney ? formatMoney(counters?.discountRedeemed ?? { amount: 0, currency }) : '—'}
            {budgetDiscount ? t('dashboard.of', { budget: formatMoney(budgetDiscount) }) : ''}
          </dd>
        </div>
        <div>
          <dt>{t('dashboard.queue')}</dt>
          <dd data-testid="kpi-queue">{room === undefined ? '—' : count(room.queueLength)}</dd>
        </div>
      </dl>
      {error === undefined ? null : (
        <p className="notice notice--error">{t('dashboard.countersError', { error })}</p>
      )}
      <div className="chart-grid">
        <TimeChart
          title={t('dashboard.claimsPerSecond')}
          times={charts.times}
          series={[
            { label: t('dashboard.claimsSeries'), color: seriesColor(0), values: charts.claimsPerSecond },
          ]}
          unit="/s"
          format={rate}
        />
        <TimeChart
          title={t('dashboard.couponsRemaining')}
          times={charts.times}
          series={[
            { label: t('dashboard.remainingSeries'), color: seriesColor(0), values: charts.remaining },
          ]}
        />
        {hasMoney ? (
          <TimeChart
            title={t('dashboard.moneySpent', { currency })}
            times={charts.times}
            series={[{ label: t('dashboard.moneySeries'), color: seriesColor(3), values: charts.spent }]}
            format={(value) => formatMoney({ amount: Math.round(value), currency })}
          />
        ) : (
          <figure className="chart card">
            <figcaption>
              <strong>{t('dashboard.moneySpentTitle')}</strong>
            </figcaption>
            <p className="small muted">{t('dashboard.noMoneyBudget')}</p>
          </figure>
        )}
        <TimeChart
          title={t('dashboard.outcomes')}
          times={charts.times}
          series={
            charts.outcomeSeries.length === 0
              ? [
                  {
                    label: t('dashboard.noAnswers'),
                    color: seriesColor(7),
                    values: charts.times.map(() => null),
                  },
                ]
              : charts.outcomeSeries
          }
        />
        {roomAvailable === false ? (
          <figure className="chart card">
            <figcaption>
              <strong>{t('dashboard.waitingRoom')}</strong>
            </figcaption>
            <p className="small muted">{t('dashboard.noRoomFigures')}</p>
          </figure>
        ) : (
          <TimeChart
            title={t('dashboard.waitingRoom')}
            times={charts.times}
            series={[
              { label: t('dashboard.queueLength'), color: seriesColor(4), values: charts.queue },
              { label: t('dashboard.admitted'), color: seriesColor(2), values: charts.admitRate },
            ]}
            format={rate}
          />
        )}
        <TimeChart
          title={t('dashboard.p99')}
          times={charts.times}
          series={[{ label: t('dashboard.p99Series'), color: seriesColor(1), values: charts.p99 }]}
          unit="ms"
          format={(value) => (value < 10 ? value.toFixed(1) : value.toFixed(0))}
        />
      </div>
    </section>
  );
}
