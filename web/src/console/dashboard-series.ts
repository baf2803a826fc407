import type { AdminEvent } from './admin-events.js';

/** What the dashboard keeps for one second of one campaign. */
export interface SecondBucket {
  /** Coupons issued in this second (from committed batches). */
  issued: number;
  /** Answers by outcome code in this second. */
  outcomes: Record<string, number>;
  /** Commit durations of claim batches in this second, in milliseconds. */
  batchMs: number[];
  /** Latest figures the server reported for the waiting room and latency, when it reports them. */
  queueLength?: number;
  admissionRate?: number;
  p99Ms?: number;
}

/** A counters sample from GET .../stats. */
export interface StatsSample {
  readonly claimed: number;
  readonly remaining: number;
  readonly discountSpent: number | undefined;
  readonly outcomes: Readonly<Record<string, number>>;
}

const QUEUE_KEYS = ['queueLength', 'queued', 'waiting', 'queueSize', 'length'];
const ADMISSION_KEYS = ['admissionRate', 'admittedPerSecond', 'admitRate', 'ratePerSecond'];
const P99_KEYS = ['p99Ms', 'latencyP99Ms', 'p99', 'p99LatencyMs'];

function firstNumber(record: Record<string, unknown>, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = record[key];
    if (typeof value === 'number' && Number.isFinite(value)) return value;
  }
  return undefined;
}

/** The bucket for a second, created on first use. */
export function bucketAt(buckets: Map<number, SecondBucket>, second: number): SecondBucket {
  let bucket = buckets.get(second);
  if (bucket === undefined) {
    bucket = { issued: 0, outcomes: {}, batchMs: [] };
    buckets.set(second, bucket);
  }
  return bucket;
}

/** Folds one admin event into the per-second buckets of the campaign it concerns; returns false when it is about another campaign. */
export function foldEvent(
  buckets: Map<number, SecondBucket>,
  campaignId: string,
  event: AdminEvent,
): boolean {
  if (event.campaignId !== undefined && event.campaignId !== campaignId) return false;
  const at =
    typeof event.at === 'number'
      ? event.at
      : typeof event.at === 'string'
        ? Date.parse(event.at)
        : Date.now();
  const bucket = bucketAt(buckets, Math.floor((Number.isFinite(at) ? at : Date.now()) / 1000));
  if (event.type === 'claim-batch-committed') {
    bucket.issued += typeof event.issued === 'number' ? event.issued : 0;
    if (typeof event.durationMs === 'number') bucket.batchMs.push(event.durationMs);
  } else if (event.type === 'claim-answered' && typeof event.outcome === 'string') {
    bucket.outcomes[event.outcome] = (bucket.outcomes[event.outcome] ?? 0) + 1;
  }
  const record = event as Record<string, unknown>;
  const queue = firstNumber(record, QUEUE_KEYS);
  if (queue !== undefined && /queue|waiting|admission|room/.test(event.type)) bucket.queueLength = queue;
  const admission = firstNumber(record, ADMISSION_KEYS);
  if (admission !== undefined) bucket.admissionRate = admission;
  const p99 = firstNumber(record, P99_KEYS);
  if (p99 !== undefined) bucket.p99Ms = p99;
  return true;
}

/** The 99th percentile of a list (nearest rank), or undefined when empty. */
export function percentile99(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(0.99 * sorted.length) - 1)];
}

/** Per-second outcome counts from two cumulative outcome snapshots. */
export function outcomeDelta(
  previous: Readonly<Record<string, number>>,
  next: Readonly<Record<string, number>>,
): Record<string, number> {
  const delta: Record<string, number> = {};
  for (const [code, count] of Object.entries(next)) {
    const change = count - (previous[code] ?? 0);
    if (change > 0) delta[code] = change;
  }
  return delta;
}
