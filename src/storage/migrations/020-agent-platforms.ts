import type { Kysely } from 'kysely';

/**
 * `agent_platforms`: the outside agents a merchant lets shop, each with its own key (kept as a
 * SHA-256 hash, never in the clear), its own rate limit, the most it may spend in a UTC day
 * (`daily_budget` minor units of `budget_currency`; none when null) and whether it may shop now. An agent sends
 * its key in `X-API-Key` beside the shopper's token.
 *
 * `agent_buyers`: the shopper each buyer of an agent shops as, by the agent's own reference for
 * that buyer, so an agent holding only its key can open sessions for the people it acts for.
 *
 * `orders.agent_id`: the platform an order was placed through, when an agent named itself; null
 * for orders of the web, of our assistant, and of agents that sent no key.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('agent_platforms')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('name', 'text', (column) => column.notNull())
    .addColumn('key_hash', 'text', (column) => column.notNull().unique())
    .addColumn('key_hint', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('rate_points', 'integer', (column) => column.notNull())
    .addColumn('rate_seconds', 'integer', (column) => column.notNull())
    .addColumn('daily_budget', 'bigint')
    .addColumn('budget_currency', 'text')
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createTable('agent_buyers')
    .addColumn('agent_id', 'text', (column) => column.notNull())
    .addColumn('buyer_ref', 'text', (column) => column.notNull())
    .addColumn('shopper_id', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addPrimaryKeyConstraint('agent_buyers_pk', ['agent_id', 'buyer_ref'])
    .execute();
  await db.schema.alterTable('orders').addColumn('agent_id', 'text').execute();
  await db.schema.createIndex('orders_agent').on('orders').columns(['agent_id', 'created_at']).execute();
}
