import { type Kysely, sql } from 'kysely';

/**
 * `orders.coupons_released_at`: set once the coupons of a cancelled order (shopper cancel or an
 * expired checkout) are back in the wallet and the campaign's money budget. Until then the
 * reservation sweeper retries the release, which is idempotent, so a failure right after the
 * cancel (a store hiccup, a crash) no longer leaves the coupon spent for good. The partial index
 * holds only the orders still due.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('orders').addColumn('coupons_released_at', 'bigint').execute();
  await db.schema
    .createIndex('orders_coupon_release_due')
    .on('orders')
    .column('cancelled_at')
    .where(sql.ref('coupons_released_at'), 'is', null)
    .where(sql.ref('status'), '=', 'cancelled')
    .execute();
}
