import { type Kysely, sql } from 'kysely';

/**
 * Campaigns, coupons, coupon reservations and the append-only coupon ledger. The CHECK
 * constraints restate invariant 1 in the schema: whatever a query does, the store refuses to
 * issue past the count budget or reserve past the money budget.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('campaigns')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('description', 'text', (column) => column.notNull().defaultTo(''))
    // The merchant's intent: draft, live, paused or ended; scheduled and exhausted are derived.
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('starts_at', 'bigint')
    .addColumn('ends_at', 'bigint')
    .addColumn('budget_claims', 'integer', (column) => column.notNull().check(sql`budget_claims >= 0`))
    .addColumn('claimed', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('currency', 'text')
    .addColumn('budget_discount', 'bigint')
    .addColumn('discount_reserved', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('discount_redeemed', 'bigint', (column) => column.notNull().defaultTo(0))
    .addColumn('redeemed_count', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('per_shopper_limit', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('eligibility', 'text', (column) => column.notNull().defaultTo('{}'))
    .addColumn('reward', 'text', (column) => column.notNull())
    .addColumn('scope', 'text', (column) => column.notNull().defaultTo('{"type":"all"}'))
    .addColumn('validity', 'text', (column) => column.notNull().defaultTo('{}'))
    .addColumn('stacking', 'text', (column) => column.notNull().defaultTo('exclusive'))
    // Set only for a shared public code campaign.
    .addColumn('code', 'text', (column) => column.unique())
    .addColumn('version', 'integer', (column) => column.notNull().defaultTo(1))
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .addCheckConstraint('campaigns_claims_within_budget', sql`claimed >= 0 and claimed <= budget_claims`)
    .addCheckConstraint(
      'campaigns_discount_within_budget',
      sql`discount_reserved >= 0 and discount_redeemed >= 0 and (budget_discount is null or discount_reserved + discount_redeemed <= budget_discount)`,
    )
    .execute();

  await db.schema
    .createTable('coupons')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('campaign_id', 'text', (column) => column.notNull().references('campaigns.id'))
    .addColumn('shopper_id', 'text', (column) => column.notNull())
    .addColumn('code', 'text', (column) => column.notNull().unique())
    // 1..per_shopper_limit: the unique index below is what makes the per-shopper limit hold.
    .addColumn('ordinal', 'integer', (column) => column.notNull())
    // available, reserved, redeemed, expired or revoked
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('idempotency_key', 'text', (column) => column.notNull())
    .addColumn('request_hash', 'text', (column) => column.notNull())
    .addColumn('claimed_at', 'bigint', (column) => column.notNull())
    .addColumn('expires_at', 'bigint')
    .addColumn('order_id', 'text')
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .addUniqueConstraint('coupons_one_per_ordinal', ['campaign_id', 'shopper_id', 'ordinal'])
    .addUniqueConstraint('coupons_idempotency', ['campaign_id', 'shopper_id', 'idempotency_key'])
    .execute();
  await db.schema.createIndex('coupons_shopper').on('coupons').column('shopper_id').execute();

  // One row per (order, campaign): what checkout reserved, so consume and release are keyed deltas.
  await db.schema
    .createTable('coupon_reservations')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('order_id', 'text', (column) => column.notNull())
    .addColumn('campaign_id', 'text', (column) => column.notNull().references('campaigns.id'))
    .addColumn('coupon_id', 'text')
    .addColumn('shopper_id', 'text', (column) => column.notNull())
    .addColumn('code', 'text', (column) => column.notNull())
    .addColumn('discount', 'bigint', (column) => column.notNull().check(sql`discount >= 0`))
    // reserved, redeemed or released
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .addUniqueConstraint('coupon_reservations_order_campaign', ['order_id', 'campaign_id'])
    .execute();
  await db.schema
    .createIndex('coupon_reservations_coupon')
    .on('coupon_reservations')
    .column('coupon_id')
    .execute();

  // Append-only: rows are inserted, never updated or deleted.
  await db.schema
    .createTable('coupon_ledger')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('at', 'bigint', (column) => column.notNull())
    .addColumn('campaign_id', 'text', (column) => column.notNull())
    .addColumn('coupon_id', 'text')
    .addColumn('shopper_id', 'text')
    .addColumn('order_id', 'text')
    // claimed, reserved, redeemed, released, expired or revoked
    .addColumn('event', 'text', (column) => column.notNull())
    .addColumn('amount', 'bigint')
    .execute();
  await db.schema.createIndex('coupon_ledger_campaign').on('coupon_ledger').column('campaign_id').execute();
}
