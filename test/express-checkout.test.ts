import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVariant, stockOf } from './helpers/catalog-factory.js';
import { checkoutBody, clientFor } from './helpers/commerce-client.js';
import { campaignCounters, couponState, makeCampaign, makeCoupon } from './helpers/promotion-factory.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

let keySequence = 0;
const freshKey = () => `express-${Date.now()}-${keySequence++}`;

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`express checkout on ${store.name}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp(store);
    });
    afterAll(async () => {
      await test?.close();
    });

    it('buys the items with the coupon in one request and leaves the cart alone', async () => {
      const { db } = test.app;
      const bought = await makeVariant(db, { price: 2_000, stock: 5 });
      const kept = await makeVariant(db, { price: 900, stock: 5 });
      const campaignId = await makeCampaign(db, {
        reward: { type: 'amount', amount: { amount: 500, currency: 'USD' } },
      });
      const shopper = await test.newShopper();
      const coupon = await makeCoupon(db, { campaignId, shopperId: shopper.shopperId });
      const client = clientFor(test, shopper.token);
      expect(
        (await client.post('/api/v1/cart/lines', { variantId: kept.variantId, quantity: 1 })).statusCode,
      ).toBe(200);

      const key = freshKey();
      const body = {
        ...checkoutBody(),
        items: [{ variantId: bought.variantId, quantity: 2 }],
        couponCodes: [coupon.code],
      };
      const order = await client.checkout(key, body);
      expect(order.statusCode, order.body).toBe(201);
      expect(order.json()).toMatchObject({
        status: 'paid',
        subtotal: { amount: 4_000, currency: 'USD' },
        discount: { amount: 500, currency: 'USD' },
        lines: [expect.objectContaining({ variantId: bought.variantId, quantity: 2 })],
      });
      expect(await stockOf(db, bought.variantId)).toBe(3);
      expect(await couponState(db, coupon.id)).toMatchObject({ status: 'redeemed' });
      expect(await campaignCounters(db, campaignId)).toMatchObject({
        discount_redeemed: 500,
        redeemed_count: 1,
      });
      const cart = (await client.get('/api/v1/cart')).json();
      expect(cart.lines).toEqual([expect.objectContaining({ variantId: kept.variantId, quantity: 1 })]);

      const replay = await client.checkout(key, body);
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json().id).toBe(order.json().id);
      expect(await stockOf(db, bought.variantId)).toBe(3);

      // A cart checkout afterwards still buys the cart, which the express checkout did not empty.
      const fromCart = await client.checkout(freshKey());
      expect(fromCart.statusCode, fromCart.body).toBe(201);
      expect(fromCart.json().lines).toEqual([expect.objectContaining({ variantId: kept.variantId })]);
    });

    it('refuses bad items and coupons with a 4xx and writes nothing', async () => {
      const { db } = test.app;
      const variant = await makeVariant(db, { price: 1_000, stock: 2 });
      const campaignId = await makeCampaign(db);
      const shopper = await test.newShopper();
      const other = await test.newShopper();
      const foreign = await makeCoupon(db, { campaignId, shopperId: other.shopperId });
      const client = clientFor(test, shopper.token);
      const item = { variantId: variant.variantId, quantity: 1 };
      const cases: [unknown, number, string][] = [
        [{ ...checkoutBody(), couponCodes: [foreign.code] }, 400, 'VALIDATION_FAILED'],
        [{ ...checkoutBody(), items: [] }, 400, 'VALIDATION_FAILED'],
        [{ ...checkoutBody(), items: [item, item] }, 400, 'VALIDATION_FAILED'],
        [{ ...checkoutBody(), items: [{ ...item, quantity: 0 }] }, 400, 'VALIDATION_FAILED'],
        [{ ...checkoutBody(), items: [item], couponCodes: ['A', 'A'] }, 400, 'VALIDATION_FAILED'],
        [{ ...checkoutBody(), items: [{ variantId: 'var_missing', quantity: 1 }] }, 404, 'VARIANT_NOT_FOUND'],
        [{ ...checkoutBody(), items: [{ ...item, quantity: 3 }] }, 409, 'INSUFFICIENT_STOCK'],
      ];
      for (const [body, status, code] of cases) {
        const answer = await client.checkout(freshKey(), body);
        expect(answer.statusCode, answer.body).toBe(status);
        expect(answer.json().error.code).toBe(code);
      }
      const stolen = await client.checkout(freshKey(), {
        ...checkoutBody(),
        items: [item],
        couponCodes: [foreign.code],
      });
      expect(stolen.statusCode, stolen.body).toBe(404);
      expect(stolen.json().error.code).toBe('COUPON_NOT_FOUND');
      expect(await couponState(db, foreign.id)).toMatchObject({ status: 'available' });
      expect(await stockOf(db, variant.variantId)).toBe(2);
      expect((await client.get('/api/v1/orders')).json().items).toEqual([]);
    });

    it('charges only the total the shopper confirmed, and a retried key answers the same', async () => {
      const { db } = test.app;
      const variant = await makeVariant(db, { price: 1_500, stock: 4 });
      const shopper = await test.newShopper();
      const client = clientFor(test, shopper.token);
      await client.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 1 });
      const total = (await client.get('/api/v1/cart')).json().total;

      // The shopper saw one unit, then another tab added a second: the confirmed total is stale.
      await client.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 1 });
      const current = (await client.get('/api/v1/cart')).json().total;
      const staleKey = freshKey();
      const stale = await client.checkout(staleKey, { ...checkoutBody(), expectedTotal: total });
      expect(stale.statusCode, stale.body).toBe(409);
      expect(stale.json().error).toMatchObject({
        code: 'TOTAL_CHANGED',
        details: { expectedTotal: total, total: current },
      });
      expect(await stockOf(db, variant.variantId)).toBe(4);
      expect((await client.get('/api/v1/orders')).json().items).toEqual([]);
      expect(
        (await client.checkout(staleKey, { ...checkoutBody(), expectedTotal: total })).json().error.code,
      ).toBe('TOTAL_CHANGED');

      const confirmed = current;
      const key = freshKey();
      const order = await client.checkout(key, { ...checkoutBody(), expectedTotal: confirmed });
      expect(order.statusCode, order.body).toBe(201);
      expect(order.json().total).toEqual(confirmed);
      // The cart is empty now, so only the key's record can answer this: it replays the order.
      const replay = await client.checkout(key, { ...checkoutBody(), expectedTotal: confirmed });
      expect(replay.statusCode).toBe(201);
      expect(replay.json().id).toBe(order.json().id);
      expect(await stockOf(db, variant.variantId)).toBe(2);
    });
  });
}
