import type { Kysely, Selectable } from 'kysely';
import type { CatalogStore } from '../../catalog/catalog-store.js';
import type { Product, Variant, VariantWithProduct } from '../../catalog/product.js';
import { AppError } from '../../shared/app-error.js';
import type { Db } from '../dialect.js';
import type { Database } from '../schema.js';
import type { CatalogTables } from '../tables/catalog-tables.js';

type ProductRow = Selectable<CatalogTables['products']>;
type VariantRow = Selectable<CatalogTables['variants']>;

// Small enough that rows x columns stays far below SQLite's and PostgreSQL's bound-parameter limits.
const PRODUCT_CHUNK = 200;
const VARIANT_CHUNK = 400;
const ID_CHUNK = 500;

/** The catalog store over the SQL database; the same queries run on SQLite and PostgreSQL. */
export function createSqlCatalogStore(db: Db): CatalogStore {
  const kysely = db.kysely;

  async function variantsOf(
    executor: Kysely<Database>,
    productIds: readonly string[],
  ): Promise<VariantRow[]> {
    const rows: VariantRow[] = [];
    for (const ids of chunks(productIds, ID_CHUNK)) {
      rows.push(
        ...(await executor
          .selectFrom('variants')
          .selectAll()
          .where('product_id', 'in', ids)
          .orderBy('product_id')
          .orderBy('position')
          .orderBy('id')
          .execute()),
      );
    }
    return rows;
  }

  function assemble(products: readonly ProductRow[], variants: readonly VariantRow[]): Product[] {
    const byProduct = new Map<string, Variant[]>();
    for (const row of variants) {
      const list = byProduct.get(row.product_id) ?? [];
      list.push(toVariant(row));
      byProduct.set(row.product_id, list);
    }
    return products.map((row) => toProduct(row, byProduct.get(row.id) ?? []));
  }

  return {
    async upsertProducts(products, onProgress) {
      await kysely.transaction().execute(async (trx) => {
        let done = 0;
        for (const chunk of chunks(products, PRODUCT_CHUNK)) {
          await writeChunk(trx, chunk);
          done += chunk.length;
          onProgress?.(done, products.length);
        }
      });
    },

    async updateDetails(product) {
      const { id, created_at: _createdAt, ...fields } = toProductRow({ ...product, variants: [] });
      const result = await kysely.updateTable('products').set(fields).where('id', '=', id).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },

    async findProducts(ids) {
      const found: Product[] = [];
      for (const chunk of chunks([...new Set(ids)], ID_CHUNK)) {
        const rows = await kysely.selectFrom('products').selectAll().where('id', 'in', chunk).execute();
        found.push(
          ...assemble(
            rows,
            await variantsOf(
              kysely,
              rows.map((row) => row.id),
            ),
          ),
        );
      }
      return found;
    },

    async findProduct(id) {
      const row = await kysely.selectFrom('products').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) return undefined;
      return assemble([row], await variantsOf(kysely, [id]))[0];
    },

    async findVariants(ids) {
      const found: VariantWithProduct[] = [];
      for (const chunk of chunks([...new Set(ids)], ID_CHUNK)) {
        const rows = await kysely
          .selectFrom('variants')
          .innerJoin('products', 'products.id', 'variants.product_id')
          .selectAll('variants')
          .select(['products.title as product_title', 'products.category', 'products.brand'])
          .where('variants.id', 'in', chunk)
          .execute();
        for (const row of rows) {
          found.push({
            ...toVariant(row),
            productTitle: row.product_title,
            category: row.category,
            brand: row.brand,
          });
        }
      }
      return found;
    },

    async listProducts({ after, limit }) {
      let query = kysely.selectFrom('products').selectAll().orderBy('id').limit(limit);
      if (after !== undefined) query = query.where('id', '>', after);
      const rows = await query.execute();
      return assemble(
        rows,
        await variantsOf(
          kysely,
          rows.map((row) => row.id),
        ),
      );
    },

    async setStock(variantId, stock, now) {
      return kysely.transaction().execute(async (trx) => {
        const row = await trx
          .updateTable('variants')
          .set({ stock })
          .where('id', '=', variantId)
          .returningAll()
          .executeTakeFirst();
        if (row === undefined) return undefined;
        await trx.updateTable('products').set({ updated_at: now }).where('id', '=', row.product_id).execute();
        return toVariant(row);
      });
    },

    async deleteProduct(id) {
      return kysely.transaction().execute(async (trx) => {
        await trx.deleteFrom('variants').where('product_id', '=', id).execute();
        const result = await trx.deleteFrom('products').where('id', '=', id).executeTakeFirst();
        return Number(result.numDeletedRows) > 0;
      });
    },

    async countProducts() {
      const row = await kysely
        .selectFrom('products')
        .select((eb) => eb.fn.countAll<number | string>().as('count'))
        .executeTakeFirstOrThrow();
      return Number(row.count);
    },
  };
}

