import type { z } from 'zod';
import type { StockListener } from '../commerce/stock-listener.js';
import { AppError } from '../shared/app-error.js';
import { buildProduct, toProductInput } from './build-product.js';
import type { CatalogStore, ProgressListener } from './catalog-store.js';
import type { Product, Variant, VariantWithProduct } from './product.js';
import {
  type ProductInput,
  ProductInputSchema,
  type ProductPatch,
  ProductPatchSchema,
} from './product-input.js';
import { createSearchIndex, type SearchIndex } from './search/search-index.js';
import type { SearchQuery, SearchResult } from './search/search-types.js';

/** What an import wrote. */
export interface ImportSummary {
  readonly products: number;
  readonly created: number;
  readonly updated: number;
  readonly variants: number;
}

/** A page of products for the admin listing. */
export interface ProductPage {
  readonly products: readonly Product[];
  /** The id to pass as `after` for the next page, when there is one. */
  readonly nextAfter: string | undefined;
}

/** The catalog domain: products, variants, stock corrections, imports and search, kept in sync. */
export interface CatalogService extends StockListener {
  /** Builds the search index from the store; call once before serving. */
  start(): Promise<void>;
  search(query: SearchQuery): SearchResult;
  /** Moves whenever a search could answer differently (see SearchIndex.generation). */
  readonly searchGeneration: number;
  /** Throws PRODUCT_NOT_FOUND. */
  getProduct(id: string): Promise<Product>;
  findProduct(id: string): Promise<Product | undefined>;
  /** The variants that exist among `ids`, with product title, category and brand. */
  findVariants(ids: readonly string[]): Promise<VariantWithProduct[]>;
  /** Re-reads these variants (stock moved through checkout, cancel or return) into the search index. */
  stockChanged(variantIds: readonly string[]): Promise<void>;
  /** Re-reads these products into the search index (another node changed them). */
  productsChanged(productIds: readonly string[]): Promise<void>;
  /** Creates or replaces every product in one transaction: all are written or none (IMPORT_FAILED). */
  importProducts(input: readonly ProductInput[], onProgress?: ProgressListener): Promise<ImportSummary>;
  /** Throws VALIDATION_FAILED or PRODUCT_ALREADY_EXISTS. */
  createProduct(input: ProductInput): Promise<Product>;
  /** Merges a partial update; throws PRODUCT_NOT_FOUND or VALIDATION_FAILED. */
  updateProduct(id: string, patch: ProductPatch): Promise<Product>;
  /** Throws PRODUCT_NOT_FOUND. */
  deleteProduct(id: string): Promise<void>;
  /** Sets a variant's stock to an absolute count (an admin correction); throws VARIANT_NOT_FOUND. */
  setStock(variantId: string, stock: number): Promise<Variant>;
  listProducts(page: { after?: string | undefined; limit: number }): Promise<ProductPage>;
  countProducts(): Promise<number>;
}

const REBUILD_PAGE = 500;

/** The catalog service over a store, with an in-process search index it keeps current. */
export function createCatalogService(
  store: CatalogStore,
  options: { now?: () => number; index?: SearchIndex } = {},
): CatalogService {
  const now = options.now ?? Date.now;
  const index = options.index ?? createSearchIndex();

  async function getProduct(id: string): Promise<Product> {
    const product = await store.findProduct(id);
    if (product === undefined) throw new AppError('PRODUCT_NOT_FOUND', `No product has the id ${id}.`);
    return product;
  }

  async function write(products: readonly Product[], onProgress?: ProgressListener): Promise<void> {
    await store.upsertProducts(products, onProgress);
    for (const product of products) index.upsert(product);
  }

  return {
    async start() {
      let after: string | undefined;
      for (;;) {
        const page = await store.listProducts({ after, limit: REBUILD_PAGE });
        for (const product of page) index.upsert(product);
        if (page.length < REBUILD_PAGE) break;
        after = page.at(-1)?.id;
      }
    },

    search: (query) => index.search(query),

    get searchGeneration() {
      return index.generation;
    },

    getProduct,

    findProduct: (id) => store.findProduct(id),

    findVariants: (ids) => (ids.length === 0 ? Promise.resolve([]) : store.findVariants(ids)),

    async stockChanged(variantIds) {
      if (variantIds.length === 0) return;
      index.updateVariants(await store.findVariants(variantIds));
    },

    async productsChanged(productIds) {
      const found = await store.findProducts(productIds);
      const present = new Set(found.map((product) => product.id));
      for (const product of found) index.upsert(product);
      for (const id of productIds) if (!present.has(id)) index.remove(id);
    },

    async importProducts(input, onProgress) {
      const at = now();
      const ids = input.flatMap((product) => (product.id === undefined ? [] : [product.id]));
      const existing = new Map((await store.findProducts(ids)).map((product) => [product.id, product]));
      const products = input.map((product) =>
        buildProduct(product, at, product.id === undefined ? undefined : existing.get(product.id)),
      );
      await write(products, onProgress);
      const updated = products.filter((product) => existing.has(product.id)).length;
      return {
        products: products.length,
        created: products.length - updated,
        updated,
        variants: products.reduce((sum, product) => sum + product.variants.length, 0),
      };
    },

    async createProduct(input) {
      const valid = validate(ProductInputSchema, input);
      if (valid.id !== undefined && (await store.findProduct(valid.id)) !== undefined) {
        throw new AppError('PRODUCT_ALREADY_EXISTS', `A product with the id ${valid.id} already exists.`);
      }
      const product = buildProduct(valid, now());
      await write([product]);
      return product;
    },

    async updateProduct(id, patch) {
      const valid = validate(ProductPatchSchema, patch);
      const existing = await getProduct(id);
      const merged = buildProduct({ ...toProductInput(existing), ...valid }, now(), existing);
      if (valid.variants === undefined) {
        // Only the product's own fields change: never write back stock read a moment ago.
        const { variants: _variants, ...details } = merged;
        if (!(await store.updateDetails(details))) throw new AppError('PRODUCT_NOT_FOUND');
        const fresh = await getProduct(id);
        index.upsert(fresh);
        return fresh;
      }
      await write([merged]);
      return merged;
    },

    async deleteProduct(id) {
      if (!(await store.deleteProduct(id))) {
        throw new AppError('PRODUCT_NOT_FOUND', `No product has the id ${id}.`);
      }
      index.remove(id);
    },

    async setStock(variantId, stock) {
      if (!Number.isSafeInteger(stock) || stock < 0) {
        throw new AppError('VALIDATION_FAILED', 'Stock must be a non-negative integer.');
      }
      const variant = await store.setStock(variantId, stock, now());
      if (variant === undefined)
        throw new AppError('VARIANT_NOT_FOUND', `No variant has the id ${variantId}.`);
      index.updateVariants([variant]);
      return variant;
    },

    async listProducts(page) {
      const products = await store.listProducts({ after: page.after, limit: page.limit + 1 });
      const visible = products.slice(0, page.limit);
      return { products: visible, nextAfter: products.length > page.limit ? visible.at(-1)?.id : undefined };
    },

    countProducts: () => store.countProducts(),
  };
}

function validate<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message }));
  const first = issues[0];
  throw new AppError(
    'VALIDATION_FAILED',
    first === undefined ? undefined : `${first.path}: ${first.message}`,
    {
      issues,
    },
  );
}
