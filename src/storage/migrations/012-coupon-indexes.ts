import { type Kysely, PostgresAdapter, sql } from 'kysely';
import { lateralProbeFunction } from './010-claim-probe-lateral.js';

/**
 * Coupons keep one B-tree keyed by the shopper instead of three. A crowd's shoppers are random
 * ids, so every claim wrote a random page in each of `(campaign, shopper, ordinal)`,
 * `(campaign, shopper, idempotency key)` and `(shopper)`, besides the random `code`; on SQLite
 * those pages, written again to the WAL at each commit and again at each checkpoint, were most of
 * a claim's cost (see docs/benchmarks.md).
 *
 * - `coupons_one_per_ordinal` becomes unique `(shopper, campaign, ordinal)`: still what makes the
 *   per-shopper limit hold, and it now also serves the wallet (`shopper_id = ?`), so the
 *   `coupons_shopper` index goes.
 * - `coupons_idempotency` goes: a claim's key is matched by the claim batch itself, which reads
 *   all of the shopper's coupons of the campaign under the campaign's write lock (SQLite's write
 *   lock, PostgreSQL's campaign row lock) before inserting, so two coupons with one key cannot both
 *   be written; with a limit of one the ordinal constraint refuses a second coupon anyway.
 * - `coupons_claimed_at` `(claimed_at, campaign)` serves the admin's recent coupons of a
 *   campaign (read backwards, campaign checked in the index), which the campaign-first unique
 *   index used to serve with a sort of the whole campaign; it grows at its right edge, so it
 *   costs a claim almost nothing. Not `(campaign, claimed_at)`: a plan made on an empty table
 *   took that one for the claim probe too (below).
 *
 * SQLite cannot drop a table constraint, so there the table is rebuilt (nothing references
 * `coupons` by foreign key); PostgreSQL alters it in place and gets the claim batch function of
 * 010 with its first-claim probe on the whole unique key (`ordinal = 1`: a shopper holds a coupon
 * of the campaign exactly when ordinal 1 exists). Probing `(campaign, shopper)` alone, a plan
 * made while `coupons` was empty chose the campaign-first index and read every coupon of the
 * campaign per batch, the trap 010 closed (test/postgres-claim-plan.test.ts caught it); an
 * equality on every column of a unique index is one row to the planner whatever the statistics.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`alter table coupons drop constraint coupons_one_per_ordinal, drop constraint coupons_idempotency`.execute(
      db,
    );
    await sql`drop index coupons_shopper`.execute(db);
    await sql`alter table coupons add constraint coupons_one_per_ordinal unique (shopper_id, campaign_id, ordinal)`.execute(
      db,
    );
    await sql.raw(fullKeyProbeFunction()).execute(db);
  } else {
    await db.schema
      .createTable('coupons_rebuilt')
      .addColumn('id', 'text', (column) => column.primaryKey())
      .addColumn('campaign_id', 'text', (column) => column.notNull().references('campaigns.id'))
      .addColumn('shopper_id', 'text', (column) => column.notNull())
      .addColumn('code', 'text', (column) => column.notNull().unique())
      .addColumn('ordinal', 'integer', (column) => column.notNull())
      .addColumn('status', 'text', (column) => column.notNull())
      .addColumn('idempotency_key', 'text', (column) => column.notNull())
      .addColumn('request_hash', 'text', (column) => column.notNull())
      .addColumn('claimed_at', 'bigint', (column) => column.notNull())
      .addColumn('expires_at', 'bigint')
      .addColumn('order_id', 'text')
      .addColumn('updated_at', 'bigint', (column) => column.notNull())
      .addUniqueConstraint('coupons_one_per_ordinal', ['shopper_id', 'campaign_id', 'ordinal'])
      .execute();
    await sql`insert into coupons_rebuilt (id, campaign_id, shopper_id, code, ordinal, status, idempotency_key,
        request_hash, claimed_at, expires_at, order_id, updated_at)
      select id, campaign_id, shopper_id, code, ordinal, status, idempotency_key, request_hash, claimed_at,
        expires_at, order_id, updated_at from coupons`.execute(db);
    await db.schema.dropTable('coupons').execute();
    await db.schema.alterTable('coupons_rebuilt').renameTo('coupons').execute();
    await db.schema.createIndex('coupons_expiry').on('coupons').columns(['status', 'expires_at']).execute();
  }
  await db.schema
    .createIndex('coupons_claimed_at')
    .on('coupons')
    .columns(['claimed_at', 'campaign_id'])
    .execute();
}

const CAMPAIGN_SHOPPER_PROBE = `        where c.campaign_id = p_campaign and c.shopper_id = i.shopper
        limit 1`;

const FULL_KEY_PROBE = `        where c.shopper_id = i.shopper and c.campaign_id = p_campaign and c.ordinal = 1
        limit 1`;

/** 010's function with the first-claim probe on the full unique key. */
function fullKeyProbeFunction(): string {
  const lateral = lateralProbeFunction();
  if (!lateral.includes(CAMPAIGN_SHOPPER_PROBE))
    throw new Error('012: the claim batch function of 010 is not the one this migration rewrites');
  return lateral.replace(CAMPAIGN_SHOPPER_PROBE, FULL_KEY_PROBE);
}
