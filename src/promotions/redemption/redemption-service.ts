import type { AppliedCoupon, CouponContext, CouponHook, CouponQuote } from '../../commerce/coupon-hook.js';
import type { Reward } from '../campaign.js';
import { computeDiscounts, type DiscountCoupon } from './compute-discount.js';
import { checkUsable, visibleStatus } from './coupon-usability.js';
import type { CodeLookup, CouponStatus, RedemptionStore } from './redemption-store.js';

/** A coupon as the shopper's wallet shows it. */
export interface WalletCoupon {
  readonly code: string;
  readonly campaignId: string;
  readonly campaignName: string;
  readonly reward: Reward;
  readonly status: CouponStatus;
  readonly claimedAt: number;
  readonly expiresAt: number | undefined;
  /** The order holding or having used the coupon. */
  readonly orderId: string | undefined;
}

/** The redemption side of promotions: the coupon hook checkout calls, the wallet and the expiry sweep. */
export interface RedemptionService extends CouponHook {
  /** The shopper's coupons, newest first; available coupons past expiry show as expired. */
  wallet(shopperId: string): Promise<WalletCoupon[]>;
  /** Marks available coupons past their expiry as expired (ledger `expired`); returns how many. */
  expireCoupons(): Promise<number>;
}

/** Dependencies of the redemption service. */
export interface RedemptionServiceOptions {
  readonly store: RedemptionStore;
  readonly now?: () => number;
  /** Codes priced per quote at most; more are answered COUPON_NOT_APPLICABLE. */
  readonly maxCodes?: number;
  /** Coupons the expiry sweep marks per call. */
  readonly sweepBatch?: number;
}

const WALLET_LIMIT = 500;

/** Builds the redemption service over a store. */
export function createRedemptionService(options: RedemptionServiceOptions): RedemptionService {
  const { store } = options;
  const now = options.now ?? Date.now;
  const maxCodes = options.maxCodes ?? 10;
  const sweepBatch = options.sweepBatch ?? 1000;

  return {
    async quote(context: CouponContext, codes: readonly string[]): Promise<CouponQuote> {
      const at = now();
      const given = [...new Set(codes.map((code) => code.trim()).filter((code) => code !== ''))];
      const priced = given.slice(0, maxCodes);
      const problems: { code: string; error: CouponQuote['problems'][number]['error']; message: string }[] =
        given.slice(maxCodes).map((code) => ({
          code,
          error: 'COUPON_NOT_APPLICABLE' as const,
          message: `At most ${maxCodes} coupons apply to one cart.`,
        }));
      const found = await lookUp(store, priced, context.shopperId);
      const offered: DiscountCoupon[] = [];
      for (const code of priced) {
        const usable = checkUsable(found.get(code), code, at);
        if (usable.ok) offered.push(usable.coupon);
        else problems.push({ code, error: usable.error, message: usable.message });
      }
      const result = computeDiscounts(context, offered);
      for (const rejected of result.rejected) {
        problems.push({ code: rejected.code, error: rejected.error, message: rejected.message });
      }
      const order = new Map(given.map((code, index) => [code, index]));
      problems.sort((a, b) => (order.get(a.code) ?? 0) - (order.get(b.code) ?? 0));
      return {
        coupons: result.applied.map(
          (applied): AppliedCoupon => ({
            code: applied.code,
            campaignId: applied.campaignId,
            couponId: applied.couponId,
            discount: applied.discount,
            shippingDiscount: applied.shippingDiscount,
            lineDiscounts: applied.lineDiscounts,
          }),
        ),
        discount: result.discount,
        shippingDiscount: result.shippingDiscount,
        problems,
      };
    },

    async reserve(orderId, shopperId, coupons) {
      if (coupons.length === 0) return;
      await store.reserve(
        orderId,
        shopperId,
        coupons.map((coupon) => ({
          code: coupon.code,
          campaignId: coupon.campaignId,
          couponId: coupon.couponId,
          amount: coupon.discount + coupon.shippingDiscount,
        })),
        now(),
      );
    },

    async consume(orderId) {
      await store.consume(orderId, now());
    },

    async release(orderId) {
      await store.release(orderId, now());
    },

    async wallet(shopperId) {
      const at = now();
      const entries = await store.listWallet(shopperId, WALLET_LIMIT);
      return entries.map((entry) => ({
        code: entry.coupon.code,
        campaignId: entry.coupon.campaignId,
        campaignName: entry.campaignName,
        reward: entry.reward,
        status: visibleStatus(entry.coupon, at),
        claimedAt: entry.coupon.claimedAt,
        expiresAt: entry.coupon.expiresAt,
        orderId: entry.coupon.orderId,
      }));
    },

    async expireCoupons() {
      return store.expireCoupons(now(), sweepBatch);
    },
  };
}

/** Claimed codes are upper case; a shopper may type them in lower case. Exact matches win. */
async function lookUp(
  store: RedemptionStore,
  codes: readonly string[],
  shopperId: string,
): Promise<Map<string, CodeLookup>> {
  const variants = [...new Set(codes.flatMap((code) => [code, code.toUpperCase()]))];
  const found = await store.findCodes(variants, shopperId);
  const byGiven = new Map<string, CodeLookup>();
  for (const code of codes) {
    const lookup = found.get(code) ?? found.get(code.toUpperCase());
    if (lookup !== undefined) byGiven.set(code, lookup);
  }
  return byGiven;
}
