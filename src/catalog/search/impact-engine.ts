import { boundedEditDistance, normalizeTerm, splitQueryWords, splitWords, typoAllowance } from './analyze.js';
import { FIELD_BOOSTS, type TextEngine } from './text-engine.js';

/**
 * The text engine built for large catalogs: an inverted index whose postings carry each product's
 * precomputed weight for the term (BM25F: field boosts, saturating term frequency, field length),
 * so a query only adds numbers. An AND query walks its rarest word first and then looks only at
 * products still in the running, instead of scoring every product of every word as MiniSearch
 * does, which on 100,000 products spent three quarters of a query's CPU scoring postings it then
 * threw away (docs/benchmarks.md, "Search").
 *
 * Matching, cheapest first: every word exactly (the last may be a prefix); then, when a word is
 * not in the catalog, every word with typos; then as many of the words as any product names, with
 * typos; then, for Chinese, the single characters.
 */

/** BM25 saturation and length normalisation. */
const K1 = 1.2;
const B = 0.6;
/** A prefix or a typo counts for less than the word itself. */
const PREFIX_WEIGHT = 0.6;
const FUZZY_WEIGHT = 0.45;
/** How many indexed words a trailing prefix may stand for (the most common first). */
const MAX_PREFIX_TERMS = 12;
/** Rebuild the postings without removed products once this share of their entries is dead. */
const COMPACT_AT = 0.25;

type Field = keyof typeof FIELD_BOOSTS;
const FIELDS = Object.keys(FIELD_BOOSTS) as Field[];

/** One word's products (by ordinal, ascending) and their weights for it. */
class Posting {
  docs = new Int32Array(4);
  impacts = new Float32Array(4);
  length = 0;

  push(doc: number, impact: number): void {
    if (this.length === this.docs.length) {
      const docs = new Int32Array(this.length * 2);
      docs.set(this.docs);
      this.docs = docs;
      const impacts = new Float32Array(this.length * 2);
      impacts.set(this.impacts);
      this.impacts = impacts;
    }
    this.docs[this.length] = doc;
    this.impacts[this.length] = impact;
    this.length += 1;
  }

  /** Drops the entries of removed products. */
  compact(alive: Uint8Array): void {
    let kept = 0;
    for (let at = 0; at < this.length; at += 1) {
      const doc = this.docs[at] as number;
      if (alive[doc] === 0) continue;
      this.docs[kept] = doc;
      this.impacts[kept] = this.impacts[at] as number;
      kept += 1;
    }
    this.length = kept;
  }
}

/** A query word and the indexed words that may stand for it, each with its weight. */
type Clause = { readonly term: string; readonly weight: number }[];

