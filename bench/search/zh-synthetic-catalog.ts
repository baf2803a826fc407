import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Product } from '../../src/catalog/index.js';
import type { Vocabulary } from './query-mix.js';
import { type CatalogShape, type ProductType, syntheticProducts } from './synthetic-catalog.js';

/** The product types of the Chinese demo slice: noun, category, price and option values. */
function zhTypes(): ProductType[] {
  const { products } = JSON.parse(readFileSync(resolve('data/demo-catalog-zh.json'), 'utf8')) as {
    products: {
      title: string;
      category: string;
      variants: { options: Record<string, string>; price: { amount: number } }[];
    }[];
  };
  const byNoun = new Map<string, ProductType>();
  for (const product of products) {
    const noun = product.title.split(' ').at(-1) ?? product.title;
    if (byNoun.has(noun)) continue;
    const options: Record<string, string[]> = {};
    for (const variant of product.variants) {
      for (const [name, value] of Object.entries(variant.options)) {
        const values = options[name] ?? [];
        options[name] = values;
        if (!values.includes(value)) values.push(value);
      }
    }
    // Coloured types come in every colour of the query mix, as most of the English synthetic types do.
    if (options.颜色 !== undefined) options.颜色 = [...COLORS];
    byNoun.set(noun, {
      noun,
      category: product.category,
      basePrice: product.variants[0]?.price.amount ?? 10_000,
      options,
    });
  }
  return [...byNoun.values()];
}

const ADJECTIVES = [
  '新款',
  '经典',
  '轻薄',
  '加厚',
  '时尚',
  '简约',
  '专业',
  '便携',
  '高端',
  '复古',
  '百搭',
  '旗舰',
];
const DESCRIPTION_WORDS =
  '舒适 耐用 透气 柔软 防水 轻便 高品质 精致 大容量 环保 安全 实用 耐磨 保暖 清爽 亲肤 稳定 快速 智能 静音 优雅 细腻 持久 柔和'.split(
    ' ',
  );
const SYLLABLES = '华 美 雅 星 光 天 海 风 云 乐 盛 达 福 康 宝 佳 德 恒 瑞 锦'.split(' ');
const COLORS = ['黑色', '白色', '红色', '蓝色', '灰色', '粉色', '绿色', '藏青色'];

/** Two hundred brand names of two characters, as the English synthetic catalog has two hundred. */
const BRANDS: readonly string[] = Array.from(
  { length: 200 },
  (_, index) =>
    `${SYLLABLES[index % SYLLABLES.length]}${SYLLABLES[Math.floor(index / SYLLABLES.length) % SYLLABLES.length]}`,
);

/** The words the Chinese query mix is made of. */
export function zhVocabulary(): Vocabulary {
  const types = zhTypes();
  return {
    nouns: types.map((type) => type.noun),
    colors: COLORS,
    categories: [...new Set(types.map((type) => type.category))],
    brands: BRANDS,
    colorOption: '颜色',
  };
}

/**
 * `count` Chinese products shaped as the English synthetic catalog's (the same generator over a
 * Chinese shape: brand, adjective and noun in the title, a twelve-word description without spaces,
 * one to six variants, prices in CNY), deterministic per seed: the same catalog size and shape for
 * comparing Chinese search latency with English.
 */
export function zhSyntheticProducts(count: number, seed = 42): Generator<Product> {
  const shape: CatalogShape = {
    types: zhTypes(),
    brands: BRANDS,
    adjectives: ADJECTIVES,
    descriptionWords: DESCRIPTION_WORDS,
    currency: 'CNY',
    idPrefix: 'prd_zhsyn',
    describe: (brand, adjective, noun, words) => `${brand}出品的${adjective}${noun}，${words.join('')}。`,
  };
  return syntheticProducts(count, seed, shape);
}
