import { buildProduct } from '../../src/catalog/build-product.js';
import type { Product } from '../../src/catalog/index.js';

/** A small seeded PRNG (mulberry32): the same seed always yields the same catalog. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** A product kind with the options its variants vary by; prices in minor units. */
export interface ProductType {
  readonly noun: string;
  readonly category: string;
  readonly basePrice: number;
  readonly options: Readonly<Record<string, readonly string[]>>;
}

export const COLORS = ['black', 'white', 'red', 'blue', 'green', 'grey', 'navy', 'beige', 'pink', 'yellow'];
const SIZES = ['XS', 'S', 'M', 'L', 'XL', 'XXL'];
const SHOE_SIZES = ['6', '7', '8', '9', '10', '11', '12'];
const MATERIALS = [
  'cotton',
  'polyester',
  'wool',
  'linen',
  'leather',
  'nylon',
  'bamboo',
  'steel',
  'glass',
  'oak',
];

/** Product kinds with the options their variants vary by; prices in cents. */
export const PRODUCT_TYPES: readonly ProductType[] = [
  {
    noun: 'T-Shirt',
    category: 'clothing',
    basePrice: 2500,
    options: { color: COLORS, size: SIZES, material: MATERIALS.slice(0, 4) },
  },
  { noun: 'Hoodie', category: 'clothing', basePrice: 5500, options: { color: COLORS, size: SIZES } },
  {
    noun: 'Jeans',
    category: 'clothing',
    basePrice: 6500,
    options: { color: ['blue', 'black', 'grey'], size: SIZES },
  },
  { noun: 'Dress', category: 'womens-dresses', basePrice: 8000, options: { color: COLORS, size: SIZES } },
  {
    noun: 'Jacket',
    category: 'clothing',
    basePrice: 12000,
    options: { color: COLORS, size: SIZES, material: ['wool', 'nylon', 'leather'] },
  },
  {
    noun: 'Running Shoes',
    category: 'shoes',
    basePrice: 11000,
    options: { color: COLORS, size: SHOE_SIZES },
  },
  { noun: 'Sneakers', category: 'shoes', basePrice: 9000, options: { color: COLORS, size: SHOE_SIZES } },
  {
    noun: 'Hiking Boots',
    category: 'shoes',
    basePrice: 16000,
    options: { size: SHOE_SIZES, material: ['leather', 'nylon'] },
  },
  {
    noun: 'Backpack',
    category: 'bags',
    basePrice: 7000,
    options: { color: COLORS, size: ['small', 'medium', 'large'] },
  },
  {
    noun: 'Handbag',
    category: 'womens-bags',
    basePrice: 15000,
    options: { color: COLORS, material: ['leather', 'linen'] },
  },
  {
    noun: 'Wristwatch',
    category: 'watches',
    basePrice: 20000,
    options: { 'strap material': ['leather', 'steel', 'nylon'], 'dial color': COLORS },
  },
  {
    noun: 'Sunglasses',
    category: 'sunglasses',
    basePrice: 9000,
    options: { 'frame color': COLORS, 'lens type': ['polarized', 'non-polarized'] },
  },
  {
    noun: 'Laptop',
    category: 'laptops',
    basePrice: 120000,
    options: { ram: ['8GB', '16GB', '32GB'], storage: ['256GB', '512GB', '1TB'] },
  },
  {
    noun: 'Smartphone',
    category: 'smartphones',
    basePrice: 70000,
    options: { color: COLORS, storage: ['128GB', '256GB', '512GB'] },
  },
  {
    noun: 'Tablet',
    category: 'tablets',
    basePrice: 45000,
    options: { color: COLORS, storage: ['64GB', '128GB', '256GB'] },
  },
  {
    noun: 'Headphones',
    category: 'audio',
    basePrice: 15000,
    options: { color: COLORS, type: ['over-ear', 'on-ear', 'in-ear'] },
  },
  { noun: 'Bluetooth Speaker', category: 'audio', basePrice: 8000, options: { color: COLORS } },
  { noun: 'Wireless Earbuds', category: 'audio', basePrice: 10000, options: { color: COLORS } },
  {
    noun: 'Electric Kettle',
    category: 'kitchen-appliances',
    basePrice: 5000,
    options: { capacity: ['1L', '1.5L', '2L'], material: ['glass', 'steel', 'plastic'] },
  },
  {
    noun: 'Coffee Maker',
    category: 'kitchen-appliances',
    basePrice: 9000,
    options: { color: COLORS, capacity: ['4 cups', '8 cups', '12 cups'] },
  },
  {
    noun: 'Frying Pan',
    category: 'kitchen-accessories',
    basePrice: 3500,
    options: { size: ['20cm', '24cm', '28cm'], material: ['steel', 'cast iron'] },
  },
  { noun: 'Desk Lamp', category: 'lighting', basePrice: 4000, options: { color: COLORS } },
  {
    noun: 'Office Chair',
    category: 'furniture',
    basePrice: 25000,
    options: { color: COLORS, material: ['mesh', 'leather'] },
  },
  {
    noun: 'Bookshelf',
    category: 'furniture',
    basePrice: 18000,
    options: { material: ['oak', 'pine', 'steel'] },
  },
  {
    noun: 'Yoga Mat',
    category: 'sports-accessories',
    basePrice: 3000,
    options: { color: COLORS, thickness: ['4mm', '6mm', '8mm'] },
  },
  {
    noun: 'Dumbbell Set',
    category: 'sports-accessories',
    basePrice: 9000,
    options: { weight: ['10kg', '20kg', '30kg'] },
  },
  {
    noun: 'Water Bottle',
    category: 'sports-accessories',
    basePrice: 2000,
    options: { color: COLORS, capacity: ['500ml', '750ml', '1L'] },
  },
  {
    noun: 'Lipstick',
    category: 'beauty',
    basePrice: 1800,
    options: { color: ['red', 'pink', 'nude', 'berry'] },
  },
  { noun: 'Perfume', category: 'fragrances', basePrice: 9000, options: { size: ['30ml', '50ml', '100ml'] } },
  { noun: 'Face Cream', category: 'skin-care', basePrice: 2500, options: {} },
  { noun: 'Notebook', category: 'stationery', basePrice: 900, options: { color: COLORS } },
  { noun: 'Jigsaw Puzzle', category: 'toys', basePrice: 2500, options: { pieces: ['500', '1000', '2000'] } },
  {
    noun: 'Pet Bed',
    category: 'pet-supplies',
    basePrice: 5000,
    options: { size: ['small', 'medium', 'large'], color: COLORS },
  },
  { noun: 'Garden Hose', category: 'garden', basePrice: 4000, options: { length: ['15m', '25m', '50m'] } },
];