/** An empty impact index; `tokenize` replaces the word splitter (the evals' spaces-only baseline). */
export function createImpactEngine(options: { tokenize?: (text: string) => string[] } = {}): TextEngine {
  const tokenize = options.tokenize ?? splitWords;
  const postings = new Map<string, Posting>();
  const ordinalOf = new Map<string, number>();
  const ids: string[] = [];
  let alive = new Uint8Array(1024);
  let entriesOf = new Int32Array(1024);
  let liveEntries = 0;
  let deadEntries = 0;
  // Running mean length of each field, for the length normalisation.
  const lengthSum = Object.fromEntries(FIELDS.map((field) => [field, 0])) as Record<Field, number>;
  let documents = 0;
  // Sorted words for prefixes, and one-letter deletions of each word for typos (SymSpell).
  let sortedTerms: string[] | undefined;
  const deletions = new Map<string, string[]>();

  // Per-query scratch space, reused: score and how many clauses each product met.
  let scores = new Float64Array(1024);
  let met = new Int32Array(1024);
  let seen = new Int32Array(1024);
  let stamp = 0;

  function grow(size: number): void {
    if (size <= alive.length) return;
    const length = Math.max(size, alive.length * 2);
    const next = new Uint8Array(length);
    next.set(alive);
    alive = next;
    const entries = new Int32Array(length);
    entries.set(entriesOf);
    entriesOf = entries;
    scores = new Float64Array(length);
    met = new Int32Array(length);
    seen = new Int32Array(length);
    stamp = 0;
  }

  function addTerm(term: string, doc: number, impact: number): void {
    let posting = postings.get(term);
    if (posting === undefined) {
      posting = new Posting();
      postings.set(term, posting);
      sortedTerms = undefined;
      if (typoAllowance(term) > 0) {
        for (const deleted of oneDeletions(term)) {
          const list = deletions.get(deleted);
          if (list === undefined) deletions.set(deleted, [term]);
          else list.push(term);
        }
      }
    }
    posting.push(doc, impact);
  }

  function remove(id: string): void {
    const doc = ordinalOf.get(id);
    if (doc === undefined) return;
    ordinalOf.delete(id);
    alive[doc] = 0;
    // Ordinals are not reused (postings stay in ascending order); the id string need not stay.
    ids[doc] = '';
    documents -= 1;
    liveEntries -= entriesOf[doc] as number;
    deadEntries += entriesOf[doc] as number;
    if (deadEntries > COMPACT_AT * (liveEntries + deadEntries)) {
      for (const [term, posting] of postings) {
        posting.compact(alive);
        if (posting.length === 0) postings.delete(term);
      }
      sortedTerms = undefined;
      deadEntries = 0;
    }
  }

  function prefixTerms(prefix: string): string[] {
    sortedTerms ??= [...postings.keys()].sort();
    let low = 0;
    let high = sortedTerms.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((sortedTerms[middle] as string) < prefix) low = middle + 1;
      else high = middle;
    }
    const found: string[] = [];
    for (let at = low; at < sortedTerms.length; at += 1) {
      const term = sortedTerms[at] as string;
      if (!term.startsWith(prefix)) break;
      if (term !== prefix) found.push(term);
    }
    if (found.length <= MAX_PREFIX_TERMS) return found;
    return found
      .sort((a, b) => (postings.get(b)?.length ?? 0) - (postings.get(a)?.length ?? 0))
      .slice(0, MAX_PREFIX_TERMS);
  }

  function typoTerms(term: string): string[] {
    const allowance = typoAllowance(term);
    if (allowance === 0) return [];
    const candidates = new Set<string>();
    const variants = [term, ...oneDeletions(term)];
    for (const variant of variants) {
      if (variant !== term && postings.has(variant)) candidates.add(variant);
      for (const indexed of deletions.get(variant) ?? []) candidates.add(indexed);
    }
    candidates.delete(term);
    return [...candidates].filter(
      (candidate) => postings.has(candidate) && boundedEditDistance(term, candidate, allowance) <= allowance,
    );
  }

  function clausesOf(text: string, split: (text: string) => string[], fuzzy: boolean): Clause[] {
    const terms: string[] = [];
    for (const word of split(text))
      for (const term of normalizeTerm(word)) if (!terms.includes(term)) terms.push(term);
    return terms.map((term, index) => {
      const clause: { term: string; weight: number }[] = [{ term, weight: 1 }];
      if (index === terms.length - 1 && term.length >= 3)
        for (const longer of prefixTerms(term)) clause.push({ term: longer, weight: PREFIX_WEIGHT });
      if (fuzzy) for (const near of typoTerms(term)) clause.push({ term: near, weight: FUZZY_WEIGHT });
      return clause;
    });
  }

  function idf(posting: Posting): number {
    const frequency = Math.min(posting.length, documents);
    return Math.log(1 + (documents - frequency + 0.5) / (frequency + 0.5));
  }

  /** Products meeting every clause (`all`) or the most clauses any product meets, with their summed weights. */
  function run(clauses: Clause[], all: boolean, limit: number | undefined): Map<string, number> {
    const result = new Map<string, number>();
    if (clauses.length === 0) return result;
    const sized = clauses
      .map((clause) => ({
        clause,
        size: clause.reduce((sum, { term }) => sum + (postings.get(term)?.length ?? 0), 0),
      }))
      .sort((a, b) => a.size - b.size);
    if (all && sized[0]?.size === 0) return result;
    stamp += sized.length + 1;
    if (stamp > 2_000_000_000) {
      seen.fill(0);
      stamp = sized.length + 1;
    }
    const base = stamp - sized.length;
    const touched: number[] = [];
    sized.forEach(({ clause }, position) => {
      const mark = base + position;
      for (const { term, weight } of clause) {
        const posting = postings.get(term);
        if (posting === undefined) continue;
        const factor = weight * idf(posting);
        const { docs, impacts, length } = posting;
        for (let at = 0; at < length; at += 1) {
          const doc = docs[at] as number;
          if (alive[doc] === 0) continue;
          const last = seen[doc] as number;
          if (position === 0) {
            if (last < base) {
              seen[doc] = mark;
              met[doc] = 1;
              scores[doc] = 0;
              touched.push(doc);
            }
          } else if (last < base) {
            if (all) continue;
            seen[doc] = mark;
            met[doc] = 1;
            scores[doc] = 0;
            touched.push(doc);
          } else if (last !== mark) {
            // An AND clause counts only for products that met every clause before it.
            if (all && met[doc] !== position) continue;
            seen[doc] = mark;
            met[doc] = (met[doc] as number) + 1;
          }
          scores[doc] = (scores[doc] as number) + factor * (impacts[at] as number);
        }
      }
    });
    // Any-word matching keeps the products naming the most words: with no blue garden hose, the
    // garden hoses, not every blue product as well.
    let needed = sized.length;
    if (!all) {
      needed = 0;
      for (const doc of touched) needed = Math.max(needed, met[doc] as number);
    }
    const qualified = needed === 1 ? touched : touched.filter((doc) => (met[doc] as number) >= needed);
    // Past the limit, only the best scores go back: a threshold from a numeric sort of the
    // scores alone, rather than a map of every product of a broad word.
    let threshold = Number.NEGATIVE_INFINITY;
    if (limit !== undefined && qualified.length > limit) {
      const values = Float64Array.from(qualified, (doc) => scores[doc] as number).sort();
      threshold = values[values.length - limit] as number;
    }
    for (const doc of qualified) {
      if ((scores[doc] as number) > threshold) result.set(ids[doc] as string, scores[doc] as number);
    }
    for (const doc of qualified) {
      if (limit !== undefined && result.size >= limit) break;
      if (scores[doc] === threshold) result.set(ids[doc] as string, scores[doc] as number);
    }
    return result;
  }

  return {
    add(document) {
      remove(document.id);
      const doc = ids.length;
      grow(doc + 1);
      ids.push(document.id);
      ordinalOf.set(document.id, doc);
      alive[doc] = 1;
      documents += 1;
      // Each word's weight in this product: field boosts over length-normalised frequencies.
      const frequency = new Map<string, number>();
      for (const field of FIELDS) {
        const terms: string[] = [];
        for (const word of tokenize(document[field])) terms.push(...normalizeTerm(word));
        lengthSum[field] += terms.length;
        if (terms.length === 0) continue;
        const mean = lengthSum[field] / documents || 1;
        const norm = FIELD_BOOSTS[field] / (1 - B + (B * terms.length) / mean);
        for (const term of terms) frequency.set(term, (frequency.get(term) ?? 0) + norm);
      }
      for (const [term, weighted] of frequency) addTerm(term, doc, (weighted * (K1 + 1)) / (weighted + K1));
      entriesOf[doc] = frequency.size;
      liveEntries += frequency.size;
    },

    remove,

    search(text, limit) {
      const words = options.tokenize ?? splitQueryWords;
      const exact = clausesOf(text, words, false);
      let found = run(exact, true, limit);
      // Typos matter only for a word the catalog does not have: when every word is known and no
      // product names them all, near words ("glue" for "blue") would not find a better answer.
      const unknown = exact.some((clause) => !postings.has(clause[0]?.term ?? ''));
      if (found.size === 0 && unknown) found = run(clausesOf(text, words, true), true, limit);
      if (found.size === 0) found = run(clausesOf(text, words, true), false, limit);
      // Chinese characters meet synonyms (跑鞋 for 跑步鞋) but are in many products: last.
      if (found.size === 0 && options.tokenize === undefined)
        found = run(clausesOf(text, splitWords, true), false, limit);
      return found;
    },

    get size() {
      return documents;
    },
  };
}

/** Every string one letter shorter than the word. */
function oneDeletions(word: string): string[] {
  const letters = [...word];
  const found = new Set<string>();
  for (let at = 0; at < letters.length; at += 1)
    found.add([...letters.slice(0, at), ...letters.slice(at + 1)].join(''));
  return [...found];
}
