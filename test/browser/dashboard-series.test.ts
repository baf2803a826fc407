import { describe, expect, it } from 'vitest';
import {
  buildSeries,
  histogramBuckets,
  outcomeDelta,
  p99BetweenMs,
  recordCounters,
  type SecondBucket,
} from '../../web/src/console/dashboard-series.js';

describe('dashboard series', () => {
  it('turns cumulative outcome counters into per-interval counts', () => {
    expect(
      outcomeDelta(
        { ISSUED: 5, ALREADY_CLAIMED: 1 },
        { ISSUED: 9, ALREADY_CLAIMED: 1, CAMPAIGN_EXHAUSTED: 2 },
      ),
    ).toEqual({
      ISSUED: 4,
      CAMPAIGN_EXHAUSTED: 2,
    });
    // A node restart resets its counters: the new count is what happened since.
    expect(outcomeDelta({ ISSUED: 50 }, { ISSUED: 3 })).toEqual({ ISSUED: 3 });
  });

  it('records counters into their second and diffs outcomes against the previous sample', () => {
    const buckets = new Map<number, SecondBucket>();
    const first = recordCounters(
      buckets,
      100,
      { claimed: 1, remaining: 9, outcomes: { ISSUED: 1 } },
      undefined,
    );
    recordCounters(
      buckets,
      101,
      {
        claimed: 4,
        remaining: 6,
        outcomes: { ISSUED: 4 },
        discountRedeemed: { amount: 300, currency: 'USD' },
      },
      first,
    );
    expect(buckets.get(100)?.outcomes).toEqual({});
    expect(buckets.get(101)).toMatchObject({
      claimed: 4,
      remaining: 6,
      discountSpent: 300,
      outcomes: { ISSUED: 3 },
    });
  });

  it('computes the p99 of requests between two Prometheus histogram snapshots', () => {
    const text = (fast: number, slow: number) =>
      [
        `rushcart_http_request_duration_seconds_bucket{le="0.005",method="POST",route="/api/v1/campaigns/:id/claims",status="201"} ${fast}`,
        `rushcart_http_request_duration_seconds_bucket{le="0.05",method="POST",route="/api/v1/campaigns/:id/claims",status="201"} ${fast + slow}`,
        `rushcart_http_request_duration_seconds_bucket{le="+Inf",method="POST",route="/api/v1/campaigns/:id/claims",status="201"} ${fast + slow}`,
        `rushcart_http_request_duration_seconds_bucket{le="+Inf",method="GET",route="/api/v1/products",status="200"} 999`,
      ].join('\n');
    const labels = { method: 'POST', route: '/api/v1/campaigns/:id/claims' };
    const before = histogramBuckets(text(0, 0), 'rushcart_http_request_duration_seconds', labels);
    const allFast = histogramBuckets(text(100, 0), 'rushcart_http_request_duration_seconds', labels);
    expect(p99BetweenMs(before, allFast)).toBe(5);
    const someSlow = histogramBuckets(text(100, 5), 'rushcart_http_request_duration_seconds', labels);
    expect(p99BetweenMs(allFast, someSlow)).toBe(50);
    expect(p99BetweenMs(someSlow, someSlow)).toBeUndefined();
  });

  it('carries levels forward between samples and counts outcomes per second from the first sample', () => {
    const buckets = new Map<number, SecondBucket>([
      [10, { outcomes: { ISSUED: 2 }, claimed: 2, remaining: 8 }],
      [13, { outcomes: { ISSUED: 3 }, claimed: 5, remaining: 5, p99Ms: 25 }],
    ]);
    const series = buildSeries(buckets, 14, 60);
    expect(series.times).toEqual([10, 11, 12, 13, 14]);
    expect(series.remaining).toEqual([8, 8, 8, 5, 5]);
    expect(series.claimsPerSecond).toEqual([null, 0, 0, 3, 0]);
    expect(series.outcomes).toEqual([{ code: 'ISSUED', values: [2, 0, 0, 3, 0] }]);
    expect(series.p99).toEqual([null, null, null, 25, null]);
    expect(series.queue).toEqual([null, null, null, null, null]);
  });
});
