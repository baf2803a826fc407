import { describe, expect, it } from 'vitest';
import { extractConstraints } from '../language/constraints.js';
import { chooseVariant, mergeWish, optionsNamed, type ShownVariant, wishOf } from './variant-choice.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });
const SHIRT: ShownVariant[] = [
  { variantId: 'v_blue_s', options: { color: 'blue', size: 'S' }, stock: 3, price: usd(4666) },
  { variantId: 'v_blue_m', options: { color: 'blue', size: 'M' }, stock: 3, price: usd(5088) },
  { variantId: 'v_red_m', options: { color: 'red', size: 'M' }, stock: 0, price: usd(4700) },
];

describe('chooseVariant', () => {
  it('asks when size or color is left open, and answers with the options in stock', () => {
    const choice = chooseVariant(SHIRT, wishOf(extractConstraints('add the first one'), {}));
    expect(choice).toMatchObject({ kind: 'ambiguous', options: ['size'] });
  });

  it('names a variant outside the bound of the search instead of adding it', () => {
    const wish = wishOf(extractConstraints('add the first one in size m'), { maxPrice: 5000 });
    expect(chooseVariant(SHIRT, wish)).toMatchObject({
      kind: 'outside_bound',
      variant: { variantId: 'v_blue_m' },
    });
    expect(
      chooseVariant(SHIRT, wishOf(extractConstraints('add it in size s'), { maxPrice: 5000 })),
    ).toMatchObject({
      kind: 'chosen',
      variant: { variantId: 'v_blue_s' },
    });
  });

  it('says an option named in the add is not offered, and a chosen one out of stock', () => {
    expect(chooseVariant(SHIRT, wishOf(extractConstraints('add it in green'), {}))).toMatchObject({
      kind: 'not_offered',
    });
    expect(chooseVariant(SHIRT, wishOf(extractConstraints('add it in red'), {}))).toEqual({
      kind: 'out_of_stock',
    });
  });

  it('keeps what was said before when an answer names one more option', () => {
    const before = wishOf(extractConstraints('add the blue one'), {});
    const answered = mergeWish(before, optionsNamed('m', SHIRT, extractConstraints('m')));
    expect(chooseVariant(SHIRT, answered)).toMatchObject({
      kind: 'chosen',
      variant: { variantId: 'v_blue_m' },
    });
  });
});

describe('optionsNamed', () => {
  it.each([
    ['red', { color: ['red'] }],
    ['the blue one please', { color: ['blue'] }],
    ['M', { size: ['M'] }],
    ['medium', { size: ['M'] }],
    ['size s in blue', { color: ['blue'], size: ['S'] }],
    ['what about shipping?', {}],
    ["i'm not sure", {}],
    ['green', {}],
  ])('%s -> %j', (text, expected) => {
    expect(optionsNamed(text, SHIRT, extractConstraints(text))).toEqual(expected);
  });
});
