import type { Campaign } from './campaign.js';
import type { IssuedCoupon } from './claim-batch.js';

/** The stored fields an update may set; everything else is fixed or derived. */
export type CampaignChanges = {
  -readonly [Field in keyof Pick<
    Campaign,
    | 'name'
    | 'description'
    | 'storedStatus'
    | 'startsAt'
    | 'endsAt'
    | 'budgetClaims'
    | 'currency'
    | 'budgetDiscount'
    | 'perShopperLimit'
    | 'eligibility'
    | 'reward'
    | 'scope'
    | 'validity'
    | 'stacking'
    | 'code'
  >]?: Campaign[Field];
};

/** What promotions' own record says about a shopper for eligibility (purchases come from `ShopperHistory`). */
export interface ShopperFacts {
  readonly segments: readonly string[];
}

/** Where campaigns live (the claim batch itself is the separate `ClaimBatchStore` port). */
export interface CampaignStore {
  insert(campaign: Campaign): Promise<void>;
  /** Inserts unless a campaign with that id or code already exists (nodes seeding at once); true when inserted. */
  insertIfAbsent(campaign: Campaign): Promise<boolean>;
  find(id: string): Promise<Campaign | undefined>;
  list(): Promise<Campaign[]>;
  /** Applies `changes` only if the stored version is still `expectedVersion`; undefined when it moved. */
  update(
    id: string,
    expectedVersion: number,
    changes: CampaignChanges,
    now: number,
  ): Promise<Campaign | undefined>;
  /** Deletes a campaign that never issued anything; false when it has coupons or does not exist. */
  deleteUnused(id: string): Promise<boolean>;
  /** The latest coupons of a campaign, newest first, to warm the claim cache after a start. */
  recentCoupons(campaignId: string, limit: number): Promise<IssuedCoupon[]>;
  /** A shopper's coupons from the given campaigns. */
  couponsOfShopper(shopperId: string, campaignIds: readonly string[]): Promise<IssuedCoupon[]>;
  /** Eligibility facts of a shopper, or undefined when the shopper does not exist. */
  shopperFacts(shopperId: string): Promise<ShopperFacts | undefined>;
}
