import { AdaptiveLimit, type AdaptiveLimitOptions, type LimitUpdate } from './adaptive-limit.js';
import { PriorityClass } from './priority-classes.js';

/** Tuning of the gate: the limiter plus the share of the limit each class may fill. */
export interface ConcurrencyGateOptions {
  readonly limit: Partial<AdaptiveLimitOptions>;
  /**
   * Fraction of the limit that total in-flight requests may reach for a class to be admitted,
   * checkout first. The gap between 1 and the claim share is reserved for checkout and payment.
   */
  readonly shares: readonly number[];
  /** Model-backed assistant turns run in their own pool: this fraction of the limit. */
  readonly assistantShare: number;
}

/**
 * Defaults: browsing is shed first (65%), then claims (80%); the last 20% of the limit is
 * checkout's alone. Claims the waiting room admitted do not pass the gate: the room meters them.
 */
export const DEFAULT_GATE: ConcurrencyGateOptions = {
  limit: {},
  shares: [1, 0.8, 0.65],
  assistantShare: 0.25,
};

/**
 * Admits requests by priority class under an adaptive concurrency limit. Checkout, claims and
 * browsing share one pool and one latency signal; each class is admitted only while the pool is
 * below its share of the limit, so lower classes are shed first. Assistant turns (seconds long)
 * get their own small pool and do not feed the latency signal.
 */
export class ConcurrencyGate {
  readonly limiter: AdaptiveLimit;
  private readonly options: ConcurrencyGateOptions;
  private inflightMain = 0;
  private inflightAssistant = 0;
  private readonly inflightByClass = [0, 0, 0, 0];

  constructor(options: Partial<ConcurrencyGateOptions> = {}) {
    this.options = { ...DEFAULT_GATE, ...options };
    this.limiter = new AdaptiveLimit(this.options.limit);
  }

  /** Requests in flight in the shared pool. */
  get inflight(): number {
    return this.inflightMain;
  }

  /** Requests in flight of one class. */
  inflightOf(priority: PriorityClass): number {
    return this.inflightByClass[priority] ?? 0;
  }

  /** Takes a slot for the class, or returns false when the class must be shed. */
  tryAcquire(priority: PriorityClass): boolean {
    const limit = this.limiter.limit;
    if (priority === PriorityClass.assistant) {
      if (this.inflightAssistant >= Math.max(1, Math.floor(limit * this.options.assistantShare)))
        return false;
      this.inflightAssistant += 1;
      this.inflightByClass[priority] = (this.inflightByClass[priority] ?? 0) + 1;
      return true;
    }
    const share = this.options.shares[priority] ?? 1;
    if (this.inflightMain >= Math.max(1, Math.floor(limit * share))) return false;
    this.inflightMain += 1;
    this.inflightByClass[priority] = (this.inflightByClass[priority] ?? 0) + 1;
    return true;
  }

  /**
   * Returns a slot. `latencyMs` is given for requests whose latency says something about capacity
   * (a full answer); omit it for requests cut short (rate limited, aborted).
   */
  release(
    priority: PriorityClass,
    now: number,
    latencyMs?: number,
    inflightAtStart?: number,
  ): LimitUpdate | undefined {
    this.inflightByClass[priority] = Math.max(0, (this.inflightByClass[priority] ?? 0) - 1);
    if (priority === PriorityClass.assistant) {
      this.inflightAssistant = Math.max(0, this.inflightAssistant - 1);
      return undefined;
    }
    this.inflightMain = Math.max(0, this.inflightMain - 1);
    if (latencyMs === undefined) return undefined;
    return this.limiter.addSample(latencyMs, inflightAtStart ?? this.inflightMain + 1, now);
  }
}
