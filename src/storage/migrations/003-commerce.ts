import type { Kysely } from 'kysely';
import { sql } from 'kysely';

/** Carts, orders, stock reservations, payments and returns. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('carts')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('shopper_id', 'text', (column) => column.notNull().unique())
    .addColumn('coupon_codes', 'text', (column) => column.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();

  await db.schema
    .createTable('cart_lines')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('cart_id', 'text', (column) => column.notNull().references('carts.id').onDelete('cascade'))
    .addColumn('variant_id', 'text', (column) => column.notNull())
    .addColumn('quantity', 'integer', (column) => column.notNull().check(sql`quantity > 0`))
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addUniqueConstraint('cart_lines_cart_variant', ['cart_id', 'variant_id'])
    .execute();

  await db.schema
    .createTable('orders')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('shopper_id', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('cancel_reason', 'text')
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('subtotal', 'bigint', (column) => column.notNull().check(sql`subtotal >= 0`))
    .addColumn('discount', 'bigint', (column) => column.notNull().check(sql`discount >= 0`))
    .addColumn('shipping', 'bigint', (column) => column.notNull().check(sql`shipping >= 0`))
    .addColumn('total', 'bigint', (column) => column.notNull().check(sql`total >= 0`))
    .addColumn('coupons', 'text', (column) => column.notNull().defaultTo('[]'))
    .addColumn('shipping_address', 'text', (column) => column.notNull())
    .addColumn('payment_method', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .addColumn('placed_at', 'bigint')
    .addColumn('paid_at', 'bigint')
    .addColumn('fulfilled_at', 'bigint')
    .addColumn('delivered_at', 'bigint')
    .addColumn('cancelled_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('orders_shopper_placed')
    .on('orders')
    .columns(['shopper_id', 'placed_at'])
    .execute();
  await db.schema
    .createIndex('orders_status_created')
    .on('orders')
    .columns(['status', 'created_at'])
    .execute();

  await db.schema
    .createTable('order_lines')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('order_id', 'text', (column) => column.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('position', 'integer', (column) => column.notNull())
    .addColumn('variant_id', 'text', (column) => column.notNull())
    .addColumn('product_id', 'text', (column) => column.notNull())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('category', 'text', (column) => column.notNull())
    .addColumn('options', 'text', (column) => column.notNull().defaultTo('{}'))
    .addColumn('unit_price', 'bigint', (column) => column.notNull().check(sql`unit_price >= 0`))
    .addColumn('quantity', 'integer', (column) => column.notNull().check(sql`quantity > 0`))
    .addColumn('discount', 'bigint', (column) => column.notNull().check(sql`discount >= 0`))
    .addColumn('paid_amount', 'bigint', (column) => column.notNull().check(sql`paid_amount >= 0`))
    .execute();
  await db.schema.createIndex('order_lines_order').on('order_lines').column('order_id').execute();

  await db.schema
    .createTable('stock_reservations')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('order_id', 'text', (column) => column.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('variant_id', 'text', (column) => column.notNull())
    .addColumn('quantity', 'integer', (column) => column.notNull().check(sql`quantity > 0`))
    .addColumn('state', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('released_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('stock_reservations_order')
    .on('stock_reservations')
    .column('order_id')
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('order_id', 'text', (column) => column.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('kind', 'text', (column) => column.notNull())
    .addColumn('effect_key', 'text', (column) => column.notNull().unique())
    .addColumn('return_id', 'text')
    .addColumn('provider', 'text', (column) => column.notNull())
    .addColumn('provider_reference', 'text')
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('amount', 'bigint', (column) => column.notNull().check(sql`amount >= 0`))
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('completed_at', 'bigint')
    .execute();
  await db.schema.createIndex('payments_order').on('payments').column('order_id').execute();
  await db.schema.createIndex('payments_status').on('payments').columns(['status', 'created_at']).execute();

  await db.schema
    .createTable('order_returns')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('order_id', 'text', (column) => column.notNull().references('orders.id').onDelete('cascade'))
    .addColumn('shopper_id', 'text', (column) => column.notNull())
    .addColumn('status', 'text', (column) => column.notNull())
    .addColumn('reason', 'text', (column) => column.notNull())
    .addColumn('refund_amount', 'bigint', (column) => column.notNull().check(sql`refund_amount >= 0`))
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('received_at', 'bigint')
    .addColumn('refunded_at', 'bigint')
    .execute();
  await db.schema.createIndex('order_returns_order').on('order_returns').column('order_id').execute();

  await db.schema
    .createTable('order_return_lines')
    .addColumn('return_id', 'text', (column) =>
      column.notNull().references('order_returns.id').onDelete('cascade'),
    )
    .addColumn('order_line_id', 'text', (column) => column.notNull().unique())
    .addColumn('variant_id', 'text', (column) => column.notNull())
    .addColumn('quantity', 'integer', (column) => column.notNull())
    .addColumn('refund_amount', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema
    .createIndex('order_return_lines_return')
    .on('order_return_lines')
    .column('return_id')
    .execute();
}
