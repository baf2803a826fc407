import { AppError, isAppError } from '../shared/app-error.js';
import {
  type CommitResponse,
  type IdempotencyStore,
  type IdempotentResult,
  runIdempotent,
} from '../shared/idempotency.js';
import { newId } from '../shared/ids.js';
import { cartCurrency, linesToPrice, quoteCart } from './cart-service.js';
import type { CheckoutInput } from './commerce-schemas.js';
import type { CartRecord, CommerceStore, OrderCoupon, OrderRecord, RefundDue } from './commerce-store.js';
import type { AppliedCoupon, CouponHook } from './coupon-hook.js';
import { toOrderView } from './order-view.js';
import type { PaymentProvider } from './payments/payment-provider.js';
import { type CartPrice, priceCart } from './price-cart.js';
import { runSteps, type Step, type StepsReport } from './run-steps.js';
import type { StockListener } from './stock-listener.js';

/** Turns the shopper's cart into a paid order, or into nothing at all. */
export interface CheckoutService {
  /**
   * Places the order idempotently under `idempotencyKey` (scoped to the shopper): 201 with the
   * paid order, or the stored answer on a replay. Throws INSUFFICIENT_STOCK, CART_EMPTY, a coupon
   * error, PAYMENT_DECLINED (stored for the key) or PAYMENT_FAILED (not stored; retry the key).
   */
  checkout(
    shopperId: string,
    input: CheckoutInput,
    idempotencyKey: string | undefined,
  ): Promise<IdempotentResult>;
}

/** Dependencies of checkout. */
export interface CheckoutServiceDeps {
  readonly store: CommerceStore;
  readonly coupons: CouponHook;
  readonly payments: PaymentProvider;
  readonly stock: StockListener;
  readonly idempotency: IdempotencyStore;
  readonly returnWindowDays: number;
  readonly now?: () => number;
  /** Told about compensation failures and refunds left pending; defaults to silence. */
  readonly onProblem?: (message: string, details: Record<string, unknown>) => void;
  /** Sees each checkout's step report (tests and logs). */
  readonly onSteps?: (report: StepsReport) => void;
}

/** The route and scope name checkout keys are kept under. */
export const CHECKOUT_SCOPE = 'POST /api/v1/checkout';

interface CheckoutState {
  readonly orderId: string;
  readonly shopperId: string;
  readonly cart: CartRecord;
  readonly input: CheckoutInput;
  readonly coupons: readonly AppliedCoupon[];
  readonly price: CartPrice;
  /** Order line id of each cart line; an order's lines outlive the cart's. */
  readonly orderLineIds: ReadonlyMap<string, string>;
  /** Why the attempt is being undone, recorded on the cancelled attempt. */
  failureReason: string;
  paidOrder: OrderRecord | undefined;
}

