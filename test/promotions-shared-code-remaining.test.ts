import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/shared/ids.js';
import { clientFor } from './helpers/commerce-client.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(
    `shared-code remaining counts unpaid orders on ${store.name}`,
    () => {
      let test: TestApp;
      beforeAll(async () => {
        test = await startTestApp(store);
      });
      afterAll(async () => {
        await test?.close();
      });

      it('remaining and status count uses held by unpaid orders, and give them back on release', async () => {
        const admin = clientFor(test, test.adminKey);
        const created = await admin.post('/api/v1/admin/campaigns', {
          name: 'Two uses',
          budget: { claims: 2 },
          perShopperLimit: 1,
          reward: { type: 'amount', amount: { amount: 200, currency: 'USD' } },
          status: 'live',
          code: 'TWOUSES',
        });
        expect(created.statusCode, created.body).toBe(201);
        const campaignId = created.json().id as string;
        const { redemption } = test.app;

        const views = async () => {
          const view = (await admin.get(`/api/v1/admin/campaigns/${campaignId}`)).json();
          const stats = (await admin.get(`/api/v1/admin/campaigns/${campaignId}/stats`)).json();
          return { status: view.status, remaining: view.remaining, statsRemaining: stats.remaining };
        };
        // An unpaid order holds a use: what checkout's reserve step does between pricing and payment.
        const holdUse = async () => {
          const shopperId = (await test.newShopper()).shopperId;
          const context = {
            shopperId,
            currency: 'USD',
            lines: [
              {
                lineId: 'l1',
                productId: 'p1',
                variantId: 'v1',
                category: 'c',
                unitPrice: 1_000,
                quantity: 1,
              },
            ],
            subtotal: 1_000,
            shipping: 0,
          };
          const quote = await redemption.quote(context, ['TWOUSES']);
          expect(quote.problems).toEqual([]);
          const orderId = newId('ord');
          await redemption.reserve(orderId, shopperId, quote.coupons);
          return orderId;
        };

        expect(await views()).toEqual({ status: 'live', remaining: 2, statsRemaining: 2 });
        const first = await holdUse();
        expect(await views()).toEqual({ status: 'live', remaining: 1, statsRemaining: 1 });
        await holdUse();
        expect(await views()).toEqual({ status: 'exhausted', remaining: 0, statsRemaining: 0 });

        // The shopper's list agrees once memory has read the store (the registry refreshes every second):
        // an exhausted code is no longer offered, and a released use is offered again.
        const shopper = clientFor(test, (await test.newShopper()).token);
        const offered = async () => {
          await test.app.promotions.registry.load(campaignId);
          const items = (await shopper.get('/api/v1/campaigns')).json().items as {
            id: string;
            remaining: number;
          }[];
          return items.find((offer) => offer.id === campaignId);
        };
        expect(await offered()).toBeUndefined();

        await redemption.release(first);
        expect(await views()).toEqual({ status: 'live', remaining: 1, statsRemaining: 1 });
        expect((await offered())?.remaining).toBe(1);
      });
    },
  );
}
