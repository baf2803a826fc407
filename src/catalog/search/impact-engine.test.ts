import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { analyze } from './analyze.js';
import { createImpactEngine } from './impact-engine.js';
import type { TextDocument } from './text-engine.js';

function doc(id: string, fields: Partial<Omit<TextDocument, 'id'>>): TextDocument {
  return { id, title: '', brand: '', category: '', tags: '', options: '', description: '', ...fields };
}

const ids = (scores: Map<string, number>) => [...scores.keys()].sort();
const ranked = (scores: Map<string, number>) => [...scores].sort((a, b) => b[1] - a[1]).map(([id]) => id);

describe('impact engine', () => {
  const engine = createImpactEngine();
  engine.add(doc('kettle', { title: 'Glass Kettle', category: 'kitchen' }));
  engine.add(doc('lamp', { title: 'Desk Lamp', description: 'pairs well with a kettle' }));
  engine.add(doc('bottle', { title: 'Water Bottle', options: 'red blue' }));
  engine.add(doc('hose', { title: 'Garden Hose', options: 'green' }));
  engine.add(doc('boots', { title: 'Hiking Boots', options: 'blue' }));

  it('finds every word, ranking a title above a description', () => {
    expect(ranked(engine.search('kettle'))).toEqual(['kettle', 'lamp']);
    expect(ids(engine.search('water bottle'))).toEqual(['bottle']);
    expect(ids(engine.search('blue bottle'))).toEqual(['bottle']);
  });

  it('reads the last word as a prefix still being typed', () => {
    expect(ids(engine.search('bott'))).toEqual(['bottle']);
    expect(ids(engine.search('water bott'))).toEqual(['bottle']);
    // Not a word before it: "bott" is then a typo of "boot", no product names both words, and
    // each product naming one of them is an answer.
    expect(ids(engine.search('bott water'))).toEqual(['boots', 'bottle']);
    expect(engine.search('bott water').get('bottle')).toBeLessThan(
      engine.search('water bott').get('bottle') ?? 0,
    );
  });

  it('forgives a typo in a word the catalog does not have', () => {
    expect(ids(engine.search('kettel'))).toEqual(['kettle', 'lamp']);
    expect(ids(engine.search('botlte'))).toEqual(['bottle']);
    expect(ids(engine.search('gardne hose'))).toEqual(['hose']);
  });

  it('with no product naming every word, keeps the products naming the most', () => {
    // No blue garden hose: the garden hose, not every blue product as well.
    expect(ids(engine.search('blue garden hose'))).toEqual(['hose']);
    // No product names two of these: any of them.
    expect(ids(engine.search('lamp hose'))).toEqual(['hose', 'lamp']);
  });

  it('forgets a removed product, and finds it again when it comes back changed', () => {
    const local = createImpactEngine();
    for (let n = 0; n < 40; n += 1) local.add(doc(`p${n}`, { title: `Mug number${n}` }));
    for (let n = 0; n < 30; n += 1) local.remove(`p${n}`); // past the compaction threshold
    expect(local.size).toBe(10);
    expect(ids(local.search('mug'))).toEqual([
      'p30',
      'p31',
      'p32',
      'p33',
      'p34',
      'p35',
      'p36',
      'p37',
      'p38',
      'p39',
    ]);
    local.add(doc('p31', { title: 'Teapot' }));
    expect(local.search('mug').has('p31')).toBe(false);
    expect(ids(local.search('teapot'))).toEqual(['p31']);
    local.remove('missing');
    expect(local.size).toBe(10);
  });

  it('searches Chinese words first, and their characters only when the words find nothing', () => {
    const chinese = createImpactEngine();
    chinese.add(doc('shoe', { title: '耐克 跑步鞋' }));
    chinese.add(doc('jacket', { title: '蓝色 羽绒服' }));
    expect(ids(chinese.search('跑步鞋'))).toEqual(['shoe']);
    expect(ids(chinese.search('跑鞋'))).toEqual(['shoe']); // a synonym, met through its characters
  });

  it('matches exactly the products that contain every query word (property)', () => {
    const words = ['red', 'mug', 'glass', 'lamp', 'desk', 'kettle', 'steel', 'blue'];
    const corpus = fc.array(fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 5 }), {
      minLength: 1,
      maxLength: 25,
    });
    fc.assert(
      fc.property(
        corpus,
        fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 3 }),
        (titles, query) => {
          const local = createImpactEngine();
          titles.forEach((title, n) => {
            local.add(doc(`p${n}`, { title: title.join(' ') }));
          });
          const terms = analyze(query.join(' '));
          const expected = titles
            .map((title, n) => ({ id: `p${n}`, terms: new Set(analyze(title.join(' '))) }))
            .filter((entry) =>
              terms.every(
                (term, at) =>
                  entry.terms.has(term) ||
                  (at === terms.length - 1 && [...entry.terms].some((t) => t.startsWith(term))),
              ),
            )
            .map((entry) => entry.id)
            .sort();
          const found = ids(local.search(query.join(' ')));
          // Every word is in the catalog's vocabulary or not at all; where some product names them all, exactly those.
          if (expected.length > 0) expect(found).toEqual(expected);
          for (const score of local.search(query.join(' ')).values()) expect(score).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
