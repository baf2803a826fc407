import { type ProductInput, ProductInputSchema } from '../product-input.js';
import { type ImportProblem, importFailed, zodProblems } from './import-errors.js';

/**
 * Reads our own catalog format: an array of products, or `{ products: [...] }`, each in the admin
 * API's shape. Throws IMPORT_FAILED listing every bad product by its 1-based position.
 */
export function parseCatalogJson(document: unknown): ProductInput[] {
  const items = Array.isArray(document)
    ? document
    : isRecord(document) && Array.isArray(document.products)
      ? document.products
      : undefined;
  if (items === undefined) {
    throw importFailed([
      { row: 0, message: 'expected an array of products or an object with a "products" array' },
    ]);
  }
  if (items.length === 0) throw importFailed([{ row: 0, message: 'the file contains no products' }]);

  const problems: ImportProblem[] = [];
  const products: ProductInput[] = [];
  const ids = new Map<string, number>();
  items.forEach((item: unknown, index) => {
    const row = index + 1;
    const parsed = ProductInputSchema.safeParse(item);
    if (!parsed.success) {
      problems.push(...zodProblems(row, parsed.error));
      return;
    }
    const id = parsed.data.id;
    if (id !== undefined) {
      const earlier = ids.get(id);
      if (earlier !== undefined) {
        problems.push({ row, path: 'id', message: `product id ${id} already used by row ${earlier}` });
        return;
      }
      ids.set(id, row);
    }
    products.push(parsed.data);
  });
  if (problems.length > 0) throw importFailed(problems);
  return products;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
