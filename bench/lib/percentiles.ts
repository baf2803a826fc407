/** Percentiles of a sample (nearest rank); `undefined` for an empty sample. */
export function percentiles(
  values: readonly number[],
  ranks: readonly number[] = [50, 90, 99],
): Record<string, number> {
  const sorted = Float64Array.from(values).sort();
  const result: Record<string, number> = {};
  for (const rank of ranks) {
    if (sorted.length === 0) continue;
    const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((rank / 100) * sorted.length) - 1));
    result[`p${rank}`] = round(sorted[index] ?? 0);
  }
  return result;
}

/** The median of a Prometheus histogram from its cumulative buckets (upper bound of the bucket). */
export function histogramQuantile(
  buckets: readonly { le: number; count: number }[],
  quantile: number,
): number | undefined {
  const total = buckets.at(-1)?.count ?? 0;
  if (total === 0) return undefined;
  const target = total * quantile;
  let previous = { le: 0, count: 0 };
  for (const bucket of buckets) {
    if (bucket.count >= target) {
      if (!Number.isFinite(bucket.le)) return previous.le;
      const inBucket = bucket.count - previous.count;
      const fraction = inBucket === 0 ? 1 : (target - previous.count) / inBucket;
      return previous.le + (bucket.le - previous.le) * fraction;
    }
    previous = bucket;
  }
  return previous.le;
}

/** Rounds to two decimals. */
export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
