/** Carts, orders, stock reservations, payments and returns. */
export interface CommerceTables {
  carts: {
    id: string;
    /** One cart per shopper, created the first time the shopper adds something. */
    shopper_id: string;
    /** JSON array of coupon codes applied to the cart, in the order they were applied. */
    coupon_codes: string;
    created_at: number;
    updated_at: number;
    /** The checkout (its order id) holding the cart, or null when no checkout is running. */
    checkout_id: string | null;
    /** When that checkout claimed the cart; a claim older than the checkout timeout may be taken over. */
    checkout_started_at: number | null;
  };
  cart_lines: {
    id: string;
    cart_id: string;
    variant_id: string;
    quantity: number;
    created_at: number;
  };
  orders: {
    id: string;
    shopper_id: string;
    /** pending, paid, fulfilled, delivered, cancelled, return_requested, returned, refunded. */
    status: string;
    /** Why a cancelled order was cancelled: shopper, payment_declined, payment_failed, checkout_expired, ... */
    cancel_reason: string | null;
    /** Where it was placed: web, assistant, mcp, acp or ucp. */
    channel: string;
    /** The agent platform it was placed through (`agent_platforms.id`), when the agent named itself. */
    agent_id: string | null;
    currency: string;
    subtotal: number;
    /** Item discount plus shipping discount. */
    discount: number;
    shipping: number;
    total: number;
    /** JSON array of `{code, campaignId, couponId, discount, shippingDiscount}`. */
    coupons: string;
    /** JSON object of the shipping address. */
    shipping_address: string;
    /** JSON object describing the payment method without secrets, e.g. `{"type":"test_card","last4":"4242"}`. */
    payment_method: string;
    created_at: number;
    updated_at: number;
    /** Set when checkout commits; orders without it are checkout attempts, never shown to shoppers. */
    placed_at: number | null;
    paid_at: number | null;
    fulfilled_at: number | null;
    delivered_at: number | null;
    cancelled_at: number | null;
    /** When a cancelled order's coupons were released; null while the sweeper still owes it. */
    coupons_released_at: number | null;
  };
  order_lines: {
    id: string;
    order_id: string;
    /** Position of the line in the order, for a stable listing. */
    position: number;
    variant_id: string;
    product_id: string;
    title: string;
    category: string;
    /** JSON object of variant options at the time of purchase. */
    options: string;
    unit_price: number;
    quantity: number;
    /** This line's share of the item discount, minor units. */
    discount: number;
    /** What the shopper paid for this line: unit_price * quantity - discount. */
    paid_amount: number;
  };
  stock_reservations: {
    id: string;
    order_id: string;
    variant_id: string;
    quantity: number;
    /** held (checkout running), sold (order paid), released (units are back in stock). */
    state: string;
    created_at: number;
    released_at: number | null;
  };
  payments: {
    id: string;
    order_id: string;
    /** capture or refund. */
    kind: string;
    /** Unique per effect (`capture:<orderId>`, `refund:cancel:<orderId>`, `refund:return:<returnId>`). */
    effect_key: string;
    /** The return a refund pays back, if it is a return refund. */
    return_id: string | null;
    provider: string;
    /** The provider's id for the charge or refund; null while pending. */
    provider_reference: string | null;
    /**
     * Refunds: pending or succeeded. Captures: pending (the provider is being asked), succeeded,
     * failed (declined or never charged) or superseded (another order of the same checkout holds it).
     */
    status: string;
    amount: number;
    currency: string;
    created_at: number;
    completed_at: number | null;
    /** The key a capture was sent to the provider under (from the client's Idempotency-Key); null for refunds. */
    provider_key: string | null;
  };
  /** Cards the built-in test provider saved (migration 017): never a number, only which test card. */
  test_payment_cards: {
    token: string;
    shopper_id: string;
    /** succeeds, declined, failsAfterDelay, succeedsSlowly, answerLost or unknown. */
    card: string;
    last4: string;
    /** Keyed digest of the number, the same for every shopper; null for cards saved before migration 022. */
    fingerprint: string | null;
    created_at: number;
  };
  /** The built-in test provider's own books (migration 016). */
  test_payment_ledger: {
    /** The effect key the provider was called with: one entry per key, first call wins. */
    key: string;
    /** capture or refund. */
    kind: string;
    /** captured, declined or refunded. */
    outcome: string;
    reference: string | null;
    /** For a refund: the capture it gives money back from. */
    capture_reference: string | null;
    amount: number;
    currency: string;
    created_at: number;
  };
  order_returns: {
    id: string;
    order_id: string;
    shopper_id: string;
    /** requested, received, refunded. */
    status: string;
    reason: string;
    refund_amount: number;
    currency: string;
    created_at: number;
    received_at: number | null;
    refunded_at: number | null;
  };
  order_return_lines: {
    return_id: string;
    /** Unique: a line can be part of one return only. */
    order_line_id: string;
    variant_id: string;
    quantity: number;
    refund_amount: number;
  };
}
