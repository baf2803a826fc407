import { describe, expect, it } from 'vitest';
import type { CouponQuote } from './coupon-hook.js';
import { priceCart } from './price-cart.js';
import { FLAT_SHIPPING, shippingRule } from './shipping.js';

const line = (lineId: string, unitPrice: number, quantity: number) => ({
  lineId,
  productId: `p_${lineId}`,
  variantId: `v_${lineId}`,
  category: 'shoes',
  unitPrice,
  quantity,
});

const quote = (discount: number, shippingDiscount = 0): CouponQuote => ({
  coupons: [],
  discount,
  shippingDiscount,
  problems: [],
});

describe('priceCart', () => {
  it('charges flat shipping below the threshold and none from it', () => {
    expect(priceCart([line('a', 1000, 2)], undefined)).toMatchObject({
      subtotal: 2000,
      shipping: FLAT_SHIPPING,
      total: 2000 + FLAT_SHIPPING,
    });
    expect(priceCart([line('a', 2500, 2)], undefined)).toMatchObject({ shipping: 0, total: 5000 });
    expect(priceCart([], undefined)).toMatchObject({ subtotal: 0, shipping: 0, total: 0 });
  });

  it('ships by the rule of the cart’s currency, in its own minor units', () => {
    // ¥600 below ¥5,000: not 599 yen copied from the dollar rule.
    expect(priceCart([line('a', 1200, 1)], undefined, 'JPY')).toMatchObject({ shipping: 600, total: 1800 });
    expect(priceCart([line('a', 2500, 2)], undefined, 'JPY')).toMatchObject({ shipping: 0, total: 5000 });
    expect(priceCart([line('a', 9900, 1)], undefined, 'CNY')).toMatchObject({ shipping: 1500 });
    // A currency without a rule of its own takes the dollar figures in its own digits (5.990 dinars).
    expect(shippingRule('KWD')).toEqual({ flat: 5990, freeFrom: 50000 });
  });

  it('caps discounts so the total never goes below zero', () => {
    const price = priceCart([line('a', 1000, 1)], quote(5000, 10_000));
    expect(price).toMatchObject({ itemDiscount: 1000, shippingDiscount: FLAT_SHIPPING, total: 0 });
    expect(price.lineDiscounts.get('a')).toBe(1000);
  });

  it('splits the item discount across lines', () => {
    const price = priceCart([line('a', 1000, 1), line('b', 3000, 1)], quote(400));
    expect(Object.fromEntries(price.lineDiscounts)).toEqual({ a: 100, b: 300 });
    expect(price.total).toBe(4000 - 400 + FLAT_SHIPPING);
  });
});