/** Builds checkout: reserve stock -> reserve coupons -> price -> capture payment -> redeem coupons -> commit. */
export function createCheckoutService(deps: CheckoutServiceDeps): CheckoutService {
  const { store, coupons, payments } = deps;
  const now = deps.now ?? Date.now;
  const problem = deps.onProblem ?? (() => undefined);

  async function notifyStock(variantIds: readonly string[]): Promise<void> {
    if (variantIds.length === 0) return;
    try {
      await deps.stock.stockChanged([...new Set(variantIds)]);
    } catch (error) {
      problem('stock listener failed', { error: String(error), variantIds });
    }
  }

  async function settleRefund(due: RefundDue | undefined): Promise<void> {
    if (due === undefined) return;
    try {
      const refund = await payments.refund({
        key: due.effectKey,
        captureReference: due.captureReference,
        amount: { amount: due.amount, currency: due.currency },
      });
      await store.completeRefund(due.effectKey, refund.reference, now());
    } catch (error) {
      // The refund row stays pending; the sweeper retries it with the same key.
      problem('refund left pending', { error: String(error), effectKey: due.effectKey });
    }
  }

  /** The steps of one checkout; `commitResponse` records the idempotent answer in the commit transaction. */
  const checkoutSteps = (commitResponse: CommitResponse): Step<CheckoutState>[] => [
    {
      name: 'reserveStock',
      async run(state) {
        const outcome = await store.openCheckout({
          orderId: state.orderId,
          shopperId: state.shopperId,
          currency: cartCurrency(state.cart),
          shippingAddress: compact(state.input.shippingAddress),
          paymentMethod: payments.describe(state.input.payment),
          lines: state.cart.lines.map((line, position) => ({
            id: state.orderLineIds.get(line.lineId) as string,
            position,
            variantId: line.variant.variantId,
            productId: line.variant.productId,
            title: line.variant.title,
            category: line.variant.category,
            options: line.variant.options,
            unitPrice: line.variant.unitPrice,
            quantity: line.quantity,
          })),
          now: now(),
        });
        if (!outcome.ok) {
          const short = state.cart.lines.find((line) => line.variant.variantId === outcome.variantId);
          throw new AppError(
            'INSUFFICIENT_STOCK',
            `Not enough stock left for ${short?.variant.title ?? 'an item'}.`,
            {
              variantId: outcome.variantId,
            },
          );
        }
        await notifyStock(state.cart.lines.map((line) => line.variant.variantId));
      },
      async compensate(state) {
        const released = await store.abandonCheckout(state.orderId, state.failureReason, now());
        if (released === undefined) return;
        await settleRefund(released.refund);
        await notifyStock(released.variantIds);
      },
    },
    {
      name: 'reserveCoupons',
      async run(state) {
        if (state.coupons.length === 0) return;
        try {
          await coupons.reserve(state.orderId, state.shopperId, state.coupons);
        } catch (error) {
          state.failureReason = 'coupon_unavailable';
          // All or nothing by contract, but a timeout may hide a reservation that did commit.
          await coupons
            .release(state.orderId)
            .catch((releaseError: unknown) =>
              problem('coupon release failed', { error: String(releaseError), orderId: state.orderId }),
            );
          throw error;
        }
      },
      async compensate(state) {
        await coupons.release(state.orderId);
      },
    },
    {
      name: 'price',
      async run(state) {
        await store.priceOrder(
          state.orderId,
          {
            subtotal: state.price.subtotal,
            discount: state.price.discount,
            shipping: state.price.shipping,
            total: state.price.total,
            coupons: orderCoupons(state.coupons),
            lineDiscounts: new Map(
              [...state.price.lineDiscounts].map(([cartLineId, discount]) => [
                state.orderLineIds.get(cartLineId) as string,
                discount,
              ]),
            ),
          },
          now(),
        );
      },
    },
    {
      name: 'capturePayment',
      async run(state) {
        const amount = { amount: state.price.total, currency: cartCurrency(state.cart) };
        let outcome: Awaited<ReturnType<PaymentProvider['capture']>>;
        try {
          outcome = await payments.capture({
            key: `capture:${state.orderId}`,
            amount,
            method: state.input.payment,
          });
        } catch (error) {
          state.failureReason = 'payment_failed';
          if (isAppError(error)) throw error;
          throw new AppError('PAYMENT_FAILED', `The payment provider failed: ${String(error)}`);
        }
        if (!outcome.ok) {
          state.failureReason = 'payment_declined';
          throw new AppError('PAYMENT_DECLINED', undefined, { reason: outcome.reason });
        }
        await store.recordCapture(
          state.orderId,
          {
            provider: payments.name,
            reference: outcome.reference,
            amount: amount.amount,
            currency: amount.currency,
          },
          now(),
        );
      },
      async compensate(state) {
        await settleRefund(await store.openRefund(state.orderId, `refund:checkout:${state.orderId}`, now()));
      },
    },
    {
      name: 'redeemCoupons',
      async run(state) {
        if (state.coupons.length > 0) await coupons.consume(state.orderId);
      },
    },
    {
      name: 'commit',
      async run(current) {
        const placedAt = now();
        const order = await store.findOrder(current.orderId);
        if (order === undefined) throw new Error(`checkout order ${current.orderId} vanished`);
        const paid: OrderRecord = { ...order, status: 'paid', placedAt, paidAt: placedAt };
        const body = toOrderView(paid, deps.returnWindowDays);
        const committed = await store.commitCheckout(
          current.orderId,
          {
            cartId: current.cart.id,
            lineIds: current.cart.lines.map((line) => line.lineId),
            couponCodes: current.cart.couponCodes,
          },
          placedAt,
          (executor) => commitResponse(executor, { status: 201, body }),
        );
        if (!committed) {
          current.failureReason = 'checkout_expired';
          throw new AppError('CHECKOUT_EXPIRED');
        }
        current.paidOrder = paid;
      },
    },
  ];

  return {
    async checkout(shopperId, input, idempotencyKey) {
      return runIdempotent(
        deps.idempotency,
        { scope: `${shopperId}:${CHECKOUT_SCOPE}`, key: idempotencyKey, body: input },
        async (commitResponse) => {
          const cart = await deps.store.findCart(shopperId);
          if (cart === undefined || cart.lines.length === 0) throw new AppError('CART_EMPTY');
          const quote = await quoteCart(coupons, shopperId, cart);
          const firstProblem = quote?.problems[0];
          if (firstProblem !== undefined) {
            throw new AppError(firstProblem.error, `Coupon ${firstProblem.code}: ${firstProblem.message}`, {
              code: firstProblem.code,
            });
          }
          const state: CheckoutState = {
            orderId: newId('ord'),
            shopperId,
            cart,
            input,
            coupons: quote?.coupons ?? [],
            price: priceCart(linesToPrice(cart), quote),
            orderLineIds: new Map(cart.lines.map((line) => [line.lineId, newId('oln')])),
            failureReason: 'checkout_failed',
            paidOrder: undefined,
          };
          await runSteps(checkoutSteps(commitResponse), state, deps.onSteps);
          return { status: 201, body: toOrderView(state.paidOrder as OrderRecord, deps.returnWindowDays) };
        },
      );
    },
  };
}

function orderCoupons(applied: readonly AppliedCoupon[]): OrderCoupon[] {
  return applied.map((coupon) => ({
    code: coupon.code,
    campaignId: coupon.campaignId,
    couponId: coupon.couponId,
    discount: coupon.discount,
    shippingDiscount: coupon.shippingDiscount,
  }));
}

function compact(address: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(address).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}
