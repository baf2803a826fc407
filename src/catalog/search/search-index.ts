import type { Product, Variant } from '../product.js';
import { analyze, splitQueryWords } from './analyze.js';
import { computeFacets, type FacetInput, FacetKeys, type ProductFacetKeys } from './facets.js';
import { createImpactEngine } from './impact-engine.js';
import type { SearchFacets, SearchHit, SearchQuery, SearchResult } from './search-types.js';
import type { TextDocument, TextEngine } from './text-engine.js';
import {
  evaluateVariants,
  type IndexedVariant,
  indexVariant,
  type OptionTermSets,
  optionTermSets,
  orderVariants,
  type VariantEvaluation,
  type VariantFilter,
} from './variant-match.js';

/** How much a product gains when one of its variants names every query word (colour, size, ...). */
const OPTION_MATCH_BOOST = 1;
/**
 * Text queries rank at most this many products (the best by text score) before filters and facets:
 * past it, extra candidates only cost time; `total` then counts within them.
 */
export const MAX_TEXT_CANDIDATES = 2_000;
/** How many browse orders (category and sort) are kept at once. */
const MAX_BROWSE_CACHE = 256;
/** Page size when the query does not say. */
export const DEFAULT_SEARCH_LIMIT = 20;
/** The largest page a query may ask for. */
export const MAX_SEARCH_LIMIT = 100;

/** The in-process product index: full text, filters, facets and variant ranking over the whole catalog. */
export interface SearchIndex {
  /** Adds or replaces a product. */
  upsert(product: Product): void;
  remove(productId: string): void;
  /** Refreshes variants whose stock or price changed without touching their text. */
  updateVariants(variants: readonly Variant[]): void;
  search(query: SearchQuery): SearchResult;
  readonly size: number;
  /**
   * Moves on every change of what a search can return (a product added, replaced or removed, a
   * variant's stock or price): an answer computed at one generation holds until it moves.
   */
  readonly generation: number;
}

interface Entry {
  readonly product: Product;
  readonly variants: readonly IndexedVariant[];
  readonly category: string;
  readonly brand: string | undefined;
  /** How the variants fare against a query with no variant filter and no option word: all pass. */
  readonly plain: VariantEvaluation;
  readonly facetKeys: ProductFacetKeys;
}

interface Match extends FacetInput {
  readonly product: Product;
  readonly variants: readonly IndexedVariant[];
  readonly evaluation: VariantEvaluation;
  readonly score: number;
}

