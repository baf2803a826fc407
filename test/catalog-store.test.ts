import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { buildProduct } from '../src/catalog/build-product.js';
import type { CatalogStore } from '../src/catalog/catalog-store.js';
import type { ProductInput } from '../src/catalog/product-input.js';
import { isAppError } from '../src/shared/app-error.js';
import type { Db } from '../src/storage/dialect.js';
import { createSqlCatalogStore } from '../src/storage/sql/catalog-store.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

function makeInput(overrides: Partial<ProductInput> = {}): ProductInput {
  return {
    id: 'prd_tee',
    title: 'Cotton Tee',
    description: 'A soft tee',
    category: 'clothing',
    brand: 'Rushwear',
    tags: ['cotton'],
    attributes: { material: 'cotton' },
    rating: 4.5,
    images: ['https://cdn.example.com/tee.jpg'],
    variants: [
      { options: { color: 'red', size: 'M' }, price: { amount: 1999, currency: 'USD' }, stock: 5 },
      { options: { color: 'blue', size: 'M' }, price: { amount: 2099, currency: 'USD' }, stock: 0 },
    ],
    ...overrides,
  };
}

for (const fixture of STORES) {
  describe.skipIf(fixture.skipReason !== undefined)(`catalog store on ${fixture.name}`, () => {
    let database: FreshDatabase;
    let db: Db;
    let store: CatalogStore;
    beforeAll(async () => {
      database = await fixture.freshDatabase();
      db = await database.open();
      store = createSqlCatalogStore(db);
    });
    afterAll(async () => {
      await db?.close();
      await database?.dispose();
    });
    beforeEach(async () => {
      await db.kysely.deleteFrom('variants').execute();
      await db.kysely.deleteFrom('products').execute();
    });

    it('round-trips a product with its variants in order', async () => {
      const product = buildProduct(makeInput(), 1_000);
      await store.upsertProducts([product]);
      expect(await store.findProduct('prd_tee')).toEqual(product);
      expect(await store.countProducts()).toBe(1);
      expect(await store.findProduct('nope')).toBeUndefined();
    });

    it('replaces variants on upsert, keeping the ids of those that stay and dropping the rest', async () => {
      const first = buildProduct(makeInput(), 1_000);
      await store.upsertProducts([first]);
      const second = buildProduct(
        makeInput({
          title: 'Cotton Tee v2',
          variants: [
            { options: { color: 'red', size: 'M' }, price: { amount: 1799, currency: 'USD' }, stock: 9 },
          ],
        }),
        2_000,
        first,
      );
      await store.upsertProducts([second]);
      const stored = await store.findProduct('prd_tee');
      expect(stored?.title).toBe('Cotton Tee v2');
      expect(stored?.createdAt).toBe(1_000);
      expect(stored?.variants.map((variant) => variant.id)).toEqual([first.variants[0]?.id]);
      expect(stored?.variants[0]?.price).toEqual({ amount: 1799, currency: 'USD' });
      expect(await store.findVariants([first.variants[1]?.id ?? ''])).toEqual([]);
    });

    it('writes all products or none when one variant id belongs to another product', async () => {
      const tee = buildProduct(makeInput(), 1_000);
      await store.upsertProducts([tee]);
      const thief = buildProduct(
        makeInput({
          id: 'prd_thief',
          variants: [{ id: tee.variants[0]?.id, price: { amount: 1, currency: 'USD' }, stock: 1 }],
        }),
        2_000,
      );
      const innocent = buildProduct(makeInput({ id: 'prd_innocent' }), 2_000);
      const error = await store.upsertProducts([innocent, thief]).catch((caught: unknown) => caught);
      expect(isAppError(error, 'IMPORT_FAILED')).toBe(true);
      expect(await store.findProduct('prd_innocent')).toBeUndefined();
      expect(await store.countProducts()).toBe(1);
    });

    it('finds variants with their product facts, ignoring unknown ids', async () => {
      const tee = buildProduct(makeInput(), 1_000);
      await store.upsertProducts([tee]);
      const ids = tee.variants.map((variant) => variant.id);
      const found = await store.findVariants([...ids, 'var_missing', ids[0] ?? '']);
      expect(found).toHaveLength(2);
      expect(found.find((variant) => variant.id === ids[0])).toMatchObject({
        productId: 'prd_tee',
        productTitle: 'Cotton Tee',
        category: 'clothing',
        brand: 'Rushwear',
        options: { color: 'red', size: 'M' },
        stock: 5,
      });
    });

    it('lists products in id pages and finds several at once', async () => {
      const products = Array.from({ length: 7 }, (_, index) =>
        buildProduct(makeInput({ id: `prd_${String(index).padStart(2, '0')}` }), 1_000),
      );
      let progress = 0;
      await store.upsertProducts(products, (done) => {
        progress = done;
      });
      expect(progress).toBe(7);
      const first = await store.listProducts({ limit: 3 });
      const second = await store.listProducts({ after: first.at(-1)?.id, limit: 10 });
      expect([...first, ...second].map((product) => product.id)).toEqual(
        products.map((product) => product.id),
      );
      expect(second[0]?.variants).toHaveLength(2);
      const some = await store.findProducts(['prd_01', 'prd_05', 'prd_99']);
      expect(some.map((product) => product.id).sort()).toEqual(['prd_01', 'prd_05']);
    });

    it('updates details without touching variants or stock', async () => {
      const tee = buildProduct(makeInput(), 1_000);
      await store.upsertProducts([tee]);
      await store.setStock(tee.variants[0]?.id ?? '', 42, 1_500);
      const { variants: _variants, ...details } = tee;
      expect(await store.updateDetails({ ...details, title: 'Renamed', updatedAt: 2_000 })).toBe(true);
      const stored = await store.findProduct('prd_tee');
      expect(stored?.title).toBe('Renamed');
      expect(stored?.variants[0]?.stock).toBe(42);
      expect(await store.updateDetails({ ...details, id: 'prd_missing' })).toBe(false);
    });

    it('sets stock, and the database refuses negative stock', async () => {
      const tee = buildProduct(makeInput(), 1_000);
      await store.upsertProducts([tee]);
      const id = tee.variants[1]?.id ?? '';
      expect((await store.setStock(id, 12, 2_000))?.stock).toBe(12);
      expect(await store.setStock('var_missing', 1, 2_000)).toBeUndefined();
      await expect(store.setStock(id, -1, 2_000)).rejects.toThrow();
      expect((await store.findVariants([id]))[0]?.stock).toBe(12);
    });

    it('deletes a product with its variants', async () => {
      const tee = buildProduct(makeInput(), 1_000);
      await store.upsertProducts([tee]);
      expect(await store.deleteProduct('prd_tee')).toBe(true);
      expect(await store.deleteProduct('prd_tee')).toBe(false);
      expect(await store.findVariants(tee.variants.map((variant) => variant.id))).toEqual([]);
      expect(await store.countProducts()).toBe(0);
    });

    it('writes a large import in one transaction', async () => {
      const products = Array.from({ length: 450 }, (_, index) =>
        buildProduct(makeInput({ id: `prd_bulk_${index}`, title: `Bulk ${index}` }), 1_000),
      );
      await store.upsertProducts(products);
      expect(await store.countProducts()).toBe(450);
      const variantIds = products.flatMap((product) => product.variants.map((variant) => variant.id));
      expect(await store.findVariants(variantIds)).toHaveLength(900);
    });
  });
}
