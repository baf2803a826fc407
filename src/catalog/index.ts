/** The catalog domain's public surface: other domains import only from here. */
export type { CatalogService, ImportSummary, ProductPage } from './catalog-service.js';
export { createCatalogService } from './catalog-service.js';
export type { CatalogStore, ProgressListener } from './catalog-store.js';
export { parseCatalogJson } from './importers/parse-catalog-json.js';
export { parseShopifyCsv } from './importers/parse-shopify-csv.js';
export type { Product, Variant, VariantOptions, VariantWithProduct } from './product.js';
export {
  type ProductInput,
  ProductInputSchema,
  type ProductPatch,
  ProductPatchSchema,
  type VariantInput,
} from './product-input.js';
export { DEFAULT_SEARCH_LIMIT, MAX_SEARCH_LIMIT } from './search/search-index.js';
export type {
  FacetCount,
  PriceBucket,
  SearchFacets,
  SearchHit,
  SearchQuery,
  SearchResult,
  SearchSort,
} from './search/search-types.js';
export { SEARCH_SORTS } from './search/search-types.js';
export { demoCatalogPath, seedChineseDemoCatalog, seedDemoCatalog } from './seed-demo-catalog.js';
