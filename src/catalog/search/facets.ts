import type { FacetCount, PriceBucket, SearchFacets } from './search-types.js';

/** Bucket edges in minor units; the last bucket is open-ended. */
export const PRICE_EDGES = [0, 1_000, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000] as const;

const MAX_VALUES = 20;
const MAX_OPTION_NAMES = 12;

/** What a facet number stands for. */
const Kind = { Category: 0, Brand: 1, Option: 2 } as const;
type Kind = (typeof Kind)[keyof typeof Kind];

/**
 * Every facet value of the catalog (a category, a brand, an option name with a value) numbered
 * once, so counting a query's facets adds to an array instead of hashing strings per product.
 * Numbers are never reused; a value no product has any more just counts zero.
 */
export class FacetKeys {
  private readonly numbers = new Map<string, number>();
  readonly kinds: Kind[] = [];
  readonly names: string[] = [];
  readonly values: string[] = [];

  category(value: string): number {
    return this.number(Kind.Category, '', value);
  }

  brand(value: string): number {
    return this.number(Kind.Brand, '', value);
  }

  /** An option by its lower-cased name and value, as the facets report it. */
  option(name: string, value: string): number {
    return this.number(Kind.Option, name, value);
  }

  get size(): number {
    return this.kinds.length;
  }

  private number(kind: Kind, name: string, value: string): number {
    const key = `${kind}\u0000${name}\u0000${value}`;
    let found = this.numbers.get(key);
    if (found === undefined) {
      found = this.kinds.length;
      this.numbers.set(key, found);
      this.kinds.push(kind);
      this.names.push(name);
      this.values.push(value);
    }
    return found;
  }
}

/** A product's facet numbers, worked out once when it is indexed. */
export interface ProductFacetKeys {
  /** Its category's and (when it has one) brand's numbers. */
  readonly category: number;
  readonly brand: number | undefined;
  /** Per variant, its options' numbers. */
  readonly variants: readonly (readonly number[])[];
  /** All its variants' option numbers, each once: used when every variant passes. */
  readonly allVariants: readonly number[];
}

/** One matching product as facets see it. */
export interface FacetInput {
  readonly facetKeys: ProductFacetKeys;
  readonly evaluation: { readonly matches: readonly number[]; readonly lowestPrice: number };
  /** True when every variant passes the query's filters. */
  readonly allPass: boolean;
}

/** Counts categories, brands, price buckets and option values over all matching products. */
export function computeFacets(matches: readonly FacetInput[], keys: FacetKeys): SearchFacets {
  const counts = new Int32Array(keys.size);
  // For a product with several variants naming one value: the last product that counted it.
  const countedBy = new Int32Array(keys.size).fill(-1);
  const touched: number[] = [];
  const count = (key: number) => {
    if (counts[key] === 0) touched.push(key);
    counts[key] = (counts[key] as number) + 1;
  };
  const buckets = PRICE_EDGES.map(() => 0);

  matches.forEach((match, position) => {
    const { facetKeys } = match;
    count(facetKeys.category);
    if (facetKeys.brand !== undefined) count(facetKeys.brand);
    const bucket = bucketOf(match.evaluation.lowestPrice);
    buckets[bucket] = (buckets[bucket] ?? 0) + 1;
    if (match.allPass) {
      for (const key of facetKeys.allVariants) count(key);
      return;
    }
    // A product counts once per option value however many of its passing variants carry it.
    facetKeys.variants.forEach((variantKeys, index) => {
      if ((match.evaluation.matches[index] ?? -1) < 0) return;
      for (const key of variantKeys) {
        if (countedBy[key] === position) continue;
        countedBy[key] = position;
        count(key);
      }
    });
  });

  const categories: [string, number][] = [];
  const brands: [string, number][] = [];
  const options = new Map<string, [string, number][]>();
  for (const key of touched) {
    const entry: [string, number] = [keys.values[key] as string, counts[key] as number];
    const kind = keys.kinds[key];
    if (kind === Kind.Category) categories.push(entry);
    else if (kind === Kind.Brand) brands.push(entry);
    else {
      const name = keys.names[key] as string;
      const values = options.get(name);
      if (values === undefined) options.set(name, [entry]);
      else values.push(entry);
    }
  }
  const optionFacets = [...options.entries()]
    .map(([name, values]) => ({ name, values, total: values.reduce((sum, [, n]) => sum + n, 0) }))
    .sort((a, b) => b.total - a.total || compare(a.name, b.name))
    .slice(0, MAX_OPTION_NAMES);
  return {
    category: top(categories),
    brand: top(brands),
    price: buckets
      .map(
        (bucketCount, index): PriceBucket => ({
          min: PRICE_EDGES[index] ?? 0,
          max: PRICE_EDGES[index + 1],
          count: bucketCount,
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

function top(counts: [string, number][]): FacetCount[] {
  return counts
    .sort(([a, countA], [b, countB]) => countB - countA || compare(a, b))
    .slice(0, MAX_VALUES)
    .map(([value, count]) => ({ value, count }));
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
