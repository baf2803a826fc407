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
  /** How long a checkout may wait in line for a slot (ms); 0 sheds it at once, as other classes. */
  readonly checkoutWaitMs: number;
  /** Checkouts waiting at once at most; the next one is shed. */
  readonly maxWaiting: number;
}

/**
 * Defaults: browsing is shed first (65%), then claims (80%); the last 20% of the limit is
 * checkout's alone. Claims the waiting room admitted do not pass the gate: the room meters them.
 */
export const DEFAULT_GATE: ConcurrencyGateOptions = {
  limit: {},
  shares: [1, 0.8, 0.65],
  assistantShare: 0.25,
  // Long enough for a PostgreSQL node's checkout backlog in a crowd to drain: at 2 s most waits
  // ran out and came back as retries (success 0.35-0.47 of checkouts after six tries); at 8 s
  // every checkout was paid and the coupons issued rose too (docs/benchmarks.md).
  checkoutWaitMs: 8000,
  maxWaiting: 2000,
};

/** A checkout waiting for a slot; `grant` is called once, true with the slot taken. */
interface Waiter {
  readonly deadline: number;
  readonly grant: (granted: boolean) => void;
}

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
  private readonly line: Waiter[] = [];

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

  /** Checkouts waiting in line for a slot. */
  get waiting(): number {
    return this.line.length;
  }

  /**
   * Takes a slot, or for checkout waits up to `checkoutWaitMs` in line for one, first come first
   * served: a checkout is a shopper ready to pay, and shedding it sent them back with the whole
   * request to read, authenticate and rate-limit again, over and over while the pool stayed full
   * (15,191 shed checkouts against 1,320 paid in a PostgreSQL crowd, docs/benchmarks.md).
   * Resolves true with the slot taken, false when the line was full or the wait ran out
   * (`expire`). Other classes answer at once, as `tryAcquire`.
   */
  acquire(priority: PriorityClass, now: number): boolean | Promise<boolean> {
    if (priority !== PriorityClass.checkout || this.options.checkoutWaitMs <= 0)
      return this.tryAcquire(priority);
    // No overtaking: while anyone waits, a new checkout joins the back of the line.
    if (this.line.length === 0 && this.tryAcquire(priority)) return true;
    if (this.line.length >= this.options.maxWaiting) return false;
    return new Promise((grant) => {
      this.line.push({ deadline: now + this.options.checkoutWaitMs, grant });
    });
  }

  /** Refuses the checkouts whose wait ran out by `now`; the HTTP layer calls it every 100 ms. */
  expire(now: number): void {
    while (this.line.length > 0 && (this.line[0]?.deadline ?? Number.POSITIVE_INFINITY) <= now) {
      this.line.shift()?.grant(false);
    }
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
    const update =
      latencyMs === undefined
        ? undefined
        : this.limiter.addSample(latencyMs, inflightAtStart ?? this.inflightMain + 1, now);
    this.handOff();
    return update;
  }

  /** Gives free slots to the checkouts in line, in their order, before anyone else can take them. */
  private handOff(): void {
    const limit = Math.max(1, this.limiter.limit);
    while (this.line.length > 0 && this.inflightMain < limit) {
      const waiter = this.line.shift();
      if (waiter === undefined) break;
      this.inflightMain += 1;
      this.inflightByClass[PriorityClass.checkout] = (this.inflightByClass[PriorityClass.checkout] ?? 0) + 1;
      waiter.grant(true);
    }
  }
}
