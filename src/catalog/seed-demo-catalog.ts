import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CatalogService, ImportSummary } from './catalog-service.js';
import type { ProgressListener } from './catalog-store.js';
import { parseCatalogJson } from './importers/parse-catalog-json.js';

/** Where the committed demo catalog lives, found from this module both in `src/` and in `dist/src/`. */
export function demoCatalogPath(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 6; depth += 1) {
    const candidate = join(directory, 'data', 'demo-catalog.json');
    if (existsSync(candidate)) return candidate;
    directory = dirname(directory);
  }
  throw new Error('data/demo-catalog.json not found above the catalog module');
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
