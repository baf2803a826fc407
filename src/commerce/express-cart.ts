import { AppError } from '../shared/app-error.js';
import { newId } from '../shared/ids.js';
import type { CartLineRecord, CartRecord, CartStore } from './commerce-store.js';

/** One item of an express checkout. */
export interface ExpressItem {
  readonly variantId: string;
  readonly quantity: number;
}

/**
 * The items of an express checkout as a cart that exists only for that checkout (it is never
 * stored): the same checks as adding them to a cart (a known variant, one currency, enough
 * stock), after which checkout runs the same steps as for a stored cart. Stock is checked again,
 * under its lock, when checkout reserves it.
 */
export async function expressCart(
  store: Pick<CartStore, 'findVariant'>,
  shopperId: string,
  items: readonly ExpressItem[],
  couponCodes: readonly string[],
): Promise<CartRecord> {
  const lines: CartLineRecord[] = [];
  for (const item of items) {
    const variant = await store.findVariant(item.variantId);
    if (variant === undefined)
      throw new AppError('VARIANT_NOT_FOUND', undefined, { variantId: item.variantId });
    const first = lines[0];
    if (first !== undefined && first.variant.currency !== variant.currency) {
      throw new AppError(
        'CURRENCY_MISMATCH',
        `These items are in ${first.variant.currency}; ${variant.title} costs ${variant.currency}.`,
      );
    }
    if (item.quantity > variant.stock) {
      throw new AppError('INSUFFICIENT_STOCK', `Only ${variant.stock} of ${variant.title} in stock.`, {
        variantId: variant.variantId,
        available: variant.stock,
        requested: item.quantity,
      });
    }
    lines.push({ lineId: newId('xln'), quantity: item.quantity, variant });
  }
  return { id: `express:${shopperId}`, shopperId, couponCodes, lines };
}
