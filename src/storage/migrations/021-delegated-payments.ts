import type { Kysely } from 'kysely';

/**
 * `delegated_payment_tokens`: the shared payment tokens (`vt_...`) an agent gets from ACP's
 * delegated payment, each bound by its allowance to one checkout session, a currency, a maximum
 * amount and an expiry. The card behind it is the test provider's saved card (`card_token`); the
 * card number itself is never kept.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('delegated_payment_tokens')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('shopper_id', 'text', (column) => column.notNull())
    .addColumn('card_token', 'text', (column) => column.notNull())
    .addColumn('max_amount', 'bigint', (column) => column.notNull())
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('checkout_session_id', 'text', (column) => column.notNull())
    .addColumn('merchant_id', 'text', (column) => column.notNull())
    .addColumn('expires_at', 'bigint', (column) => column.notNull())
    .addColumn('metadata', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
}
