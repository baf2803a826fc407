/**
 * An events-per-second meter: counts events in one-second buckets and folds each closed bucket
 * into an exponentially weighted moving average. Pure: the caller gives the time.
 *
 * The average is bias-corrected (divided by the weight the closed buckets carry, as in Adam):
 * a plain EWMA started at zero reads only 29% of the true rate after its first second with a 2 s
 * half-life, so a waiting room created by a flash crowd engaged at a third of the rate the claim
 * path was completing and admitted far too slowly.
 */
export class RateMeter {
  private bucketStart: number | undefined;
  private count = 0;
  private average = 0;
  /** Weight of the closed buckets in `average`: 1 - (1 - alpha)^buckets. */
  private weight = 0;
  private readonly alpha: number;

  /** `halfLifeSeconds`: how many seconds until an old rate counts half. */
  constructor(halfLifeSeconds = 2) {
    this.alpha = 1 - 0.5 ** (1 / halfLifeSeconds);
  }

  /** Records `count` events at `now` (ms). */
  mark(now: number, count = 1): void {
    this.roll(now);
    this.count += count;
  }

  /** The smoothed rate in events per second as of `now`. */
  rate(now: number): number {
    this.roll(now);
    return this.weight === 0 ? 0 : this.average / this.weight;
  }

  /**
   * The rate of the bucket that is still open, once it spans `minMs`: a burst shows here within a
   * fraction of a second, long before it moves the smoothed rate (undefined before that).
   */
  openRate(now: number, minMs = 100): number | undefined {
    this.roll(now);
    const span = this.bucketStart === undefined ? 0 : now - this.bucketStart;
    return span < minMs ? undefined : (this.count * 1000) / span;
  }

  /** Events in the bucket that is still open. */
  get pending(): number {
    return this.count;
  }

  private roll(now: number): void {
    if (this.bucketStart === undefined) {
      this.bucketStart = now;
      return;
    }
    const elapsed = Math.floor((now - this.bucketStart) / 1000);
    if (elapsed <= 0) return;
    this.average += (this.count - this.average) * this.alpha;
    // Whole empty seconds decay the average without a loop per second.
    if (elapsed > 1) this.average *= (1 - this.alpha) ** Math.min(elapsed - 1, 1000);
    this.weight = 1 - (1 - this.weight) * (1 - this.alpha) ** Math.min(elapsed, 1000);
    this.count = 0;
    this.bucketStart += elapsed * 1000;
  }
}
