import type { Product, Variant, VariantWithProduct } from './product.js';

/** Reports how far a long write has come. */
export type ProgressListener = (done: number, total: number) => void;

/** Persists the catalog. Every method is one atomic step; `upsertProducts` writes all or nothing. */
export interface CatalogStore {
  /**
   * Creates or replaces products with their variants in one transaction: variants missing from a
   * product's new list are removed. Throws AppError IMPORT_FAILED when a variant id belongs to another product.
   */
  upsertProducts(products: readonly Product[], onProgress?: ProgressListener): Promise<void>;
  /**
   * Rewrites a product's own fields (title, description, ...) and leaves its variants, and so
   * their stock, untouched; false when there is no such product.
   */
  updateDetails(product: Omit<Product, 'variants'>): Promise<boolean>;
  findProduct(id: string): Promise<Product | undefined>;
  /** The products that exist among `ids`, in no particular order. */
  findProducts(ids: readonly string[]): Promise<Product[]>;
  /** The variants that exist among `ids`, with their product's title, category and brand. */
  findVariants(ids: readonly string[]): Promise<VariantWithProduct[]>;
  /** Products ordered by id after `after`, for building the search index and admin listings. */
  listProducts(page: { after?: string | undefined; limit: number }): Promise<Product[]>;
  /** Sets a variant's stock to an absolute count (admin correction); undefined when there is no such variant. */
  setStock(variantId: string, stock: number, now: number): Promise<Variant | undefined>;
  /** Removes a product and its variants; false when it did not exist. */
  deleteProduct(id: string): Promise<boolean>;
  countProducts(): Promise<number>;
}
