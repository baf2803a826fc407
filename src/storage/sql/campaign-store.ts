import type { Insertable, Selectable } from 'kysely';
import type { Campaign } from '../../promotions/campaign.js';
import type { CampaignChanges, CampaignStore } from '../../promotions/campaign-store.js';
import type { IssuedCoupon } from '../../promotions/claim-batch.js';
import type { Db } from '../dialect.js';
import type { PromotionTables } from '../tables/promotion-tables.js';

type CampaignRow = Selectable<PromotionTables['campaigns']>;
/** The campaign columns this module writes; counters only their own statements write (shared-code holds, clawbacks) keep their defaults. */
type OwnCampaignRow = Omit<CampaignRow, 'reserved_count' | 'revoked_count'>;
type CouponRow = Selectable<PromotionTables['coupons']>;

/** The coupon columns an issued coupon is read from (the claim batches select just these). */
export type IssuedCouponRow = Pick<
  CouponRow,
  | 'id'
  | 'code'
  | 'campaign_id'
  | 'shopper_id'
  | 'ordinal'
  | 'idempotency_key'
  | 'request_hash'
  | 'claimed_at'
  | 'expires_at'
>;

/** Campaigns over the SQL database (both dialects). */
export function createSqlCampaignStore(db: Db): CampaignStore {
  const kysely = db.kysely;
  return {
    async insert(campaign) {
      // Counters other modules own (redemption's reserved uses) start at their column defaults.
      await kysely
        .insertInto('campaigns')
        .values(toRow(campaign) as Insertable<PromotionTables['campaigns']>)
        .execute();
    },

    async insertIfAbsent(campaign) {
      // No conflict target: a clash on the id or on the unique code is skipped alike, on both dialects.
      const inserted = await kysely
        .insertInto('campaigns')
        .values(toRow(campaign) as Insertable<PromotionTables['campaigns']>)
        .onConflict((conflict) => conflict.doNothing())
        .returning('id')
        .executeTakeFirst();
      return inserted !== undefined;
    },

    async find(id) {
      const row = await kysely.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toCampaign(row);
    },

    async list() {
      const rows = await kysely.selectFrom('campaigns').selectAll().orderBy('created_at', 'desc').execute();
      return rows.map(toCampaign);
    },

    async update(id, expectedVersion, changes, now) {
      const set = toRowChanges(changes);
      const result = await kysely
        .updateTable('campaigns')
        .set({ ...set, version: expectedVersion + 1, updated_at: now })
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .executeTakeFirst();
      if (Number(result.numUpdatedRows) !== 1) return undefined;
      const row = await kysely.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toCampaign(row);
    },

    async deleteUnused(id) {
      const result = await kysely
        .deleteFrom('campaigns')
        .where('id', '=', id)
        .where('claimed', '=', 0)
        .where('redeemed_count', '=', 0)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('coupons').select('coupons.id').whereRef('coupons.campaign_id', '=', 'campaigns.id'),
            ),
          ),
        )
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('coupon_reservations')
                .select('coupon_reservations.id')
                .whereRef('coupon_reservations.campaign_id', '=', 'campaigns.id'),
            ),
          ),
        )
        .executeTakeFirst();
      return Number(result.numDeletedRows) === 1;
    },

    async recentCoupons(campaignId, limit) {
      const rows = await kysely
        .selectFrom('coupons')
        .selectAll()
        .where('campaign_id', '=', campaignId)
        .orderBy('claimed_at', 'desc')
        .limit(limit)
        .execute();
      return rows.map(toCoupon);
    },

    async couponsOfShopper(shopperId, campaignIds) {
      if (campaignIds.length === 0) return [];
      const rows = await kysely
        .selectFrom('coupons')
        .selectAll()
        .where('shopper_id', '=', shopperId)
        .where('campaign_id', 'in', [...campaignIds])
        .execute();
      return rows.map(toCoupon);
    },

    async shopperFacts(shopperId) {
      const shopper = await kysely
        .selectFrom('shoppers')
        .select('segments')
        .where('id', '=', shopperId)
        .executeTakeFirst();
      if (shopper === undefined) return undefined;
      return { segments: parseJson<string[]>(shopper.segments, []) };
    },
  };
}

