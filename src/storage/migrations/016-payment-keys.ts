import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/**
 * Captures keyed for the provider by the client's Idempotency-Key, and the test provider's ledger.
 *
 * - `payments.provider_key`: the key a capture was sent to the provider under. It is derived from
 *   the shopper and the client's Idempotency-Key, so every attempt of one checkout (a retry after a
 *   timeout makes a new order) asks the provider under the same key, and the provider charges once.
 *   A capture row is written `pending` before the provider is called and settles as `succeeded`,
 *   `failed` (declined, or never charged) or `superseded` (another attempt's order holds the money).
 * - A unique index over the succeeded captures' provider keys: the money of one provider charge is
 *   recorded on one order, never two.
 * - `test_payment_ledger`: what the built-in test provider charged and refunded, kept as a processor
 *   keeps it on its side (written in its own transaction before it answers), so a lookup after a
 *   crash tells what happened and `rushcart verify` can compare the two books.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('payments').addColumn('provider_key', 'text').execute();
  await db.schema
    .createIndex('payments_capture_held')
    .on('payments')
    .column('provider_key')
    .unique()
    .where(sql<boolean>`kind = 'capture' and status = 'succeeded' and provider_key is not null`)
    .execute();

  await db.schema
    .createTable('test_payment_ledger')
    .addColumn('key', 'text', (column) => column.primaryKey())
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('outcome', 'text', (column) => column.notNull())
    .addColumn('reference', 'text')
    .addColumn('capture_reference', 'text')
    .addColumn('amount', 'bigint', (column) => column.notNull())
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('test_payment_ledger_capture')
    .on('test_payment_ledger')
    .column('capture_reference')
    .execute();
}
