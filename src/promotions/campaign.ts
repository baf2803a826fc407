import { z } from 'zod';
import { MoneySchema } from '../shared/money.js';

/** What a coupon gives: percent off (optionally capped), a fixed amount off, or free shipping. */
export const RewardSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('percent'),
      percent: z.number().int().min(1).max(100),
      cap: MoneySchema.optional(),
    })
    .strict(),
  z.object({ type: z.literal('amount'), amount: MoneySchema }).strict(),
  z.object({ type: z.literal('free_shipping') }).strict(),
]);
/** A coupon's reward. */
export type Reward = z.infer<typeof RewardSchema>;

const IdList = z.array(z.string().min(1).max(200)).min(1).max(500);

/** Which cart lines the reward applies to. */
export const ScopeSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('all') }).strict(),
  z.object({ type: z.literal('categories'), categories: IdList }).strict(),
  z.object({ type: z.literal('products'), productIds: IdList }).strict(),
]);
/** A coupon's scope. */
export type Scope = z.infer<typeof ScopeSchema>;

/** Who may claim, and which carts a coupon may be applied to. All conditions must hold. */
export const EligibilitySchema = z
  .object({
    /** Only shoppers who have no paid order yet. */
    newShoppersOnly: z.boolean().optional(),
    /** Only shoppers who verified an e-mail address (one shopper per mailbox). */
    verifiedShoppers: z.boolean().optional(),
    /** The cart subtotal (before discounts) must reach this. */
    minSubtotal: MoneySchema.optional(),
    /** The cart must hold a product of one of these categories. */
    requiresCategories: IdList.optional(),
    /** The cart must hold one of these products. */
    requiresProductIds: IdList.optional(),
    /** The shopper must carry this segment tag. */
    segment: z.string().min(1).max(100).optional(),
  })
  .strict();
/** A campaign's eligibility rules. */
export type Eligibility = z.infer<typeof EligibilitySchema>;

/** How long a claimed coupon stays valid: until a date, or N hours after the claim. */
export const ValiditySchema = z
  .object({
    expiresAt: z.iso.datetime().optional(),
    hoursAfterClaim: z
      .number()
      .int()
      .min(1)
      .max(24 * 366)
      .optional(),
  })
  .strict()
  .refine((validity) => !(validity.expiresAt !== undefined && validity.hoursAfterClaim !== undefined), {
    message: 'give either expiresAt or hoursAfterClaim, not both',
  });
/** A campaign's coupon validity. */
export type Validity = z.infer<typeof ValiditySchema>;

/** Whether a coupon may be combined with other coupons on one cart. */
export const StackingSchema = z.enum(['exclusive', 'combinable']);
/** A campaign's stacking rule. */
export type Stacking = z.infer<typeof StackingSchema>;

/** Every status a campaign can show; `scheduled` and `exhausted` are derived, the rest are stored. */
export const CampaignStatusSchema = z.enum(['draft', 'scheduled', 'live', 'paused', 'ended', 'exhausted']);
/** A campaign's effective status. */
export type CampaignStatus = z.infer<typeof CampaignStatusSchema>;

/** A campaign as the domain sees it. Money values share the campaign's currency. */
export interface Campaign {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  /** The merchant's intent as stored: draft, live, paused or ended. */
  readonly storedStatus: 'draft' | 'live' | 'paused' | 'ended';
  readonly startsAt: number | undefined;
  readonly endsAt: number | undefined;
  readonly budgetClaims: number;
  readonly claimed: number;
  /** Coupons clawed back; each gave its claim back by raising `budgetClaims` by one. */
  readonly revoked?: number;
  readonly currency: string | undefined;
  readonly budgetDiscount: number | undefined;
  readonly discountReserved: number;
  readonly discountRedeemed: number;
  readonly redeemedCount: number;
  /** Uses of a shared code held by orders not yet paid (counted against `budgetClaims` like redemptions). */
  readonly reservedCount: number;
  readonly perShopperLimit: number;
  readonly eligibility: Eligibility;
  readonly reward: Reward;
  readonly scope: Scope;
  readonly validity: Validity;
  readonly stacking: Stacking;
  /** Set for a shared public code campaign. */
  readonly code: string | undefined;
  readonly version: number;
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** The effective status at `now`: the stored intent, refined by the window and the budget. */
export function effectiveStatus(campaign: Campaign, now: number): CampaignStatus {
  if (campaign.storedStatus !== 'live') return campaign.storedStatus;
  if (campaign.endsAt !== undefined && now >= campaign.endsAt) return 'ended';
  if (campaign.code === undefined && campaign.claimed >= campaign.budgetClaims) return 'exhausted';
  if (
    campaign.code !== undefined &&
    campaign.redeemedCount + campaign.reservedCount >= campaign.budgetClaims
  ) {
    return 'exhausted';
  }
  if (campaign.startsAt !== undefined && now < campaign.startsAt) return 'scheduled';
  return 'live';
}
