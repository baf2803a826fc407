import { AppError } from '../shared/app-error.js';
import { hashRequest } from '../shared/idempotency.js';
import { newId } from '../shared/ids.js';
import type { Money } from '../shared/money.js';
import { type Campaign, effectiveStatus } from './campaign.js';
import type { CampaignCreate, CampaignUpdate } from './campaign-input.js';
import type { CampaignNotifier } from './campaign-notifier.js';
import type { CampaignRegistry } from './campaign-registry.js';
import type { CampaignChanges, CampaignStore } from './campaign-store.js';
import { type CampaignOffer, type CampaignStats, toCampaignOffer, toCampaignStats } from './campaign-view.js';
import type { PromotionEventBus } from './promotion-events.js';

/** The merchant's side of campaigns: create, read, safe updates, pause, resume, stats. */
export interface CampaignService {
  create(input: CampaignCreate): Promise<Campaign>;
  /** Throws CAMPAIGN_NOT_FOUND. */
  get(id: string): Promise<Campaign>;
  list(): Promise<Campaign[]>;
  /** Throws CAMPAIGN_UPDATE_UNSAFE for changes that would hurt shoppers of a campaign that went live. */
  update(id: string, changes: CampaignUpdate): Promise<Campaign>;
  /** Deletes a campaign that never issued or reserved anything. */
  remove(id: string): Promise<void>;
  /** Re-reads a campaign the store changed outside this service (a clawback gave claims back) and tells every node. */
  reread(id: string): Promise<Campaign>;
  pause(id: string): Promise<Campaign>;
  resume(id: string): Promise<Campaign>;
  stats(id: string): Promise<CampaignStats>;
  /** Campaigns a shopper can see now (live or scheduled, and eligible by segment), with what they claimed. */
  offersFor(shopperId: string): Promise<CampaignOffer[]>;
}

/** Dependencies of the campaign service. */
export interface CampaignServiceDependencies {
  readonly store: CampaignStore;
  readonly registry: CampaignRegistry;
  readonly events: PromotionEventBus;
  readonly notifier: CampaignNotifier;
  /** Per-node answer counts from the claim service. */
  readonly outcomes: (campaignId: string) => Record<string, number>;
  readonly now?: () => number;
}

const MAX_UPDATE_ATTEMPTS = 5;

/** Builds the campaign service over a store; every change reaches this node's memory and the others. */
export function createCampaignService(dependencies: CampaignServiceDependencies): CampaignService {
  const { store, registry, events, notifier } = dependencies;
  const now = dependencies.now ?? Date.now;

  const announce = async (campaign: Campaign): Promise<Campaign> => {
    const merged = registry.put(campaign);
    const at = now();
    events.publish({
      type: 'campaign-changed',
      campaignId: campaign.id,
      at,
      status: effectiveStatus(merged, at),
      origin: 'local',
    });
    await notifier.publish(campaign.id).catch(() => undefined);
    return merged;
  };

  const get = async (id: string): Promise<Campaign> => {
    const campaign = await store.find(id);
    if (campaign === undefined) throw new AppError('CAMPAIGN_NOT_FOUND');
    return registry.put(campaign);
  };

  /** Applies a change computed from the current version, retrying when a concurrent edit moved it. */
  const change = async (
    id: string,
    plan: (current: Campaign) => CampaignChanges | undefined,
  ): Promise<Campaign> => {
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt += 1) {
      const current = await get(id);
      const changes = plan(current);
      if (changes === undefined || Object.keys(changes).length === 0) return current;
      const updated = await store.update(id, current.version, changes, now());
      if (updated !== undefined) return announce(updated);
    }
    throw new AppError('CAMPAIGN_UPDATE_UNSAFE', 'The campaign changed concurrently; retry the update.');
  };

  return {
    async create(input) {
      const campaign = buildCampaign(newId('cmp'), input, now());
      if (campaign.code !== undefined && (await store.list()).some((other) => other.code === campaign.code)) {
        throw new AppError(
          'VALIDATION_FAILED',
          `The code ${campaign.code} is already used by another campaign.`,
        );
      }
      await store.insert(campaign);
      return announce(campaign);
    },

    get,

    async list() {
      const campaigns = await store.list();
      return campaigns.map((campaign) => registry.put(campaign));
    },

    update(id, input) {
      return change(id, (current) => planUpdate(current, input));
    },

    async reread(id) {
      return announce(await get(id));
    },

    async remove(id) {
      await get(id);
      if (!(await store.deleteUnused(id))) {
        throw new AppError(
          'CAMPAIGN_UPDATE_UNSAFE',
          'Only a campaign that never issued a coupon can be deleted.',
        );
      }
      await registry.load(id);
      await notifier.publish(id).catch(() => undefined);
    },

    pause(id) {
      return change(id, (current) => {
        if (current.storedStatus === 'paused') return undefined;
        if (current.storedStatus !== 'live') {
          throw new AppError(
            'CAMPAIGN_NOT_LIVE',
            `Only a live campaign can be paused; this one is ${current.storedStatus}.`,
          );
        }
        return { storedStatus: 'paused' };
      });
    },

    resume(id) {
      return change(id, (current) => {
        if (current.storedStatus === 'live') return undefined;
        if (current.storedStatus !== 'paused') {
          throw new AppError(
            'CAMPAIGN_NOT_LIVE',
            `Only a paused campaign can be resumed; this one is ${current.storedStatus}.`,
          );
        }
        return { storedStatus: 'live' };
      });
    },

    async stats(id) {
      const campaign = await get(id);
      return toCampaignStats(campaign, dependencies.outcomes(id), now());
    },

    async offersFor(shopperId) {
      const at = now();
      const visible = registry.all().filter((campaign) => {
        const status = effectiveStatus(campaign, at);
        return status === 'live' || status === 'scheduled';
      });
      const needsFacts = visible.some((campaign) => campaign.eligibility.segment !== undefined);
      const facts = needsFacts ? await store.shopperFacts(shopperId) : undefined;
      const offered = visible.filter(
        (campaign) =>
          campaign.eligibility.segment === undefined ||
          (facts?.segments.includes(campaign.eligibility.segment) ?? false),
      );
      const held = await store.couponsOfShopper(
        shopperId,
        offered.map((campaign) => campaign.id),
      );
      const claimedIds = new Set(held.map((coupon) => coupon.campaignId));
      return offered
        .sort((a, b) => a.createdAt - b.createdAt)
        .map((campaign) => toCampaignOffer(campaign, claimedIds.has(campaign.id), at));
    },
  };
}