async function writeChunk(trx: Kysely<Database>, products: readonly Product[]): Promise<void> {
  const productIds = products.map((product) => product.id);
  const owner = new Map<string, string>();
  for (const product of products) for (const variant of product.variants) owner.set(variant.id, product.id);

  // Variants that exist under another product would be silently moved by an upsert: refuse instead.
  const existing: { id: string; product_id: string }[] = [];
  for (const ids of chunks([...owner.keys()], ID_CHUNK)) {
    existing.push(
      ...(await trx.selectFrom('variants').select(['id', 'product_id']).where('id', 'in', ids).execute()),
    );
  }
  const stolen = existing.filter((row) => owner.get(row.id) !== row.product_id);
  if (stolen.length > 0) {
    throw new AppError('IMPORT_FAILED', `Variant id ${stolen[0]?.id} already belongs to another product.`, {
      errors: stolen.slice(0, 20).map((row) => ({
        productId: owner.get(row.id),
        message: `variant ${row.id} belongs to product ${row.product_id}`,
      })),
    });
  }

  for (const rows of chunks(products, PRODUCT_CHUNK)) {
    await trx
      .insertInto('products')
      .values(rows.map(toProductRow))
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet((eb) => ({
          title: eb.ref('excluded.title'),
          description: eb.ref('excluded.description'),
          category: eb.ref('excluded.category'),
          brand: eb.ref('excluded.brand'),
          tags: eb.ref('excluded.tags'),
          attributes: eb.ref('excluded.attributes'),
          rating: eb.ref('excluded.rating'),
          images: eb.ref('excluded.images'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  // Drop the variants each product no longer lists, keeping the ids of those that stay (carts refer to them).
  const stale: string[] = [];
  for (const ids of chunks(productIds, ID_CHUNK)) {
    const rows = await trx.selectFrom('variants').select(['id']).where('product_id', 'in', ids).execute();
    for (const row of rows) if (!owner.has(row.id)) stale.push(row.id);
  }
  for (const ids of chunks(stale, ID_CHUNK))
    await trx.deleteFrom('variants').where('id', 'in', ids).execute();

  const variantRows = products.flatMap((product) => product.variants.map(toVariantRow));
  for (const rows of chunks(variantRows, VARIANT_CHUNK)) {
    await trx
      .insertInto('variants')
      .values(rows)
      .onConflict((conflict) =>
        conflict.column('id').doUpdateSet((eb) => ({
          sku: eb.ref('excluded.sku'),
          options: eb.ref('excluded.options'),
          price_amount: eb.ref('excluded.price_amount'),
          currency: eb.ref('excluded.currency'),
          stock: eb.ref('excluded.stock'),
          position: eb.ref('excluded.position'),
        })),
      )
      .execute();
  }
}

function toProductRow(product: Product): ProductRow {
  return {
    id: product.id,
    title: product.title,
    description: product.description,
    category: product.category,
    brand: product.brand,
    tags: JSON.stringify(product.tags),
    attributes: JSON.stringify(product.attributes),
    rating: product.rating,
    images: JSON.stringify(product.images),
    created_at: product.createdAt,
    updated_at: product.updatedAt,
  };
}

function toVariantRow(variant: Variant): VariantRow {
  return {
    id: variant.id,
    product_id: variant.productId,
    sku: variant.sku,
    options: JSON.stringify(variant.options),
    price_amount: variant.price.amount,
    currency: variant.price.currency,
    stock: variant.stock,
    position: variant.position,
  };
}

function toProduct(row: ProductRow, variants: readonly Variant[]): Product {
  return {
    id: row.id,
    title: row.title,
    description: row.description,
    category: row.category,
    brand: row.brand,
    tags: JSON.parse(row.tags) as string[],
    attributes: JSON.parse(row.attributes) as Record<string, string>,
    rating: row.rating === null ? null : Number(row.rating),
    images: JSON.parse(row.images) as string[],
    variants,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

function toVariant(row: VariantRow): Variant {
  return {
    id: row.id,
    productId: row.product_id,
    sku: row.sku,
    options: JSON.parse(row.options) as Record<string, string>,
    price: { amount: Number(row.price_amount), currency: row.currency },
    stock: Number(row.stock),
    position: Number(row.position),
  };
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const result: T[][] = [];
  for (let start = 0; start < items.length; start += size) result.push(items.slice(start, start + size));
  return result;
}
