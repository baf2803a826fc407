import type { Variant } from '../product.js';
import { analyze, boundedEditDistance, typoAllowance } from './analyze.js';

/** The variant-level filters of a query, normalized once per search. */
export interface VariantFilter {
  readonly minPrice: number | undefined;
  readonly maxPrice: number | undefined;
  readonly inStock: boolean;
  /** Lower-cased option name to the set of lower-cased accepted values. */
  readonly options: ReadonlyMap<string, ReadonlySet<string>>;
}

/** A variant with its option values pre-analyzed, as the index keeps it. */
export interface IndexedVariant {
  readonly variant: Variant;
  /** Lower-cased option name to lower-cased value. */
  readonly options: ReadonlyMap<string, string>;
  /** Analyzed terms of all the variant's option values. */
  readonly terms: readonly string[];
}

/** Pre-analyzes a variant for matching. */
export function indexVariant(variant: Variant): IndexedVariant {
  const options = new Map<string, string>();
  for (const [name, value] of Object.entries(variant.options))
    options.set(name.toLowerCase(), value.toLowerCase());
  return { variant, options, terms: analyze(Object.values(variant.options).join(' ')) };
}

/** True when the variant passes every variant-level filter. */
export function passesFilter(indexed: IndexedVariant, filter: VariantFilter): boolean {
  const { price, stock } = indexed.variant;
  if (filter.minPrice !== undefined && price.amount < filter.minPrice) return false;
  if (filter.maxPrice !== undefined && price.amount > filter.maxPrice) return false;
  if (filter.inStock && stock <= 0) return false;
  for (const [name, accepted] of filter.options) {
    const value = indexed.options.get(name);
    if (value === undefined || !accepted.has(value)) return false;
  }
  return true;
}

/** How many query terms name one of the variant's option values (a typo counts). */
export function optionMatches(indexed: IndexedVariant, queryTerms: readonly string[]): number {
  let matches = 0;
  for (const term of queryTerms) {
    const allowance = typoAllowance(term);
    for (const optionTerm of indexed.terms) {
      if (
        optionTerm === term ||
        (allowance > 0 && boundedEditDistance(optionTerm, term, allowance) <= allowance)
      ) {
        matches += 1;
        break;
      }
    }
  }
  return matches;
}

/** The outcome of matching one product's variants against a query. */
export interface VariantRanking {
  /** Variants in display order: best matches first. */
  readonly ordered: readonly Variant[];
  readonly matched: readonly Variant[];
  /** Every variant that passes the filters, in display order. */
  readonly passing: readonly Variant[];
  /** Query terms the best matched variant names; 0 when the query names no option value. */
  readonly bestMatches: number;
}

/**
 * Ranks a product's variants: those passing the filters that name the most query words come first,
 * in stock before sold out, cheaper before dearer. Undefined when no variant passes the filters.
 */
export function rankVariants(
  variants: readonly IndexedVariant[],
  filter: VariantFilter,
  queryTerms: readonly string[],
): VariantRanking | undefined {
  const scored = variants.map((indexed) => {
    const passes = passesFilter(indexed, filter);
    return {
      indexed,
      passes,
      matches: passes && queryTerms.length > 0 ? optionMatches(indexed, queryTerms) : 0,
    };
  });
  const passing = scored.filter((entry) => entry.passes);
  if (passing.length === 0) return undefined;
  const bestMatches = Math.max(...passing.map((entry) => entry.matches));
  scored.sort(
    (a, b) =>
      Number(b.passes) - Number(a.passes) ||
      b.matches - a.matches ||
      Number(b.indexed.variant.stock > 0) - Number(a.indexed.variant.stock > 0) ||
      a.indexed.variant.price.amount - b.indexed.variant.price.amount ||
      a.indexed.variant.position - b.indexed.variant.position,
  );
  const matched = scored
    .filter((entry) => entry.passes && entry.matches === bestMatches)
    .map((entry) => entry.indexed.variant);
  return {
    ordered: scored.map((entry) => entry.indexed.variant),
    matched,
    passing: scored.filter((entry) => entry.passes).map((entry) => entry.indexed.variant),
    bestMatches,
  };
}
