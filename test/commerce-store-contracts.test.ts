import { afterAll, beforeAll, describe } from 'vitest';
import { cartStoreContract } from './contracts/cart-store.js';
import { checkoutStoreContract } from './contracts/checkout-store.js';
import { COMMERCE_ADAPTERS, type CommerceFixture } from './contracts/commerce-fixture.js';
import { orderStoreContract } from './contracts/order-store.js';

/** Every adapter of commerce's ports (memory, SQLite, PostgreSQL) held to one contract per port. */
for (const adapter of COMMERCE_ADAPTERS) {
  describe.skipIf(adapter.skipReason !== undefined)(`commerce ports on ${adapter.name}`, () => {
    let fixture: CommerceFixture;
    beforeAll(async () => {
      fixture = await adapter.open();
    });
    afterAll(async () => {
      await fixture?.close();
    });
    const current = () => fixture;
    describe('CartStore', () => cartStoreContract(current));
    describe('CheckoutStore', () => checkoutStoreContract(current));
    describe('OrderStore', () => orderStoreContract(current));
  });
}
