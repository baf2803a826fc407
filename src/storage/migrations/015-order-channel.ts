import type { Kysely } from 'kysely';

/**
 * `orders.channel`: where the order was placed: `web` (the REST API, the storefront), `assistant`
 * (our chat), `mcp` or `acp` (an outside agent). Orders from before it were all placed on the web.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('orders')
    .addColumn('channel', 'text', (column) => column.notNull().defaultTo('web'))
    .execute();
}