/** A new campaign from the merchant's input, with zero counters; VALIDATION_FAILED on inconsistent money or window. */
export function buildCampaign(id: string, input: CampaignCreate, at: number): Campaign {
  const currency = currencyOf([
    input.budget.discount,
    ...rewardMoney(input.reward),
    input.eligibility?.minSubtotal,
  ]);
  const startsAt = instant(input.startsAt);
  const endsAt = instant(input.endsAt);
  if (startsAt !== undefined && endsAt !== undefined && endsAt <= startsAt) {
    throw new AppError('VALIDATION_FAILED', 'endsAt must be after startsAt.');
  }
  return {
    id,
    name: input.name,
    description: input.description ?? '',
    storedStatus: input.status ?? 'draft',
    startsAt,
    endsAt,
    budgetClaims: input.budget.claims,
    claimed: 0,
    currency,
    budgetDiscount: input.budget.discount?.amount,
    discountReserved: 0,
    discountRedeemed: 0,
    redeemedCount: 0,
    reservedCount: 0,
    perShopperLimit: input.perShopperLimit,
    eligibility: input.eligibility ?? {},
    reward: input.reward,
    scope: input.scope ?? { type: 'all' },
    validity: input.validity ?? {},
    stacking: input.stacking ?? 'exclusive',
    code: input.code,
    version: 1,
    createdAt: at,
    updatedAt: at,
  };
}

