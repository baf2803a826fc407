/**
 * The port through which promotions asks about a shopper's purchases, in domain words; commerce
 * implements it (orders are commerce's record) and the composition root wires it.
 */
export interface ShopperHistory {
  /** True when the shopper has an order that was paid (even if later returned or refunded). */
  hasPaidOrder(shopperId: string): Promise<boolean>;
}
