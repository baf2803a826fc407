import { type Kysely, sql } from 'kysely';

/** Products and variants; stock can never go below zero, whatever a query does. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('products')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('title', 'text', (column) => column.notNull())
    .addColumn('description', 'text', (column) => column.notNull().defaultTo(''))
    .addColumn('category', 'text', (column) => column.notNull())
    .addColumn('brand', 'text')
    .addColumn('tags', 'text', (column) => column.notNull().defaultTo('[]'))
    .addColumn('attributes', 'text', (column) => column.notNull().defaultTo('{}'))
    .addColumn('rating', 'double precision')
    .addColumn('images', 'text', (column) => column.notNull().defaultTo('[]'))
    .addColumn('created_at', 'bigint', (column) => column.notNull())
    .addColumn('updated_at', 'bigint', (column) => column.notNull())
    .execute();
  await db.schema.createIndex('products_category').on('products').column('category').execute();

  await db.schema
    .createTable('variants')
    .addColumn('id', 'text', (column) => column.primaryKey())
    .addColumn('product_id', 'text', (column) =>
      column.notNull().references('products.id').onDelete('cascade'),
    )
    .addColumn('sku', 'text')
    .addColumn('options', 'text', (column) => column.notNull().defaultTo('{}'))
    .addColumn('price_amount', 'bigint', (column) => column.notNull().check(sql`price_amount >= 0`))
    .addColumn('currency', 'text', (column) => column.notNull())
    .addColumn('stock', 'integer', (column) => column.notNull().check(sql`stock >= 0`))
    .addColumn('position', 'integer', (column) => column.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('variants_product').on('variants').column('product_id').execute();
}
