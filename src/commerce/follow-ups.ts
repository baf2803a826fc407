import type { OrderStore, RefundDue } from './commerce-store.js';
import type { PaymentProvider } from './payments/payment-provider.js';
import type { StockListener } from './stock-listener.js';

/**
 * What follows a committed stock or money change and may fail without undoing it: telling the
 * stock listener, and paying a refund the store recorded as due.
 */
export interface FollowUps {
  /** Tells the listener which variants' stock changed; a failing listener is reported, not thrown. */
  notifyStock(variantIds: readonly string[]): Promise<void>;
  /**
   * Pays a refund due and marks it complete; true when it did. A failure leaves the refund row
   * pending (the sweeper retries it with the same key) and is reported, not thrown.
   */
  settleRefund(due: RefundDue | undefined): Promise<boolean>;
}

/** Builds the follow-ups over the store, the payment provider and the stock listener. */
export function createFollowUps(deps: {
  readonly store: Pick<OrderStore, 'completeRefund'>;
  readonly payments: PaymentProvider;
  readonly stock: StockListener;
  readonly now: () => number;
  readonly problem: (message: string, details: Record<string, unknown>) => void;
}): FollowUps {
  const { store, payments, now, problem } = deps;
  return {
    async notifyStock(variantIds) {
      if (variantIds.length === 0) return;
      try {
        await deps.stock.stockChanged([...new Set(variantIds)]);
      } catch (error) {
        problem('stock listener failed', { error: String(error), variantIds });
      }
    },

    async settleRefund(due) {
      if (due === undefined) return false;
      try {
        const refund = await payments.refund({
          key: due.effectKey,
          captureReference: due.captureReference,
          amount: { amount: due.amount, currency: due.currency },
        });
        await store.completeRefund(due.effectKey, refund.reference, now());
        return true;
      } catch (error) {
        problem('refund left pending', { error: String(error), effectKey: due.effectKey });
        return false;
      }
    },
  };
}
