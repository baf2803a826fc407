import { createHash } from 'node:crypto';
import { z } from 'zod';
import { toMinorUnits } from '../../shared/money.js';
import type { ProductInput } from '../product-input.js';

const Tau2Db = z.object({
  products: z.record(
    z.string(),
    z.object({
      name: z.string(),
      product_id: z.string(),
      variants: z.record(
        z.string(),
        z.object({
          item_id: z.string(),
          options: z.record(z.string(), z.string()),
          available: z.boolean(),
          price: z.number().nonnegative(),
        }),
      ),
    }),
  ),
});

/** Categories for tau2's product types, aligned with DummyJSON's where they overlap. */
const TAU2_CATEGORIES: Record<string, string> = {
  'Action Camera': 'cameras',
  'Air Purifier': 'home-appliances',
  Backpack: 'bags',
  Bicycle: 'sports-accessories',
  'Bluetooth Speaker': 'audio',
  Bookshelf: 'furniture',
  'Coffee Maker': 'kitchen-appliances',
  'Cycling Helmet': 'sports-accessories',
  'Desk Lamp': 'lighting',
  'Digital Camera': 'cameras',
  'Dumbbell Set': 'sports-accessories',
  'E-Reader': 'tablets',
  'Electric Kettle': 'kitchen-appliances',
  'Electric Toothbrush': 'personal-care',
  'Espresso Machine': 'kitchen-appliances',
  'Fleece Jacket': 'clothing',
  'Gaming Mouse': 'computer-accessories',
  'Garden Hose': 'garden',
  Grill: 'garden',
  Headphones: 'audio',
  'Hiking Boots': 'shoes',
  'Indoor Security Camera': 'smart-home',
  'Jigsaw Puzzle': 'toys',
  Laptop: 'laptops',
  'LED Light Bulb': 'lighting',
  'Luggage Set': 'bags',
  'Makeup Kit': 'beauty',
  'Mechanical Keyboard': 'computer-accessories',
  Notebook: 'stationery',
  'Office Chair': 'furniture',
  'Patio Umbrella': 'garden',
  Perfume: 'fragrances',
  'Pet Bed': 'pet-supplies',
  'Portable Charger': 'mobile-accessories',
  'Running Shoes': 'shoes',
  Skateboard: 'sports-accessories',
  'Smart Thermostat': 'smart-home',
  'Smart Watch': 'watches',
  Smartphone: 'smartphones',
  Sneakers: 'shoes',
  Sunglasses: 'sunglasses',
  'T-Shirt': 'clothing',
  Tablet: 'tablets',
  'Tea Kettle': 'kitchen-accessories',
  'Vacuum Cleaner': 'home-appliances',
  'Wall Clock': 'home-decoration',
  'Water Bottle': 'sports-accessories',
  'Wireless Earbuds': 'audio',
  Wristwatch: 'watches',
  'Yoga Mat': 'sports-accessories',
};

/**
 * Converts the tau2-bench retail `db.json` into our catalog format. tau2 has no stock counts, only
 * `available`: available variants get a stock of 5 to 54 derived from the item id (stable across
 * runs), unavailable ones 0. The tau2 item id is kept as the SKU so tau2 orders can be matched.
 */
export function convertTau2(document: unknown): ProductInput[] {
  const db = Tau2Db.parse(document);
  return Object.values(db.products)
    .sort((a, b) => (a.product_id < b.product_id ? -1 : 1))
    .map((product) => {
      const variants = Object.values(product.variants).sort((a, b) => (a.item_id < b.item_id ? -1 : 1));
      const category = TAU2_CATEGORIES[product.name] ?? 'uncategorized';
      return {
        id: `prd_tau2_${product.product_id}`,
        title: product.name,
        description: describe(
          product.name,
          variants.map((variant) => variant.options),
        ),
        category,
        brand: null,
        tags: [category],
        attributes: {},
        rating: null,
        images: [],
        variants: variants.map((variant) => ({
          id: `var_tau2_${variant.item_id}`,
          sku: variant.item_id,
          options: variant.options,
          price: { amount: toMinorUnits(variant.price, 'USD'), currency: 'USD' },
          stock: variant.available ? stableStock(variant.item_id) : 0,
        })),
      };
    });
}

/** A plain description listing the choices, since tau2 products carry none. */
function describe(name: string, options: readonly Record<string, string>[]): string {
  const values = new Map<string, Set<string>>();
  for (const option of options) {
    for (const [key, value] of Object.entries(option))
      values.set(key, (values.get(key) ?? new Set()).add(value));
  }
  const choices = [...values.entries()].map(([key, set]) => `${key}: ${[...set].join(', ')}`).join('; ');
  return `${name}, available in ${options.length} variants. ${choices}.`;
}

function stableStock(itemId: string): number {
  return 5 + (createHash('sha256').update(itemId).digest().readUInt32BE(0) % 50);
}