const ADJECTIVES = [
  'Classic',
  'Premium',
  'Ultra',
  'Eco',
  'Sport',
  'Urban',
  'Vintage',
  'Pro',
  'Lite',
  'Deluxe',
  'Compact',
  'Everyday',
  'Travel',
  'Organic',
  'Slim',
  'Heritage',
  'Studio',
  'Trail',
  'Coastal',
  'Nordic',
];
const BRAND_SYLLABLES = [
  'nor',
  'vel',
  'tra',
  'lum',
  'kai',
  'zen',
  'ori',
  'bex',
  'mar',
  'qui',
  'sol',
  'fen',
  'dax',
  'ryn',
];
const DESCRIPTION_WORDS = [
  'durable',
  'comfortable',
  'lightweight',
  'breathable',
  'water-resistant',
  'handmade',
  'sustainable',
  'versatile',
  'modern',
  'soft',
  'sturdy',
  'elegant',
  'portable',
  'quiet',
  'fast',
  'warm',
];

/** The brand names the generator uses (200 of them, deterministic). */
export const BRANDS: readonly string[] = Array.from({ length: 200 }, (_, index) => {
  const a = BRAND_SYLLABLES[index % BRAND_SYLLABLES.length] ?? 'a';
  const b = BRAND_SYLLABLES[Math.floor(index / BRAND_SYLLABLES.length) % BRAND_SYLLABLES.length] ?? 'b';
  const name = `${a}${b}${index % 3 === 0 ? 'a' : ''}`;
  return name.charAt(0).toUpperCase() + name.slice(1);
});

/** What a synthetic catalog is made of: its product kinds, words, currency and how titles read. */
export interface CatalogShape {
  readonly types: readonly ProductType[];
  readonly brands: readonly string[];
  readonly adjectives: readonly string[];
  readonly descriptionWords: readonly string[];
  readonly currency: string;
  readonly idPrefix: string;
  describe(brand: string, adjective: string, noun: string, words: readonly string[]): string;
}

/** The English catalog: 34 kinds, 200 brands, prices in USD cents. */
export const ENGLISH_SHAPE: CatalogShape = {
  types: PRODUCT_TYPES,
  brands: BRANDS,
  adjectives: ADJECTIVES,
  descriptionWords: DESCRIPTION_WORDS,
  currency: 'USD',
  idPrefix: 'prd_syn',
  describe: (brand, _adjective, noun, words) => `A ${words.join(' ')} ${noun.toLowerCase()} by ${brand}.`,
};

/**
 * Generates `count` products deterministically from `seed` in the catalog `shape`: varied titles,
 * brands, options, prices and stock (the English catalog by default).
 */
export function* syntheticProducts(
  count: number,
  seed = 42,
  shape: CatalogShape = ENGLISH_SHAPE,
): Generator<Product> {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  for (let index = 0; index < count; index += 1) {
    const type = pick(shape.types);
    const brand = pick(shape.brands);
    const adjective = pick(shape.adjectives);
    const optionNames = Object.keys(type.options);
    const variantCount = optionNames.length === 0 ? 1 : 1 + Math.floor(random() * 6);
    const seen = new Set<string>();
    const variants = [];
    const priceFactor = 0.5 + random() * 1.5;
    for (let attempt = 0; attempt < variantCount * 3 && variants.length < variantCount; attempt += 1) {
      const options: Record<string, string> = {};
      for (const name of optionNames) options[name] = pick(type.options[name] ?? []);
      const key = JSON.stringify(options);
      if (seen.has(key)) continue;
      seen.add(key);
      variants.push({
        options,
        price: {
          amount: Math.round(type.basePrice * priceFactor * (0.9 + random() * 0.2)),
          currency: shape.currency,
        },
        stock: random() < 0.15 ? 0 : Math.floor(random() * 200),
      });
    }
    const words = Array.from({ length: 12 }, () => pick(shape.descriptionWords));
    yield buildProduct(
      {
        id: `${shape.idPrefix}_${index}`,
        title: `${brand} ${adjective} ${type.noun}`,
        description: shape.describe(brand, adjective, type.noun, words),
        category: type.category,
        brand,
        tags: [type.category, adjective.toLowerCase()],
        rating: Math.round(random() * 50) / 10,
        variants,
      },
      1_700_000_000_000,
    );
  }
}
