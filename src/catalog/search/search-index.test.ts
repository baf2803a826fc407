import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildProduct } from '../build-product.js';
import { parseCatalogJson } from '../importers/parse-catalog-json.js';
import type { Product } from '../product.js';
import type { ProductInput } from '../product-input.js';
import { demoCatalogPath } from '../seed-demo-catalog.js';
import { analyze, stem } from './analyze.js';
import { createSearchIndex, type SearchIndex } from './search-index.js';

const usd = (amount: number) => ({ amount, currency: 'USD' });

function make(input: Partial<ProductInput> & { id: string; title: string }): Product {
  return buildProduct({ variants: [{ price: usd(1000), stock: 1 }], ...input }, 1);
}

describe('analyzer', () => {
  it('lower-cases, strips accents, stems plurals and expands hyphenated words', () => {
    expect(analyze('Crème T-Shirts for Dresses')).toEqual(['creme', 'tshirt', 'shirt', 'dress']);
    expect(stem('glasses')).toBe('glass');
    expect(stem('batteries')).toBe('battery');
    expect(stem('10s')).toBe('10s');
  });
});

describe('search index on a small catalog', () => {
  let index: SearchIndex;
  beforeAll(() => {
    index = createSearchIndex();
    index.upsert(
      make({ id: 'p_kettle', title: 'Glass Kettle', category: 'kitchen', brand: 'Brewco', rating: 4 }),
    );
    index.upsert(
      make({
        id: 'p_lamp',
        title: 'Desk Lamp',
        category: 'lighting',
        description: 'Pairs well with a kettle',
        rating: 5,
      }),
    );
    index.upsert(
      make({ id: 'p_brew', title: 'Pour-over Stand', brand: 'Kettleworks', category: 'kitchen', rating: 3 }),
    );
    index.upsert(
      make({
        id: 'p_shoe',
        title: 'Running Shoe',
        category: 'shoes',
        variants: [
          { options: { color: 'blue', size: '10' }, price: usd(9000), stock: 0 },
          { options: { color: 'blue', size: '11' }, price: usd(9500), stock: 4 },
          { options: { color: 'red', size: '10' }, price: usd(7000), stock: 2 },
        ],
      }),
    );
  });

  it('boosts title over brand over description', () => {
    const ids = index.search({ text: 'kettle' }).hits.map((hit) => hit.product.id);
    expect(ids).toEqual(['p_kettle', 'p_brew', 'p_lamp']);
  });

  it('tolerates typos and a half-typed last word', () => {
    expect(index.search({ text: 'kettel' }).hits[0]?.product.id).toBe('p_kettle');
    expect(index.search({ text: 'runnign shoe' }).hits[0]?.product.id).toBe('p_shoe');
    expect(index.search({ text: 'lam' }).hits[0]?.product.id).toBe('p_lamp');
    expect(index.search({ text: 'zzzzqqq' }).total).toBe(0);
  });

  it('filters by category, brand, price range, stock and option values at variant level', () => {
    expect(
      index
        .search({ category: 'Kitchen' })
        .hits.map((hit) => hit.product.id)
        .sort(),
    ).toEqual(['p_brew', 'p_kettle']);
    expect(index.search({ brand: 'brewco' }).total).toBe(1);
    const blueInStock = index.search({ options: { color: ['blue'] }, inStock: true });
    expect(blueInStock.hits[0]?.matchedVariantIds).toHaveLength(1);
    expect(blueInStock.hits[0]?.price).toEqual(usd(9500));
    expect(index.search({ text: 'shoe', maxPrice: 8000 }).hits[0]?.price).toEqual(usd(7000));
    expect(index.search({ text: 'shoe', minPrice: 9600 }).total).toBe(0);
    expect(index.search({ options: { size: ['12'] } }).total).toBe(0);
  });

  it('ranks variants naming the query words first', () => {
    const hit = index.search({ text: 'red running shoe' }).hits[0];
    expect(hit?.variants[0]?.options).toEqual({ color: 'red', size: '10' });
    expect(hit?.matchedVariantIds).toEqual([hit?.variants[0]?.id]);
    const sized = index.search({ text: 'blue shoe size 10' }).hits[0];
    expect(sized?.variants[0]?.options).toEqual({ color: 'blue', size: '10' });
  });

  it('counts facets over every match, not just the page', () => {
    const { facets, hits, total, nextOffset } = index.search({ limit: 1 });
    expect(hits).toHaveLength(1);
    expect(total).toBe(4);
    expect(nextOffset).toBe(1);
    expect(facets?.category).toEqual([
      { value: 'kitchen', count: 2 },
      { value: 'lighting', count: 1 },
      { value: 'shoes', count: 1 },
    ]);
    expect(facets?.options.color).toEqual([
      { value: 'blue', count: 1 },
      { value: 'red', count: 1 },
    ]);
    expect(facets?.price).toEqual([
      { min: 1000, max: 2500, count: 3 },
      { min: 5000, max: 10000, count: 1 },
    ]);
    expect(index.search({ facets: false }).facets).toBeUndefined();
  });

  it('sorts by price and rating', () => {
    const ascending = index.search({ sort: 'price_asc' }).hits.map((hit) => hit.price.amount);
    expect(ascending).toEqual([...ascending].sort((a, b) => a - b));
    expect(index.search({ sort: 'price_desc' }).hits[0]?.product.id).toBe('p_shoe');
    expect(index.search({ sort: 'rating' }).hits[0]?.product.id).toBe('p_lamp');
  });

  it('follows stock changes, replacements and removals', () => {
    const local = createSearchIndex();
    const shoe = make({
      id: 'p1',
      title: 'Trail Shoe',
      variants: [{ options: { size: '9' }, price: usd(5000), stock: 0 }],
    });
    local.upsert(shoe);
    expect(local.search({ text: 'trail', inStock: true }).total).toBe(0);
    local.updateVariants([{ ...(shoe.variants[0] as Product['variants'][number]), stock: 3 }]);
    expect(local.search({ text: 'trail', inStock: true }).total).toBe(1);
    local.upsert({ ...shoe, title: 'Summit Shoe' });
    expect(local.search({ text: 'trail' }).total).toBe(0);
    expect(local.search({ text: 'summit' }).total).toBe(1);
    local.remove('p1');
    expect(local.search({}).total).toBe(0);
    expect(local.size).toBe(0);
  });

  it('keeps a browsed category in order only until the catalog changes', () => {
    const local = createSearchIndex();
    const cheap = make({
      id: 'p_cheap',
      title: 'Mug A',
      category: 'kitchen',
      variants: [{ price: usd(500), stock: 1 }],
    });
    const dear = make({
      id: 'p_dear',
      title: 'Mug B',
      category: 'kitchen',
      variants: [{ price: usd(900), stock: 1 }],
    });
    local.upsert(cheap);
    local.upsert(dear);
    const browse = () => local.search({ category: 'kitchen', sort: 'price_asc' });
    expect(browse().hits.map((hit) => hit.product.id)).toEqual(['p_cheap', 'p_dear']);
    expect(browse().hits.map((hit) => hit.product.id)).toEqual(['p_cheap', 'p_dear']);
    // A price change moves the generation: the kept order is not served again.
    local.updateVariants([{ ...(cheap.variants[0] as Product['variants'][number]), price: usd(1500) }]);
    expect(browse().hits.map((hit) => hit.product.id)).toEqual(['p_dear', 'p_cheap']);
    expect(browse().facets?.price).toEqual([
      { min: 0, max: 1000, count: 1 },
      { min: 1000, max: 2500, count: 1 },
    ]);
    local.remove('p_dear');
    expect(browse().total).toBe(1);
    // Paging a kept order.
    local.upsert(dear);
    expect(
      local.search({ category: 'kitchen', sort: 'price_asc', limit: 1, offset: 1 }).hits[0]?.product.id,
    ).toBe('p_cheap');
  });
});