/** Builds an empty index over the given text engine (our impact index unless told otherwise). */
export function createSearchIndex(engine: TextEngine = createImpactEngine()): SearchIndex {
  const entries = new Map<string, Entry>();
  const productOfVariant = new Map<string, string>();
  // Every analyzed option term in the catalog with how many variants use it; typos resolve against it.
  const optionVocabulary = new Map<string, number>();
  // A query word's option terms (itself and its typos) until the vocabulary changes: resolving
  // them costs an edit distance per option term, on every query.
  const optionSetCache = new Map<string, ReadonlySet<string>>();
  const optionSets = (terms: readonly string[]): OptionTermSets =>
    terms.map((term) => {
      let found = optionSetCache.get(term);
      if (found === undefined) {
        found = optionTermSets([term], optionVocabulary.keys())[0] ?? new Set();
        if (optionSetCache.size >= 10_000) optionSetCache.clear();
        optionSetCache.set(term, found);
      }
      return found;
    });
  // Lower-cased category to its products, so browsing a category does not scan the whole catalog.
  const byCategory = new Map<string, Map<string, Entry>>();
  const facetKeys = new FacetKeys();
  const browseCache = new Map<string, { generation: number; sorted: Match[]; facets: SearchFacets }>();

  let generation = 0;

  function put(product: Product): void {
    generation += 1;
    const variants = product.variants.map(indexVariant);
    const variantKeys = variants.map((indexed) =>
      [...indexed.options].map(([name, value]) => facetKeys.option(name, value)),
    );
    const entry: Entry = {
      product,
      variants,
      category: product.category.toLowerCase(),
      brand: product.brand?.toLowerCase(),
      plain: {
        matches: variants.map(() => 0),
        bestMatches: 0,
        lowestPrice: Math.min(...variants.map((indexed) => indexed.variant.price.amount)),
      },
      facetKeys: {
        category: facetKeys.category(product.category),
        brand: product.brand === null ? undefined : facetKeys.brand(product.brand),
        variants: variantKeys,
        allVariants: [...new Set(variantKeys.flat())],
      },
    };
    entries.set(product.id, entry);
    let inCategory = byCategory.get(entry.category);
    if (inCategory === undefined) {
      inCategory = new Map();
      byCategory.set(entry.category, inCategory);
    }
    inCategory.set(product.id, entry);
    for (const variant of product.variants) productOfVariant.set(variant.id, product.id);
    for (const variant of variants) {
      for (const term of variant.terms) {
        const count = optionVocabulary.get(term) ?? 0;
        if (count === 0) optionSetCache.clear();
        optionVocabulary.set(term, count + 1);
      }
    }
  }

  function unput(productId: string): Entry | undefined {
    const entry = entries.get(productId);
    if (entry === undefined) return undefined;
    generation += 1;
    for (const variant of entry.product.variants) productOfVariant.delete(variant.id);
    for (const variant of entry.variants) {
      for (const term of variant.terms) {
        const count = (optionVocabulary.get(term) ?? 1) - 1;
        if (count <= 0) {
          optionVocabulary.delete(term);
          optionSetCache.clear();
        } else optionVocabulary.set(term, count);
      }
    }
    entries.delete(productId);
    const inCategory = byCategory.get(entry.category);
    inCategory?.delete(productId);
    if (inCategory?.size === 0) byCategory.delete(entry.category);
    return entry;
  }

  function drop(productId: string): void {
    if (unput(productId) !== undefined) engine.remove(productId);
  }

  return {
    upsert(product) {
      drop(product.id);
      put(product);
      engine.add(toTextDocument(product));
    },

    remove: drop,

    updateVariants(variants) {
      const byProduct = new Map<string, Variant[]>();
      for (const variant of variants) {
        if (productOfVariant.get(variant.id) !== variant.productId) continue;
        byProduct.set(variant.productId, [...(byProduct.get(variant.productId) ?? []), variant]);
      }
      for (const [productId, changed] of byProduct) {
        const entry = unput(productId);
        if (entry === undefined) continue;
        const replacements = new Map(changed.map((variant) => [variant.id, variant]));
        put({
          ...entry.product,
          variants: entry.product.variants.map((variant) => replacements.get(variant.id) ?? variant),
        });
      }
    },

    search(query) {
      const terms = analyze(query.text ?? '', splitQueryWords);
      const scores = terms.length > 0 ? engine.search(query.text ?? '', MAX_TEXT_CANDIDATES) : undefined;
      const filter = toVariantFilter(query);
      const termSets = optionSets(terms);
      const category = query.category?.toLowerCase();
      const brand = query.brand?.toLowerCase();

      // With no variant filter and no word naming an option, every variant passes: no need to look.
      const plain = isEmptyFilter(filter) && termSets.every((set) => set.size === 0);
      const matches: Match[] = [];
      const consider = (entry: Entry, textScore: number) => {
        if (category !== undefined && entry.category !== category) return;
        if (brand !== undefined && entry.brand !== brand) return;
        const evaluation = plain ? entry.plain : evaluateVariants(entry.variants, filter, termSets);
        if (evaluation === undefined) return;
        const optionShare = terms.length === 0 ? 0 : evaluation.bestMatches / terms.length;
        matches.push({
          product: entry.product,
          variants: entry.variants,
          evaluation,
          facetKeys: entry.facetKeys,
          allPass: evaluation === entry.plain,
          score: textScore * (1 + OPTION_MATCH_BOOST * optionShare),
        });
      };
      // Browsing (no words, no filter) orders a whole category: kept, sorted and faceted, until the
      // catalog changes, since every shopper opening the category asks the same.
      const browseKey =
        scores === undefined && plain && brand === undefined
          ? `${category ?? ''}\u0000${query.sort ?? 'relevance'}`
          : undefined;
      const browsed = browseKey === undefined ? undefined : browseCache.get(browseKey);
      if (browsed !== undefined && browsed.generation === generation) {
        return answer(query, browsed.sorted, browsed.sorted, browsed.facets);
      }
      if (scores === undefined) {
        const pool = category === undefined ? entries.values() : (byCategory.get(category)?.values() ?? []);
        for (const entry of pool) consider(entry, 0);
      } else {
        for (const [id, score] of topScores(scores, MAX_TEXT_CANDIDATES)) {
          const entry = entries.get(id);
          if (entry !== undefined) consider(entry, score);
        }
      }

      const order = comparator(query.sort ?? 'relevance');
      const wantsFacets = query.facets !== false;
      if (browseKey !== undefined) {
        const sorted = matches.sort(order);
        const facets = computeFacets(sorted, facetKeys);
        if (browseCache.size >= MAX_BROWSE_CACHE) browseCache.clear();
        browseCache.set(browseKey, { generation, sorted, facets });
        return answer(query, sorted, sorted, facets);
      }
      // Only the page and what comes before it need an order; the rest only counts.
      const { offset, limit } = pageBounds(query);
      const facets = wantsFacets ? computeFacets(matches, facetKeys) : undefined;
      return answer(query, firstInOrder(matches, offset + limit, order), matches, facets);
    },

    get generation() {
      return generation;
    },

    get size() {
      return entries.size;
    },
  };
}

function pageBounds(query: SearchQuery): { offset: number; limit: number } {
  return {
    limit: Math.min(Math.max(query.limit ?? DEFAULT_SEARCH_LIMIT, 1), MAX_SEARCH_LIMIT),
    offset: Math.max(query.offset ?? 0, 0),
  };
}

