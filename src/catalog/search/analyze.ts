import { hasHan, isChineseStopWord, splitChinese } from './chinese.js';

/** Words too common in shopping queries to tell products apart. */
const STOP_WORDS = new Set([
  'a',
  'an',
  'and',
  'are',
  'as',
  'at',
  'by',
  'for',
  'from',
  'in',
  'is',
  'it',
  'of',
  'on',
  'or',
  'the',
  'to',
  'with',
  'under',
  'over',
  'my',
  'me',
  'i',
  'want',
  'need',
  'some',
  'any',
]);

const SEPARATORS = /[^\p{L}\p{N}-]+/u;

/**
 * Splits text into raw words; hyphenated words stay whole here and are expanded by `normalizeTerm`.
 * Chinese, written without spaces, is cut into words (and characters) by `splitChinese`.
 */
export function splitWords(text: string): string[] {
  const words = text.split(SEPARATORS).filter((word) => word !== '');
  if (!hasHan(text)) return words;
  return words.flatMap((word) => (hasHan(word) ? splitChinese(word) : [word]));
}

/** `splitWords` without the single characters of Chinese words: a query's words, before any fallback. */
export function splitQueryWords(text: string): string[] {
  const words = text.split(SEPARATORS).filter((word) => word !== '');
  if (!hasHan(text)) return words;
  return words.flatMap((word) => (hasHan(word) ? splitChinese(word, false) : [word]));
}

/**
 * Normalizes one word into the index terms it stands for: lower case, no diacritics, a light
 * English plural stem, and hyphenated words both joined and split (`t-shirt` gives `tshirt`, `shirt`).
 */
export function normalizeTerm(word: string): string[] {
  const cached = termCache.get(word);
  if (cached !== undefined) return cached;
  const terms = computeTerms(word);
  // A catalog's vocabulary is small next to its word count, so a plain bounded memo pays off on every index build.
  if (termCache.size >= TERM_CACHE_SIZE) termCache.clear();
  termCache.set(word, terms);
  return terms;
}

const TERM_CACHE_SIZE = 100_000;
const termCache = new Map<string, string[]>();

function computeTerms(word: string): string[] {
  const lower = word
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const parts = lower.split('-').filter((part) => part !== '');
  const terms = new Set<string>();
  if (parts.length > 1) terms.add(stem(parts.join('')));
  for (const part of parts) {
    if (STOP_WORDS.has(part)) continue;
    // One Han character is a word of its own (鞋, shoe); it has no plural to stem.
    if (hasHan(part)) {
      if (!isChineseStopWord(part)) terms.add(part);
      continue;
    }
    if (part.length < 2 && !/\d/.test(part)) continue;
    terms.add(stem(part));
  }
  return [...terms];
}

/** All index terms of a text, in order, without duplicates; `split` is `splitQueryWords` for a query. */
export function analyze(text: string, split: (text: string) => string[] = splitWords): string[] {
  const terms = new Set<string>();
  for (const word of split(text)) for (const term of normalizeTerm(word)) terms.add(term);
  return [...terms];
}

/** A deliberately small plural stemmer: enough for shirts/shirt and dresses/dress, nothing clever. */
export function stem(term: string): string {
  if (term.length <= 3 || /\d/.test(term)) return term;
  if (/(ss|sh|ch|x)es$/.test(term)) return term.slice(0, -2);
  if (term.endsWith('ies') && term.length > 4) return `${term.slice(0, -3)}y`;
  if (term.endsWith('s') && !/(ss|us|is)$/.test(term)) return term.slice(0, -1);
  return term;
}

/** Edit distance between two short strings, giving up (returning max + 1) once it exceeds `max`. */
export function boundedEditDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length] ?? max + 1;
}

/** How many edits a query term may be away from an indexed term and still count as a typo of it. */
export function typoAllowance(term: string): number {
  if (term.length < 4 || /\d/.test(term)) return 0;
  return term.length >= 6 ? 2 : 1;
}
