import type { Kysely } from 'kysely';
import type { CartLineRecord, CartRecord, VariantSnapshot } from '../../commerce/commerce-store.js';
import { newId } from '../../shared/ids.js';
import type { Database } from '../schema.js';

/** Reads variants with their product's facts straight from the catalog tables. */
export function variantQuery(kysely: Kysely<Database>) {
  return kysely
    .selectFrom('variants')
    .innerJoin('products', 'products.id', 'variants.product_id')
    .select([
      'variants.id as variant_id',
      'variants.product_id',
      'variants.options',
      'variants.price_amount',
      'variants.currency',
      'variants.stock',
      'products.title',
      'products.category',
    ]);
}

type VariantRow = {
  variant_id: string;
  product_id: string;
  options: string;
  price_amount: number;
  currency: string;
  stock: number;
  title: string;
  category: string;
};

/** Maps a joined variant row to the snapshot commerce works with. */
export function toVariantSnapshot(row: VariantRow): VariantSnapshot {
  return {
    variantId: row.variant_id,
    productId: row.product_id,
    title: row.title,
    category: row.category,
    options: parseObject(row.options),
    unitPrice: Number(row.price_amount),
    currency: row.currency,
    stock: Number(row.stock),
  };
}

/** Cart reads and writes; a cart line's quantity is a wish, stock is only taken at checkout. */
export function createCartStore(kysely: Kysely<Database>) {
  return {
    async findVariant(variantId: string): Promise<VariantSnapshot | undefined> {
      const row = await variantQuery(kysely).where('variants.id', '=', variantId).executeTakeFirst();
      return row === undefined ? undefined : toVariantSnapshot(row);
    },

    async findCart(shopperId: string): Promise<CartRecord | undefined> {
      const cart = await kysely
        .selectFrom('carts')
        .selectAll()
        .where('shopper_id', '=', shopperId)
        .executeTakeFirst();
      if (cart === undefined) return undefined;
      // Lines whose variant left the catalog drop out of the cart's view and out of checkout.
      const rows = await variantQuery(kysely)
        .innerJoin('cart_lines', 'cart_lines.variant_id', 'variants.id')
        .select(['cart_lines.id as line_id', 'cart_lines.quantity'])
        .where('cart_lines.cart_id', '=', cart.id)
        .orderBy('cart_lines.created_at')
        .orderBy('cart_lines.id')
        .execute();
      const lines: CartLineRecord[] = rows.map((row) => ({
        lineId: row.line_id,
        quantity: Number(row.quantity),
        variant: toVariantSnapshot(row),
      }));
      return { id: cart.id, shopperId, couponCodes: parseStringArray(cart.coupon_codes), lines };
    },

    async ensureCart(shopperId: string, now: number): Promise<string> {
      await kysely
        .insertInto('carts')
        .values({
          id: newId('cart'),
          shopper_id: shopperId,
          coupon_codes: '[]',
          created_at: now,
          updated_at: now,
        })
        .onConflict((conflict) => conflict.column('shopper_id').doNothing())
        .execute();
      const cart = await kysely
        .selectFrom('carts')
        .select('id')
        .where('shopper_id', '=', shopperId)
        .executeTakeFirstOrThrow();
      return cart.id;
    },

    async addToCart(cartId: string, variantId: string, quantity: number, now: number): Promise<string> {
      const line = await kysely
        .insertInto('cart_lines')
        .values({ id: newId('line'), cart_id: cartId, variant_id: variantId, quantity, created_at: now })
        .onConflict((conflict) =>
          conflict
            .columns(['cart_id', 'variant_id'])
            .doUpdateSet((eb) => ({ quantity: eb('cart_lines.quantity', '+', eb.ref('excluded.quantity')) })),
        )
        .returning('id')
        .executeTakeFirstOrThrow();
      await touch(kysely, cartId, now);
      return line.id;
    },

    async setLineQuantity(cartId: string, lineId: string, quantity: number, now: number): Promise<boolean> {
      const result = await kysely
        .updateTable('cart_lines')
        .set({ quantity })
        .where('id', '=', lineId)
        .where('cart_id', '=', cartId)
        .executeTakeFirst();
      await touch(kysely, cartId, now);
      return Number(result.numUpdatedRows) === 1;
    },

    async removeLine(cartId: string, lineId: string, now: number): Promise<boolean> {
      const result = await kysely
        .deleteFrom('cart_lines')
        .where('id', '=', lineId)
        .where('cart_id', '=', cartId)
        .executeTakeFirst();
      await touch(kysely, cartId, now);
      return Number(result.numDeletedRows) === 1;
    },

    async setCouponCodes(
      cartId: string,
      expected: readonly string[],
      codes: readonly string[],
      now: number,
    ): Promise<boolean> {
      // Compare-and-set: every writer stores JSON.stringify of the list, so equal lists are equal text.
      const result = await kysely
        .updateTable('carts')
        .set({ coupon_codes: JSON.stringify(codes), updated_at: now })
        .where('id', '=', cartId)
        .where('coupon_codes', '=', JSON.stringify(expected))
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

async function touch(kysely: Kysely<Database>, cartId: string, now: number): Promise<void> {
  await kysely.updateTable('carts').set({ updated_at: now }).where('id', '=', cartId).execute();
}

/** Parses a JSON object column, tolerating anything that is not an object of strings. */
export function parseObject(text: string): Record<string, string> {
  try {
    const value: unknown = JSON.parse(text);
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return {};
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, String(item)]));
  } catch {
    return {};
  }
}

/** Parses a JSON array-of-strings column. */
export function parseStringArray(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
  } catch {
    return [];
  }
}
