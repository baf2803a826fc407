import { z } from 'zod';
import { toMinorUnits } from '../../shared/money.js';
import type { ProductInput } from '../product-input.js';

const DummyProduct = z.object({
  id: z.number().int(),
  title: z.string(),
  description: z.string(),
  category: z.string(),
  price: z.number().nonnegative(),
  rating: z.number().min(0).max(5),
  stock: z.number().int(),
  tags: z.array(z.string()),
  brand: z.string().optional(),
  sku: z.string().optional(),
  warrantyInformation: z.string().optional(),
  shippingInformation: z.string().optional(),
  returnPolicy: z.string().optional(),
  images: z.array(z.string()).default([]),
});

/**
 * Converts DummyJSON's `products.json` (decimal dollar prices, one stock count per product) into
 * our catalog format: one default variant per product, ids derived from DummyJSON's ids.
 */
export function convertDummyJson(document: unknown): ProductInput[] {
  const products = z.array(DummyProduct).parse(document);
  return products.map((product) => {
    const attributes: Record<string, string> = {};
    if (product.warrantyInformation !== undefined) attributes.warranty = product.warrantyInformation;
    if (product.shippingInformation !== undefined) attributes.shipping = product.shippingInformation;
    if (product.returnPolicy !== undefined) attributes.returnPolicy = product.returnPolicy;
    return {
      id: `prd_dummyjson_${product.id}`,
      title: product.title.trim(),
      description: product.description.trim(),
      category: product.category,
      brand: product.brand ?? null,
      tags: [...new Set(product.tags)],
      attributes,
      rating: product.rating,
      images: product.images,
      variants: [
        {
          id: `var_dummyjson_${product.id}`,
          ...(product.sku === undefined ? {} : { sku: product.sku }),
          options: {},
          price: { amount: toMinorUnits(product.price, 'USD'), currency: 'USD' },
          stock: Math.max(0, product.stock),
        },
      ],
    };
  });
}
