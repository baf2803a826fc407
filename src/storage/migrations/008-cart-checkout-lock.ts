import type { Kysely } from 'kysely';

/**
 * Per-cart checkout exclusivity: a checkout claims its shopper's cart by setting `checkout_id`
 * (its order id) and `checkout_started_at` with a conditional update that only succeeds while the
 * cart is free or its claim is older than the checkout timeout, so two checkouts of one cart with
 * different idempotency keys cannot both charge. Commit and compensation clear the claim.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('carts').addColumn('checkout_id', 'text').execute();
  await db.schema.alterTable('carts').addColumn('checkout_started_at', 'bigint').execute();
}
