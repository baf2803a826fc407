import { describe, expect, it } from 'vitest';
import { CampaignRegistry } from './campaign-registry.js';
import type { CampaignStore } from './campaign-store.js';
import type { IssuedCoupon } from './claim-batch.js';

const coupon = (shopperId: string, ordinal = 1): IssuedCoupon => ({
  id: `cpn-${shopperId}-${ordinal}`,
  code: `CODE-${shopperId}-${ordinal}`,
  campaignId: 'cmp-1',
  shopperId,
  ordinal,
  idempotencyKey: `key-${shopperId}-${ordinal}`,
  requestHash: 'hash',
  claimedAt: 0,
  expiresAt: undefined,
});

describe('CampaignRegistry claim cache', () => {
  it('forgets the earliest claimants first once a campaign passes its cap, however often they are read', () => {
    // The store is never reached by remember/holdings.
    const registry = new CampaignRegistry({} as CampaignStore, { claimantsPerCampaign: 3 });
    for (const shopper of ['a', 'b', 'c']) registry.remember(coupon(shopper));
    // Reading a holding does not make it recent: the cache keeps claim order.
    expect(registry.holdings('cmp-1', 'a')).toHaveLength(1);
    registry.remember(coupon('d'));
    expect(registry.holdings('cmp-1', 'a')).toBeUndefined();
    expect(['b', 'c', 'd'].map((shopper) => registry.holdings('cmp-1', shopper)?.length)).toEqual([1, 1, 1]);
    // A second coupon of a remembered shopper joins their holdings in ordinal order.
    registry.remember(coupon('c', 2));
    registry.remember(coupon('c', 2));
    expect(registry.holdings('cmp-1', 'c')?.map((held) => held.ordinal)).toEqual([1, 2]);
  });
});
