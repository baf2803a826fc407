import type { Kysely } from 'kysely';

/**
 * `agent_checkout_sessions`: checkout sessions an outside agent opens over the Agentic Commerce
 * Protocol. A session carries its own items, codes, buyer and address (as JSON) and never touches
 * the shopper's cart. `attempt_key` and `attempt_input` name the checkout a `complete` is running
 * (`status` = `completing`), so an attempt that crashed is finished by replaying exactly that
 * checkout instead of starting a second one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agent_checkout_sessions')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('shopper_id', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('state', 'text', (column) => column.notNull())
    .addColumn('order_id', 'text')
    .addColumn('attempt_key', 'text')
    .addColumn('attempt_input', 'text')
    .addColumn('attempt_started_at', 'bigint')
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .addColumn('expires_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('agent_checkout_sessions_shopper')
    .on('agent_checkout_sessions')
    .columns(['shopper_id', 'created_at'])
    .execute();
}
