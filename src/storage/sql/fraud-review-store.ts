import type { FraudReview, ReviewStore } from '../../fraud/review-queue.js';
import type { RiskReason } from '../../fraud/risk-settings.js';
import { newId } from '../../shared/ids.js';
import type { Db } from '../dialect.js';

/** The review queue and clawbacks over the SQL database (both dialects). */
export function createSqlReviewStore(db: Db): ReviewStore {
  const kysely = db.kysely;
  return {
    async record(review) {
      await kysely
        .insertInto('fraud_reviews')
        .values({
          id: newId('rev'),
          shopper_id: review.shopperId,
          campaign_id: review.campaignId ?? null,
          subject: review.subject,
          outcome: review.outcome,
          reasons: JSON.stringify(review.reasons),
          ip: review.ip ?? null,
          device_id: review.deviceId ?? null,
          status: 'open',
          created_at: review.createdAt,
          resolved_at: null,
        })
        .execute();
    },
    async list({ status, limit, before }) {
      let query = kysely.selectFrom('fraud_reviews').selectAll();
      if (status !== undefined) query = query.where('status', '=', status);
      if (before !== undefined) query = query.where('created_at', '<', before);
      const rows = await query.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
      return rows.map(toReview);
    },
    async find(id) {
      const row = await kysely
        .selectFrom('fraud_reviews')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirst();
      return row === undefined ? undefined : toReview(row);
    },
    async resolve({ id, shopperId }, status, at) {
      let query = kysely
        .updateTable('fraud_reviews')
        .set({ status, resolved_at: at })
        .where('status', '=', 'open');
      if (id !== undefined) query = query.where('id', '=', id);
      if (shopperId !== undefined) query = query.where('shopper_id', '=', shopperId);
      const result = await query.executeTakeFirst();
      return Number(result.numUpdatedRows);
    },
    async revokeCoupons(shopperId, at) {
      return kysely.transaction().execute(async (trx) => {
        // The status condition makes a revocation and a checkout's reservation exclusive: a
        // coupon an order took in the meantime is not touched.
        const revoked = await trx
          .updateTable('coupons')
          .set({ status: 'revoked', updated_at: at })
          .where('shopper_id', '=', shopperId)
          .where('status', '=', 'available')
          .returning(['id', 'campaign_id'])
          .execute();
        const kept = await trx
          .selectFrom('coupons')
          .select((eb) => eb.fn.countAll<number>().as('count'))
          .where('shopper_id', '=', shopperId)
          .where('status', 'in', ['reserved', 'redeemed'])
          .executeTakeFirstOrThrow();
        const perCampaign = new Map<string, number>();
        for (const row of revoked)
          perCampaign.set(row.campaign_id, (perCampaign.get(row.campaign_id) ?? 0) + 1);
        for (const [campaignId, count] of [...perCampaign].sort(([a], [b]) => a.localeCompare(b))) {
          await trx
            .updateTable('campaigns')
            .set((eb) => ({
              budget_claims: eb('budget_claims', '+', count),
              revoked_count: eb('revoked_count', '+', count),
              version: eb('version', '+', 1),
              updated_at: at,
            }))
            .where('id', '=', campaignId)
            .execute();
        }
        if (revoked.length > 0) {
          await trx
            .insertInto('coupon_ledger')
            .values(
              revoked.map((row) => ({
                id: newId('led'),
                at,
                campaign_id: row.campaign_id,
                coupon_id: row.id,
                shopper_id: shopperId,
                order_id: null,
                event: 'revoked',
                amount: null,
              })),
            )
            .execute();
        }
        return {
          shopperId,
          revoked: revoked.map((row) => ({ couponId: row.id, campaignId: row.campaign_id })),
          kept: Number(kept.count),
        };
      });
    },
    async shopperExists(shopperId) {
      const row = await kysely
        .selectFrom('shoppers')
        .select('id')
        .where('id', '=', shopperId)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}

function toReview(row: {
  id: string;
  shopper_id: string;
  campaign_id: string | null;
  subject: string;
  outcome: string;
  reasons: string;
  ip: string | null;
  device_id: string | null;
  status: string;
  created_at: number;
  resolved_at: number | null;
}): FraudReview {
  return {
    id: row.id,
    shopperId: row.shopper_id,
    campaignId: row.campaign_id ?? undefined,
    subject: row.subject as FraudReview['subject'],
    outcome: row.outcome as FraudReview['outcome'],
    reasons: JSON.parse(row.reasons) as RiskReason[],
    ip: row.ip ?? undefined,
    deviceId: row.device_id ?? undefined,
    status: row.status as FraudReview['status'],
    createdAt: Number(row.created_at),
    resolvedAt: row.resolved_at === null ? undefined : Number(row.resolved_at),
  };
}
