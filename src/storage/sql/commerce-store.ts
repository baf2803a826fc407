import type { CommerceStore } from '../../commerce/commerce-store.js';
import type { Db } from '../dialect.js';
import { createCaptureStore } from './commerce-capture-store.js';
import { createCartStore } from './commerce-cart-store.js';
import { createCheckoutStore } from './commerce-checkout-store.js';
import { createOrderStore } from './commerce-order-store.js';

/** The commerce record in SQL (SQLite or PostgreSQL through Kysely); catalog tables are read directly. */
export function createSqlCommerceStore(db: Db): CommerceStore {
  return {
    ...createCartStore(db.kysely),
    ...createCheckoutStore(db.kysely),
    ...createCaptureStore(db.kysely),
    ...createOrderStore(db.kysely),
  };
}