describe('search index on the demo catalog', () => {
  let index: SearchIndex;
  beforeAll(() => {
    index = createSearchIndex();
    const inputs = parseCatalogJson(JSON.parse(readFileSync(demoCatalogPath(), 'utf8')));
    for (const input of inputs) index.upsert(buildProduct(input, 1));
  });

  it('answers "red cotton t-shirt" under $60 with red cotton variants first', () => {
    const result = index.search({ text: 'red cotton t-shirt', maxPrice: 6000 });
    const first = result.hits[0];
    expect(first?.product.title).toBe('T-Shirt');
    const matched = first?.variants.filter((variant) => first.matchedVariantIds.includes(variant.id)) ?? [];
    expect(matched.length).toBeGreaterThan(0);
    expect(first?.variants.slice(0, matched.length)).toEqual(matched);
    for (const variant of matched) {
      expect(variant.options).toMatchObject({ color: 'red', material: 'cotton' });
      expect(variant.price.amount).toBeLessThanOrEqual(6000);
    }
  });

  it('finds products despite typos', () => {
    expect(index.search({ text: 'mascra' }).hits[0]?.product.title).toBe('Essence Mascara Lash Princess');
    expect(index.search({ text: 'espreso machine' }).hits[0]?.product.title).toBe('Espresso Machine');
    expect(index.search({ text: 'headphons' }).hits[0]?.product.title).toBe('Headphones');
  });
});

describe('Chinese text', () => {
  it('is cut into words and characters, with Traditional folded to Simplified and stop words dropped', () => {
    expect(analyze('我想买一双耐克的跑鞋')).toEqual(['耐克', '耐', '克', '跑鞋', '跑', '鞋']);
    expect(analyze('藍牙耳機')).toEqual(analyze('蓝牙耳机'));
    expect(analyze('nike跑步鞋 T-shirt')).toEqual(['nike', '跑步', '跑', '步', '鞋', 'tshirt', 'shirt']);
  });

  it('finds a product by a synonym, a Traditional spelling and a mixed query', () => {
    const index = createSearchIndex();
    const shoes = buildProduct(
      {
        title: '耐克 轻量缓震 跑步鞋',
        brand: '耐克',
        tags: ['nike', 'running', 'shoes'],
        variants: [{ price: { amount: 39900, currency: 'CNY' }, stock: 5 }],
      },
      0,
    );
    const earbuds = buildProduct(
      {
        title: '小米 真无线降噪 蓝牙耳机',
        brand: '小米',
        variants: [{ price: { amount: 29900, currency: 'CNY' }, stock: 5 }],
      },
      0,
    );
    index.upsert(shoes);
    index.upsert(earbuds);
    const first = (text: string) => index.search({ text }).hits[0]?.product.id;
    expect(first('我想买一双跑鞋')).toBe(shoes.id);
    expect(first('藍牙耳機')).toBe(earbuds.id);
    expect(first('耐克 running 鞋')).toBe(shoes.id);
    expect(index.search({ text: '电饭煲' }).hits).toHaveLength(0);
  });
});
