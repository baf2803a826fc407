import { createHash } from 'node:crypto';
import { AppError, refusalError } from '../shared/app-error.js';
import {
  type IdempotencyStore,
  type Idempotent,
  type KeyInHand,
  runIdempotent,
} from '../shared/idempotency.js';
import { newId } from '../shared/ids.js';
import type { Money } from '../shared/money.js';
import { openWithinBudget } from './agent-budget.js';
import { cartCurrency, linesToPrice, quoteCart } from './cart-service.js';
import { type CheckoutPlan, draftOrder, paidOrder } from './checkout-order.js';
import type { CheckoutInput, OrderChannel, OrderView, PaymentInput } from './commerce-schemas.js';
import type { CheckoutDraft, CommerceStore, OrderRecord } from './commerce-store.js';
import type { CouponHook, CouponScreen } from './coupon-hook.js';
import { expressCart } from './express-cart.js';
import { createFollowUps } from './follow-ups.js';
import { toOrderView } from './order-view.js';
import { createPaymentSteps, type PaymentState } from './payment-steps.js';
import type { PaymentMethod, PaymentProvider, PaymentToken } from './payments/payment-provider.js';
import { paymentMethodOf, savedCard } from './payments/saved-card.js';
import { priceCart } from './price-cart.js';
import { DEFAULT_CHECKOUT_TIMEOUT_MS } from './reservation-sweeper.js';
import { runSteps, type Step, type StepsReport } from './run-steps.js';
import type { StockListener } from './stock-listener.js';

/** Turns the shopper's cart into a paid order, or into nothing at all. */
export interface CheckoutService {
  /**
   * Places the order idempotently under `idempotencyKey` (scoped to the shopper): the paid order,
   * or the stored answer on a replay (a stored refusal is thrown again). Throws TOTAL_CHANGED (the priced total is not
   * `input.expectedTotal`; checked when the key first runs, so a replay still answers),
   * INSUFFICIENT_STOCK, CART_EMPTY, a coupon error, PAYMENT_DECLINED (stored for the key),
   * PAYMENT_FAILED (not stored; retry the key) or CHECKOUT_IN_PROGRESS (another checkout holds the
   * cart; not stored, retry after a moment).
   */
  checkout(
    shopperId: string,
    input: CheckoutInput,
    idempotencyKey: string | undefined,
    /** Where the order is placed (recorded on it); the web by default. */
    channel?: OrderChannel,
    /** The agent platform placing it, when an agent named itself (recorded on it). */
    agentId?: string,
  ): Promise<Idempotent<OrderView>>;
  /**
   * Saves a card for the shopper, or checks a token was given to them; answers the token and its
   * last 4 digits. Every way in calls it before it keeps anything, so no card number is kept.
   * Throws PAYMENT_TOKEN_NOT_FOUND for a token that is not the shopper's.
   */
  saveCard(shopperId: string, payment: PaymentInput): Promise<PaymentToken>;
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
  /**
   * After how long a checkout's claim on its cart counts as abandoned (a crash) and another checkout
   * may take the cart over; the reservation sweeper's checkout timeout, by default.
   */
  readonly checkoutTimeoutMs?: number;
  /** Told about compensation failures and refunds left pending; defaults to silence. */
  readonly onProblem?: (message: string, details: Record<string, unknown>) => void;
  /** Sees each checkout's step report (tests and logs). */
  readonly onSteps?: (report: StepsReport) => void;
  /** The most an agent platform may spend in a UTC day; none when it has no budget (or no resolver). */
  readonly agentBudget?: (agentId: string) => Promise<Money | undefined>;
  /** The fraud rules' look at a checkout that uses coupons (`CouponScreen`). */
  readonly couponScreen?: CouponScreen;
}

/** The route and scope name checkout keys are kept under. */
export const CHECKOUT_SCOPE = 'POST /api/v1/checkout';

/** A checkout's input once its card is saved: it pays with the card's token, never its number. */
type PayingInput = Omit<CheckoutInput, 'payment'> & { readonly payment: PaymentMethod };

interface CheckoutState extends PaymentState {
  /** The order's id, which also names this checkout's claim on the cart. */
  readonly orderId: string;
  readonly shopperId: string;
  readonly input: PayingInput;
  /** The saved card paying: what the order may show of it. */
  readonly card: PaymentToken;
  readonly channel: OrderChannel;
  readonly agentId: string | undefined;
  /** The agent's daily budget, read when the checkout starts. */
  readonly agentBudget: Money | undefined;
  /** Set by `claimCart`. */
  cartId: string | undefined;
  /** Set by `readCart`. */
  plan: CheckoutPlan | undefined;
  /**
   * True from the coupon reservation until a release succeeded. The sweeper only finds pending
   * attempts, so one whose coupons may still be held is left pending for it rather than abandoned.
   */
  couponsHeld: boolean;
  /** What `reserveStock` wrote: the priced pending order. */
  draft: CheckoutDraft | undefined;
  paidOrder: OrderRecord | undefined;
}

