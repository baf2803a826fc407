import { describe, expect, it } from 'vitest';
import { parseReference, resolveReference } from './references.js';

const shown = [
  { title: 'Trail Runner Boots', brand: 'Nike' },
  { title: 'Ceramic Coffee Mug', brand: null },
  { title: 'Canvas Backpack', brand: 'Adidas' },
];

describe('parseReference', () => {
  it.each([
    ['the second one', [2]],
    ['add two of the first in M', [1]],
    ['the last one', [-1]],
    ['compare 1 and 3', [1, 3]],
    ['compare the first and the third', [1, 3]],
    ['#2 please', [2]],
    ['number 3', [3]],
    ['compare 2 vs 3', [2, 3]],
  ])('%s', (text, positions) => {
    expect(parseReference(text).positions).toEqual(positions);
  });

  it('sees pronouns', () => {
    expect(parseReference('add it').pronoun).toBe(true);
    expect(parseReference('how much is that one').pronoun).toBe(true);
    expect(parseReference('the Nike one').pronoun).toBe(false);
  });

  it('keeps naming words and drops colours, sizes and commands', () => {
    expect(parseReference('remove the mug').nameWords).toEqual(['mug']);
    expect(parseReference('add the Nike one in black size M').nameWords).toEqual(['nike']);
  });
});

describe('resolveReference', () => {
  it('resolves positions, names and the last item', () => {
    expect(resolveReference(parseReference('the second one'), shown)).toEqual([shown[1]]);
    expect(resolveReference(parseReference('the Nike one'), shown)).toEqual([shown[0]]);
    expect(resolveReference(parseReference('remove the mugs'), shown)).toEqual([shown[1]]);
    expect(resolveReference(parseReference('the last one'), shown)).toEqual([shown[2]]);
    expect(resolveReference(parseReference('compare 1 and 3'), shown)).toEqual([shown[0], shown[2]]);
  });
  it('returns nothing for positions past the list or unknown names', () => {
    expect(resolveReference(parseReference('the fifth one'), shown)).toEqual([]);
    expect(resolveReference(parseReference('the Gucci one'), shown)).toEqual([]);
  });
});

describe('ranks and options among the shown items', () => {
  const bottles: {
    title: string;
    price: { amount: number };
    rating: number;
    options: Record<string, string[]>;
  }[] = [
    { title: 'Water Bottle', price: { amount: 4509 }, rating: 4.1, options: { color: ['red', 'blue'] } },
    { title: 'Water', price: { amount: 99 }, rating: 5, options: {} },
    { title: 'Glass Carafe', price: { amount: 7999 }, rating: 3.2, options: { color: ['green'] } },
  ];
  it.each([
    ['add the cheaper one', 'Water'],
    ['the cheapest please', 'Water'],
    ['tell me about the more expensive one', 'Glass Carafe'],
    ['the best rated one', 'Water'],
    ['the green one', 'Glass Carafe'],
    ['add the blue one', 'Water Bottle'],
    ['the cheapest green one', 'Glass Carafe'],
  ])('%s -> %s', (text, title) => {
    expect(resolveReference(parseReference(text), bottles).map((item) => item.title)).toEqual([title]);
  });
});
