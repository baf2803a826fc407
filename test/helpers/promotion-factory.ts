import type { Insertable } from 'kysely';
import type { Reward, Scope, Stacking } from '../../src/promotions/campaign.js';
import { verifyFigures } from '../../src/promotions/verify-ledger.js';
import { newId } from '../../src/shared/ids.js';
import type { Db } from '../../src/storage/dialect.js';
import type { Database } from '../../src/storage/schema.js';
import { gatherCampaignFigures } from '../../src/storage/sql/ledger-audit.js';

/** Fields a test may set on a campaign row; money in USD minor units unless `currency` says otherwise. */
export interface CampaignFixture {
  id?: string;
  name?: string;
  status?: 'draft' | 'live' | 'paused' | 'ended';
  startsAt?: number | null;
  endsAt?: number | null;
  budgetClaims?: number;
  claimed?: number;
  currency?: string | null;
  budgetDiscount?: number | null;
  perShopperLimit?: number;
  reward?: Reward;
  scope?: Scope;
  eligibility?: Record<string, unknown>;
  stacking?: Stacking;
  /** A shared public code. */
  code?: string | null;
}

/** Inserts a campaign row directly, so redemption tests do not depend on the claim path. */
export async function makeCampaign(db: Db, fixture: CampaignFixture = {}): Promise<string> {
  const id = fixture.id ?? newId('cmp');
  const at = Date.now();
  const row: Insertable<Database['campaigns']> = {
    id,
    name: fixture.name ?? `Campaign ${id}`,
    description: '',
    status: fixture.status ?? 'live',
    starts_at: fixture.startsAt ?? null,
    ends_at: fixture.endsAt ?? null,
    budget_claims: fixture.budgetClaims ?? 1_000,
    claimed: fixture.claimed ?? 0,
    currency: fixture.currency === undefined ? 'USD' : fixture.currency,
    budget_discount: fixture.budgetDiscount ?? null,
    per_shopper_limit: fixture.perShopperLimit ?? 1,
    eligibility: JSON.stringify(fixture.eligibility ?? {}),
    reward: JSON.stringify(fixture.reward ?? { type: 'amount', amount: { amount: 500, currency: 'USD' } }),
    scope: JSON.stringify(fixture.scope ?? { type: 'all' }),
    validity: '{}',
    stacking: fixture.stacking ?? 'exclusive',
    code: fixture.code ?? null,
    version: 1,
    discount_reserved: 0,
    discount_redeemed: 0,
    redeemed_count: 0,
    created_at: at,
    updated_at: at,
  };
  await db.kysely.insertInto('campaigns').values(row).execute();
  return id;
}

/** Fields a test may set on a claimed coupon. */
export interface CouponFixture {
  campaignId: string;
  shopperId: string;
  code?: string;
  status?: 'available' | 'reserved' | 'redeemed' | 'expired' | 'revoked';
  expiresAt?: number | null;
  claimedAt?: number;
}

/** Inserts a claimed coupon row (the next ordinal for its shopper), counts it as claimed and logs `claimed`. */
export async function makeCoupon(db: Db, fixture: CouponFixture): Promise<{ id: string; code: string }> {
  const id = newId('cpn');
  const code = fixture.code ?? `TEST-${id.slice(4, 16).toUpperCase()}`;
  const at = fixture.claimedAt ?? Date.now();
  const held = await db.kysely
    .selectFrom('coupons')
    .select((eb) => eb.fn.countAll<number | string>().as('held'))
    .where('campaign_id', '=', fixture.campaignId)
    .where('shopper_id', '=', fixture.shopperId)
    .executeTakeFirstOrThrow();
  await db.kysely
    .insertInto('coupons')
    .values({
      id,
      campaign_id: fixture.campaignId,
      shopper_id: fixture.shopperId,
      code,
      ordinal: Number(held.held) + 1,
      status: fixture.status ?? 'available',
      idempotency_key: newId('key'),
      request_hash: 'test',
      claimed_at: at,
      expires_at: fixture.expiresAt ?? null,
      order_id: null,
      updated_at: at,
    })
    .execute();
  await db.kysely
    .updateTable('campaigns')
    .set((eb) => ({ claimed: eb('claimed', '+', 1) }))
    .where('id', '=', fixture.campaignId)
    .execute();
  await db.kysely
    .insertInto('coupon_ledger')
    .values({
      id: newId('led'),
      at,
      campaign_id: fixture.campaignId,
      coupon_id: id,
      shopper_id: fixture.shopperId,
      order_id: null,
      event: 'claimed',
      amount: null,
    })
    .execute();
  return { id, code };
}

/** The counters a campaign row holds. */
export async function campaignCounters(db: Db, campaignId: string) {
  return db.kysely
    .selectFrom('campaigns')
    .select(['discount_reserved', 'discount_redeemed', 'redeemed_count', 'reserved_count', 'budget_discount'])
    .where('id', '=', campaignId)
    .executeTakeFirstOrThrow();
}

/** A coupon's stored status and order. */
export async function couponState(db: Db, couponId: string) {
  return db.kysely
    .selectFrom('coupons')
    .select(['status', 'order_id'])
    .where('id', '=', couponId)
    .executeTakeFirstOrThrow();
}

/** The redemption ledger events of a campaign (all but `claimed`), oldest first. */
export async function ledgerEvents(db: Db, campaignId: string) {
  return db.kysely
    .selectFrom('coupon_ledger')
    .select(['event', 'coupon_id', 'order_id', 'amount'])
    .where('campaign_id', '=', campaignId)
    .where('event', '!=', 'claimed')
    .orderBy('at')
    .orderBy('id')
    .execute();
}

/** What `rushcart verify` finds wrong with these campaigns (counters against coupons, reservations and ledger). */
export async function ledgerMismatches(db: Db, campaignIds: readonly string[]) {
  const figures = await gatherCampaignFigures(db);
  return verifyFigures(figures.filter((campaign) => campaignIds.includes(campaign.campaignId))).mismatches;
}
