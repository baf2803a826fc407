/** Tuning of the adaptive concurrency limit; every field has a default. */
export interface AdaptiveLimitOptions {
  readonly initialLimit: number;
  readonly minLimit: number;
  readonly maxLimit: number;
  /** How much of each new estimate is taken (0..1); lower is steadier. */
  readonly smoothing: number;
  /** Short-term latency may exceed the long-term one by this factor before the limit shrinks. */
  readonly tolerance: number;
  /** Samples the long-term latency average spans (an EWMA of window averages). */
  readonly longWindow: number;
  /**
   * Windows the long-term average spans while it rises (latency above it). Much longer than
   * `longWindow`, and the average does not rise at all while the limit is shrinking: otherwise a
   * sustained overload becomes the new normal within seconds, the gradient returns to 1 and the
   * limit grows back to its maximum with every admitted request queued behind it.
   */
  readonly longWindowRising: number;
  /** A window closes after this many milliseconds, if it holds at least `minSamples`. */
  readonly windowMs: number;
  readonly minSamples: number;
  /** Latencies below this (ms) count as this, so timer noise near zero does not look like a 10x jump. */
  readonly latencyFloorMs: number;
}

/** Defaults tuned on the flash-crowd benchmark (see docs/benchmarks.md). */
export const DEFAULT_ADAPTIVE_LIMIT: AdaptiveLimitOptions = {
  initialLimit: 64,
  // Not lower: claims wait for their batch's commit, so their latency under load is several times
  // the idle one while throughput still grows; the gradient then holds the limit at its minimum,
  // and at 16 (90% of it for admitted claims) a 5C crowd had 29,279 admitted claims shed against
  // 11,352 at 32, and 280 against 401 coupons a second (docs/benchmarks.md).
  minLimit: 32,
  maxLimit: 4000,
  smoothing: 0.2,
  tolerance: 2,
  longWindow: 60,
  longWindowRising: 600,
  windowMs: 100,
  minSamples: 10,
  latencyFloorMs: 1,
};

/** What changed when a window closed. */
export interface LimitUpdate {
  readonly limit: number;
  readonly shortLatencyMs: number;
  readonly longLatencyMs: number;
  readonly gradient: number;
}

/**
 * An adaptive concurrency limit in the spirit of Netflix's Gradient2: the limit moves like a TCP
 * congestion window, growing by sqrt(limit) while short-term latency stays near the long-term
 * average and shrinking in proportion when it rises above it. Pure and deterministic: the caller
 * supplies the time of every sample.
 */
export class AdaptiveLimit {
  readonly options: AdaptiveLimitOptions;
  private estimate: number;
  private longLatency = 0;
  private windowStart: number | undefined;
  private windowSum = 0;
  private windowCount = 0;
  private windowMaxInflight = 0;

  constructor(options: Partial<AdaptiveLimitOptions> = {}) {
    this.options = { ...DEFAULT_ADAPTIVE_LIMIT, ...options };
    this.estimate = clamp(this.options.initialLimit, this.options.minLimit, this.options.maxLimit);
  }

  /** The current limit, a whole number of concurrent requests. */
  get limit(): number {
    return Math.floor(this.estimate);
  }

  /** The long-term latency average in milliseconds (0 before the first window closes). */
  get longLatencyMs(): number {
    return this.longLatency;
  }

  /**
   * Records one finished request: its latency, how many requests were in flight when it started,
   * and the time it finished. Returns the update when this sample closed a window.
   */
  addSample(latencyMs: number, inflight: number, now: number): LimitUpdate | undefined {
    if (this.windowStart === undefined) this.windowStart = now;
    this.windowSum += Math.max(latencyMs, this.options.latencyFloorMs);
    this.windowCount += 1;
    if (inflight > this.windowMaxInflight) this.windowMaxInflight = inflight;
    if (now - this.windowStart < this.options.windowMs || this.windowCount < this.options.minSamples) {
      return undefined;
    }
    const update = this.closeWindow();
    this.windowStart = now;
    return update;
  }

  private closeWindow(): LimitUpdate {
    const { smoothing, tolerance, longWindow, minLimit, maxLimit } = this.options;
    const shortLatency = this.windowSum / this.windowCount;
    const inUse = this.windowMaxInflight;
    const appLimited = inUse < this.estimate / 2;
    this.windowSum = 0;
    this.windowCount = 0;
    this.windowMaxInflight = 0;

    if (this.longLatency === 0) this.longLatency = shortLatency;
    else if (shortLatency <= this.longLatency)
      this.longLatency += (shortLatency - this.longLatency) * (2 / (longWindow + 1));
    else if (shortLatency <= tolerance * this.longLatency)
      this.longLatency += (shortLatency - this.longLatency) * (2 / (this.options.longWindowRising + 1));
    // After a long overload the average drifts up; pull it back so the limit can recover.
    if (this.longLatency / shortLatency > 2) this.longLatency *= 0.95;

    const gradient = clamp((tolerance * this.longLatency) / shortLatency, 0.5, 1);
    let next = this.estimate * gradient + Math.sqrt(this.estimate);
    // A limit that was not reached says nothing about capacity: do not grow it, and let it settle
    // at twice the concurrency in use. A limit far above what is used lets a sudden crowd in all
    // at once: at the onset of 2C in the flash-crowd bench, an idle limit of 400 put the p99 of
    // admitted claims at 1.5 s, against 0.2 s starting from 32 (docs/benchmarks.md).
    if (appLimited) next = Math.min(next, this.estimate, Math.max(minLimit, 2 * inUse));
    this.estimate = clamp(this.estimate * (1 - smoothing) + next * smoothing, minLimit, maxLimit);
    return { limit: this.limit, shortLatencyMs: shortLatency, longLatencyMs: this.longLatency, gradient };
  }
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
