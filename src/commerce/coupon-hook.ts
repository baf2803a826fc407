import type { Refusal } from '../shared/app-error.js';
import type { ErrorCode } from '../shared/error-catalog.js';

/**
 * The fraud rules' look at a checkout that uses coupons (shoppers per card fingerprint); a
 * refusal is thrown before anything is reserved. Declared here, implemented by src/fraud.
 */
export type CouponScreen = (input: {
  readonly shopperId: string;
  readonly paymentFingerprint: string | undefined;
}) => Refusal | undefined;

/** A cart line as promotions sees it when pricing coupons; amounts in the cart's currency, minor units. */
export interface PricedLine {
  readonly lineId: string;
  readonly productId: string;
  readonly variantId: string;
  readonly category: string;
  readonly unitPrice: number;
  readonly quantity: number;
}

/** What a coupon is priced against: the shopper's cart before discounts. */
export interface CouponContext {
  readonly shopperId: string;
  readonly currency: string;
  readonly lines: readonly PricedLine[];
  readonly subtotal: number;
  readonly shipping: number;
}

/** One coupon as it applies to a cart. `couponId` is undefined for a shared public code. */
export interface AppliedCoupon {
  readonly code: string;
  readonly campaignId: string;
  readonly couponId: string | undefined;
  /** Discount on the items, minor units. */
  readonly discount: number;
  /** Discount on shipping, minor units. */
  readonly shippingDiscount: number;
  readonly lineDiscounts: readonly { readonly lineId: string; readonly amount: number }[];
}

/** The coupons that apply to a cart, and why the others do not. */
export interface CouponQuote {
  readonly coupons: readonly AppliedCoupon[];
  readonly discount: number;
  readonly shippingDiscount: number;
  readonly problems: readonly {
    readonly code: string;
    readonly error: ErrorCode;
    readonly message: string;
  }[];
}

/**
 * The port checkout uses for coupons; the promotions domain implements it. Every method is keyed
 * by the order id, so a retried or repeated call never reserves, consumes or releases twice.
 */
export interface CouponHook {
  /** Prices codes against a cart without changing anything; codes that do not apply come back as problems. */
  quote(context: CouponContext, codes: readonly string[]): Promise<CouponQuote>;
  /**
   * Reserves the quoted coupons and their discount against each campaign's money budget for the
   * order, all or nothing. Throws AppError (COUPON_ALREADY_USED, DISCOUNT_BUDGET_EXHAUSTED, ...).
   */
  reserve(orderId: string, shopperId: string, coupons: readonly AppliedCoupon[]): Promise<void>;
  /** Payment captured: the order's reservations become redemptions. */
  consume(orderId: string): Promise<void>;
  /** Cancel, payment failure or reservation timeout: releases what the order reserved. Idempotent. */
  release(orderId: string): Promise<void>;
}
