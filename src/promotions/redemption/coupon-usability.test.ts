import { describe, expect, it } from 'vitest';
import { checkUsable, visibleStatus } from './coupon-usability.js';
import type { CodeLookup, RedemptionCampaign, StoredCoupon } from './redemption-store.js';

const NOW = Date.UTC(2026, 1, 6, 12);

function campaign(overrides: Partial<RedemptionCampaign> = {}): RedemptionCampaign {
  return {
    id: 'cmp_1',
    name: 'Spring',
    description: '',
    storedStatus: 'live',
    startsAt: undefined,
    endsAt: undefined,
    budgetClaims: 100,
    claimed: 100,
    currency: 'USD',
    budgetDiscount: undefined,
    discountReserved: 0,
    discountRedeemed: 0,
    redeemedCount: 0,
    reservedCount: 0,
    perShopperLimit: 1,
    eligibility: {},
    reward: { type: 'percent', percent: 10 },
    scope: { type: 'all' },
    validity: {},
    stacking: 'exclusive',
    code: undefined,
    version: 1,
    createdAt: NOW,
    updatedAt: NOW,
    ...overrides,
  };
}

function coupon(overrides: Partial<StoredCoupon> = {}): StoredCoupon {
  return {
    id: 'cpn_1',
    campaignId: 'cmp_1',
    shopperId: 'shp_1',
    code: 'RUSH-1',
    status: 'available',
    claimedAt: NOW - 1_000,
    expiresAt: undefined,
    orderId: undefined,
    ...overrides,
  };
}

const claimed = (
  couponOverrides: Partial<StoredCoupon> = {},
  campaignOverrides: Partial<RedemptionCampaign> = {},
) =>
  ({
    kind: 'coupon',
    coupon: coupon(couponOverrides),
    campaign: campaign(campaignOverrides),
  }) satisfies CodeLookup;
const shared = (campaignOverrides: Partial<RedemptionCampaign> = {}, usesByShopper = 0) =>
  ({
    kind: 'shared',
    campaign: campaign({ code: 'SAVE10', ...campaignOverrides }),
    usesByShopper,
  }) satisfies CodeLookup;
const errorOf = (lookup: CodeLookup | undefined) => {
  const usable = checkUsable(lookup, 'CODE', NOW);
  return usable.ok ? 'ok' : usable.error;
};

describe('checkUsable', () => {
  it('accepts an available claimed coupon, even when its campaign is exhausted or paused', () => {
    expect(errorOf(claimed())).toBe('ok');
    expect(errorOf(claimed({}, { storedStatus: 'paused' }))).toBe('ok');
    expect(errorOf(claimed({}, { endsAt: NOW - 1 }))).toBe('ok');
  });

  it('refuses claimed coupons that are ended, expired, used or revoked', () => {
    expect(errorOf(undefined)).toBe('COUPON_NOT_FOUND');
    expect(errorOf(claimed({}, { storedStatus: 'ended' }))).toBe('CAMPAIGN_NOT_LIVE');
    expect(errorOf(claimed({ expiresAt: NOW }))).toBe('COUPON_EXPIRED');
    expect(errorOf(claimed({ status: 'expired' }))).toBe('COUPON_EXPIRED');
    expect(errorOf(claimed({ status: 'reserved' }))).toBe('COUPON_ALREADY_USED');
    expect(errorOf(claimed({ status: 'redeemed' }))).toBe('COUPON_ALREADY_USED');
    expect(errorOf(claimed({ status: 'revoked' }))).toBe('COUPON_NOT_FOUND');
  });

  it('accepts a shared code only while its campaign is live and uses remain', () => {
    expect(errorOf(shared())).toBe('ok');
    expect(errorOf(shared({ storedStatus: 'paused' }))).toBe('CAMPAIGN_NOT_LIVE');
    expect(errorOf(shared({ startsAt: NOW + 1 }))).toBe('CAMPAIGN_NOT_LIVE');
    expect(errorOf(shared({ endsAt: NOW }))).toBe('CAMPAIGN_NOT_LIVE');
    expect(errorOf(shared({ redeemedCount: 60, reservedCount: 40 }))).toBe('CAMPAIGN_EXHAUSTED');
    expect(errorOf(shared({ redeemedCount: 60, reservedCount: 39 }))).toBe('ok');
    expect(errorOf(shared({}, 1))).toBe('COUPON_ALREADY_USED');
  });

  it('passes on what is left of the money budget', () => {
    const usable = checkUsable(
      claimed({}, { budgetDiscount: 1_000, discountReserved: 300, discountRedeemed: 500 }),
      'CODE',
      NOW,
    );
    expect(usable.ok && usable.coupon.budgetRemaining).toBe(200);
    const unlimited = checkUsable(claimed(), 'CODE', NOW);
    expect(unlimited.ok && unlimited.coupon.budgetRemaining).toBeUndefined();
  });
});

describe('visibleStatus', () => {
  it('shows an available coupon past its expiry as expired', () => {
    expect(visibleStatus(coupon({ expiresAt: NOW - 1 }), NOW)).toBe('expired');
    expect(visibleStatus(coupon({ expiresAt: NOW + 1 }), NOW)).toBe('available');
    expect(visibleStatus(coupon({ status: 'redeemed', expiresAt: NOW - 1 }), NOW)).toBe('redeemed');
  });
});
