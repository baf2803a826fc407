import type { ErrorCode } from '../../shared/error-catalog.js';
import { effectiveStatus } from '../campaign.js';
import type { DiscountCoupon } from './compute-discount.js';
import type { CodeLookup, RedemptionCampaign, StoredCoupon } from './redemption-store.js';

/** Whether a code can be priced for this shopper now, and with which terms. */
export type Usability =
  | { readonly ok: true; readonly coupon: DiscountCoupon }
  | { readonly ok: false; readonly error: ErrorCode; readonly message: string };

/** The status a shopper sees: an available coupon past its expiry shows as expired before the sweep runs. */
export function visibleStatus(coupon: StoredCoupon, now: number): StoredCoupon['status'] {
  if (coupon.status === 'available' && coupon.expiresAt !== undefined && coupon.expiresAt <= now)
    return 'expired';
  return coupon.status;
}

/**
 * Decides whether a looked-up code is usable. Rules:
 * - a claimed coupon belongs to one shopper; it is usable while it is available and unexpired and
 *   its campaign is live or paused. Pausing stops claims, not the coupons shoppers already hold;
 *   a campaign the merchant ended (or never launched) makes them unusable. The campaign window
 *   governs claiming; the coupon's own `expiresAt` governs its use;
 * - a shared public code is usable only while its campaign is effectively live (not paused,
 *   scheduled or past its window) and its uses (paid plus reserved) are below `budget.claims`,
 *   and this shopper has used it fewer than `perShopperLimit` times;
 * - either way, the money budget left is passed on so pricing can partly fill the discount.
 */
export function checkUsable(lookup: CodeLookup | undefined, code: string, now: number): Usability {
  if (lookup === undefined)
    return refuse('COUPON_NOT_FOUND', 'No coupon with that code is available to you.');
  const campaign = lookup.campaign;
  if (lookup.kind === 'coupon') {
    if (campaign.storedStatus !== 'live' && campaign.storedStatus !== 'paused') {
      return refuse('CAMPAIGN_NOT_LIVE', 'The campaign of this coupon has ended.');
    }
    switch (visibleStatus(lookup.coupon, now)) {
      case 'available':
        return { ok: true, coupon: terms(code, campaign, lookup.coupon.id) };
      case 'expired':
        return refuse('COUPON_EXPIRED', 'The coupon has expired.');
      case 'revoked':
        return refuse('COUPON_NOT_FOUND', 'The coupon was revoked.');
      case 'reserved':
        return refuse('COUPON_ALREADY_USED', 'The coupon is held by another order.');
      case 'redeemed':
        return refuse('COUPON_ALREADY_USED', 'The coupon has already been redeemed.');
    }
  }
  const status = effectiveStatus(campaign, now);
  if (status === 'exhausted' || campaign.redeemedCount + campaign.reservedCount >= campaign.budgetClaims) {
    return refuse('CAMPAIGN_EXHAUSTED', 'The code has been used as often as allowed.');
  }
  if (status !== 'live') return refuse('CAMPAIGN_NOT_LIVE', `The code's campaign is ${status}.`);
  if (lookup.usesByShopper >= campaign.perShopperLimit) {
    return refuse('COUPON_ALREADY_USED', 'You have used this code as often as allowed.');
  }
  return { ok: true, coupon: terms(code, campaign, undefined) };
}

function terms(code: string, campaign: RedemptionCampaign, couponId: string | undefined): DiscountCoupon {
  return {
    code,
    campaignId: campaign.id,
    couponId,
    currency: campaign.currency,
    reward: campaign.reward,
    scope: campaign.scope,
    eligibility: campaign.eligibility,
    stacking: campaign.stacking,
    budgetRemaining:
      campaign.budgetDiscount === undefined
        ? undefined
        : Math.max(0, campaign.budgetDiscount - campaign.discountReserved - campaign.discountRedeemed),
  };
}

function refuse(error: ErrorCode, message: string): Usability {
  return { ok: false, error, message };
}
