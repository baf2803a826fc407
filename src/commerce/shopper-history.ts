import type { OrderStore } from './commerce-store.js';

/** Commerce's answers about a shopper's purchases: promotions' `ShopperHistory` port, over the order record. */
export function createShopperHistory(store: Pick<OrderStore, 'hasPaidOrder'>): {
  hasPaidOrder(shopperId: string): Promise<boolean>;
} {
  return { hasPaidOrder: (shopperId) => store.hasPaidOrder(shopperId) };
}
