import type { CheckoutStore, PendingCapture } from '../commerce-store.js';
import type { FollowUps } from '../follow-ups.js';
import type { PaymentProvider } from './payment-provider.js';

/** What one reconciliation pass did with the capture rows it found pending. */
export interface ReconcileReport {
  /** The provider had charged: the charge is now on the order (and refunded if it was cancelled). */
  readonly recorded: number;
  /** Refunds made for charges whose checkout had been cancelled. */
  readonly refunded: number;
  /** The provider never charged (or declined): the row is failed. */
  readonly failed: number;
  /** The provider held the money and nothing captured it: the hold is let go, the row failed. */
  readonly voided: number;
  /** Another attempt's order of the same key holds the charge. */
  readonly superseded: number;
  /** The provider could not be asked; left for the next pass. */
  readonly unresolved: number;
}

/** Settles captures whose answer was never recorded (a crash, a timeout) against the provider's books. */
export interface CaptureReconciler {
  /**
   * Settles the capture rows still pending or authorized of checkouts begun before `createdBefore`.
   * Use a cutoff past the checkout timeout, so no checkout still running is asked about: a row left
   * that long belongs to a checkout that crashed, hung, or gave up after a lost answer.
   */
  reconcile(createdBefore: number): Promise<ReconcileReport>;
}

const BATCH = 100;

/**
 * For each unsettled capture, asks the provider's books under the capture's key:
 * - never charged, declined, voided, or charged another amount (the key's payment belongs to another
 *   attempt with that amount): the row fails;
 * - held and never captured: the hold is let go (no money moved) and the row fails;
 * - charged: the charge is recorded on the order unless another attempt's order already holds it
 *   (superseded). An order still pending is then released by the sweeper's expiry in the same pass,
 *   which refunds it; a cancelled one is refunded here.
 * Money the provider took is thus always on exactly one order, or given back.
 */
export function createCaptureReconciler(deps: {
  readonly store: CheckoutStore;
  readonly payments: PaymentProvider;
  readonly followUps: Pick<FollowUps, 'settleRefund'>;
  readonly now: () => number;
  readonly problem: (message: string, details: Record<string, unknown>) => void;
}): CaptureReconciler {
  const { store, payments, now } = deps;

  async function settle(row: PendingCapture): Promise<keyof ReconcileReport> {
    let books = await payments.lookup(row.providerKey);
    if (
      books.status === 'authorized' &&
      books.amount.amount === row.amount &&
      books.amount.currency === row.currency
    ) {
      // Voiding answers what the payment is now: captured meanwhile, it is settled as a charge below.
      books = await payments.voidAuthorization({ key: row.providerKey });
      if (books.status !== 'captured') {
        await store.failCapture(row.orderId, now());
        return 'voided';
      }
    }
    if (
      books.status !== 'captured' ||
      books.amount.amount !== row.amount ||
      books.amount.currency !== row.currency
    ) {
      await store.failCapture(row.orderId, now());
      return 'failed';
    }
    const recorded = await store.recordCapture(row.orderId, books.reference, now());
    if (recorded.kind === 'taken') return 'superseded';
    if (row.orderStatus !== 'cancelled') return 'recorded';
    const due = await store.openRefund(row.orderId, `refund:checkout:${row.orderId}`, now());
    return (await deps.followUps.settleRefund(due)) ? 'refunded' : 'recorded';
  }

  return {
    async reconcile(createdBefore) {
      const report = { recorded: 0, refunded: 0, failed: 0, voided: 0, superseded: 0, unresolved: 0 };
      for (const row of await store.findPendingCaptures(createdBefore, BATCH)) {
        try {
          report[await settle(row)] += 1;
        } catch (error) {
          report.unresolved += 1;
          deps.problem('capture left pending: the provider could not be asked', {
            error: String(error),
            orderId: row.orderId,
          });
        }
      }
      return report;
    },
  };
}
