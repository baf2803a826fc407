import type { Kysely } from 'kysely';

/**
 * `test_payment_cards`: the cards the built-in test provider saved, by token. Like a processor's
 * vault it answers a token for a card, but it keeps no card number: only which documented test
 * card it is (`succeeds`, `declined`, ... or `unknown`) and the last 4 digits. Tokens belong to
 * the shopper they were issued to.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('test_payment_cards')
    .addColumn('token', 'text', (column) => column.primaryKey())
    .addColumn('shopper_id', 'text', (column) => column.notNull())
    .addColumn('card', 'text', (column) => column.notNull())
    .addColumn('last4', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
}
