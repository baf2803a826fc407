import type { Product } from '../product.js';
import type { FacetCount, PriceBucket, SearchFacets } from './search-types.js';
import type { IndexedVariant } from './variant-match.js';

/** Bucket edges in minor units; the last bucket is open-ended. */
export const PRICE_EDGES = [0, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000] as const;

const MAX_VALUES = 20;
const MAX_OPTION_NAMES = 12;

/** One matching product as facets see it: its variants and which of them pass the filters. */
export interface FacetInput {
  readonly product: Product;
  readonly variants: readonly IndexedVariant[];
  readonly evaluation: { readonly matches: readonly number[]; readonly lowestPrice: number };
}

/** Counts categories, brands, price buckets and option values over all matching products. */
export function computeFacets(matches: readonly FacetInput[]): SearchFacets {
  const categories = new Map<string, number>();
  const brands = new Map<string, number>();
  const buckets = PRICE_EDGES.map(() => 0);
  const optionCounts = new Map<string, number>();

  for (const { product, variants, evaluation } of matches) {
    const lowestPrice = evaluation.lowestPrice;
    increment(categories, product.category);
    if (product.brand !== null) increment(brands, product.brand);
    buckets[bucketOf(lowestPrice)] = (buckets[bucketOf(lowestPrice)] ?? 0) + 1;
    // A product counts once per option value however many of its variants carry it.
    const seen = new Set<string>();
    variants.forEach((variant, index) => {
      if ((evaluation.matches[index] ?? -1) < 0) return;
      for (const key of variant.facetKeys) seen.add(key);
    });
    for (const key of seen) increment(optionCounts, key);
  }

  const options = new Map<string, Map<string, number>>();
  for (const [key, count] of optionCounts) {
    const [name = '', value = ''] = key.split('\u0000');
    let values = options.get(name);
    if (values === undefined) {
      values = new Map();
      options.set(name, values);
    }
    values.set(value, count);
  }
  const optionFacets = [...options.entries()]
    .map(([name, values]) => ({ name, values, total: sum(values) }))
    .sort((a, b) => b.total - a.total || compare(a.name, b.name))
    .slice(0, MAX_OPTION_NAMES);
  return {
    category: top(categories),
    brand: top(brands),
    price: buckets
      .map(
        (count, index): PriceBucket => ({
          min: PRICE_EDGES[index] ?? 0,
          max: PRICE_EDGES[index + 1],
          count,
        }),
      )
      .filter((bucket) => bucket.count > 0),
    options: Object.fromEntries(optionFacets.map(({ name, values }) => [name, top(values)])),
  };
}

function bucketOf(amount: number): number {
  let bucket = 0;
  for (let index = 0; index < PRICE_EDGES.length; index += 1) {
    if (amount >= (PRICE_EDGES[index] ?? 0)) bucket = index;
  }
  return bucket;
}

function increment(counts: Map<string, number>, key: string): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function sum(counts: Map<string, number>): number {
  let total = 0;
  for (const count of counts.values()) total += count;
  return total;
}

function top(counts: Map<string, number>): FacetCount[] {
  return [...counts.entries()]
    .sort(([a, countA], [b, countB]) => countB - countA || compare(a, b))
    .slice(0, MAX_VALUES)
    .map(([value, count]) => ({ value, count }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
