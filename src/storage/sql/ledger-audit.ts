import { sql } from 'kysely';
import type { CampaignFigures } from '../../promotions/verify-ledger.js';
import type { Db } from '../dialect.js';

interface Row {
  campaign_id: string;
  value: number | string | null;
}

/**
 * Gathers every campaign's figures from each independent source (campaign row, coupons,
 * coupon_reservations, coupon_ledger) with one aggregate query per source.
 */
export async function gatherCampaignFigures(db: Db): Promise<CampaignFigures[]> {
  const kysely = db.kysely;
  const campaigns = await kysely.selectFrom('campaigns').selectAll().orderBy('created_at').execute();
  const byCampaign = async (query: ReturnType<typeof sql<Row>>): Promise<Map<string, number>> => {
    const result = await query.execute(kysely);
    return new Map(result.rows.map((row) => [row.campaign_id, Number(row.value ?? 0)]));
  };
  const couponCounts = await byCampaign(
    sql<Row>`select campaign_id, count(*) as value from coupons group by campaign_id`,
  );
  const maxPerShopper = await byCampaign(
    sql<Row>`select campaign_id, max(held) as value from (select campaign_id, shopper_id, count(*) as held from coupons group by campaign_id, shopper_id) per_shopper group by campaign_id`,
  );
  const reservedAmount = await byCampaign(
    sql<Row>`select campaign_id, sum(discount) as value from coupon_reservations where status = 'reserved' group by campaign_id`,
  );
  const redeemedAmount = await byCampaign(
    sql<Row>`select campaign_id, sum(discount) as value from coupon_reservations where status = 'redeemed' group by campaign_id`,
  );
  const redeemedCount = await byCampaign(
    sql<Row>`select campaign_id, count(*) as value from coupon_reservations where status = 'redeemed' group by campaign_id`,
  );
  const couponsRevoked = await byCampaign(
    sql<Row>`select campaign_id, count(*) as value from coupons where status = 'revoked' group by campaign_id`,
  );
  const ledgerRevoked = await byCampaign(
    sql<Row>`select campaign_id, count(*) as value from coupon_ledger where event = 'revoked' group by campaign_id`,
  );
  const ledgerClaimed = await byCampaign(
    sql<Row>`select campaign_id, count(*) as value from coupon_ledger where event = 'claimed' group by campaign_id`,
  );
  // A reservation (order, campaign) is reserved, then redeemed, and released at most once
  // (from either state): its current state follows from which of those events it has.
  const held = sql`select campaign_id, order_id,
      max(case when event = 'reserved' then amount end) as amount,
      sum(case when event = 'redeemed' then 1 else 0 end) as redeemed,
      sum(case when event = 'released' then 1 else 0 end) as released
    from coupon_ledger where order_id is not null and event in ('reserved', 'redeemed', 'released')
    group by campaign_id, order_id`;
  const ledgerReserved = await byCampaign(
    sql<Row>`select campaign_id, sum(amount) as value from (${held}) h where redeemed = 0 and released = 0 group by campaign_id`,
  );
  const ledgerRedeemed = await byCampaign(
    sql<Row>`select campaign_id, sum(amount) as value from (${held}) h where redeemed > 0 and released = 0 group by campaign_id`,
  );
  const ledgerRedeemedCount = await byCampaign(
    sql<Row>`select campaign_id, count(*) as value from (${held}) h where redeemed > 0 and released = 0 group by campaign_id`,
  );

  return campaigns.map((row) => ({
    campaignId: row.id,
    name: row.name,
    counters: {
      claimed: Number(row.claimed),
      budgetClaims: Number(row.budget_claims),
      perShopperLimit: Number(row.per_shopper_limit),
      budgetDiscount: row.budget_discount === null ? undefined : Number(row.budget_discount),
      discountReserved: Number(row.discount_reserved),
      discountRedeemed: Number(row.discount_redeemed),
      redeemedCount: Number(row.redeemed_count),
      revoked: Number(row.revoked_count),
    },
    coupons: {
      count: couponCounts.get(row.id) ?? 0,
      maxPerShopper: maxPerShopper.get(row.id) ?? 0,
      revoked: couponsRevoked.get(row.id) ?? 0,
    },
    reservations: {
      reservedAmount: reservedAmount.get(row.id) ?? 0,
      redeemedAmount: redeemedAmount.get(row.id) ?? 0,
      redeemedCount: redeemedCount.get(row.id) ?? 0,
    },
    ledger: {
      claimed: ledgerClaimed.get(row.id) ?? 0,
      revoked: ledgerRevoked.get(row.id) ?? 0,
      reservedAmount: ledgerReserved.get(row.id) ?? 0,
      redeemedAmount: ledgerRedeemed.get(row.id) ?? 0,
      redeemedCount: ledgerRedeemedCount.get(row.id) ?? 0,
    },
  }));
}
