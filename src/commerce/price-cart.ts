import { allocateDiscount } from './allocate-discount.js';
import type { CouponContext, CouponQuote } from './coupon-hook.js';
import { shippingFor } from './shipping.js';

/** A line to price: its id, unit price (minor units) and quantity. */
export interface LineToPrice {
  readonly lineId: string;
  readonly productId: string;
  readonly variantId: string;
  readonly category: string;
  readonly unitPrice: number;
  readonly quantity: number;
}

/** A cart's or order's amounts, all in minor units of one currency. */
export interface CartPrice {
  readonly subtotal: number;
  readonly itemDiscount: number;
  readonly shipping: number;
  readonly shippingDiscount: number;
  /** Item discount plus shipping discount. */
  readonly discount: number;
  readonly total: number;
  readonly lineDiscounts: ReadonlyMap<string, number>;
}

/** The context promotions prices coupons against: lines, subtotal and shipping before discounts. */
export function couponContext(
  shopperId: string,
  currency: string,
  lines: readonly LineToPrice[],
): CouponContext {
  const subtotal = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  return {
    shopperId,
    currency,
    lines: lines.map((line) => ({ ...line })),
    subtotal,
    shipping: shippingFor(subtotal, lines.length, currency),
  };
}

/**
 * Prices lines (all in `currency`) with a coupon quote: discounts are capped so that neither items nor shipping go
 * below zero, and the item discount is split across lines (for refunds of single lines).
 */
export function priceCart(
  lines: readonly LineToPrice[],
  quote: CouponQuote | undefined,
  currency = 'USD',
): CartPrice {
  const subtotal = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  const shipping = shippingFor(subtotal, lines.length, currency);
  const itemDiscount = Math.min(Math.max(0, quote?.discount ?? 0), subtotal);
  const shippingDiscount = Math.min(Math.max(0, quote?.shippingDiscount ?? 0), shipping);
  const discount = itemDiscount + shippingDiscount;
  const lineDiscounts = allocateDiscount(
    lines.map((line) => ({ lineId: line.lineId, amount: line.unitPrice * line.quantity })),
    itemDiscount,
    (quote?.coupons ?? []).flatMap((coupon) => coupon.lineDiscounts),
  );
  return {
    subtotal,
    itemDiscount,
    shipping,
    shippingDiscount,
    discount,
    total: subtotal + shipping - discount,
    lineDiscounts,
  };
}
