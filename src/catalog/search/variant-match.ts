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

/** For each query word, the option terms of the catalog that count as naming it (itself or a typo of it). */
export type OptionTermSets = readonly ReadonlySet<string>[];

/** Pre-analyzes a variant for matching. */
export function indexVariant(variant: Variant): IndexedVariant {
  const options = new Map<string, string>();
  for (const [name, value] of Object.entries(variant.options))
    options.set(name.toLowerCase(), value.toLowerCase());
  return {
    variant,
    options,
    terms: analyze(Object.values(variant.options).join(' ')),
  };
}

/**
 * Resolves typos once per query against the catalog's (small) option vocabulary, so matching a
 * variant is a few set look-ups instead of edit distances.
 */
export function optionTermSets(queryTerms: readonly string[], vocabulary: Iterable<string>): OptionTermSets {
  const sets = queryTerms.map(() => new Set<string>());
  for (const optionTerm of vocabulary) {
    queryTerms.forEach((term, index) => {
      const allowance = typoAllowance(term);
      if (
        optionTerm === term ||
        (allowance > 0 && boundedEditDistance(optionTerm, term, allowance) <= allowance)
      ) {
        sets[index]?.add(optionTerm);
      }
    });
  }
  return sets;
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

/** How many query words name one of the variant's option values. */
export function optionMatches(indexed: IndexedVariant, termSets: OptionTermSets): number {
  let matches = 0;
  for (const set of termSets) {
    if (set.size === 0) continue;
    for (const term of indexed.terms) {
      if (set.has(term)) {
        matches += 1;
        break;
      }
    }
  }
  return matches;
}

/** How one product's variants fare against a query. */
export interface VariantEvaluation {
  /** Per variant, in product order: -1 when it fails the filters, else how many query words it names. */
  readonly matches: readonly number[];
  /** The most query words any passing variant names. */
  readonly bestMatches: number;
  /** The lowest price among the best-matching passing variants. */
  readonly lowestPrice: number;
}

/** Evaluates a product's variants; undefined when none passes the filters. */
export function evaluateVariants(
  variants: readonly IndexedVariant[],
  filter: VariantFilter,
  termSets: OptionTermSets,
): VariantEvaluation | undefined {
  const matches: number[] = [];
  let bestMatches = -1;
  let lowestPrice = Number.POSITIVE_INFINITY;
  for (const indexed of variants) {
    if (!passesFilter(indexed, filter)) {
      matches.push(-1);
      continue;
    }
    const count = termSets.length === 0 ? 0 : optionMatches(indexed, termSets);
    matches.push(count);
    const price = indexed.variant.price.amount;
    if (count > bestMatches) {
      bestMatches = count;
      lowestPrice = price;
    } else if (count === bestMatches && price < lowestPrice) {
      lowestPrice = price;
    }
  }
  return bestMatches < 0 ? undefined : { matches, bestMatches, lowestPrice };
}

/**
 * Orders a product's variants for display: passing ones naming the most query words first, in
 * stock before sold out, cheaper before dearer; then the other passing ones; then the rest.
 */
export function orderVariants(
  variants: readonly IndexedVariant[],
  evaluation: VariantEvaluation,
): { ordered: Variant[]; matched: Variant[] } {
  const entries = variants.map((indexed, index) => ({
    variant: indexed.variant,
    matches: evaluation.matches[index] ?? -1,
  }));
  entries.sort(
    (a, b) =>
      b.matches - a.matches ||
      Number(b.variant.stock > 0) - Number(a.variant.stock > 0) ||
      a.variant.price.amount - b.variant.price.amount ||
      a.variant.position - b.variant.position,
  );
  return {
    ordered: entries.map((entry) => entry.variant),
    matched: entries
      .filter((entry) => entry.matches === evaluation.bestMatches)
      .map((entry) => entry.variant),
  };
}
