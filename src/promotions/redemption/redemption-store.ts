import type { Campaign, Reward } from '../campaign.js';

/** Stored status of a shopper's coupon. */
export type CouponStatus = 'available' | 'reserved' | 'redeemed' | 'expired' | 'revoked';

/** A claimed coupon as stored. */
export interface StoredCoupon {
  readonly id: string;
  readonly campaignId: string;
  readonly shopperId: string;
  readonly code: string;
  readonly status: CouponStatus;
  readonly claimedAt: number;
  readonly expiresAt: number | undefined;
  readonly orderId: string | undefined;
}

/** A campaign as redemption reads it (its `reservedCount` is the use counter redemption keeps). */
export type RedemptionCampaign = Campaign;

/** What a code names: one shopper's claimed coupon, or a shared public code campaign. */
export type CodeLookup =
  | { readonly kind: 'coupon'; readonly coupon: StoredCoupon; readonly campaign: RedemptionCampaign }
  | {
      readonly kind: 'shared';
      readonly campaign: RedemptionCampaign;
      /** Reserved or redeemed uses of the code by the asking shopper. */
      readonly usesByShopper: number;
    };

/** One coupon an order reserves, with the whole discount (items and shipping) it takes. */
export interface ReservationRequest {
  readonly code: string;
  readonly campaignId: string;
  /** Undefined for a shared public code. */
  readonly couponId: string | undefined;
  readonly amount: number;
}

/** A coupon in a shopper's wallet. */
export interface WalletEntry {
  readonly coupon: StoredCoupon;
  readonly campaignName: string;
  readonly reward: Reward;
}

/**
 * Where redemption keeps its state. Every change is a conditional update keyed by what it
 * changes, so concurrent and repeated calls can neither overrun a budget nor apply twice.
 */
export interface RedemptionStore {
  /** Looks codes up for a shopper; another shopper's coupon is not found. Keys are the codes given. */
  findCodes(codes: readonly string[], shopperId: string): Promise<Map<string, CodeLookup>>;
  /** Reserves the coupons for the order in one transaction, all or nothing; throws AppError. */
  reserve(
    orderId: string,
    shopperId: string,
    requests: readonly ReservationRequest[],
    now: number,
  ): Promise<void>;
  /** Turns the order's reserved coupons into redemptions; returns how many changed. */
  consume(orderId: string, now: number): Promise<number>;
  /** Gives back what the order reserved or redeemed; returns how many reservations it released. */
  release(orderId: string, now: number): Promise<number>;
  /** Marks up to `limit` available coupons past their expiry as expired; returns how many. */
  expireCoupons(now: number, limit: number): Promise<number>;
  /** The shopper's coupons, newest claim first. */
  listWallet(shopperId: string, limit: number): Promise<WalletEntry[]>;
}
