import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CatalogService, ImportSummary } from './catalog-service.js';
import type { ProgressListener } from './catalog-store.js';
import { parseCatalogJson } from './importers/parse-catalog-json.js';

/**
 * Where a committed demo catalog lives (`demo-catalog.json`, or the Chinese slice
 * `demo-catalog-zh.json`), found from this module both in `src/` and in `dist/src/`.
 */
export function demoCatalogPath(file = 'demo-catalog.json'): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    const candidate = join(directory, 'data', file);
    if (existsSync(candidate)) return candidate;
    directory = dirname(directory);
  }
  throw new Error(`data/${file} not found above the catalog module`);
}

/** The first product of the Chinese demo slice: present means the slice was seeded. */
const CHINESE_SLICE_MARKER = 'prd_zh_001';

/**
 * Imports the Chinese demo slice (61 products in CNY, `data/demo-catalog-zh.json`) unless it is
 * there already, so a restart does not reset its stock. Answers undefined when nothing was seeded.
 */
export async function seedChineseDemoCatalog(
  catalog: CatalogService,
  options: { onProgress?: ProgressListener } = {},
): Promise<ImportSummary | undefined> {
  if ((await catalog.findProduct(CHINESE_SLICE_MARKER)) !== undefined) return undefined;
  const products = parseCatalogJson(
    JSON.parse(readFileSync(demoCatalogPath('demo-catalog-zh.json'), 'utf8')),
  );
  return catalog.importProducts(products, options.onProgress);
}

/**
 * Imports the demo catalog. With `onlyIfEmpty` it does nothing when the store already has products,
 * so every start may call it; the ids are fixed, so two nodes seeding at once write the same rows.
 */
export async function seedDemoCatalog(
  catalog: CatalogService,
  options: { onlyIfEmpty?: boolean; path?: string; onProgress?: ProgressListener } = {},
): Promise<ImportSummary | undefined> {
  if (options.onlyIfEmpty === true && (await catalog.countProducts()) > 0) return undefined;
  const products = parseCatalogJson(JSON.parse(readFileSync(options.path ?? demoCatalogPath(), 'utf8')));
  return catalog.importProducts(products, options.onProgress);
}
