import { createHash } from 'node:crypto';
import { newId } from '../shared/ids.js';
import { DEFAULT_CATEGORY, type Product, type Variant } from './product.js';
import { optionsKey, type ProductInput } from './product-input.js';

/** Turns validated input into a product, keeping the ids of an existing product's variants where options match. */
export function buildProduct(input: ProductInput, now: number, existing?: Product): Product {
  const id = existing?.id ?? input.id ?? newId('prd');
  const existingByOptions = new Map(
    (existing?.variants ?? []).map((variant) => [optionsKey(variant.options), variant.id]),
  );
  const variants: Variant[] = input.variants.map((variant, position) => {
    const options = variant.options ?? {};
    return {
      id: variant.id ?? existingByOptions.get(optionsKey(options)) ?? variantIdFor(id, options),
      productId: id,
      sku: variant.sku ?? null,
      options,
      price: variant.price,
      stock: variant.stock,
      position,
    };
  });
  return {
    id,
    title: input.title,
    description: input.description ?? '',
    category: input.category ?? DEFAULT_CATEGORY,
    brand: input.brand ?? null,
    tags: input.tags ?? [],
    attributes: input.attributes ?? {},
    rating: input.rating ?? null,
    images: input.images ?? [],
    variants,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
  };
}

/** The product as input again (for partial updates that merge into it). */
export function toProductInput(product: Product): ProductInput {
  return {
    id: product.id,
    title: product.title,
    description: product.description,
    category: product.category,
    brand: product.brand,
    tags: [...product.tags],
    attributes: { ...product.attributes },
    rating: product.rating,
    images: [...product.images],
    variants: product.variants.map((variant) => ({
      id: variant.id,
      ...(variant.sku === null ? {} : { sku: variant.sku }),
      options: { ...variant.options },
      price: variant.price,
      stock: variant.stock,
    })),
  };
}

/** A deterministic variant id from its product and options, so re-importing a file keeps ids stable. */
export function variantIdFor(productId: string, options: Readonly<Record<string, string>>): string {
  const digest = createHash('sha256')
    .update(`${productId}\n${optionsKey(options)}`)
    .digest('hex');
  return `var_${digest.slice(0, 24)}`;
}
