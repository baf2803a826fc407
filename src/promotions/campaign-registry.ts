import type { Campaign } from './campaign.js';
import type { CampaignStore } from './campaign-store.js';
import type { IssuedCoupon } from './claim-batch.js';

/** Bounds of the in-memory claim cache; the store's unique constraints stay the truth on a miss. */
export interface RegistryOptions {
  /** Shoppers remembered per campaign (default 200,000). */
  readonly claimantsPerCampaign?: number;
}

/**
 * One node's memory of campaigns: their definitions and counters, and which shoppers hold which
 * coupons. Everything here can be rebuilt from the store; it only lets the claim path answer
 * "not live", "exhausted", "already claimed" and replays without a store call.
 */
export class CampaignRegistry {
  private readonly campaigns = new Map<string, Campaign>();
  private readonly claimants = new Map<string, Map<string, IssuedCoupon[]>>();
  /** Coupons remembered per campaign, and campaigns whose cache ever evicted one. */
  private readonly remembered = new Map<string, number>();
  private readonly evicted = new Set<string>();
  private readonly claimantsPerCampaign: number;

  constructor(
    private readonly store: CampaignStore,
    options: RegistryOptions = {},
  ) {
    this.claimantsPerCampaign = options.claimantsPerCampaign ?? 200_000;
  }

  /** The campaign as this node knows it. */
  get(id: string): Campaign | undefined {
    return this.campaigns.get(id);
  }

  /** Every known campaign. */
  all(): Campaign[] {
    return [...this.campaigns.values()];
  }

  /** Reads one campaign from the store and merges it; undefined when it does not exist. */
  async load(id: string): Promise<Campaign | undefined> {
    const stored = await this.store.find(id);
    if (stored === undefined) {
      this.forget(id);
      return undefined;
    }
    return this.put(stored);
  }

  /** Reloads every campaign from the store, so a node that missed a notice converges. */
  async refreshAll(): Promise<Campaign[]> {
    const stored = await this.store.list();
    const seen = new Set<string>();
    const changed: Campaign[] = [];
    for (const campaign of stored) {
      seen.add(campaign.id);
      const before = this.campaigns.get(campaign.id);
      const after = this.put(campaign);
      if (
        before === undefined ||
        before.version !== after.version ||
        before.storedStatus !== after.storedStatus
      ) {
        changed.push(after);
      }
    }
    for (const id of this.campaigns.keys()) {
      if (!seen.has(id)) this.forget(id);
    }
    return changed;
  }

  /**
   * Merges a campaign read from the store. `claimed` only grows, so the larger of memory and store
   * wins (a read that started before our last commit must not move the counter back). Redemption
   * counters go down as well as up (a cancel after payment gives its use and discount back) and only
   * the store changes them, so the store's figures win.
   */
  put(incoming: Campaign): Campaign {
    const current = this.campaigns.get(incoming.id);
    const merged: Campaign =
      current === undefined
        ? incoming
        : {
            ...(incoming.version >= current.version ? incoming : current),
            claimed: Math.max(current.claimed, incoming.claimed),
            redeemedCount: incoming.redeemedCount,
            reservedCount: incoming.reservedCount,
            discountReserved: incoming.discountReserved,
            discountRedeemed: incoming.discountRedeemed,
          };
    this.campaigns.set(merged.id, merged);
    return merged;
  }

  /** Records the counter a committed batch returned. */
  recordClaimed(campaignId: string, claimed: number): Campaign | undefined {
    const current = this.campaigns.get(campaignId);
    if (current === undefined || claimed <= current.claimed) return current;
    const updated = { ...current, claimed };
    this.campaigns.set(campaignId, updated);
    return updated;
  }

  /** The coupons this node knows a shopper holds from a campaign (possibly fewer than the store has). */
  holdings(campaignId: string, shopperId: string): readonly IssuedCoupon[] | undefined {
    return this.claimants.get(campaignId)?.get(shopperId);
  }

  /**
   * True when this node remembers every coupon the campaign has issued, so a shopper missing from
   * `holdings` holds none: no eviction, and as many coupons remembered as the counter says were
   * claimed. False on a node that did not commit every batch (another node did, or it started
   * after claims and did not warm them all): a miss then says nothing, and a replay must be looked
   * up in the store.
   */
  knowsEveryClaim(campaignId: string): boolean {
    const campaign = this.campaigns.get(campaignId);
    if (campaign === undefined || this.evicted.has(campaignId)) return false;
    return (this.remembered.get(campaignId) ?? 0) >= campaign.claimed;
  }

  /** Remembers a committed coupon; evicts the oldest shopper when the campaign's cache is full. */
  remember(coupon: IssuedCoupon): void {
    const campaignId = coupon.campaignId;
    let shoppers = this.claimants.get(campaignId);
    if (shoppers === undefined) {
      shoppers = new Map();
      this.claimants.set(campaignId, shoppers);
    }
    const held = shoppers.get(coupon.shopperId);
    if (held === undefined) {
      if (shoppers.size >= this.claimantsPerCampaign) {
        evictOldest(shoppers, this.claimantsPerCampaign);
        this.evicted.add(campaignId);
      }
      shoppers.set(coupon.shopperId, [coupon]);
    } else if (!held.some((known) => known.id === coupon.id)) {
      held.push(coupon);
      held.sort((a, b) => a.ordinal - b.ordinal);
    } else {
      return;
    }
    this.remembered.set(campaignId, (this.remembered.get(campaignId) ?? 0) + 1);
  }

  private forget(campaignId: string): void {
    this.campaigns.delete(campaignId);
    this.claimants.delete(campaignId);
    this.remembered.delete(campaignId);
    this.evicted.delete(campaignId);
  }

  /** Warms the claim cache of every campaign from its most recent coupons. */
  async warmClaimants(): Promise<void> {
    for (const campaign of this.campaigns.values()) {
      if (campaign.claimed === 0) continue;
      const coupons = await this.store.recentCoupons(campaign.id, this.claimantsPerCampaign);
      // Oldest first, so that eviction order matches claim order.
      for (const coupon of coupons.reverse()) this.remember(coupon);
      // Fewer than asked for: the store holds no other coupon of the campaign, as of the counter
      // read before them (`claimed` never goes down), so memory knows every claim so far.
      if (coupons.length < this.claimantsPerCampaign) {
        const remembered = this.remembered.get(campaign.id) ?? 0;
        this.remembered.set(campaign.id, Math.max(remembered, campaign.claimed));
      }
    }
  }
}

/**
 * Forgets the oldest sixteenth of a full claim cache (insertion order) in one pass. Evicting one
 * key per claim with `keys().next()` cost 11-14 us each once full: V8 walks past every deleted
 * slot to find the first live key. One pass per sixteenth makes that walk once per many claims.
 * (lru-cache would do it in O(1), but it preallocates its capacity: 5.6 MB per campaign at
 * 200,000, for every campaign that ever issued a coupon.)
 */
function evictOldest(shoppers: Map<string, IssuedCoupon[]>, capacity: number): void {
  let excess = Math.max(1, Math.ceil(capacity / 16));
  for (const shopperId of shoppers.keys()) {
    shoppers.delete(shopperId);
    excess -= 1;
    if (excess === 0) return;
  }
}
