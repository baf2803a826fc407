import { create, insert, remove, search } from '@orama/orama';
import { analyze } from '../../src/catalog/search/analyze.js';
import { FIELD_BOOSTS, type TextDocument, type TextEngine } from '../../src/catalog/search/text-engine.js';

/**
 * The same text-engine port on Orama, for the engine comparison in this benchmark only: it uses
 * our analyzer as its tokenizer, so the two engines see identical terms and differ only in how
 * they match and score them.
 */
export function createOramaEngine(): TextEngine {
  const db = create({
    schema: {
      title: 'string',
      brand: 'string',
      category: 'string',
      tags: 'string',
      options: 'string',
      description: 'string',
    } as const,
    components: {
      tokenizer: {
        language: 'english',
        normalizationCache: new Map(),
        tokenize: (raw: string) => analyze(raw),
      },
    },
  });
  let size = 0;
  return {
    add(document: TextDocument) {
      insert(db, { ...document });
      size += 1;
    },
    remove(id: string) {
      if (remove(db, id) === true) size -= 1;
    },
    search(text: string) {
      const run = (tolerance: number, threshold: number) => {
        const answer = search(db, {
          term: text,
          properties: ['title', 'brand', 'category', 'tags', 'options', 'description'],
          boost: { ...FIELD_BOOSTS },
          tolerance,
          threshold,
          limit: 100_000,
        });
        if (answer instanceof Promise)
          throw new Error('Orama answered asynchronously; this port is synchronous');
        return answer;
      };
      // Same policy as the MiniSearch engine: every word exactly (threshold 0), then with typos, then any word.
      let results = run(0, 0);
      if (results.hits.length === 0) results = run(1, 0);
      if (results.hits.length === 0) results = run(1, 1);
      const scores = new Map<string, number>();
      for (const hit of results.hits) scores.set(String(hit.id), hit.score);
      return scores;
    },
    get size() {
      return size;
    },
  };
}
