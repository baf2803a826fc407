import type { RiskReason } from './risk-settings.js';

/** A claim or checkout a rule challenged or denied, waiting for the merchant's look. */
export interface FraudReview {
  readonly id: string;
  readonly shopperId: string;
  readonly campaignId: string | undefined;
  readonly subject: 'claim' | 'checkout';
  readonly outcome: 'challenge' | 'deny';
  readonly reasons: readonly RiskReason[];
  readonly ip: string | undefined;
  readonly deviceId: string | undefined;
  readonly status: 'open' | 'cleared' | 'revoked';
  readonly createdAt: number;
  readonly resolvedAt: number | undefined;
}

/** What a clawback took back. */
export interface Clawback {
  readonly shopperId: string;
  /** Coupons revoked: available ones only (a coupon an order holds or used is left to the order). */
  readonly revoked: readonly { readonly couponId: string; readonly campaignId: string }[];
  /** Coupons left because an order reserved or redeemed them. */
  readonly kept: number;
}

/** Persists reviews, and revokes a shopper's coupons. */
export interface ReviewStore {
  record(review: Omit<FraudReview, 'id' | 'status' | 'resolvedAt'>): Promise<void>;
  list(query: { status?: FraudReview['status']; limit: number; before?: number }): Promise<FraudReview[]>;
  find(id: string): Promise<FraudReview | undefined>;
  /** Marks every open review of the shopper (or one review) resolved with `status`. */
  resolve(
    query: { id?: string; shopperId?: string },
    status: 'cleared' | 'revoked',
    at: number,
  ): Promise<number>;
  /**
   * In one transaction: every available coupon of the shopper becomes `revoked` (ledger event
   * `revoked`), and each campaign gets the claim back (`budget_claims` + 1, `revoked_count` + 1,
   * `version` + 1), so the coupon is unusable and someone else can have it.
   */
  revokeCoupons(shopperId: string, at: number): Promise<Clawback>;
  shopperExists(shopperId: string): Promise<boolean>;
}