/** The plan a step after `readCart` works from; `cartId` is undefined for an express checkout. */
function planOf(state: CheckoutState): CheckoutPlan & { readonly cartId: string | undefined } {
  if (state.plan === undefined || (state.cartId === undefined && state.input.items === undefined)) {
    throw new Error(`checkout ${state.orderId} has no plan`);
  }
  return { ...state.plan, cartId: state.cartId };
}

/** True when the cart holds exactly these variants in these quantities, in any order. */
function sameLines(
  expected: readonly { variantId: string; quantity: number }[],
  lines: readonly { quantity: number; variant: { variantId: string } }[],
): boolean {
  const key = (items: readonly { variantId: string; quantity: number }[]) =>
    items
      .map((item) => `${item.variantId}x${item.quantity}`)
      .sort()
      .join(',');
  return (
    key(expected) ===
    key(lines.map((line) => ({ variantId: line.variant.variantId, quantity: line.quantity })))
  );
}

/**
 * The provider key of a checkout's capture, from the shopper and the client's Idempotency-Key: a
 * retry after a timeout is a new attempt with a new order, and asks the provider under the same
 * key, so the provider charges once however many attempts there are.
 */
export function capturePaymentKey(shopperId: string, idempotencyKey: string): string {
  const digest = createHash('sha256')
    .update(`${shopperId}\n${CHECKOUT_SCOPE}\n${idempotencyKey}`)
    .digest('base64url');
  return `capture:${digest.slice(0, 32)}`;
}

/** Thrown when another checkout holds the cart; turned into CHECKOUT_IN_PROGRESS outside the key's record. */
class CartBusy extends Error {
  constructor() {
    super('another checkout holds the cart');
  }
}

/**
 * Builds checkout: claim the cart -> read it -> write the priced order and reserve its stock ->
 * reserve coupons -> authorize payment -> redeem coupons -> capture payment -> commit.
 */
