import { cartCurrency, linesToPrice, quoteCart } from './cart-service.js';
import type { CartLineRecord, CartRecord, CartStore, VariantSnapshot } from './commerce-store.js';
import type { CouponHook, CouponQuote } from './coupon-hook.js';
import { type CartPrice, priceCart } from './price-cart.js';

/** One line of a quote: the variant as it is now and what the shopper asked for. */
export interface QuotedLine {
  readonly lineId: string;
  readonly variant: VariantSnapshot;
  readonly quantity: number;
  /** The item discount allocated to this line, minor units. */
  readonly discount: number;
}

/** Items priced as checkout would price them, with what stands in the way of buying them. */
export interface ItemQuote {
  readonly currency: string;
  readonly lines: readonly QuotedLine[];
  readonly price: CartPrice;
  readonly coupons: CouponQuote['coupons'];
  readonly problems: CouponQuote['problems'];
  /** Lines asking for more units than are in stock now. */
  readonly shortLines: readonly string[];
  /** True when the items are in more than one currency (they cannot be bought together). */
  readonly mixedCurrencies: boolean;
}

/**
 * Prices a list of items and coupon codes without a cart and without writing anything, for
 * protocols whose sessions carry their own items (ACP checkout sessions). The numbers are those an
 * express checkout of the same items and codes would charge; stock and coupons are checked again,
 * under their locks, when it runs.
 */
export async function quoteItems(
  deps: { readonly store: Pick<CartStore, 'findVariant'>; readonly coupons: CouponHook },
  shopperId: string,
  items: readonly { readonly variantId: string; readonly quantity: number }[],
  codes: readonly string[],
): Promise<ItemQuote> {
  const lines: CartLineRecord[] = [];
  for (const item of items) {
    // A variant deleted since the session was opened drops out of it.
    const variant = await deps.store.findVariant(item.variantId);
    if (variant !== undefined)
      lines.push({ lineId: `li_${variant.variantId}`, variant, quantity: item.quantity });
  }
  // The items as a cart that is never stored, priced by the cart's own functions.
  const cart: CartRecord = { id: `quote:${shopperId}`, shopperId, couponCodes: codes, lines };
  const currency = cartCurrency(cart);
  const mixedCurrencies = lines.some((line) => line.variant.currency !== currency);
  const quote = mixedCurrencies ? undefined : await quoteCart(deps.coupons, shopperId, cart);
  const price = priceCart(linesToPrice(cart), quote, currency);
  return {
    currency,
    lines: lines.map((line) => ({ ...line, discount: price.lineDiscounts.get(line.lineId) ?? 0 })),
    price,
    coupons: quote?.coupons ?? [],
    problems: quote?.problems ?? [],
    shortLines: lines.filter((line) => line.quantity > line.variant.stock).map((line) => line.lineId),
    mixedCurrencies,
  };
}
