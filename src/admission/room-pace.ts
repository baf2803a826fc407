import type { ClaimThroughput } from './claim-throughput.js';
import { RateMeter } from './rate-meter.js';
import type { WaitingRoomOptions } from './room-options.js';
import { startRate, tunedRate } from './room-tuning.js';

/**
 * The pace of one campaign's waiting room: what it measures (arrivals, completions, joins,
 * admissions), when it engages and releases, and how many places its clock admits. The room
 * (`waiting-room.ts`) keeps the places and asks this for the numbers. Pure: every method takes
 * the time.
 */
export class RoomPace {
  private rate: number;
  private credit = 0;
  private lastTune = 0;
  private quietSince: number | undefined;
  /** Places admitted per second, by the clock and by completions together (the real pace). */
  private readonly admissions = new RateMeter(2);
  /** Claim answers (any but rate limited); completions exclude those shed for capacity. */
  private readonly arrivals = new RateMeter(2);
  private readonly completions = new RateMeter(2);
  private readonly joins = new RateMeter(2);
  /** Claims answered, those slower than `slowClaimMs`, and sheds, since the last tune. */
  private interval = { claims: 0, slow: 0, sheds: 0 };
  private peakCompletions = 0;

  constructor(
    private readonly options: WaitingRoomOptions,
    private readonly node: ClaimThroughput,
  ) {
    this.rate = options.minAdmitRate;
  }

  /** Tickets per second the clock admits while engaged. */
  get admitRate(): number {
    return this.rate;
  }

  /** Places really admitted per second: the clock's rate, or faster while held claims are pulled. */
  pace(now: number): number {
    return Math.max(this.rate, this.admissions.rate(now));
  }

  /** A claim answer: `shed` for an overload refusal, otherwise completed, in `latencyMs` if timed. */
  recordClaim(now: number, shed: boolean, latencyMs?: number): void {
    this.arrivals.mark(now);
    if (shed) {
      this.interval.sheds += 1;
      return;
    }
    this.completions.mark(now);
    this.node.mark(now);
    this.interval.claims += 1;
    // Slow beyond what the node's event loop explains: with the loop saturated by the crowd's
    // other requests every admitted claim waits a turn or two, and braking on that held the
    // room at a tenth of the node's capacity (docs/benchmarks.md, 2026-12-06).
    if (latencyMs !== undefined && latencyMs > this.options.slowClaimMs + 2 * this.node.loopDelayMs)
      this.interval.slow += 1;
  }

  /** A claim that arrived and was refused before the room saw it: an arrival, not a shed. */
  recordArrival(now: number): void {
    this.arrivals.mark(now);
  }

  /** A shopper joined the queue (a quiet room releases only while few join). */
  joined(now: number): void {
    this.joins.mark(now);
  }

  /** Places admitted, by the clock or by a held claim pulled into the claim path. */
  admitted(now: number, places: number): void {
    this.admissions.mark(now, places);
  }

  /** Follows the room's recent peak of completions (halving over 30 s); call on every advance. */
  observe(now: number, elapsed: number): void {
    const completions = this.completions.rate(now);
    this.peakCompletions = Math.max(completions, this.peakCompletions * 0.5 ** (elapsed / 30_000));
  }

  /**
   * Places the clock admits now, of `waiting`, `elapsed` ms after the last advance (engaged): the
   * rate is re-tuned first. An empty queue banks no credit, so a quiet spell is not followed by a
   * burst.
   */
  due(now: number, elapsed: number, waiting: number): number {
    this.tune(now, waiting > 0);
    this.credit += (this.rate * elapsed) / 1000;
    const admit = Math.min(Math.floor(this.credit), waiting);
    if (admit > 0) this.credit -= admit;
    if (waiting - admit === 0) this.credit = Math.min(this.credit, 1);
    return admit;
  }

  /**
   * Whether an idle room engages: claims arrive faster than they complete, or the node is
   * saturated (at a crowd's onset claims still completed while the checkouts they led to took
   * the whole CPU, and requests queued for seconds unseen).
   */
  shouldEngage(now: number): boolean {
    const arrivals = this.arrivalRate(now);
    const saturated = this.node.utilization > this.options.maxUtilization;
    return (
      arrivals >= this.options.minEngageRate &&
      (arrivals > this.options.engageRatio * this.completionRate(now) || saturated)
    );
  }

  /** Starts the clock at what the node was completing (`startRate`). */
  engage(now: number): void {
    this.quietSince = undefined;
    this.credit = 0;
    this.lastTune = now;
    this.rate = this.clampRate(
      startRate({
        completedWholeSeconds: this.completions.rate(now),
        completedOpenSecond: this.completionRate(now),
        peakCompletions: this.peakCompletions,
        nodePeak: this.node.peakRate(now),
        arrivals: this.arrivalRate(now),
      }),
    );
  }

  /** Whether an engaged room in `auto` has been quiet for `releaseAfterMs` (nobody waits, few join). */
  quietLongEnough(now: number, waiting: number): boolean {
    const quiet = waiting === 0 && this.joins.rate(now) < 0.5 * this.rate;
    if (!quiet) {
      this.quietSince = undefined;
      return false;
    }
    this.quietSince ??= now;
    return now - this.quietSince >= this.options.releaseAfterMs;
  }

  /** Claim arrivals and completions per second over whole seconds, for the room's snapshot. */
  rates(now: number): { arrivals: number; completions: number } {
    return { arrivals: this.arrivals.rate(now), completions: this.completions.rate(now) };
  }

  /** Every `tuneIntervalMs`, the rate `tunedRate` gives for the interval's readings. */
  private tune(now: number, waiting: boolean): void {
    if (now - this.lastTune < this.options.tuneIntervalMs) return;
    this.lastTune = now;
    const interval = this.interval;
    this.interval = { claims: 0, slow: 0, sheds: 0 };
    this.rate = this.clampRate(
      tunedRate(
        {
          rate: this.rate,
          ...interval,
          // Whole seconds only: batched commits answer hundreds of claims at once, and the open
          // second extrapolated from such a burst read as several times the node's rate.
          completed: this.completions.rate(now),
          peakCompletions: this.peakCompletions,
          nodePeak: this.node.peakRate(now),
          waiting,
          utilization: this.node.utilization,
          loopDelayMs: this.node.loopDelayMs,
        },
        this.options,
      ),
    );
  }

  /** Claim arrivals per second, the open second included once it spans 250 ms (it moves first). */
  private arrivalRate(now: number): number {
    return Math.max(this.arrivals.rate(now), this.arrivals.openRate(now, 250) ?? 0);
  }

  /** Completions per second, the open second included once it spans 250 ms (it moves first). */
  private completionRate(now: number): number {
    return Math.max(this.completions.rate(now), this.completions.openRate(now, 250) ?? 0);
  }

  private clampRate(rate: number): number {
    return Math.min(this.options.maxAdmitRate, Math.max(this.options.minAdmitRate, rate));
  }
}
