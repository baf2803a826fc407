/** Flat shipping charge in minor units of the cart's currency. */
export const FLAT_SHIPPING = 599;
/** Carts whose item subtotal (before discounts) reaches this many minor units ship free. */
export const FREE_SHIPPING_FROM = 5000;

/**
 * The shipping rule: nothing to ship costs nothing; an item subtotal of at least 5000 minor units
 * (e.g. $50.00) ships free; anything else pays a flat 599 (e.g. $5.99). The subtotal is taken before
 * coupons so that shipping never depends on the discount it may itself receive.
 */
export function shippingFor(subtotal: number, itemCount: number): number {
  if (itemCount === 0) return 0;
  return subtotal >= FREE_SHIPPING_FROM ? 0 : FLAT_SHIPPING;
}
