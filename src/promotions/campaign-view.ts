import { z } from 'zod';
import { type Money, MoneySchema } from '../shared/money.js';
import {
  type Campaign,
  CampaignStatusSchema,
  EligibilitySchema,
  effectiveStatus,
  RewardSchema,
  ScopeSchema,
  StackingSchema,
} from './campaign.js';
import type { IssuedCoupon } from './claim-batch.js';

/** ISO 4217's "no currency", for counters of a campaign that never named one. */
const NO_CURRENCY = 'XXX';

/** A campaign as the admin API shows it. */
export const CampaignViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  status: CampaignStatusSchema,
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  budget: z.object({ claims: z.number(), discount: MoneySchema.optional() }),
  perShopperLimit: z.number(),
  reward: RewardSchema,
  scope: ScopeSchema,
  eligibility: EligibilitySchema,
  validity: z.object({ expiresAt: z.string().optional(), hoursAfterClaim: z.number().optional() }),
  stacking: StackingSchema,
  code: z.string().nullable(),
  claimed: z.number(),
  remaining: z.number(),
  redeemed: z.number(),
  /** Coupons clawed back from abusers; each gave its claim back, so `budget.claims` grew by as many. */
  revoked: z.number(),
  version: z.number(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
/** A campaign in the admin API. */
export type CampaignView = z.infer<typeof CampaignViewSchema>;

/** Live counters of a campaign (`GET /api/v1/admin/campaigns/{id}/stats`). */
export const CampaignStatsSchema = z.object({
  campaignId: z.string(),
  status: CampaignStatusSchema,
  claimed: z.number(),
  remaining: z.number(),
  redeemed: z.number(),
  discountRedeemed: MoneySchema.extend({ currency: z.string() }),
  discountReserved: MoneySchema.extend({ currency: z.string() }),
  discountRemaining: MoneySchema.extend({ currency: z.string() }).nullable(),
  /** Answers this node gave since it started, by outcome (`ISSUED`, `REPLAYED` or an error code). */
  outcomes: z.record(z.string(), z.number()),
  at: z.string(),
});
/** A campaign's counters. */
export type CampaignStats = z.infer<typeof CampaignStatsSchema>;

/** A claimed coupon as the shopper sees it. */
export const CouponViewSchema = z.object({
  code: z.string(),
  campaignId: z.string(),
  reward: RewardSchema,
  expiresAt: z.string().nullable(),
});
/** A coupon in a claim answer. */
export type CouponView = z.infer<typeof CouponViewSchema>;

/** A campaign as a shopper sees it in `GET /api/v1/campaigns`. */
export const CampaignOfferSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  status: CampaignStatusSchema,
  reward: RewardSchema,
  scope: ScopeSchema,
  startsAt: z.string().nullable(),
  endsAt: z.string().nullable(),
  perShopperLimit: z.number(),
  /** A shared public code to apply at the cart, for code campaigns. */
  code: z.string().nullable(),
  /** True when this shopper already claimed it. */
  claimed: z.boolean(),
  remaining: z.number(),
  /** Only for shoppers who verified an e-mail address (docs/fraud.md). */
  verifiedShoppersOnly: z.boolean(),
});
/** A campaign offered to a shopper. */
export type CampaignOffer = z.infer<typeof CampaignOfferSchema>;

/** Coupons (or uses of a shared code, counting those unpaid orders hold) still available. */
export function remainingOf(campaign: Campaign): number {
  const used =
    campaign.code === undefined ? campaign.claimed : campaign.redeemedCount + campaign.reservedCount;
  return Math.max(0, campaign.budgetClaims - used);
}

/** The admin view of a campaign. */
export function toCampaignView(campaign: Campaign, now: number): CampaignView {
  return {
    id: campaign.id,
    name: campaign.name,
    description: campaign.description,
    status: effectiveStatus(campaign, now),
    startsAt: isoOrNull(campaign.startsAt),
    endsAt: isoOrNull(campaign.endsAt),
    budget: {
      claims: campaign.budgetClaims,
      ...(campaign.budgetDiscount === undefined
        ? {}
        : { discount: moneyOf(campaign, campaign.budgetDiscount) }),
    },
    perShopperLimit: campaign.perShopperLimit,
    reward: campaign.reward,
    scope: campaign.scope,
    eligibility: campaign.eligibility,
    validity: campaign.validity,
    stacking: campaign.stacking,
    code: campaign.code ?? null,
    claimed: campaign.claimed,
    remaining: remainingOf(campaign),
    redeemed: campaign.redeemedCount,
    revoked: campaign.revoked ?? 0,
    version: campaign.version,
    createdAt: new Date(campaign.createdAt).toISOString(),
    updatedAt: new Date(campaign.updatedAt).toISOString(),
  };
}

/** The stats view of a campaign. */
export function toCampaignStats(
  campaign: Campaign,
  outcomes: Record<string, number>,
  now: number,
): CampaignStats {
  return {
    campaignId: campaign.id,
    status: effectiveStatus(campaign, now),
    claimed: campaign.claimed,
    remaining: remainingOf(campaign),
    redeemed: campaign.redeemedCount,
    discountRedeemed: moneyOf(campaign, campaign.discountRedeemed),
    discountReserved: moneyOf(campaign, campaign.discountReserved),
    discountRemaining:
      campaign.budgetDiscount === undefined
        ? null
        : moneyOf(
            campaign,
            Math.max(0, campaign.budgetDiscount - campaign.discountReserved - campaign.discountRedeemed),
          ),
    outcomes,
    at: new Date(now).toISOString(),
  };
}

/** The shopper's view of a claimed coupon. */
export function toCouponView(coupon: IssuedCoupon, campaign: Pick<Campaign, 'reward'>): CouponView {
  return {
    code: coupon.code,
    campaignId: coupon.campaignId,
    reward: campaign.reward,
    expiresAt: isoOrNull(coupon.expiresAt),
  };
}

/** The shopper's view of a campaign on offer. */
export function toCampaignOffer(campaign: Campaign, claimed: boolean, now: number): CampaignOffer {
  return {
    id: campaign.id,
    name: campaign.name,
    description: campaign.description,
    status: effectiveStatus(campaign, now),
    reward: campaign.reward,
    scope: campaign.scope,
    startsAt: isoOrNull(campaign.startsAt),
    endsAt: isoOrNull(campaign.endsAt),
    perShopperLimit: campaign.perShopperLimit,
    code: campaign.code ?? null,
    claimed,
    remaining: remainingOf(campaign),
    verifiedShoppersOnly: campaign.eligibility.verifiedShoppers === true,
  };
}

function moneyOf(campaign: Campaign, amount: number): Money {
  return { amount, currency: campaign.currency ?? NO_CURRENCY };
}

function isoOrNull(at: number | undefined): string | null {
  return at === undefined ? null : new Date(at).toISOString();
}
