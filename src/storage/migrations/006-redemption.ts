import type { Kysely } from 'kysely';

/**
 * Redemption: `reserved_count` holds the uses reserved by unpaid orders, so a shared code's
 * usage limit (`redeemed_count + reserved_count <= budget_claims`) is one conditional update
 * that concurrent checkouts cannot overrun. Indexes serve the per-shopper use count of a shared
 * code and the expiry sweep.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('campaigns')
    .addColumn('reserved_count', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema
    .createIndex('coupon_reservations_campaign_shopper')
    .on('coupon_reservations')
    .columns(['campaign_id', 'shopper_id'])
    .execute();
  await db.schema.createIndex('coupons_expiry').on('coupons').columns(['status', 'expires_at']).execute();
}