/** A stored coupon row as the claim path sees it. */
export function toCoupon(row: IssuedCouponRow): IssuedCoupon {
  return {
    id: row.id,
    code: row.code,
    campaignId: row.campaign_id,
    shopperId: row.shopper_id,
    ordinal: row.ordinal,
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    claimedAt: Number(row.claimed_at),
    expiresAt: row.expires_at === null ? undefined : Number(row.expires_at),
  };
}

/** A campaign row as the domain sees it. */
export function toCampaign(row: CampaignRow): Campaign {
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    storedStatus: row.status as Campaign['storedStatus'],
    startsAt: row.starts_at === null ? undefined : Number(row.starts_at),
    endsAt: row.ends_at === null ? undefined : Number(row.ends_at),
    budgetClaims: Number(row.budget_claims),
    claimed: Number(row.claimed),
    revoked: Number(row.revoked_count ?? 0),
    currency: row.currency ?? undefined,
    budgetDiscount: row.budget_discount === null ? undefined : Number(row.budget_discount),
    discountReserved: Number(row.discount_reserved),
    discountRedeemed: Number(row.discount_redeemed),
    redeemedCount: Number(row.redeemed_count),
    reservedCount: Number(row.reserved_count),
    perShopperLimit: Number(row.per_shopper_limit),
    eligibility: parseJson(row.eligibility, {}),
    reward: parseJson(row.reward, { type: 'free_shipping' }),
    scope: parseJson(row.scope, { type: 'all' }),
    validity: parseJson(row.validity, {}),
    stacking: row.stacking as Campaign['stacking'],
    code: row.code ?? undefined,
    version: Number(row.version),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toRow(campaign: Campaign): OwnCampaignRow {
  return {
    id: campaign.id,
    name: campaign.name,
    description: campaign.description,
    status: campaign.storedStatus,
    starts_at: campaign.startsAt ?? null,
    ends_at: campaign.endsAt ?? null,
    budget_claims: campaign.budgetClaims,
    claimed: campaign.claimed,
    currency: campaign.currency ?? null,
    budget_discount: campaign.budgetDiscount ?? null,
    discount_reserved: campaign.discountReserved,
    discount_redeemed: campaign.discountRedeemed,
    redeemed_count: campaign.redeemedCount,
    per_shopper_limit: campaign.perShopperLimit,
    eligibility: JSON.stringify(campaign.eligibility),
    reward: JSON.stringify(campaign.reward),
    scope: JSON.stringify(campaign.scope),
    validity: JSON.stringify(campaign.validity),
    stacking: campaign.stacking,
    code: campaign.code ?? null,
    version: campaign.version,
    created_at: campaign.createdAt,
    updated_at: campaign.updatedAt,
  };
}

function toRowChanges(changes: CampaignChanges): Partial<OwnCampaignRow> {
  const row: Partial<OwnCampaignRow> = {};
  if ('name' in changes && changes.name !== undefined) row.name = changes.name;
  if ('description' in changes && changes.description !== undefined) row.description = changes.description;
  if (changes.storedStatus !== undefined) row.status = changes.storedStatus;
  if ('startsAt' in changes) row.starts_at = changes.startsAt ?? null;
  if ('endsAt' in changes) row.ends_at = changes.endsAt ?? null;
  if (changes.budgetClaims !== undefined) row.budget_claims = changes.budgetClaims;
  if ('currency' in changes) row.currency = changes.currency ?? null;
  if ('budgetDiscount' in changes) row.budget_discount = changes.budgetDiscount ?? null;
  if (changes.perShopperLimit !== undefined) row.per_shopper_limit = changes.perShopperLimit;
  if (changes.eligibility !== undefined) row.eligibility = JSON.stringify(changes.eligibility);
  if (changes.reward !== undefined) row.reward = JSON.stringify(changes.reward);
  if (changes.scope !== undefined) row.scope = JSON.stringify(changes.scope);
  if (changes.validity !== undefined) row.validity = JSON.stringify(changes.validity);
  if (changes.stacking !== undefined) row.stacking = changes.stacking;
  if ('code' in changes) row.code = changes.code ?? null;
  return row;
}

function parseJson<T>(text: string, fallback: T): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}
