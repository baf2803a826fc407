import { describe, expect, it } from 'vitest';
import {
  extractColors,
  extractConstraints,
  extractMaterials,
  extractPriceRange,
  extractSizes,
  extractSort,
  isEmptyConstraints,
} from './constraints.js';

describe('extractPriceRange', () => {
  it.each([
    ['waterproof hiking boots under $120 in size 10', {}, 12_000],
    ['between 20 and 50 dollars', 2_000, 5_000],
    ['from $50 to $20', 2_000, 5_000],
    ['something $20-$35', 2_000, 3_500],
    ['price lower than 40.00 dollars', {}, 4_000],
    ['less than 9.99 usd', {}, 999],
    ['at least $100', 10_000, {}],
    ['over 250 dollars', 25_000, {}],
    ['gift under $30 for someone who likes coffee', {}, 3_000],
    ['no more than 1,200 dollars', {}, 120_000],
  ])('%s', (text, min, max) => {
    const range = extractPriceRange(text);
    expect(range.minPrice).toBe(typeof min === 'number' ? min : undefined);
    expect(range.maxPrice).toBe(typeof max === 'number' ? max : undefined);
  });

  it('does not read sizes, counts or units as prices', () => {
    expect(extractPriceRange('boots in size 10')).toEqual({});
    expect(extractPriceRange('a tent for over 4 people')).toEqual({});
    expect(extractPriceRange('a tv over 50 inch')).toEqual({});
    expect(extractPriceRange('a drive with more than 2 tb')).toEqual({});
  });

  it('reads "around $40" as a band', () => {
    expect(extractPriceRange('around $40')).toEqual({ minPrice: 3_200, maxPrice: 4_800 });
  });
});

describe('extractColors / extractMaterials', () => {
  it('folds synonyms', () => {
    expect(extractColors('a grey or navy blue hoodie')).toEqual(['gray', 'navy', 'blue']);
    expect(extractColors('in black')).toEqual(['black']);
    expect(extractColors('clear skin serum')).toEqual([]);
    expect(extractColors('in clear')).toEqual(['clear']);
    expect(extractMaterials('a wooden desk with stainless steel legs')).toEqual(['wood', 'stainless steel']);
    expect(extractMaterials('cheapest blue cotton t-shirt')).toEqual(['cotton']);
  });
});

describe('extractSizes', () => {
  it.each([
    ['hiking boots in size 10', ['10']],
    ['mule shoes size 7.5 wide', ['7.5']],
    ['add two of the first in M', ['M']],
    ['do you have it in xl', ['XL']],
    ['a t-shirt in a large', ['L']],
    ['size small please', ['S']],
    ['xxl hoodie', ['XXL']],
    ['a large room air purifier', []],
    ['a small dog bed', []],
    ['i am 5 feet tall', []],
  ])('%s', (text, sizes) => {
    expect(extractSizes(text)).toEqual(sizes);
  });
});

describe('extractSort', () => {
  it.each([
    ['cheapest blue cotton t-shirt', 'price_asc'],
    ['best rated office chair', 'rating_desc'],
    ['top-rated headphones', 'rating_desc'],
    ['the most expensive watch', 'price_desc'],
    ['newest phones', 'newest'],
    ['a desk lamp', undefined],
  ])('%s', (text, sort) => {
    expect(extractSort(text)).toBe(sort);
  });
});

describe('extractConstraints', () => {
  it('reads everything in one sentence', () => {
    expect(extractConstraints('waterproof hiking boots under $120 in size 10, in stock')).toEqual({
      maxPrice: 12_000,
      colors: [],
      sizes: ['10'],
      materials: [],
      inStock: true,
    });
  });
  it('reads relative moves', () => {
    expect(extractConstraints('cheaper').priceMove).toBe('cheaper');
    expect(extractConstraints('something more premium').priceMove).toBe('pricier');
  });
  it('knows when nothing was said', () => {
    expect(isEmptyConstraints(extractConstraints('a lamp'))).toBe(true);
    expect(isEmptyConstraints(extractConstraints('only in stock'))).toBe(false);
  });
});
