import type { Money } from '../../shared/money.js';
import type { Product, Variant } from '../product.js';

/** How results are ordered. */
export type SearchSort = 'relevance' | 'price_asc' | 'price_desc' | 'rating';

/** The sorts a caller may ask for. */
export const SEARCH_SORTS = [
  'relevance',
  'price_asc',
  'price_desc',
  'rating',
] as const satisfies readonly SearchSort[];

/** A product search: free text plus explicit filters; prices in minor units. */
export interface SearchQuery {
  readonly text?: string | undefined;
  readonly category?: string | undefined;
  readonly brand?: string | undefined;
  readonly minPrice?: number | undefined;
  readonly maxPrice?: number | undefined;
  readonly inStock?: boolean | undefined;
  /** Option name to accepted values, e.g. `{ color: ['blue'], size: ['10', '10.5'] }`; case-insensitive. */
  readonly options?: Readonly<Record<string, readonly string[]>> | undefined;
  readonly sort?: SearchSort | undefined;
  readonly limit?: number | undefined;
  readonly offset?: number | undefined;
  /** Compute facets over all matching products (default true). */
  readonly facets?: boolean | undefined;
}

/** One product in the results, with its variants ordered so the ones matching the query come first. */
export interface SearchHit {
  readonly product: Product;
  readonly score: number;
  /** All the product's variants: matching ones first, then the others that pass the filters, then the rest. */
  readonly variants: readonly Variant[];
  /** Variants that pass the filters and best match the option words of the query (colour, size, material...). */
  readonly matchedVariantIds: readonly string[];
  /** The lowest price among the matched variants. */
  readonly price: Money;
}

/** A facet value and how many matching products have it. */
export interface FacetCount {
  readonly value: string;
  readonly count: number;
}

/** A price bucket in minor units: `min <= price < max` (no max for the last bucket). */
export interface PriceBucket {
  readonly min: number;
  readonly max: number | undefined;
  readonly count: number;
}

/** Counts over all matching products, for narrowing a search. */
export interface SearchFacets {
  readonly category: readonly FacetCount[];
  readonly brand: readonly FacetCount[];
  readonly price: readonly PriceBucket[];
  /** Option name to its most frequent values among matching variants. */
  readonly options: Readonly<Record<string, readonly FacetCount[]>>;
}

/** One page of results. */
export interface SearchResult {
  readonly hits: readonly SearchHit[];
  readonly total: number;
  /** Offset of the next page, when there is one. */
  readonly nextOffset: number | undefined;
  readonly facets: SearchFacets | undefined;
}
