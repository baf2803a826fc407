import type { SearchQuery } from '../../src/catalog/index.js';
import { seededRandom } from './synthetic-catalog.js';

/** The words a query mix is made of. */
export interface Vocabulary {
  readonly nouns: readonly string[];
  readonly colors: readonly string[];
  readonly categories: readonly string[];
  readonly brands: readonly string[];
  /** The option the colours are values of (`color`; `颜色` in the Chinese catalog). */
  readonly colorOption?: string;
}

/**
 * A deterministic, realistic mix: plain product words, typos, colour + product, brand + product,
 * price caps, option filters with in-stock, category browsing sorted by price, rating sorts.
 * Every query asks for facets, as the first page of the HTTP search does.
 */
export function queryMix(vocabulary: Vocabulary, count: number, seed = 7): SearchQuery[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const queries: SearchQuery[] = [];
  for (let index = 0; index < count; index += 1) {
    const noun = pick(vocabulary.nouns).toLowerCase();
    const roll = random();
    const base = { limit: 20, facets: true } as const;
    if (roll < 0.3) queries.push({ ...base, text: noun });
    else if (roll < 0.45) queries.push({ ...base, text: typo(noun, random) });
    else if (roll < 0.6) queries.push({ ...base, text: `${pick(vocabulary.colors)} ${noun}` });
    else if (roll < 0.7) queries.push({ ...base, text: `${pick(vocabulary.brands)} ${noun}` });
    else if (roll < 0.8)
      queries.push({ ...base, text: noun, maxPrice: 2_000 + Math.floor(random() * 20_000) });
    else if (roll < 0.9) {
      const option = vocabulary.colorOption ?? 'color';
      queries.push({ ...base, text: noun, options: { [option]: [pick(vocabulary.colors)] }, inStock: true });
    } else if (roll < 0.95)
      queries.push({ ...base, category: pick(vocabulary.categories), sort: 'price_asc' });
    else queries.push({ ...base, text: noun, sort: 'rating' });
  }
  return queries;
}

/** One realistic typo in the longest word: a dropped, doubled, swapped or replaced letter. */
export function typo(text: string, random: () => number): string {
  const words = text.split(' ');
  const longest = words.reduce((best, word) => (word.length > best.length ? word : best), '');
  if (longest.length < 5) return text;
  const at = 1 + Math.floor(random() * (longest.length - 2));
  const kind = Math.floor(random() * 4);
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const changed =
    kind === 0
      ? longest.slice(0, at) + longest.slice(at + 1)
      : kind === 1
        ? longest.slice(0, at) + longest[at] + longest.slice(at)
        : kind === 2
          ? longest.slice(0, at) + (longest[at + 1] ?? '') + longest[at] + longest.slice(at + 2)
          : longest.slice(0, at) + letters[Math.floor(random() * 26)] + longest.slice(at + 1);
  return words.map((word) => (word === longest ? changed : word)).join(' ');
}
