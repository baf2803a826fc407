import type { KeyAnswer } from '../shared/idempotency.js';
import type { OrderChannel } from './commerce-schemas.js';
import type { OrderEvent, OrderStatus, ReturnStatus } from './order-status.js';

/** A variant as commerce needs it: price, currency, product facts and stock on hand. */
export interface VariantSnapshot {
  readonly variantId: string;
  readonly productId: string;
  readonly title: string;
  readonly category: string;
  readonly options: Record<string, string>;
  readonly unitPrice: number;
  readonly currency: string;
  readonly stock: number;
}

/** A cart line joined with its variant as it is now. */
export interface CartLineRecord {
  readonly lineId: string;
  readonly quantity: number;
  readonly variant: VariantSnapshot;
}

/** A shopper's cart. */
export interface CartRecord {
  readonly id: string;
  readonly shopperId: string;
  readonly couponCodes: readonly string[];
  readonly lines: readonly CartLineRecord[];
}

/** A coupon as it was applied to an order. */
export interface OrderCoupon {
  readonly code: string;
  readonly campaignId: string;
  readonly couponId: string | undefined;
  readonly discount: number;
  readonly shippingDiscount: number;
}

/** A line of an order, priced at the time of purchase. */
export interface OrderLineRecord {
  readonly id: string;
  readonly variantId: string;
  readonly productId: string;
  readonly title: string;
  readonly category: string;
  readonly options: Record<string, string>;
  readonly unitPrice: number;
  readonly quantity: number;
  readonly discount: number;
  readonly paidAmount: number;
}

/** A return of some lines of an order. */
export interface ReturnRecord {
  readonly id: string;
  readonly orderId: string;
  readonly status: ReturnStatus;
  readonly reason: string;
  readonly lineIds: readonly string[];
  readonly refundAmount: number;
  readonly currency: string;
  readonly createdAt: number;
  readonly receivedAt: number | undefined;
  readonly refundedAt: number | undefined;
}

/**
 * A refund or capture row. A capture is `pending` while the provider is asked to authorize,
 * `authorized` once the money is held, then `succeeded` (captured), `failed` (declined, voided or
 * never charged) or `superseded` (another attempt of the same checkout holds the money); refunds
 * are `pending` or `succeeded`.
 */
export interface PaymentRecord {
  readonly kind: 'capture' | 'refund';
  readonly effectKey: string;
  readonly status: 'pending' | 'authorized' | 'succeeded' | 'failed' | 'superseded';
  readonly amount: number;
  readonly currency: string;
  readonly createdAt: number;
}

/** An order with its lines and returns. */
export interface OrderRecord {
  readonly id: string;
  readonly shopperId: string;
  readonly status: OrderStatus;
  readonly channel: OrderChannel;
  /** The agent platform it was placed through, when the agent named itself. */
  readonly agentId: string | undefined;
  readonly cancelReason: string | undefined;
  readonly currency: string;
  readonly subtotal: number;
  readonly discount: number;
  readonly shipping: number;
  readonly total: number;
  readonly coupons: readonly OrderCoupon[];
  readonly shippingAddress: Record<string, string>;
  readonly paymentMethod: Record<string, string>;
  readonly createdAt: number;
  readonly placedAt: number | undefined;
  readonly paidAt: number | undefined;
  readonly fulfilledAt: number | undefined;
  readonly deliveredAt: number | undefined;
  readonly cancelledAt: number | undefined;
  readonly lines: readonly OrderLineRecord[];
  readonly returns: readonly ReturnRecord[];
  readonly payments: readonly PaymentRecord[];
}

/**
 * Everything checkout writes when it opens: the pending order priced, its lines and what to
 * reserve. The price is known before anything is reserved (the quote checked the coupons), so it is
 * written in the same transaction as the reservation rather than by a step of its own.
 */
export interface CheckoutDraft {
  readonly orderId: string;
  readonly shopperId: string;
  readonly channel: OrderChannel;
  readonly agentId: string | undefined;
  /**
   * The agent's budget this order must fit: the agent's orders created since `since` (not
   * cancelled), this one included, may total at most `amount` (in the order's currency).
   */
  readonly agentBudget?: { readonly amount: number; readonly since: number } | undefined;
  readonly currency: string;
  readonly shippingAddress: Record<string, string>;
  readonly paymentMethod: Record<string, string>;
  readonly lines: readonly (Omit<OrderLineRecord, 'discount' | 'paidAmount'> & {
    readonly position: number;
  })[];
  /** `lineDiscounts` is keyed by order line id; a line without an entry has no discount. */
  readonly pricing: OrderPricing;
  readonly now: number;
}

/** Claiming a cart for a checkout: claimed, held by another running checkout, or no cart at all. */
export type CartClaim =
  | { readonly kind: 'claimed'; readonly cartId: string }
  | { readonly kind: 'busy' }
  | { readonly kind: 'no_cart' };