/** What an update may change; throws CAMPAIGN_UPDATE_UNSAFE for the rest once a campaign went live. */
export function planUpdate(current: Campaign, input: CampaignUpdate): CampaignChanges {
  const changes: CampaignChanges = {};
  const draft = current.storedStatus === 'draft';
  const unsafe = (field: string, why: string): never => {
    throw new AppError(
      'CAMPAIGN_UPDATE_UNSAFE',
      `${field} cannot change once the campaign went live: ${why}.`,
      {
        field,
      },
    );
  };
  const differs = (a: unknown, b: unknown) => hashRequest(a ?? null) !== hashRequest(b ?? null);

  if (input.name !== undefined) changes.name = input.name;
  if (input.description !== undefined) changes.description = input.description;

  if (input.endsAt !== undefined) {
    const endsAt = input.endsAt === null ? undefined : instant(input.endsAt);
    const extends_ = endsAt === undefined || (current.endsAt !== undefined && endsAt >= current.endsAt);
    if (!draft && current.endsAt !== endsAt && !extends_) unsafe('endsAt', 'it may only move later');
    changes.endsAt = endsAt;
  }
  if (input.startsAt !== undefined) {
    const startsAt = input.startsAt === null ? undefined : instant(input.startsAt);
    if (!draft && startsAt !== current.startsAt) unsafe('startsAt', 'shoppers may already have claimed');
    changes.startsAt = startsAt;
  }
  const startsAt = 'startsAt' in changes ? changes.startsAt : current.startsAt;
  const endsAt = 'endsAt' in changes ? changes.endsAt : current.endsAt;
  if (startsAt !== undefined && endsAt !== undefined && endsAt <= startsAt) {
    throw new AppError('VALIDATION_FAILED', 'endsAt must be after startsAt.');
  }

  if (input.budget?.claims !== undefined) {
    if (!draft && input.budget.claims < current.budgetClaims) unsafe('budget.claims', 'it may only grow');
    if (input.budget.claims < current.claimed)
      unsafe('budget.claims', 'it is below what was already claimed');
    changes.budgetClaims = input.budget.claims;
  }
  if (input.budget?.discount !== undefined) {
    const discount = input.budget.discount;
    if (current.currency !== undefined && discount.currency !== current.currency) {
      throw new AppError('VALIDATION_FAILED', `The discount budget must be in ${current.currency}.`);
    }
    if (!draft && current.budgetDiscount !== undefined && discount.amount < current.budgetDiscount) {
      unsafe('budget.discount', 'it may only grow');
    }
    if (discount.amount < current.discountReserved + current.discountRedeemed) {
      unsafe('budget.discount', 'it is below what was already reserved or redeemed');
    }
    changes.budgetDiscount = discount.amount;
    changes.currency = discount.currency;
  }

  const fixedOnceLive = [
    ['perShopperLimit', input.perShopperLimit, current.perShopperLimit],
    ['reward', input.reward, current.reward],
    ['scope', input.scope, current.scope],
    ['eligibility', input.eligibility, current.eligibility],
    ['validity', input.validity, current.validity],
    ['stacking', input.stacking, current.stacking],
    ['code', input.code === null ? undefined : input.code, current.code],
  ] as const;
  for (const [field, next, previous] of fixedOnceLive) {
    if (next === undefined && !(field === 'code' && input.code === null)) continue;
    if (!draft && differs(next, previous)) unsafe(field, 'shoppers already hold coupons under the old terms');
  }
  if (draft) {
    if (input.perShopperLimit !== undefined) changes.perShopperLimit = input.perShopperLimit;
    if (input.reward !== undefined) changes.reward = input.reward;
    if (input.scope !== undefined) changes.scope = input.scope;
    if (input.eligibility !== undefined) changes.eligibility = input.eligibility;
    if (input.validity !== undefined) changes.validity = input.validity;
    if (input.stacking !== undefined) changes.stacking = input.stacking;
    if (input.code !== undefined) changes.code = input.code ?? undefined;
    const currency = currencyOf([
      changes.budgetDiscount === undefined ? undefined : { amount: 0, currency: changes.currency ?? '' },
      ...rewardMoney(changes.reward ?? current.reward),
      (changes.eligibility ?? current.eligibility).minSubtotal,
      current.budgetDiscount === undefined || current.currency === undefined
        ? undefined
        : { amount: 0, currency: current.currency },
    ]);
    changes.currency = currency;
  }

  if (input.status !== undefined && input.status !== current.storedStatus) {
    if (input.status === 'draft') unsafe('status', 'a campaign cannot go back to draft');
    if (input.status === 'live' && current.storedStatus !== 'draft') {
      throw new AppError('CAMPAIGN_UPDATE_UNSAFE', 'Use resume to make a paused campaign live again.', {
        field: 'status',
      });
    }
    changes.storedStatus = input.status;
  }
  return changes;
}

function rewardMoney(reward: Campaign['reward']): (Money | undefined)[] {
  if (reward.type === 'amount') return [reward.amount];
  if (reward.type === 'percent') return [reward.cap];
  return [];
}

/** The one currency all of a campaign's money values share; VALIDATION_FAILED when they disagree. */
function currencyOf(values: readonly (Money | undefined)[]): string | undefined {
  const currencies = new Set(values.filter((value) => value !== undefined).map((value) => value.currency));
  if (currencies.size > 1) {
    throw new AppError('VALIDATION_FAILED', 'All money values of a campaign must share one currency.', {
      currencies: [...currencies],
    });
  }
  return currencies.values().next().value;
}

function instant(iso: string | undefined): number | undefined {
  return iso === undefined ? undefined : Date.parse(iso);
}