/** The query's page of `ordered` (sorted at least through that page), counted over all matches. */
function answer(
  query: SearchQuery,
  ordered: readonly Match[],
  all: readonly Match[],
  facets: SearchFacets | undefined,
): SearchResult {
  const { offset, limit } = pageBounds(query);
  const hits: SearchHit[] = ordered.slice(offset, offset + limit).map((match) => {
    const { ordered: variants, matched } = orderVariants(match.variants, match.evaluation);
    const cheapest = matched.reduce((best, variant) =>
      variant.price.amount < best.price.amount ? variant : best,
    );
    return {
      product: match.product,
      score: match.score,
      variants,
      matchedVariantIds: matched.map((variant) => variant.id),
      price: cheapest.price,
    };
  });
  return {
    hits,
    total: all.length,
    nextOffset: offset + limit < all.length ? offset + limit : undefined,
    facets: query.facets === false ? undefined : facets,
  };
}

function topScores(scores: Map<string, number>, limit: number): Iterable<[string, number]> {
  if (scores.size <= limit) return scores;
  // The limit-th best score by a numeric sort of the scores alone, then one pass to keep those above it.
  const values = Float64Array.from(scores.values()).sort();
  const threshold = values[values.length - limit] as number;
  const kept: [string, number][] = [];
  for (const entry of scores) if (entry[1] > threshold) kept.push(entry);
  for (const entry of scores) {
    if (kept.length >= limit) break;
    if (entry[1] === threshold) kept.push(entry);
  }
  return kept;
}

/** The first `count` items in the order `compare` gives, without sorting the rest. */
function firstInOrder<T>(items: readonly T[], count: number, compare: (a: T, b: T) => number): T[] {
  if (items.length <= count * 4) return [...items].sort(compare).slice(0, count);
  // A bounded max-heap of the best `count` so far: its root is the worst kept.
  const heap: T[] = [];
  const worse = (a: T, b: T) => compare(a, b) > 0;
  for (const item of items) {
    if (heap.length < count) {
      heap.push(item);
      let at = heap.length - 1;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!worse(heap[at] as T, heap[parent] as T)) break;
        [heap[at], heap[parent]] = [heap[parent] as T, heap[at] as T];
        at = parent;
      }
    } else if (compare(item, heap[0] as T) < 0) {
      heap[0] = item;
      let at = 0;
      for (;;) {
        const left = 2 * at + 1;
        const right = left + 1;
        let largest = at;
        if (left < heap.length && worse(heap[left] as T, heap[largest] as T)) largest = left;
        if (right < heap.length && worse(heap[right] as T, heap[largest] as T)) largest = right;
        if (largest === at) break;
        [heap[at], heap[largest]] = [heap[largest] as T, heap[at] as T];
        at = largest;
      }
    }
  }
  return heap.sort(compare);
}

function isEmptyFilter(filter: VariantFilter): boolean {
  return (
    filter.minPrice === undefined &&
    filter.maxPrice === undefined &&
    !filter.inStock &&
    filter.options.size === 0
  );
}

function toVariantFilter(query: SearchQuery): VariantFilter {
  const options = new Map<string, ReadonlySet<string>>();
  for (const [name, values] of Object.entries(query.options ?? {})) {
    if (values.length > 0)
      options.set(name.toLowerCase(), new Set(values.map((value) => value.toLowerCase())));
  }
  return { minPrice: query.minPrice, maxPrice: query.maxPrice, inStock: query.inStock === true, options };
}

function comparator(sort: NonNullable<SearchQuery['sort']>): (a: Match, b: Match) => number {
  const price = (match: Match) => match.evaluation.lowestPrice;
  const byRating = (a: Match, b: Match) => (b.product.rating ?? -1) - (a.product.rating ?? -1);
  const byId = (a: Match, b: Match) =>
    a.product.id < b.product.id ? -1 : a.product.id > b.product.id ? 1 : 0;
  switch (sort) {
    case 'price_asc':
      return (a, b) => price(a) - price(b) || b.score - a.score || byId(a, b);
    case 'price_desc':
      return (a, b) => price(b) - price(a) || b.score - a.score || byId(a, b);
    case 'rating':
      return (a, b) => byRating(a, b) || b.score - a.score || byId(a, b);
    case 'relevance':
      return (a, b) => b.score - a.score || byRating(a, b) || byId(a, b);
  }
}

/** The text of a product as the engine indexes it. */
export function toTextDocument(product: Product): TextDocument {
  const optionValues = new Set<string>();
  for (const variant of product.variants)
    for (const value of Object.values(variant.options)) optionValues.add(value);
  // Option names too, so "size 10 sneakers" has every word in the product's text.
  for (const variant of product.variants)
    for (const name of Object.keys(variant.options)) optionValues.add(name);
  for (const value of Object.values(product.attributes)) optionValues.add(value);
  return {
    id: product.id,
    title: product.title,
    brand: product.brand ?? '',
    category: product.category.replace(/[-_/>]+/g, ' '),
    tags: product.tags.join(' '),
    options: [...optionValues].join(' '),
    description: product.description,
  };
}
