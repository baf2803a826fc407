import type { Kysely } from 'kysely';

/**
 * Shopper verification and fraud defences:
 * - `verified_emails`: a normalised address belongs to one shopper (the primary key says so);
 * - `email_codes`: the one-time code last sent to an address, hashed, with its attempts;
 * - `fraud_settings`: the merchant's rule thresholds, one JSON row;
 * - `fraud_reviews`: claims a rule challenged or denied, for the console's review queue;
 * - `test_payment_cards.fingerprint`: the test provider's card fingerprint, for the rule that
 *   counts shoppers per card at checkout;
 * - `campaigns.revoked_count`: coupons clawed back. A revocation gives its claim back to the
 *   budget by raising `budget_claims` with it, so `claimed` keeps only growing and every budget
 *   check (the CHECK constraint, the batch's conditional update) stays as it was.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('campaigns')
    .addColumn('revoked_count', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('test_payment_cards').addColumn('fingerprint', 'text').execute();
  await db.schema
    .createTable('verified_emails')
    .addColumn('email_key', 'text', (column) => column.primaryKey())
    .addColumn('shopper_id', 'text', (column) => column.notNull().unique())
    .addColumn('email', 'text', (column) => column.notNull())
    .addColumn('verified_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('email_codes')
    .addColumn('email_key', 'text', (column) => column.primaryKey())
    .addColumn('shopper_id', 'text', (column) => column.notNull())
    .addColumn('email', 'text', (column) => column.notNull())
    .addColumn('code_hash', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('sent_at', 'bigint', (column) => column.notNull())
    .addColumn('expires_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('fraud_settings')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('rules', 'text', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('fraud_reviews')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('shopper_id', 'text', (column) => column.notNull())
    .addColumn('campaign_id', 'text')
    // claim or checkout
    .addColumn('subject', 'text', (column) => column.notNull())
    // challenge or deny
    .addColumn('outcome', 'text', (column) => column.notNull())
    // JSON array of reason codes
    .addColumn('reasons', 'text', (column) => column.notNull())
    .addColumn('ip', 'text')
    .addColumn('device_id', 'text')
    // open, cleared or revoked
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('resolved_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('fraud_reviews_status')
    .on('fraud_reviews')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema.createIndex('fraud_reviews_shopper').on('fraud_reviews').column('shopper_id').execute();
}
