import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const ADDRESS = {
  name: 'Ana Silva',
  line1: '1 Main St',
  city: 'Springfield',
  postalCode: '12345',
  country: 'US',
};

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`search follows stock changes (${store.name})`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp(store, { env: { RUSHCART_ADMISSION: 'off' } });
    });
    afterAll(async () => {
      await test?.close();
    });

    it('drops a sold-out variant from in-stock results after checkout and brings it back on cancel', async () => {
      const { server } = test.app;
      const created = await server.inject({
        method: 'POST',
        url: '/api/v1/admin/products',
        headers: { authorization: `Bearer ${test.adminKey}` },
        payload: {
          title: 'Zephyr Lantern',
          category: 'outdoor',
          variants: [{ price: { amount: 2500, currency: 'USD' }, stock: 1 }],
        },
      });
      expect(created.statusCode).toBe(201);
      const product = created.json() as { id: string; variants: { id: string }[] };
      const inStockIds = async () => {
        const found = await server.inject('/api/v1/products?q=zephyr%20lantern&inStock=true');
        return (found.json() as { items: { id: string }[] }).items.map((item) => item.id);
      };
      expect(await inStockIds()).toContain(product.id);

      const { token } = await test.newShopper();
      const auth = { authorization: `Bearer ${token}` };
      const added = await server.inject({
        method: 'POST',
        url: '/api/v1/cart/lines',
        headers: auth,
        payload: { variantId: product.variants[0]?.id, quantity: 1 },
      });
      expect(added.statusCode).toBe(200);
      const order = await server.inject({
        method: 'POST',
        url: '/api/v1/checkout',
        headers: { ...auth, 'idempotency-key': 'sync-1' },
        payload: { payment: { type: 'test_card', number: '4242424242424242' }, shippingAddress: ADDRESS },
      });
      expect(order.statusCode).toBe(201);
      expect(await inStockIds()).not.toContain(product.id);

      const orderId = (order.json() as { id: string }).id;
      const cancelled = await server.inject({
        method: 'POST',
        url: `/api/v1/orders/${orderId}/cancel`,
        headers: auth,
      });
      expect(cancelled.statusCode).toBe(200);
      expect(await inStockIds()).toContain(product.id);
    });
  });
}
