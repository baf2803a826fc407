import { RateMeter } from './rate-meter.js';

/**
 * What every room on this node reads about the node: claims completed per second across all
 * campaigns, and the event loop's delay and utilization. Every claim goes through the same claim
 * path, so what the node recently completed for any campaign is what a room engaging for another
 * campaign can admit. Without it a room a crowd creates starts from its own first second, when
 * most claims were shed, and probed up from a handful of tickets a second.
 */
export class ClaimThroughput {
  private readonly completions = new RateMeter(2);
  private peak = 0;
  private last: number | undefined;
  /** The node's latest mean event-loop delay in ms (the admission sampler sets it). */
  loopDelayMs = 0;
  /**
   * The node's event-loop utilization over about the last half second, 0..1 (the admission
   * sampler sets it). Near 1 the server reads requests later than they arrive: they wait in the
   * kernel's socket buffers, where neither the loop delay nor any request timing sees them.
   */
  utilization = 0;

  /** Records one completed (not shed) claim. */
  mark(now: number): void {
    this.completions.mark(now);
    this.peakRate(now);
  }

  /** The highest recent completion rate, halving every 30 s. */
  peakRate(now: number): number {
    const elapsed = this.last === undefined ? 0 : Math.max(0, now - this.last);
    this.last = Math.max(this.last ?? now, now);
    this.peak = Math.max(this.completions.rate(now), this.peak * 0.5 ** (elapsed / 30_000));
    return this.peak;
  }
}
