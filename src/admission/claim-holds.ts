import { performance } from 'node:perf_hooks';

/** Subscribes to a ticket's admission: calls `wake` once when admitted, returns a cancel. */
export type AdmissionWakeup = (wake: () => void) => () => void;

/**
 * Resolves after `ms` (false), or as soon as `wakeup` fires (true), whichever is first; forgets
 * the other.
 */
function pause(ms: number, wakeup: AdmissionWakeup | undefined): Promise<boolean> {
  return new Promise((resolve) => {
    let forget: () => void = () => undefined;
    const timer = setTimeout(() => {
      forget();
      resolve(false);
    }, ms);
    if (wakeup !== undefined) {
      forget = wakeup(() => {
        clearTimeout(timer);
        resolve(true);
      });
    }
  });
}

/**
 * Claims held near the front of a waiting room until their ticket is admitted, on one node: the
 * HTTP claim route and the assistant's in-process claim share one instance, so `maxHeld` bounds
 * them together.
 */
export class ClaimHolds {
  private held = 0;

  constructor(
    private readonly holdMs: number,
    private readonly maxHeld: number,
  ) {}

  /** Whether a claim the room expects to admit in `etaMs` would be held now (not answered 428). */
  accepts(etaMs: number): boolean {
    return etaMs <= this.holdMs && this.held < this.maxHeld;
  }

  /**
   * Holds until `recheck` says the wait is over (it returns the time still to wait, or
   * undefined), the hold runs out or `gone` says the caller left. Only a claim the room expects
   * to admit within `holdMs` is held; returns the milliseconds waited (0 when it did not wait).
   * A hold re-checks when `admitted` wakes it (the room admitted the ticket, in the request that
   * made it do so) or when the room expected to admit it, whichever comes first; the timer is
   * for a room no request touches. Held claims take no gate slot and no CPU while they wait. A
   * fixed 25 ms re-check cost every held claim dozens of ticket checks whenever the room slowed.
   */
  async hold(
    etaMs: number | undefined,
    recheck: () => number | undefined,
    admitted: AdmissionWakeup | undefined,
    gone: () => boolean = () => false,
  ): Promise<number> {
    if (etaMs === undefined || !this.accepts(etaMs)) return 0;
    const started = performance.now();
    const deadline = started + this.holdMs;
    this.held += 1;
    try {
      let wait: number | undefined = etaMs;
      let wakeup = admitted;
      while (wait !== undefined) {
        // A wake-up that did not end the hold (the room changed under the ticket) is not trusted
        // again: the timer paces the rest, so a hold can never spin on microtasks.
        if (await pause(Math.max(10, Math.min(wait, deadline - performance.now())), wakeup))
          wakeup = undefined;
        if (gone()) break;
        wait = recheck();
        if (performance.now() >= deadline) break;
      }
    } finally {
      this.held -= 1;
    }
    return performance.now() - started;
  }
}
