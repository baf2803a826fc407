import type { Generated } from 'kysely';

/** Campaigns, coupons, coupon reservations and the coupon ledger (see migrations/004-promotions.ts). */
export interface PromotionTables {
  campaigns: {
    id: string;
    name: string;
    description: string;
    /** The merchant's intent: draft, live, paused or ended. */
    status: string;
    starts_at: number | null;
    ends_at: number | null;
    budget_claims: number;
    /** Coupons clawed back; each raised `budget_claims` by one to give its claim back. */
    revoked_count: Generated<number>;
    claimed: number;
    currency: string | null;
    budget_discount: number | null;
    discount_reserved: number;
    discount_redeemed: number;
    redeemed_count: number;
    /** Uses reserved by unpaid orders (migration 006-redemption); defaults to 0 on insert. */
    reserved_count: Generated<number>;
    per_shopper_limit: number;
    /** JSON */
    eligibility: string;
    /** JSON */
    reward: string;
    /** JSON */
    scope: string;
    /** JSON */
    validity: string;
    stacking: string;
    code: string | null;
    version: number;
    created_at: number;
    updated_at: number;
  };
  coupons: {
    id: string;
    campaign_id: string;
    shopper_id: string;
    code: string;
    ordinal: number;
    status: string;
    idempotency_key: string;
    request_hash: string;
    claimed_at: number;
    expires_at: number | null;
    order_id: string | null;
    updated_at: number;
  };
  coupon_reservations: {
    id: string;
    order_id: string;
    campaign_id: string;
    coupon_id: string | null;
    shopper_id: string;
    code: string;
    discount: number;
    status: string;
    created_at: number;
    updated_at: number;
  };
  coupon_ledger: {
    id: string;
    at: number;
    campaign_id: string;
    coupon_id: string | null;
    shopper_id: string | null;
    order_id: string | null;
    event: string;
    amount: number | null;
  };
}
