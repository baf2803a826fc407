import { AppError } from '../shared/app-error.js';
import type { CouponHook } from './coupon-hook.js';

/**
 * The coupon hook when promotions are disabled: every code is unknown, so no cart ever carries a
 * coupon and reserve, consume and release have nothing to do.
 */
export function createNoCouponsHook(): CouponHook {
  return {
    async quote(_context, codes) {
      return {
        coupons: [],
        discount: 0,
        shippingDiscount: 0,
        problems: codes.map((code) => ({
          code,
          error: 'COUPON_NOT_FOUND' as const,
          message: 'Promotions are not enabled on this store.',
        })),
      };
    },
    async reserve(_orderId, _shopperId, coupons) {
      // Only reachable with coupons that quote() never hands out; refuse rather than pretend.
      if (coupons.length > 0)
        throw new AppError('COUPON_NOT_FOUND', 'Promotions are not enabled on this store.');
    },
    async consume() {},
    async release() {},
  };
}
