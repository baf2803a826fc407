import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVariant, stockOf } from './helpers/catalog-factory.js';
import { clientFor } from './helpers/commerce-client.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const SHOPPERS = 200;
const STOCK = 10;

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`checkout race on ${store.name}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      // This suite proves the stock invariant under a race; admission (which would shed part of the
      // burst with 503s, as designed) is tested in its own suites.
      test = await startTestApp(store, { admission: { enabled: false } });
    });
    afterAll(async () => {
      await test?.close();
    });

    it(`${SHOPPERS} shoppers racing for the last ${STOCK} units: exactly ${STOCK} paid orders`, async () => {
      const variant = await makeVariant(test.app.db, { stock: STOCK, price: 1500 });
      const clients = [];
      for (let index = 0; index < SHOPPERS; index += 1) {
        const { token } = await test.newShopper();
        const client = clientFor(test, token);
        const added = await client.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 1 });
        expect(added.statusCode).toBe(200);
        clients.push(client);
      }

      const responses = await Promise.all(clients.map((client, index) => client.checkout(`race-${index}`)));
      const statuses = responses.map((response) => response.statusCode);
      expect(statuses.filter((status) => status === 201)).toHaveLength(STOCK);
      const refused = responses.filter((response) => response.statusCode !== 201);
      expect(refused).toHaveLength(SHOPPERS - STOCK);
      for (const response of refused) {
        expect(response.statusCode).toBe(409);
        expect(response.json().error.code).toBe('INSUFFICIENT_STOCK');
      }
      expect(await stockOf(test.app.db, variant.variantId)).toBe(0);

      const reservations = await test.app.db.kysely
        .selectFrom('stock_reservations')
        .select(['state', 'quantity'])
        .where('variant_id', '=', variant.variantId)
        .execute();
      expect(
        reservations
          .filter((row) => row.state === 'sold')
          .reduce((sum, row) => sum + Number(row.quantity), 0),
      ).toBe(STOCK);
      expect(reservations.filter((row) => row.state !== 'sold')).toEqual([]);
      const paid = await test.app.db.kysely
        .selectFrom('orders')
        .select('id')
        .where('status', '=', 'paid')
        .execute();
      expect(paid).toHaveLength(STOCK);
      // Losers were refused before any order row was written.
      const allOrders = await test.app.db.kysely.selectFrom('orders').select('id').execute();
      expect(allOrders).toHaveLength(STOCK);
    });
  });
}
