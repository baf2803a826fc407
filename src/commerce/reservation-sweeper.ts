import type { OrderService } from './order-service.js';
import type { ReconcileReport } from './payments/capture-reconciler.js';

/** How long a checkout may stay uncommitted before its reservations are released. */
export const DEFAULT_CHECKOUT_TIMEOUT_MS = 10 * 60 * 1000;
/** How long a refund may stay pending before the sweeper retries it. */
export const DEFAULT_REFUND_RETRY_AFTER_MS = 60 * 1000;

/** What one sweep did. */
export interface SweepReport {
  /** Captures whose answer was never recorded, settled against the provider's books. */
  readonly captures: ReconcileReport;
  readonly expired: number;
  readonly refunded: number;
  readonly couponsReleased: number;
}

/** A running sweeper. */
export interface ReservationSweeper {
  /** One pass: settle unrecorded captures, expire stale checkouts, retry stuck refunds and coupon releases. */
  sweepOnce(): Promise<SweepReport>;
  stop(): void;
}

/**
 * Settles captures a crash or a lost answer left pending (recorded on their order, or failed),
 * releases what crashed or hung checkouts left reserved (stock and coupons, and refunds any money
 * they captured), and retries refunds whose provider call failed and coupon releases that failed
 * after a cancel. Runs on an unref'd interval, one pass at a time; every release is keyed, so
 * several nodes may sweep the same store.
 */
export function startReservationSweeper(options: {
  readonly orders: OrderService;
  readonly intervalMs?: number;
  readonly checkoutTimeoutMs?: number;
  readonly refundRetryAfterMs?: number;
  readonly now?: () => number;
  readonly onError?: (error: unknown) => void;
}): ReservationSweeper {
  const now = options.now ?? Date.now;
  const timeout = options.checkoutTimeoutMs ?? DEFAULT_CHECKOUT_TIMEOUT_MS;
  const refundAfter = options.refundRetryAfterMs ?? DEFAULT_REFUND_RETRY_AFTER_MS;
  let running: Promise<SweepReport> | undefined;

  const sweepOnce = () => {
    running ??= (async () => {
      try {
        // Captures first, of the same checkouts: a charge recorded here is refunded by the expiry of
        // its checkout just after.
        const stale = now() - timeout;
        const captures = await options.orders.reconcileCaptures(stale);
        const expired = await options.orders.expireStaleCheckouts(stale);
        const refunded = await options.orders.retryPendingRefunds(now() - refundAfter);
        // Same grace as refunds: a release still in flight right after its cancel is not retried.
        const couponsReleased = await options.orders.retryCouponReleases(now() - refundAfter);
        return { captures, expired, refunded, couponsReleased };
      } finally {
        running = undefined;
      }
    })();
    return running;
  };

  const timer = setInterval(() => {
    sweepOnce().catch((error: unknown) => options.onError?.(error));
  }, options.intervalMs ?? 60_000);
  timer.unref();

  return {
    sweepOnce,
    stop: () => clearInterval(timer),
  };
}
