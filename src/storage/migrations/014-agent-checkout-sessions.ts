import { type Kysely, sql } from 'kysely';

/**
 * `agent_checkout_sessions`: checkout sessions an outside agent opens over the Agentic Commerce
 * Protocol. A session carries its own items, codes, buyer and address (as JSON) and never touches
 * the shopper's cart. `attempt_key` and `attempt_input` name the checkout a `complete` is running
 * (`status` = `completing`), so an attempt that crashed is finished by replaying exactly that
 * checkout instead of starting a second one.
 *
 * `agent_webhook_deliveries`: the outbox of signed order events for the agent platform. A row is
 * written when the event happens and delivered, with retries, until the receiver answers 2xx.
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
  await db.schema
    .createIndex('agent_checkout_sessions_order')
    .on('agent_checkout_sessions')
    .column('order_id')
    .execute();
  await db.schema
    .createTable('agent_webhook_deliveries')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('url', 'text', (column) => column.notNull())
    .addColumn('body', 'text', (column) => column.notNull())
    .addColumn('attempts', 'integer', (column) => column.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'bigint', (column) => column.notNull())
    .addColumn('delivered_at', 'bigint')
    .addColumn('failed_at', 'bigint')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('agent_webhook_deliveries_due')
    .on('agent_webhook_deliveries')
    .column('next_attempt_at')
    .where(sql.ref('delivered_at'), 'is', null)
    .where(sql.ref('failed_at'), 'is', null)
    .execute();
}
