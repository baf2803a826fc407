/**
 * What the event loop's last line knows of a request before its body is read:
 * - `metered`: the room or the store already bounds it, and a 503 would only bring it back.
 *   A claim with a ticket this node's room issued (the room paced it); a claim without a ticket
 *   on an engaged room (the room gives it a place: held, or a 428 saying when to come back); a
 *   claim on a sold-out campaign (one indexed read, answered 410 or replayed). Never shed here.
 * - `checkout`: about 2.5 ms of CPU each here, bounded by the gate's slots and line; shed only
 *   past `OVERWHELMED_FACTOR` times the limit.
 * - `other`: everything else (browsing, sessions, claims the room is not metering, made-up
 *   tickets): shed as soon as the loop is pressured.
 */
export type LastLineStanding = 'metered' | 'checkout' | 'other';

/** Fresh readings in a row over the limit before the last line sheds (half a second at 100 ms). */
const STRIKES = 5;
/** Past this multiple of the limit, checkouts are shed too. */
const OVERWHELMED_FACTOR = 4;

/**
 * The event loop's pressure as the last line reads it, one reading of the loop's delay per
 * sample. It sheds only after several fresh readings in a row over the limit: one long
 * synchronous task (startup, a big import) must not shed the requests after it. Pure: the HTTP
 * layer takes the readings.
 */
export class LoopPressure {
  private strikes = 0;
  private previous = Number.NaN;
  private delay = 0;

  constructor(private readonly maxDelayMs: number) {}

  /** True while the loop has been over its limit for `STRIKES` fresh readings. */
  get pressured(): boolean {
    return this.strikes >= STRIKES;
  }

  /** Takes one reading of the loop's delay (ms); a reading equal to the last one is not fresh. */
  sample(delayMs: number): void {
    if (delayMs === this.previous) return;
    this.previous = delayMs;
    this.delay = delayMs;
    this.strikes = delayMs > this.maxDelayMs ? this.strikes + 1 : 0;
  }

  /**
   * Whether the last line refuses a request of this standing now. Metered claims never: under a
   * crowd whose loop turns took a second (every ready socket is read in one turn) the last line
   * answered a fifth of the claims 503, each came back two seconds later and cost as much again,
   * and the node issued 0.74-0.9x the coupons it issued with admission off; sparing them,
   * 0.95-1.31x (docs/benchmarks.md, 2026-12-08). Checkouts are still shed past 4x: sparing them too took the
   * CPU from the claims and paid no more checkouts.
   */
  sheds(standing: LastLineStanding): boolean {
    if (!this.pressured || standing === 'metered') return false;
    if (standing === 'checkout') return this.delay > OVERWHELMED_FACTOR * this.maxDelayMs;
    return true;
  }
}
