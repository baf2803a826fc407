/** closed: calls pass; open: calls are refused until the cool-down ends; half-open: one probe at a time. */
export type BreakerState = 'closed' | 'open' | 'half_open';

/** Settings of a circuit breaker. */
export interface BreakerOptions {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** How long the circuit stays open before a probe is let through. */
  readonly openMs: number;
  readonly now?: () => number;
}

/**
 * A circuit breaker over a remote model: opens after consecutive failures (errors or timeouts),
 * lets one probe through after the cool-down (half-open), and closes again when the probe succeeds.
 */
export class CircuitBreaker {
  private failures = 0;
  private openedAt = 0;
  private probing = false;
  private current: BreakerState = 'closed';
  private readonly now: () => number;

  constructor(private readonly options: BreakerOptions) {
    this.now = options.now ?? Date.now;
  }

  /** The state now (an open circuit past its cool-down reports half-open). */
  get state(): BreakerState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.options.openMs) return 'half_open';
    return this.current;
  }

  /** True when a call may go out now; in half-open only one probe is in flight. */
  tryAcquire(): boolean {
    const state = this.state;
    if (state === 'closed') return true;
    if (state === 'open' || this.probing) return false;
    this.current = 'half_open';
    this.probing = true;
    return true;
  }

  /** Records a successful call. */
  success(): void {
    this.failures = 0;
    this.probing = false;
    this.current = 'closed';
  }

  /** Records a failed call (error or timeout). */
  failure(): void {
    this.probing = false;
    this.failures += 1;
    if (this.current === 'half_open' || this.failures >= this.options.failureThreshold) {
      this.current = 'open';
      this.openedAt = this.now();
    }
  }
}
