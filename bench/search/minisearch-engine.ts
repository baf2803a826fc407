import MiniSearch from 'minisearch';
import {
  normalizeTerm,
  splitQueryWords,
  splitWords,
  typoAllowance,
} from '../../src/catalog/search/analyze.js';
import { FIELD_BOOSTS, type TextDocument, type TextEngine } from '../../src/catalog/search/text-engine.js';

/**
 * The text engine the catalog used before its own impact index, kept as the search benchmark's
 * baseline: MiniSearch, an inverted radix-tree index with fuzzy and prefix matching.
 * `tokenize` splits text into words (`splitWords`, which cuts Chinese into words, by default).
 */
export function createMiniSearchEngine(options: { tokenize?: (text: string) => string[] } = {}): TextEngine {
  const index = new MiniSearch<TextDocument>({
    idField: 'id',
    fields: ['title', 'brand', 'category', 'tags', 'options', 'description'],
    storeFields: [],
    tokenize: options.tokenize ?? splitWords,
    processTerm: (term) => {
      const terms = normalizeTerm(term);
      return terms.length === 0 ? null : terms;
    },
    searchOptions: {
      boost: { ...FIELD_BOOSTS },
      combineWith: 'OR',
      // A misspelt word still finds its product, at a lower score than an exact match.
      fuzzy: (term) => typoAllowance(term) || false,
      maxFuzzy: 2,
      // Only the last word may be a prefix: it is the one still being typed.
      prefix: (term, index, terms) => index === terms.length - 1 && term.length >= 3,
      weights: { fuzzy: 0.45, prefix: 0.6 },
    },
  });
  return {
    add(document) {
      index.add(document);
    },
    remove(id) {
      if (index.has(id)) index.discard(id);
    },
    search(text) {
      // Cheapest answer first: every word exactly (the last may be a prefix), then every word with
      // typos allowed, then any word with typos. Fuzzy matching is most of a query's cost on a large
      // catalog, so it runs only when exact words find nothing; and products naming every word are
      // the answer when there are any, so "navy water bottle" does not score half the catalog on "water".
      // Chinese words are searched as words first; their characters, which meet synonyms (跑鞋 for
      // 跑步鞋) but are in many more products (色 is in every colour), only when words find nothing.
      const words = options.tokenize === undefined ? { tokenize: splitQueryWords } : {};
      let results = index.search(text, { combineWith: 'AND', fuzzy: false, ...words });
      if (results.length === 0) results = index.search(text, { combineWith: 'AND', ...words });
      if (results.length === 0) results = index.search(text, { combineWith: 'OR', ...words });
      if (results.length === 0 && options.tokenize === undefined)
        results = index.search(text, { combineWith: 'OR' });
      const scores = new Map<string, number>();
      for (const result of results) scores.set(String(result.id), result.score);
      return scores;
    },
    get size() {
      return index.documentCount;
    },
  };
}
