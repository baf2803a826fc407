import type { CartRecord, CartStore } from '../../commerce/commerce-store.js';
import { newId } from '../../shared/ids.js';
import type { Cart, MemoryState } from './commerce-state.js';

/** Carts in memory: the SQL cart store's rules (lines merge by variant, coupon codes compare-and-set). */
export function createMemoryCartStore(state: MemoryState): CartStore {
  const { carts, cartsById, cartById, variantOf } = state;
  return {
    findVariant: async (variantId) => variantOf(variantId),

    async findCart(shopperId) {
      const cart = carts.get(shopperId);
      if (cart === undefined) return undefined;
      const lines = [...cart.lines]
        .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
        .flatMap((line) => {
          const variant = variantOf(line.variantId);
          return variant === undefined ? [] : [{ lineId: line.id, quantity: line.quantity, variant }];
        });
      return { id: cart.id, shopperId, couponCodes: [...cart.couponCodes], lines } satisfies CartRecord;
    },

    async ensureCart(shopperId) {
      const existing = carts.get(shopperId);
      if (existing !== undefined) return existing.id;
      const cart: Cart = {
        id: newId('cart'),
        shopperId,
        couponCodes: [],
        lines: [],
        checkoutId: undefined,
        checkoutStartedAt: undefined,
      };
      carts.set(shopperId, cart);
      cartsById.set(cart.id, cart);
      return cart.id;
    },

    async addToCart(cartId, variantId, quantity, now) {
      const cart = cartById(cartId);
      if (cart === undefined) throw new Error(`no cart ${cartId}`);
      const line = cart.lines.find((item) => item.variantId === variantId);
      if (line !== undefined) {
        line.quantity += quantity;
        return line.id;
      }
      const id = newId('line');
      cart.lines.push({ id, variantId, quantity, createdAt: now });
      return id;
    },

    async setLineQuantity(cartId, lineId, quantity) {
      const line = cartById(cartId)?.lines.find((item) => item.id === lineId);
      if (line === undefined) return false;
      line.quantity = quantity;
      return true;
    },

    async removeLine(cartId, lineId) {
      const cart = cartById(cartId);
      const before = cart?.lines.length ?? 0;
      if (cart !== undefined) cart.lines = cart.lines.filter((item) => item.id !== lineId);
      return cart !== undefined && cart.lines.length < before;
    },

    async setCouponCodes(cartId, expected, codes) {
      const cart = cartById(cartId);
      if (cart === undefined || JSON.stringify(cart.couponCodes) !== JSON.stringify(expected)) return false;
      cart.couponCodes = [...codes];
      return true;
    },
  };
}
