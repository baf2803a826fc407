import type { Campaign } from './campaign.js';
import { type CampaignCreate, CampaignCreateSchema } from './campaign-input.js';
import { buildCampaign } from './campaign-service.js';
import type { CampaignStore } from './campaign-store.js';

/** The fixed ids of the demo campaigns, so nodes seeding at once write the same rows. */
export const DEMO_CAMPAIGN_IDS = {
  welcome: 'cmp_demo_welcome',
  welcome5: 'cmp_demo_welcome5',
  chinese: 'cmp_demo_zh_xinren',
} as const;

/** The Chinese demo campaign, for the Chinese demo slice (CNY): ¥30 off orders from ¥299. */
const CHINESE_DEMO_CAMPAIGN: { readonly id: string; readonly input: CampaignCreate } = {
  id: DEMO_CAMPAIGN_IDS.chinese,
  input: {
    name: '新人专享券：满299减30',
    description: '每人限领一张，领取后7天内有效，可与其他优惠同享。',
    status: 'live',
    budget: { claims: 1_000, discount: { amount: 3_000_000, currency: 'CNY' } },
    perShopperLimit: 1,
    reward: { type: 'amount', amount: { amount: 3_000, currency: 'CNY' } },
    eligibility: { minSubtotal: { amount: 29_900, currency: 'CNY' } },
    validity: { hoursAfterClaim: 168 },
    stacking: 'combinable',
  },
};

/** The demo campaigns, in the merchant's own input shape (USD, like the demo catalog). */
const DEMO_CAMPAIGNS: readonly { readonly id: string; readonly input: CampaignCreate }[] = [
  {
    id: DEMO_CAMPAIGN_IDS.welcome,
    input: {
      name: 'Welcome offer: 10% off up to $15',
      description: 'Claim it once and use it within 48 hours of claiming; combines with other offers.',
      status: 'live',
      budget: { claims: 1_000, discount: { amount: 500_000, currency: 'USD' } },
      perShopperLimit: 1,
      reward: { type: 'percent', percent: 10, cap: { amount: 1_500, currency: 'USD' } },
      validity: { hoursAfterClaim: 48 },
      stacking: 'combinable',
    },
  },
  {
    id: DEMO_CAMPAIGN_IDS.welcome5,
    input: {
      name: 'WELCOME5: $5 off orders over $40',
      description: 'Type WELCOME5 at the cart; no claim needed.',
      status: 'live',
      budget: { claims: 500 },
      perShopperLimit: 1,
      reward: { type: 'amount', amount: { amount: 500, currency: 'USD' } },
      eligibility: { minSubtotal: { amount: 4_000, currency: 'USD' } },
      stacking: 'combinable',
      code: 'WELCOME5',
    },
  },
];

/**
 * Seeds the demo campaigns on a store that has no campaign yet: a live unique-per-shopper welcome
 * offer and the shared public code WELCOME5, and with `chinese` the CNY campaign of the Chinese
 * demo slice (seeded even when other campaigns exist). Every start may call it; the ids are fixed and each
 * insert skips a row that exists, so restarts and nodes starting together write them once.
 * Answers the campaigns this call inserted.
 */
export async function seedDemoCampaigns(
  store: CampaignStore,
  now: number,
  options: { chinese?: boolean } = {},
): Promise<Campaign[]> {
  if ((await store.list()).length > 0 && options.chinese !== true) return [];
  const inserted: Campaign[] = [];
  for (const demo of options.chinese === true ? [...DEMO_CAMPAIGNS, CHINESE_DEMO_CAMPAIGN] : DEMO_CAMPAIGNS) {
    const campaign = buildCampaign(demo.id, CampaignCreateSchema.parse(demo.input), now);
    if (await store.insertIfAbsent(campaign)) inserted.push(campaign);
  }
  return inserted;
}