/** Reserving stock either succeeded for every line or names the first line that is short. */
export type ReserveOutcome =
  | { readonly ok: true; readonly reservationIds: readonly string[] }
  | { readonly ok: false; readonly variantId: string }
  /** The agent's budget has `left` minor units left today, less than the order. */
  | { readonly ok: false; readonly agentBudgetLeft: number };

/** The final amounts of an order, written when its checkout opens. */
export interface OrderPricing {
  readonly subtotal: number;
  readonly discount: number;
  readonly shipping: number;
  readonly total: number;
  readonly coupons: readonly OrderCoupon[];
  readonly lineDiscounts: ReadonlyMap<string, number>;
}

/** A refund row the caller must now ask the provider for, then complete. */
export interface RefundDue {
  readonly effectKey: string;
  readonly captureReference: string;
  readonly amount: number;
  readonly currency: string;
}

/** A capture about to be asked for: the row written before the provider is called. */
export interface CaptureDraft {
  readonly provider: string;
  /** The key the provider is called with, the same for every attempt of one checkout. */
  readonly providerKey: string;
  readonly amount: number;
  readonly currency: string;
}

/**
 * Recording a charge on an order: recorded (the order holds it now), or taken (another order of the
 * same provider key holds it, or the row was settled otherwise meanwhile: this order must not).
 */
export type CaptureRecorded =
  | { readonly kind: 'recorded'; readonly payment: PaymentRecord }
  | { readonly kind: 'taken' };

/**
 * A payment whose checkout never settled it: a crash, a timeout or a lost answer left it pending
 * (the authorization unanswered) or authorized (held, never captured).
 */
export interface PendingCapture {
  readonly orderId: string;
  readonly orderStatus: OrderStatus;
  readonly providerKey: string;
  readonly amount: number;
  readonly currency: string;
}

/** Stock released by a state change, and any refund it made due. */
export interface ReleaseResult {
  readonly variantIds: readonly string[];
  readonly refund: RefundDue | undefined;
}

/** A return to create; the store refuses lines already returned and orders outside the window. */
export interface ReturnDraft {
  readonly returnId: string;
  readonly orderId: string;
  readonly shopperId: string;
  readonly reason: string;
  readonly currency: string;
  readonly deliveredSince: number;
  readonly lines: readonly {
    readonly orderLineId: string;
    readonly variantId: string;
    readonly quantity: number;
    readonly refundAmount: number;
  }[];
  readonly now: number;
}

/** Which orders a listing wants; `shopperId` limits it to one shopper's placed orders. */
export interface OrderFilter {
  readonly shopperId?: string;
  readonly status?: OrderStatus;
  readonly channel?: OrderChannel;
  readonly agentId?: string;
  /** Orders placed strictly before this order in listing order (newest first). */
  readonly after?: { readonly placedAt: number; readonly id: string };
  readonly limit: number;
}

/**
 * Carts: what a shopper means to buy. A line's quantity is a wish; stock is only taken at checkout.
 */
export interface CartStore {
  findVariant(variantId: string): Promise<VariantSnapshot | undefined>;

  findCart(shopperId: string): Promise<CartRecord | undefined>;
  /** The shopper's cart id, creating the cart if it does not exist (safe under concurrent calls). */
  ensureCart(shopperId: string, now: number): Promise<string>;
  /** Adds units of a variant, merging into an existing line; answers the line id. */
  addToCart(cartId: string, variantId: string, quantity: number, now: number): Promise<string>;
  /** False when the cart has no such line. */
  setLineQuantity(cartId: string, lineId: string, quantity: number, now: number): Promise<boolean>;
  /** False when the cart has no such line. */
  removeLine(cartId: string, lineId: string, now: number): Promise<boolean>;
  /**
   * Replaces the cart's coupon codes if they are still `expected`; false when another request
   * changed them first (the caller re-reads and tries again).
   */
  setCouponCodes(
    cartId: string,
    expected: readonly string[],
    codes: readonly string[],
    now: number,
  ): Promise<boolean>;
}

/**
 * Checkouts: the claim on the cart, the pending order with its stock reservations, the capture
 * row written before the provider is asked, and the commit or abandonment that ends them. Every
 * stock change is a conditional update or a delta keyed by the reservation that caused it.
 */
