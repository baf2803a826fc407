import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, describeError } from '../shared/api.js';
import { formatMoney } from '../shared/money.js';
import { describeReward } from '../shared/reward.js';
import { linkProps } from '../shared/router.js';
import type { AdminCampaign } from '../shared/types.js';
import { type AdminEvent, useAdminEvents } from './admin-events.js';
import { adminRequest } from './admin-session.js';
import { CampaignActions } from './campaign-actions.js';
import { CampaignStatus } from './campaigns-page.js';
import { type ChartSeries, seriesColor, TimeChart } from './chart.js';
import {
  bucketAt,
  foldEvent,
  outcomeDelta,
  percentile99,
  type SecondBucket,
  type StatsSample,
} from './dashboard-series.js';

const WINDOW_SECONDS = 180;

interface Stats {
  claimed: number;
  remaining: number;
  redeemed?: number;
  status?: string;
  discountRedeemed?: { amount: number; currency: string };
  discountReserved?: { amount: number; currency: string };
  discountRemaining?: { amount: number; currency: string } | null;
  outcomes?: Record<string, number>;
  [key: string]: unknown;
}

/** The live dashboard of one campaign: counters polled every second plus the admin event stream, drawn with uPlot. */
export function DashboardPage({ campaignId }: { campaignId: string }) {
  const [campaign, setCampaign] = useState<AdminCampaign>();
  const [stats, setStats] = useState<Stats>();
  const [error, setError] = useState<string>();
  const [notice, setNotice] = useState<string>();
  const [tick, setTick] = useState(0);
  const buckets = useRef(new Map<number, SecondBucket>());
  const samples = useRef(new Map<number, StatsSample>());
  const lastOutcomes = useRef<Record<string, number> | undefined>(undefined);
  const sawEventOutcomes = useRef(false);
  const path = `/api/v1/admin/campaigns/${encodeURIComponent(campaignId)}`;

  const loadCampaign = useCallback(async () => {
    try {
      const { data } = await adminRequest<AdminCampaign>(path);
      setCampaign(data);
    } catch (caught) {
      setError(
        caught instanceof ApiError && caught.code === 'CAMPAIGN_NOT_FOUND'
          ? 'No campaign has this id.'
          : describeError(caught),
      );
    }
  }, [path]);

  useEffect(() => {
    void loadCampaign();
  }, [loadCampaign]);

  const onEvent = useCallback(
    (event: AdminEvent) => {
      if (!foldEvent(buckets.current, campaignId, event)) return;
      if (event.type === 'claim-answered') sawEventOutcomes.current = true;
      if (event.type === 'campaign-changed' || event.type === 'campaign-exhausted') void loadCampaign();
    },
    [campaignId, loadCampaign],
  );
  const stream = useAdminEvents(onEvent);

  // Poll the counters each second; they are the record, the stream adds detail between polls.
  useEffect(() => {
    let live = true;
    const poll = async () => {
      try {
        const { data } = await adminRequest<Stats>(`${path}/stats`, { retries: 0 });
        if (!live) return;
        const second = Math.floor(Date.now() / 1000);
        const outcomes = data.outcomes ?? {};
        if (!sawEventOutcomes.current && lastOutcomes.current !== undefined) {
          const bucket = bucketAt(buckets.current, second);
          for (const [code, count] of Object.entries(outcomeDelta(lastOutcomes.current, outcomes))) {
            bucket.outcomes[code] = (bucket.outcomes[code] ?? 0) + count;
          }
        }
        lastOutcomes.current = outcomes;
        samples.current.set(second, {
          claimed: data.claimed,
          remaining: data.remaining,
          discountSpent:
            data.discountRedeemed === undefined
              ? undefined
              : data.discountRedeemed.amount + (data.discountReserved?.amount ?? 0),
          outcomes,
        });
        foldEvent(buckets.current, campaignId, { ...data, type: 'stats', campaignId });
        setStats(data);
        setError(undefined);
      } catch (caught) {
        if (live) setError(describeError(caught));
      }
      if (live) setTick((value) => value + 1);
    };
    void poll();
    const timer = window.setInterval(() => void poll(), 1000);
    return () => {
      live = false;
      window.clearInterval(timer);
    };
  }, [path, campaignId]);

  const currency = stats?.discountRedeemed?.currency ?? campaign?.budget.discount?.currency ?? 'USD';
  const charts = useMemo(() => {
    void tick;
    const now = Math.floor(Date.now() / 1000);
    const times: number[] = [];
    for (let second = now - WINDOW_SECONDS + 1; second <= now; second += 1) times.push(second);
    for (const key of buckets.current.keys()) if (key < now - WINDOW_SECONDS) buckets.current.delete(key);
    for (const key of samples.current.keys()) if (key < now - WINDOW_SECONDS) samples.current.delete(key);

    const sampleAt = (second: number) => samples.current.get(second);
    // Claims per second: from the store's counter between polls, so it counts every node, not only this one.
    let previousClaimed: { second: number; claimed: number } | undefined;
    const claimsPerSecond = times.map((second) => {
      const sample = sampleAt(second);
      if (sample === undefined) return null;
      const rate =
        previousClaimed === undefined
          ? null
          : (sample.claimed - previousClaimed.claimed) / Math.max(1, second - previousClaimed.second);
      previousClaimed = { second, claimed: sample.claimed };
      return rate;
    });
    const issuedHere = times.map(
      (second) => buckets.current.get(second)?.issued ?? (stream.state === 'open' ? 0 : null),
    );
    const remaining = times.map((second) => sampleAt(second)?.remaining ?? null);
    const spent = times.map((second) => {
      const value = sampleAt(second)?.discountSpent;
      return value === undefined ? null : value;
    });
    const codes = new Set<string>();
    for (const bucket of buckets.current.values())
      for (const code of Object.keys(bucket.outcomes)) codes.add(code);
    const outcomeSeries: ChartSeries[] = [...codes].sort().map((code, index) => ({
      label: code,
      color: seriesColor(index),
      values: times.map((second) => buckets.current.get(second)?.outcomes[code] ?? 0),
    }));
    const queue = times.map((second) => buckets.current.get(second)?.queueLength ?? null);
    const admission = times.map((second) => buckets.current.get(second)?.admissionRate ?? null);
    const serverP99 = times.map((second) => buckets.current.get(second)?.p99Ms ?? null);
    const batchP99 = times.map((second) => percentile99(buckets.current.get(second)?.batchMs ?? []) ?? null);
    return {
      times,
      claimsPerSecond,
      issuedHere,
      remaining,
      spent,
      outcomeSeries,
      queue,
      admission,
      serverP99,
      batchP99,
    };
  }, [tick, stream.state]);

  if (error !== undefined && campaign === undefined) return <p className="notice notice--error">{error}</p>;
  if (campaign === undefined) return <p>Loading…</p>;

  const hasQueueData =
    charts.queue.some((value) => value !== null) || charts.admission.some((value) => value !== null);
  const hasServerP99 = charts.serverP99.some((value) => value !== null);
  const budgetDiscount = campaign.budget.discount;

  return (
    <section aria-labelledby="dashboard-heading" className="stack dashboard" data-testid="dashboard">
      <p>
        <a {...linkProps('/console')}>← Campaigns</a>
      </p>
      <div className="spread">
        <h1 id="dashboard-heading">
          {campaign.name} <CampaignStatus status={stats?.status ?? campaign.status} />
        </h1>
        <CampaignActions
          campaign={{ ...campaign, status: stats?.status ?? campaign.status }}
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
        {describeReward(campaign.reward)} · {campaign.perShopperLimit} per shopper · stream:{' '}
        <span data-testid="stream-state">{stream.state}</span>
        {stream.detail ? ` (${stream.detail})` : ''}
      </p>
      <dl className="kpis" aria-label="Counters">
        <div>
          <dt>Claimed</dt>
          <dd data-testid="kpi-claimed">{(stats?.claimed ?? campaign.claimed ?? 0).toLocaleString()}</dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd data-testid="kpi-remaining">
            {(stats?.remaining ?? campaign.remaining ?? 0).toLocaleString()} /{' '}
            {campaign.budget.claims.toLocaleString()}
          </dd>
        </div>
        <div>
          <dt>Redeemed</dt>
          <dd>{(stats?.redeemed ?? 0).toLocaleString()}</dd>
        </div>
        <div>
          <dt>Discount spent</dt>
          <dd>
            {formatMoney(stats?.discountRedeemed ?? { amount: 0, currency })}
            {budgetDiscount ? ` of ${formatMoney(budgetDiscount)}` : ''}
          </dd>
        </div>
      </dl>
      {error === undefined ? null : <p className="notice notice--error">Counters: {error}</p>}
      <div className="chart-grid">
        <TimeChart
          title="Claims per second"
          times={charts.times}
          series={[
            { label: 'all nodes (store counter)', color: seriesColor(0), values: charts.claimsPerSecond },
            { label: 'issued via this node', color: seriesColor(2), values: charts.issuedHere },
          ]}
          unit="/s"
          format={(value) => (Number.isInteger(value) ? value.toLocaleString() : value.toFixed(1))}
        />
        <TimeChart
          title="Coupons remaining"
          times={charts.times}
          series={[{ label: 'remaining', color: seriesColor(0), values: charts.remaining }]}
        />
        <TimeChart
          title={`Money budget spent (${currency})`}
          times={charts.times}
          series={[{ label: 'reserved + redeemed', color: seriesColor(3), values: charts.spent }]}
          format={(value) => formatMoney({ amount: Math.round(value), currency })}
        />
        <TimeChart
          title="Outcomes per second by code"
          times={charts.times}
          series={
            charts.outcomeSeries.length === 0
              ? [{ label: 'no answers yet', color: seriesColor(7), values: charts.times.map(() => 0) }]
              : charts.outcomeSeries
          }
        />
        {hasQueueData ? (
          <TimeChart
            title="Waiting room"
            times={charts.times}
            series={[
              { label: 'queue length', color: seriesColor(4), values: charts.queue },
              { label: 'admitted per second', color: seriesColor(2), values: charts.admission },
            ]}
          />
        ) : (
          <figure className="chart card">
            <figcaption>
              <strong>Waiting room</strong>
            </figcaption>
            <p className="small muted">
              No queue figures reported for this campaign yet (the room is idle, or the server does not
              publish them).
            </p>
          </figure>
        )}
        <TimeChart
          title={hasServerP99 ? 'p99 latency (ms)' : 'p99 claim batch commit time (ms)'}
          times={charts.times}
          series={[
            {
              label: hasServerP99 ? 'p99' : 'batch commit p99',
              color: seriesColor(1),
              values: hasServerP99 ? charts.serverP99 : charts.batchP99,
            },
          ]}
          unit="ms"
          format={(value) => value.toFixed(1)}
        />
      </div>
    </section>
  );
}
