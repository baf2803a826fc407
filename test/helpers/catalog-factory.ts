import { newId } from '../../src/shared/ids.js';
import type { Db } from '../../src/storage/dialect.js';

/** A variant a test created, with what it needs to assert on. */
export interface MadeVariant {
  readonly productId: string;
  readonly variantId: string;
  readonly price: number;
  readonly currency: string;
}

/**
 * Inserts a product with one variant straight into the catalog tables (no catalog service), e.g.
 * `makeVariant(db, { price: 1999, stock: 10 })`.
 */
export async function makeVariant(
  db: Db,
  options: {
    title?: string;
    category?: string;
    price?: number;
    currency?: string;
    stock?: number;
    options?: Record<string, string>;
  } = {},
): Promise<MadeVariant> {
  const now = Date.now();
  const productId = newId('prd');
  const variantId = newId('var');
  const price = options.price ?? 1999;
  const currency = options.currency ?? 'USD';
  await db.kysely
    .insertInto('products')
    .values({
      id: productId,
      title: options.title ?? 'Trail Runner',
      description: 'A test product.',
      category: options.category ?? 'shoes',
      brand: 'Testbrand',
      tags: '[]',
      attributes: '{}',
      rating: null,
      images: '[]',
      created_at: now,
      updated_at: now,
    })
    .execute();
  await db.kysely
    .insertInto('variants')
    .values({
      id: variantId,
      product_id: productId,
      sku: null,
      options: JSON.stringify(options.options ?? {}),
      price_amount: price,
      currency,
      stock: options.stock ?? 10,
      position: 0,
    })
    .execute();
  return { productId, variantId, price, currency };
}

/** The units of a variant on hand now. */
export async function stockOf(db: Db, variantId: string): Promise<number> {
  const row = await db.kysely
    .selectFrom('variants')
    .select('stock')
    .where('id', '=', variantId)
    .executeTakeFirstOrThrow();
  return Number(row.stock);
}
