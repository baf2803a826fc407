import { AppError, isAppError } from '../shared/app-error.js';
import type { Money } from '../shared/money.js';
import type { CheckoutStore, PaymentRecord, RefundDue } from './commerce-store.js';
import {
  KEY_REUSED,
  type PaymentMethod,
  type PaymentOutcome,
  type PaymentProvider,
} from './payments/payment-provider.js';
import type { Step } from './run-steps.js';

/** What the payment steps read and write of a checkout's state. */
export interface PaymentState {
  readonly orderId: string;
  /** The provider key of the payment: the same for every attempt under the client's Idempotency-Key. */
  readonly paymentKey: string;
  readonly input: { readonly payment: PaymentMethod };
  /** Why the attempt is being undone, recorded on the cancelled attempt. */
  failureReason: string;
  /** True once `authorizePayment` holds the money, until the hold is captured or let go. */
  held: boolean;
  /** The capture `capturePayment` recorded. */
  capture: PaymentRecord | undefined;
}

/**
 * Checkout's two money steps: `authorize` holds the money (its compensation lets the hold go), and
 * `capture`, run just before the commit, takes it (its compensation refunds). The capture row is
 * written pending first, so a crash while the provider answers leaves a row the reconciler settles
 * against the provider's books (docs/payments.md).
 */
export function createPaymentSteps<State extends PaymentState>(deps: {
  readonly store: CheckoutStore;
  readonly payments: PaymentProvider;
  readonly now: () => number;
  readonly settleRefund: (due: RefundDue | undefined) => Promise<boolean>;
  /** What the checkout charges. */
  readonly amountOf: (state: State) => Money;
}): { readonly authorize: Step<State>; readonly capture: Step<State> } {
  const { store, payments, now, settleRefund } = deps;

  /**
   * Asks the provider under the checkout's key (`call`: authorize or capture). A provider that fails
   * to answer may have done it: its books are asked once at once, and if they do not say, the row
   * stays as it was for the reconciler (and a retry of the key asks for the same payment again).
   */
  async function askProvider(
    state: State,
    amount: Money,
    call: () => Promise<PaymentOutcome>,
    done: 'authorized' | 'captured',
  ): Promise<PaymentOutcome> {
    try {
      return await call();
    } catch (error) {
      const known = await payments.lookup(state.paymentKey).catch(() => undefined);
      const sameAmount =
        known !== undefined &&
        'amount' in known &&
        known.amount.amount === amount.amount &&
        known.amount.currency === amount.currency;
      if (sameAmount && (known.status === done || known.status === 'captured')) {
        return { ok: true, reference: known.reference };
      }
      if (known?.status === 'declined') return { ok: false, reason: known.reason };
      state.failureReason = 'payment_failed';
      if (isAppError(error)) throw error;
      throw new AppError('PAYMENT_FAILED', `The payment provider failed: ${String(error)}`);
    }
  }

  /**
   * Lets an uncaptured hold go when the attempt is undone: the shopper sees no charge and no
   * refund. A hold whose capture went through unheard is recorded, then refunded. After a payment
   * failure the hold is kept: the client retries the key, and the retry captures the same hold
   * (the reconciler lets it go if no retry comes).
   */
  async function releaseHold(state: State): Promise<void> {
    if (!state.held || state.failureReason === 'payment_failed') return;
    const standing = await payments.voidAuthorization({ key: state.paymentKey });
    state.held = false;
    if (standing.status !== 'captured') {
      await store.failCapture(state.orderId, now());
      return;
    }
    const recorded = await store.recordCapture(state.orderId, standing.reference, now());
    if (recorded.kind === 'recorded') await refundCheckout(state);
  }

  async function refundCheckout(state: State): Promise<void> {
    await settleRefund(await store.openRefund(state.orderId, `refund:checkout:${state.orderId}`, now()));
  }

  return {
    authorize: {
      name: 'authorizePayment',
      async run(state) {
        const amount = deps.amountOf(state);
        await store.openCapture(
          state.orderId,
          { provider: payments.name, providerKey: state.paymentKey, ...amount },
          now(),
        );
        const outcome = await askProvider(
          state,
          amount,
          () => payments.authorize({ key: state.paymentKey, amount, method: state.input.payment }),
          'authorized',
        );
        if (!outcome.ok) {
          await store.failCapture(state.orderId, now());
          if (outcome.reason === KEY_REUSED) {
            state.failureReason = 'total_changed';
            throw new AppError(
              'TOTAL_CHANGED',
              'The order changed after this checkout was first paid for; that payment is given back. Review the cart and check out with a new Idempotency-Key.',
            );
          }
          state.failureReason = 'payment_declined';
          throw new AppError('PAYMENT_DECLINED', undefined, { reason: outcome.reason });
        }
        state.held = true;
        await store.recordAuthorization(state.orderId, outcome.reference, now());
      },
      compensate: releaseHold,
    },
    capture: {
      // Captured last, just before the commit: anything undone before it only lets the hold go.
      name: 'capturePayment',
      async run(state) {
        const outcome = await askProvider(
          state,
          deps.amountOf(state),
          () => payments.capture({ key: state.paymentKey }),
          'captured',
        );
        if (!outcome.ok) {
          // The hold is gone (another attempt of the key let it go): nothing was charged.
          state.failureReason = 'payment_declined';
          throw new AppError('PAYMENT_DECLINED', undefined, { reason: outcome.reason });
        }
        state.held = false;
        const recorded = await store.recordCapture(state.orderId, outcome.reference, now());
        if (recorded.kind === 'taken') {
          // An earlier attempt under this key holds the charge (the reconciler settled it): this
          // order must not count it, or one charge would pay two orders.
          state.failureReason = 'checkout_expired';
          throw new AppError(
            'CHECKOUT_EXPIRED',
            'An earlier attempt of this checkout was settled and its payment given back; check out with a new Idempotency-Key.',
          );
        }
        state.capture = recorded.payment;
      },
      compensate: refundCheckout,
    },
  };
}