export interface CheckoutStore {
  /**
   * Claims the shopper's cart for checkout `checkoutId` with one conditional update: it succeeds only
   * while no checkout holds the cart or its holder started before `staleBefore` (a crashed checkout).
   */
  claimCart(shopperId: string, checkoutId: string, now: number, staleBefore: number): Promise<CartClaim>;
  /** Frees the cart if `checkoutId` still holds it; a second call changes nothing. */
  releaseCart(cartId: string, checkoutId: string): Promise<void>;
  /** In one transaction: the priced pending order and its lines, and a conditional decrement per line. */
  openCheckout(draft: CheckoutDraft): Promise<ReserveOutcome>;
  /**
   * Writes the order's capture row `pending` (effect key `capture:<orderId>`) before the provider is
   * asked, so a crash while it answers leaves a row the reconciler settles. A second call changes nothing.
   */
  openCapture(orderId: string, capture: CaptureDraft, now: number): Promise<void>;
  /**
   * pending -> authorized with the provider's reference: the money is held. False when the row is
   * no longer pending (settled otherwise meanwhile); a second call changes nothing.
   */
  recordAuthorization(orderId: string, reference: string, now: number): Promise<boolean>;
  /**
   * pending or authorized -> succeeded with the provider's reference, unless another order already
   * holds the charge of the same provider key (then this row is superseded: `taken`). Recording
   * again the same reference answers `recorded`.
   */
  recordCapture(orderId: string, reference: string, now: number): Promise<CaptureRecorded>;
  /**
   * pending or authorized -> failed: the provider declined, says it never charged, or the hold was
   * voided. A second call changes nothing.
   */
  failCapture(orderId: string, now: number): Promise<void>;
  /**
   * Capture rows still pending or authorized of checkouts begun before `createdBefore` (the cutoff the sweeper's
   * expiry uses too, so one pass settles the captures of the checkouts it expires), whatever their
   * order's status now.
   */
  findPendingCaptures(createdBefore: number, limit: number): Promise<PendingCapture[]>;
  /** A pending refund of the whole capture under `effectKey`; undefined when nothing was captured. */
  openRefund(orderId: string, effectKey: string, now: number): Promise<RefundDue | undefined>;
  /**
   * In one transaction: the cart's claim by this checkout cleared, pending -> paid, reservations
   * held -> sold, the bought cart lines and codes removed, and the checkout's idempotency key
   * answered with `answer`. False when the order is no longer pending or another checkout took the
   * cart over; throws KeyLeaseLost (nothing written) when a retry took the key over.
   * `cart` is undefined for an express checkout, which holds no cart.
   */
  commitCheckout(
    orderId: string,
    cart: { cartId: string; lineIds: readonly string[]; couponCodes: readonly string[] } | undefined,
    now: number,
    answer: KeyAnswer,
  ): Promise<boolean>;
  /**
   * A checkout that will not complete: pending -> cancelled with `reason`, held stock released, and a
   * refund row if money was captured. Undefined when the order was no longer pending (nothing done).
   */
  abandonCheckout(orderId: string, reason: string, now: number): Promise<ReleaseResult | undefined>;
  /** Pending orders created before `createdBefore`: checkouts a crash or a hang left behind. */
  findStaleCheckouts(createdBefore: number, limit: number): Promise<string[]>;
}

/**
 * Placed orders: reads, the merchant's moves, cancellation, returns and refunds. Stock comes back
 * by the reservation or return that took it, once; refunds of an order never exceed its capture.
 */
export interface OrderStore {
  findOrder(orderId: string): Promise<OrderRecord | undefined>;
  /** True when the shopper has an order in one of the paid statuses (`PAID_STATUSES`). */
  hasPaidOrder(shopperId: string): Promise<boolean>;
  listOrders(filter: OrderFilter): Promise<OrderRecord[]>;
  /** Cancels a placed order still allowed to cancel; undefined when it was not (nothing done). */
  cancelOrder(orderId: string, reason: string, now: number): Promise<ReleaseResult | undefined>;
  /** Moves a placed order along the machine; false when the event is not allowed from its status. */
  advanceOrder(
    orderId: string,
    event: Extract<OrderEvent, 'fulfil' | 'deliver'>,
    now: number,
  ): Promise<boolean>;
  /** Throws ORDER_NOT_RETURNABLE when the order is outside the window or a line was already returned. */
  createReturn(draft: ReturnDraft): Promise<void>;
  /** requested -> received: stock back by the return's lines, refund row due. Undefined if not requested. */
  receiveReturn(orderId: string, returnId: string, now: number): Promise<ReleaseResult | undefined>;
  /** Marks a pending refund done (and its return refunded); a second call changes nothing. */
  completeRefund(effectKey: string, providerReference: string, now: number): Promise<void>;
  /** Refund rows still pending since before `createdBefore` (the provider call failed or the process died). */
  findPendingRefunds(createdBefore: number, limit: number): Promise<RefundDue[]>;
  /** Records that a cancelled order's coupons were released; a second call changes nothing. */
  markCouponsReleased(orderId: string, now: number): Promise<void>;
  /**
   * Cancelled orders, cancelled before `cancelledBefore`, that carry coupons whose release is not
   * recorded yet (the release failed, or the process died between cancel and release).
   */
  findUnreleasedCoupons(cancelledBefore: number, limit: number): Promise<string[]>;
}

/** Commerce's whole record: the three ports, as one adapter provides them over one database. */
export type CommerceStore = CartStore & CheckoutStore & OrderStore;
