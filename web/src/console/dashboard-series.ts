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
