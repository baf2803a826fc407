/** What the dashboard keeps for one second of one campaign. */
export interface SecondBucket {
  /** Answers by outcome code in this second (from deltas of the cumulative counters). */
  outcomes: Record<string, number>;
  claimed?: number;
  remaining?: number;
  /** Discount reserved plus redeemed, minor units. */
  discountSpent?: number;
  queueLength?: number;
  admitRate?: number;
  p99Ms?: number;
}

/** The counters the server reports for a campaign (GET .../stats and the `counters` events). */
export interface CampaignCounters {
  readonly campaignId?: string;
  readonly status?: string;
  readonly claimed: number;
  readonly remaining: number;
  readonly redeemed?: number;
  readonly discountRedeemed?: { amount: number; currency: string };
  readonly discountReserved?: { amount: number; currency: string };
  readonly discountRemaining?: { amount: number; currency: string } | null;
  readonly outcomes?: Readonly<Record<string, number>>;
}

/** The bucket for a second, created on first use. */
export function bucketAt(buckets: Map<number, SecondBucket>, second: number): SecondBucket {
  let bucket = buckets.get(second);
  if (bucket === undefined) {
    bucket = { outcomes: {} };
    buckets.set(second, bucket);
  }
  return bucket;
}

/** Per-interval outcome counts from two cumulative outcome snapshots (a node restart resets them: counted from zero). */
export function outcomeDelta(
  previous: Readonly<Record<string, number>>,
  next: Readonly<Record<string, number>>,
): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [code, count] of Object.entries(next)) {
    const before = previous[code] ?? 0;
    const change = count >= before ? count - before : count;
    if (change > 0) delta[code] = change;
  }
  return delta;
}

/** Records a counters sample into its second; returns the cumulative outcomes to diff the next sample against. */
export function recordCounters(
  buckets: Map<number, SecondBucket>,
  second: number,
  counters: CampaignCounters,
  lastOutcomes: Readonly<Record<string, number>> | undefined,
): Readonly<Record<string, number>> {
  const bucket = bucketAt(buckets, second);
  bucket.claimed = counters.claimed;
  bucket.remaining = counters.remaining;
  if (counters.discountRedeemed !== undefined) {
    bucket.discountSpent = counters.discountRedeemed.amount + (counters.discountReserved?.amount ?? 0);
  }
  const outcomes = counters.outcomes ?? {};
  if (lastOutcomes !== undefined) {
    for (const [code, count] of Object.entries(outcomeDelta(lastOutcomes, outcomes))) {
      bucket.outcomes[code] = (bucket.outcomes[code] ?? 0) + count;
    }
  }
  return outcomes;
}

/** Cumulative counts of one Prometheus histogram, summed over the series that match, by bucket upper bound. */
export function histogramBuckets(
  metricsText: string,
  name: string,
  labels: Readonly<Record<string, string>>,
): Map<number, number> {
  const buckets = new Map<number, number>();
  const prefix = `${name}_bucket{`;
  for (const line of metricsText.split('\n')) {
    if (!line.startsWith(prefix)) continue;
    const close = line.lastIndexOf('}');
    const labelText = line.slice(prefix.length, close);
    const value = Number(line.slice(close + 1).trim());
    const found: Record<string, string> = {};
    for (const match of labelText.matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      found[match[1] ?? ''] = match[2] ?? '';
    if (!Object.entries(labels).every(([key, expected]) => found[key] === expected)) continue;
    const bound = found.le === '+Inf' ? Number.POSITIVE_INFINITY : Number(found.le);
    if (!Number.isNaN(bound) && Number.isFinite(value)) buckets.set(bound, (buckets.get(bound) ?? 0) + value);
  }
  return buckets;
}

/**
 * The 99th percentile (upper bucket bound, in ms) of the requests observed between two histogram snapshots,
 * or undefined when no request was observed in between.
 */
export function p99BetweenMs(before: Map<number, number>, after: Map<number, number>): number | undefined {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const total = (after.get(Number.POSITIVE_INFINITY) ?? 0) - (before.get(Number.POSITIVE_INFINITY) ?? 0);
  if (total <= 0) return undefined;
  for (const bound of bounds) {
    const count = (after.get(bound) ?? 0) - (before.get(bound) ?? 0);
    if (count >= 0.99 * total) return Number.isFinite(bound) ? bound * 1000 : undefined;
  }
  return undefined;
}

/** The chart columns for the dashboard: one value per second, from the first sample (at most `windowSeconds` back) to now. */
export interface DashboardSeries {
  readonly times: number[];
  readonly claimsPerSecond: (number | null)[];
  readonly remaining: (number | null)[];
  readonly spent: (number | null)[];
  readonly outcomes: { code: string; values: (number | null)[] }[];
  readonly queue: (number | null)[];
  readonly admitRate: (number | null)[];
  readonly p99: (number | null)[];
}

/**
 * Builds the chart columns. Levels (claimed, remaining, spent, queue, admission rate) carry forward
 * between samples, since the stream only reports a campaign when it changes; counts (outcomes) are zero
 * in seconds without answers; p99 stays empty when no claim was served.
 */
export function buildSeries(
  buckets: Map<number, SecondBucket>,
  now: number,
  windowSeconds: number,
): DashboardSeries {
  for (const key of buckets.keys()) if (key <= now - windowSeconds) buckets.delete(key);
  const first = Math.min(now, ...buckets.keys());
  const times: number[] = [];
  for (let second = Math.max(first, now - windowSeconds + 1); second <= now; second += 1) times.push(second);
  const codes = new Set<string>();
  for (const bucket of buckets.values()) for (const code of Object.keys(bucket.outcomes)) codes.add(code);

  const carried: Pick<SecondBucket, 'claimed' | 'remaining' | 'discountSpent' | 'queueLength' | 'admitRate'> =
    {};
  const series: DashboardSeries = {
    times,
    claimsPerSecond: [],
    remaining: [],
    spent: [],
    outcomes: [...codes].sort().map((code) => ({ code, values: [] })),
    queue: [],
    admitRate: [],
    p99: [],
  };
  let seen = false;
  for (const second of times) {
    const bucket = buckets.get(second);
    const before = carried.claimed;
    if (bucket !== undefined) {
      seen = true;
      for (const key of ['claimed', 'remaining', 'discountSpent', 'queueLength', 'admitRate'] as const) {
        if (bucket[key] !== undefined) carried[key] = bucket[key];
      }
    }
    series.claimsPerSecond.push(
      carried.claimed === undefined || before === undefined ? null : Math.max(0, carried.claimed - before),
    );
    series.remaining.push(carried.remaining ?? null);
    series.spent.push(carried.discountSpent ?? null);
    for (const outcome of series.outcomes)
      outcome.values.push(seen ? (bucket?.outcomes[outcome.code] ?? 0) : null);
    series.queue.push(carried.queueLength ?? null);
    series.admitRate.push(carried.admitRate ?? null);
    series.p99.push(bucket?.p99Ms ?? null);
  }
  return series;
}
