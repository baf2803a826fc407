import type { Money } from '../shared/money.js';

/** Option name to value, such as `{ color: 'red', size: 'M' }`; `{}` for a product's single default variant. */
export type VariantOptions = Readonly<Record<string, string>>;

/** One buyable variant of a product: carts, orders and stock always refer to variants. */
export interface Variant {
  readonly id: string;
  readonly productId: string;
  readonly sku: string | null;
  readonly options: VariantOptions;
  readonly price: Money;
  /** Units on hand that no order has reserved; never negative. */
  readonly stock: number;
  readonly position: number;
}

/** A product with its variants (at least one). Image URLs may be unreachable; nothing depends on them. */
export interface Product {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly category: string;
  readonly brand: string | null;
  readonly tags: readonly string[];
  readonly attributes: Readonly<Record<string, string>>;
  /** Average review rating from 0 to 5, when known. */
  readonly rating: number | null;
  readonly images: readonly string[];
  readonly variants: readonly Variant[];
  readonly createdAt: number;
  readonly updatedAt: number;
}

/** A variant together with the product facts a cart or an order line needs. */
export interface VariantWithProduct extends Variant {
  readonly productTitle: string;
  readonly category: string;
  readonly brand: string | null;
}

/** The category a product gets when its source names none. */
export const DEFAULT_CATEGORY = 'uncategorized';
