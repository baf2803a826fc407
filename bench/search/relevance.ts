import type { Product, SearchQuery } from '../../src/catalog/index.js';
import type { SearchIndex } from '../../src/catalog/search/search-index.js';

/** A judged query on the demo catalog: any product the predicate accepts is a right answer. */
interface Judgement {
  readonly query: SearchQuery;
  readonly relevant: (product: Product) => boolean;
}

const title =
  (...titles: string[]) =>
  (product: Product) =>
    titles.includes(product.title);
const category = (name: string) => (product: Product) => product.category === name;
const brand = (name: string) => (product: Product) => product.brand === name;

/** Hand-judged queries over `data/demo-catalog.json`, a third of them misspelt. */
export const DEMO_JUDGEMENTS: readonly Judgement[] = [
  { query: { text: 'red cotton t-shirt', maxPrice: 6000 }, relevant: title('T-Shirt') },
  { query: { text: 'mascara' }, relevant: title('Essence Mascara Lash Princess') },
  { query: { text: 'mascra' }, relevant: title('Essence Mascara Lash Princess') },
  { query: { text: 'iphone charger' }, relevant: title('Apple iPhone Charger') },
  { query: { text: 'laptop' }, relevant: (product) => product.category === 'laptops' },
  { query: { text: 'running shoes' }, relevant: title('Running Shoes') },
  { query: { text: 'runing shoes' }, relevant: title('Running Shoes') },
  { query: { text: 'electric kettle' }, relevant: title('Electric Kettle') },
  { query: { text: 'kettel' }, relevant: title('Electric Kettle', 'Tea Kettle') },
  { query: { text: 'wireless earbuds' }, relevant: title('Wireless Earbuds') },
  { query: { text: 'wireles earbuds' }, relevant: title('Wireless Earbuds') },
  { query: { text: 'perfume' }, relevant: (product) => product.category === 'fragrances' },
  { query: { text: 'office chair' }, relevant: title('Office Chair') },
  { query: { text: 'ofice chair' }, relevant: title('Office Chair') },
  { query: { text: 'sunglasses' }, relevant: category('sunglasses') },
  { query: { text: 'sunglases' }, relevant: category('sunglasses') },
  { query: { text: 'dumbbell' }, relevant: title('Dumbbell Set') },
  { query: { text: 'bluetooth speaker' }, relevant: title('Bluetooth Speaker') },
  { query: { text: 'gaming mouse' }, relevant: title('Gaming Mouse') },
  { query: { text: 'gamming mouse' }, relevant: title('Gaming Mouse') },
  { query: { text: 'red lipstick' }, relevant: title('Red Lipstick') },
  { query: { text: 'nail polish' }, relevant: title('Red Nail Polish') },
  { query: { text: 'calvin klein' }, relevant: brand('Calvin Klein') },
  { query: { text: 'backpack laptop compartment' }, relevant: title('Backpack') },
  { query: { text: 'red fleece jacket' }, relevant: title('Fleece Jacket') },
  { query: { text: 'espresso machine' }, relevant: title('Espresso Machine') },
  { query: { text: 'espreso machine' }, relevant: title('Espresso Machine') },
  { query: { text: 'yoga mat' }, relevant: title('Yoga Mat') },
  { query: { text: 'smart watch' }, relevant: title('Smart Watch') },
  { query: { text: 'headphons' }, relevant: title('Headphones') },
  { query: { text: 'waterproof hiking boots' }, relevant: title('Hiking Boots') },
  { query: { text: 'samsung galaxy' }, relevant: brand('Samsung') },
  { query: { text: 'womens dress' }, relevant: category('womens-dresses') },
  { query: { text: 'mens watch' }, relevant: category('mens-watches') },
  { query: { text: 'size 10 sneakers' }, relevant: title('Sneakers') },
  { query: { text: 'blue t-shirt', options: { size: ['M'] } }, relevant: title('T-Shirt') },
];

/** Relevance of an index on the judged queries: share right at rank 1, in the top 3, and mean reciprocal rank. */
export function measureRelevance(index: SearchIndex): {
  hitAt1: number;
  hitAt3: number;
  mrr: number;
  misses: string[];
} {
  let hitAt1 = 0;
  let hitAt3 = 0;
  let reciprocal = 0;
  const misses: string[] = [];
  for (const judgement of DEMO_JUDGEMENTS) {
    const result = index.search({ ...judgement.query, limit: 10, facets: false });
    const rank = result.hits.findIndex((hit) => judgement.relevant(hit.product));
    if (rank === 0) hitAt1 += 1;
    if (rank >= 0 && rank < 3) hitAt3 += 1;
    if (rank >= 0) reciprocal += 1 / (rank + 1);
    else misses.push(judgement.query.text ?? '');
  }
  const total = DEMO_JUDGEMENTS.length;
  return { hitAt1: hitAt1 / total, hitAt3: hitAt3 / total, mrr: reciprocal / total, misses };
}