export function createCheckoutService(deps: CheckoutServiceDeps): CheckoutService {
  const { store, coupons, payments } = deps;
  const now = deps.now ?? Date.now;
  const checkoutTimeoutMs = deps.checkoutTimeoutMs ?? DEFAULT_CHECKOUT_TIMEOUT_MS;
  const problem = deps.onProblem ?? (() => undefined);

  const { notifyStock, settleRefund } = createFollowUps({ ...deps, now, problem });

  const payment = createPaymentSteps<CheckoutState>({
    store,
    payments,
    now,
    settleRefund,
    amountOf: (state) => {
      const plan = planOf(state);
      return { amount: plan.price.total, currency: cartCurrency(plan.cart) };
    },
  });

  /** The steps of one checkout; the commit transaction answers `key` with the paid order. */
  const checkoutSteps = (key: KeyInHand): Step<CheckoutState>[] => [
    {
      // One checkout per cart at a time: a second one (a double click with a fresh key) must not charge again.
      name: 'claimCart',
      async run(state) {
        // An express checkout buys its own items and never touches the cart.
        if (state.input.items !== undefined) return;
        const at = now();
        const claim = await store.claimCart(state.shopperId, state.orderId, at, at - checkoutTimeoutMs);
        if (claim.kind === 'no_cart') throw new AppError('CART_EMPTY');
        if (claim.kind === 'busy') throw new CartBusy();
        state.cartId = claim.cartId;
      },
      async compensate(state) {
        if (state.cartId !== undefined) await store.releaseCart(state.cartId, state.orderId);
      },
    },
    {
      // Read after the claim, so a checkout that waited for another never buys the lines it bought.
      name: 'readCart',
      async run(state) {
        const cart =
          state.input.items === undefined
            ? await store.findCart(state.shopperId)
            : await expressCart(store, state.shopperId, state.input.items, state.input.couponCodes ?? []);
        if (cart === undefined || cart.lines.length === 0) throw new AppError('CART_EMPTY');
        const quote = await quoteCart(coupons, state.shopperId, cart);
        const firstProblem = quote?.problems[0];
        if (firstProblem !== undefined) {
          throw new AppError(firstProblem.error, `Coupon ${firstProblem.code}: ${firstProblem.message}`, {
            code: firstProblem.code,
          });
        }
        const price = priceCart(linesToPrice(cart), quote, cartCurrency(cart));
        const expected = state.input.expectedTotal;
        const currency = cartCurrency(cart);
        const lines = state.input.expectedLines;
        if (lines !== undefined && !sameLines(lines, cart.lines)) {
          throw new AppError(
            'TOTAL_CHANGED',
            'The items are not the ones that were confirmed; review them and confirm again.',
            {
              expectedLines: lines,
              lines: cart.lines.map((line) => ({
                variantId: line.variant.variantId,
                quantity: line.quantity,
              })),
            },
          );
        }
        if (expected !== undefined && (expected.amount !== price.total || expected.currency !== currency)) {
          throw new AppError('TOTAL_CHANGED', undefined, {
            expectedTotal: expected,
            total: { amount: price.total, currency },
          });
        }
        const refusal =
          (quote?.coupons.length ?? 0) > 0
            ? deps.couponScreen?.({ shopperId: state.shopperId, paymentFingerprint: state.card.fingerprint })
            : undefined;
        if (refusal !== undefined) throw refusalError(refusal);
        state.plan = {
          cart,
          coupons: quote?.coupons ?? [],
          price,
          orderLineIds: new Map(cart.lines.map((line) => [line.lineId, newId('oln')])),
        };
      },
    },
    {
      name: 'reserveStock',
      async run(state) {
        const plan = planOf(state);
        const draft = draftOrder(
          state.orderId,
          state.shopperId,
          state.input,
          plan,
          { type: state.card.type, last4: state.card.last4 },
          now(),
          state.channel,
          state.agentId,
        );
        const outcome = await openWithinBudget(store, draft, state.agentBudget, now());
        if (!outcome.ok) {
          const short = plan.cart.lines.find((line) => line.variant.variantId === outcome.variantId);
          throw new AppError(
            'INSUFFICIENT_STOCK',
            `Not enough stock left for ${short?.variant.title ?? 'an item'}.`,
            {
              variantId: outcome.variantId,
            },
          );
        }
        state.draft = draft;
        await notifyStock(plan.cart.lines.map((line) => line.variant.variantId));
      },
      async compensate(state) {
        if (state.couponsHeld) {
          throw new Error(`checkout ${state.orderId} left pending: its coupons could not be released`);
        }
        const released = await store.abandonCheckout(state.orderId, state.failureReason, now());
        if (released === undefined) return;
        await settleRefund(released.refund);
        await notifyStock(released.variantIds);
      },
    },
    {
      name: 'reserveCoupons',
      async run(state) {
        const plan = planOf(state);
        if (plan.coupons.length === 0) return;
        state.couponsHeld = true;
        try {
          await coupons.reserve(state.orderId, state.shopperId, plan.coupons);
        } catch (error) {
          state.failureReason = 'coupon_unavailable';
          // All or nothing by contract, but a timeout may hide a reservation that did commit.
          await coupons.release(state.orderId).then(
            () => {
              state.couponsHeld = false;
            },
            (releaseError: unknown) =>
              problem('coupon release failed', { error: String(releaseError), orderId: state.orderId }),
          );
          throw error;
        }
      },
      async compensate(state) {
        await coupons.release(state.orderId);
        state.couponsHeld = false;
        // Recorded, so the sweeper's retry of failed coupon releases leaves this order alone; if
        // the record fails, the sweeper repeats the (idempotent) release once and records it then.
        await store
          .markCouponsReleased(state.orderId, now())
          .catch((error: unknown) =>
            problem('coupon release not recorded', { error: String(error), orderId: state.orderId }),
          );
      },
    },
    payment.authorize,
    {
      name: 'redeemCoupons',
      async run(state) {
        if (planOf(state).coupons.length > 0) await coupons.consume(state.orderId);
      },
    },
    payment.capture,
    {
      name: 'commit',
      async run(current) {
        const plan = planOf(current);
        const placedAt = now();
        if (current.draft === undefined || current.capture === undefined) {
          throw new Error(`checkout ${current.orderId} has no order`);
        }
        const paid = paidOrder(current.draft, current.capture, placedAt);
        const body = toOrderView(paid, deps.returnWindowDays);
        const committed = await store.commitCheckout(
          current.orderId,
          plan.cartId === undefined
            ? undefined
            : {
                cartId: plan.cartId,
                lineIds: plan.cart.lines.map((line) => line.lineId),
                couponCodes: plan.cart.couponCodes,
              },
          placedAt,
          key.answerWith(body),
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
    saveCard: (shopperId, payment) => savedCard(payments, shopperId, payment),

    async checkout(shopperId, checkoutInput, idempotencyKey, channel = 'web', agentId) {
      // The card is saved before anything else, so the key's record hashes its token, not its number.
      const card = await savedCard(payments, shopperId, checkoutInput.payment);
      const input: PayingInput = { ...checkoutInput, payment: paymentMethodOf(card) };
      return runIdempotent(
        deps.idempotency,
        { scope: `${shopperId}:${CHECKOUT_SCOPE}`, key: idempotencyKey, body: input },
        async (key) => {
          const state: CheckoutState = {
            orderId: newId('ord'),
            paymentKey: capturePaymentKey(shopperId, idempotencyKey ?? ''),
            shopperId,
            input,
            card,
            channel,
            agentId,
            agentBudget:
              agentId === undefined || deps.agentBudget === undefined
                ? undefined
                : await deps.agentBudget(agentId),
            cartId: undefined,
            plan: undefined,
            failureReason: 'checkout_failed',
            couponsHeld: false,
            held: false,
            draft: undefined,
            capture: undefined,
            paidOrder: undefined,
          };
          await runSteps(checkoutSteps(key), state, deps.onSteps);
          return toOrderView(state.paidOrder as OrderRecord, deps.returnWindowDays);
        },
      ).catch((error: unknown) => {
        // Raised inside the key's run so the key is forgotten, not answered: a retry of it runs again.
        if (error instanceof CartBusy) {
          throw new AppError('CHECKOUT_IN_PROGRESS', undefined, { retryAfterSeconds: 1 });
        }
        throw error;
      });
    },
  };
}
