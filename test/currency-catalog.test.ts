import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutBody, clientFor } from './helpers/commerce-client.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

// A yen catalog: Shopify exports prices as decimals in the shop's currency, and a yen has no minor
// unit, so "1200" is 1200 minor units (it came in as 120000 when every currency had two decimals).
const YEN_CSV = [
  'Handle,Title,Body (HTML),Vendor,Type,Option1 Name,Option1 Value,Variant SKU,Variant Price,Variant Inventory Qty',
  'matcha-bowl,Matcha Bowl,<p>Hand-thrown bowl</p>,Kyoto Kiln,Tableware,Size,Small,MB-S,1200,5',
  'matcha-bowl,,,,,,Large,MB-L,"1,980",5',
].join('\n');

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`a JPY catalog on ${store.name}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp(store);
    });
    afterAll(async () => {
      await test?.close();
    });

    it('imports at the yen’s exponent and prices, ships and charges in yen', async () => {
      const admin = { authorization: `Bearer ${test.adminKey}`, 'content-type': 'text/csv' };
      const imported = await test.app.server.inject({
        method: 'POST',
        url: '/api/v1/admin/catalog/import?currency=JPY',
        headers: admin,
        payload: YEN_CSV,
      });
      expect(imported.statusCode, imported.body).toBe(200);
      const product = (await test.app.server.inject('/api/v1/products/prd_shopify_matcha-bowl')).json();
      expect(product.variants.map((variant: { price: unknown }) => variant.price)).toEqual([
        { amount: 1200, currency: 'JPY' },
        { amount: 1980, currency: 'JPY' },
      ]);

      const fractional = await test.app.server.inject({
        method: 'POST',
        url: '/api/v1/admin/catalog/import?currency=JPY',
        headers: admin,
        payload: 'Handle,Title,Variant Price\nhalf,Half Yen,12.5\n',
      });
      expect(fractional.statusCode).toBe(422);
      expect(JSON.stringify(fractional.json())).toMatch(/not a JPY price \(use digits with no decimals/);

      const shopper = await test.newShopper();
      const client = clientFor(test, shopper.token);
      const small = product.variants[0].id as string;
      expect((await client.post('/api/v1/cart/lines', { variantId: small, quantity: 1 })).statusCode).toBe(
        200,
      );
      const cart = (await client.get('/api/v1/cart')).json();
      expect(cart).toMatchObject({
        currency: 'JPY',
        subtotal: { amount: 1200, currency: 'JPY' },
        shipping: { amount: 600, currency: 'JPY' },
        total: { amount: 1800, currency: 'JPY' },
      });
      const order = await client.checkout(`yen-${store.name}-${Date.now()}`, checkoutBody());
      expect(order.statusCode, order.body).toBe(201);
      expect(order.json().total).toEqual({ amount: 1800, currency: 'JPY' });

      // Five thousand yen and more ships free.
      const large = product.variants[1].id as string;
      await client.post('/api/v1/cart/lines', { variantId: large, quantity: 3 });
      expect((await client.get('/api/v1/cart')).json()).toMatchObject({
        subtotal: { amount: 5940 },
        shipping: { amount: 0 },
        total: { amount: 5940 },
      });
    });
  });
}
