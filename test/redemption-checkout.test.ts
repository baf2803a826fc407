import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVariant } from './helpers/catalog-factory.js';
import { checkoutBody, clientFor } from './helpers/commerce-client.js';
import { campaignCounters, couponState, makeCampaign, makeCoupon } from './helpers/promotion-factory.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

let keySequence = 0;
const freshKey = () => `redeem-${Date.now()}-${keySequence++}`;

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`coupons through checkout on ${store.name}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp(store);
    });
    afterAll(async () => {
      await test?.close();
    });

    async function shopperHolding(campaignId: string, variantId: string) {
      const shopper = await test.newShopper();
      const coupon = await makeCoupon(test.app.db, { campaignId, shopperId: shopper.shopperId });
      const client = clientFor(test, shopper.token);
      expect((await client.post('/api/v1/cart/lines', { variantId, quantity: 1 })).statusCode).toBe(200);
      return { ...shopper, coupon, client };
    }

    it('redeems at payment, partly fills a short budget, and a cancel puts coupon and budget back', async () => {
      const { db } = test.app;
      const variant = await makeVariant(db, { price: 2_000, stock: 10 });
      const campaignId = await makeCampaign(db, {
        budgetDiscount: 1_000,
        reward: { type: 'amount', amount: { amount: 600, currency: 'USD' } },
      });
      const ana = await shopperHolding(campaignId, variant.variantId);
      const ben = await shopperHolding(campaignId, variant.variantId);

      const applied = await ana.client.post('/api/v1/cart/coupons', { code: ana.coupon.code });
      expect(applied.statusCode, applied.body).toBe(200);
      expect(applied.json().discount).toEqual({ amount: 600, currency: 'USD' });
      const anaOrder = await ana.client.checkout(freshKey());
      expect(anaOrder.statusCode, anaOrder.body).toBe(201);
      expect(await couponState(db, ana.coupon.id)).toMatchObject({ status: 'redeemed' });
      expect(await campaignCounters(db, campaignId)).toMatchObject({
        discount_redeemed: 600,
        redeemed_count: 1,
      });

      // Only 400 of the budget is left: Ben's coupon is partly filled.
      const benCart = await ben.client.post('/api/v1/cart/coupons', { code: ben.coupon.code });
      expect(benCart.json().discount).toEqual({ amount: 400, currency: 'USD' });
      const benOrder = await ben.client.checkout(freshKey());
      expect(benOrder.statusCode, benOrder.body).toBe(201);
      expect(await campaignCounters(db, campaignId)).toMatchObject({
        discount_redeemed: 1_000,
        discount_reserved: 0,
      });

      const reused = await ana.client.post('/api/v1/cart/lines', {
        variantId: variant.variantId,
        quantity: 1,
      });
      expect(reused.statusCode).toBe(200);
      const again = await ana.client.post('/api/v1/cart/coupons', { code: ana.coupon.code });
      expect(again.statusCode).toBe(409);
      expect(again.json().error.code).toBe('COUPON_ALREADY_USED');

      const cancelled = await ana.client.post(`/api/v1/orders/${anaOrder.json().id}/cancel`);
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(await couponState(db, ana.coupon.id)).toEqual({ status: 'available', order_id: null });
      expect(await campaignCounters(db, campaignId)).toMatchObject({
        discount_redeemed: 400,
        redeemed_count: 1,
      });
      const wallet = (await ana.client.get('/api/v1/wallet')).json().coupons;
      expect(wallet).toEqual([expect.objectContaining({ code: ana.coupon.code, status: 'available' })]);
    });

    it('answers a checkout with exactly the order it stored: lines, discounts, payment', async () => {
      const { db } = test.app;
      const shirt = await makeVariant(db, { price: 1_250, stock: 10 });
      const mug = await makeVariant(db, { price: 799, stock: 10 });
      const campaignId = await makeCampaign(db, {
        budgetDiscount: 10_000,
        reward: { type: 'amount', amount: { amount: 500, currency: 'USD' } },
      });
      const shopper = await shopperHolding(campaignId, shirt.variantId);
      const client = shopper.client;
      expect(
        (await client.post('/api/v1/cart/lines', { variantId: mug.variantId, quantity: 2 })).statusCode,
      ).toBe(200);
      expect((await client.post('/api/v1/cart/coupons', { code: shopper.coupon.code })).statusCode).toBe(200);

      const placed = await client.checkout(freshKey());
      expect(placed.statusCode, placed.body).toBe(201);
      const order = placed.json();
      // The discount is spread over both lines, so each line's paid amount differs from its price.
      expect(order.lines).toHaveLength(2);
      expect(order.discount).toEqual({ amount: 500, currency: 'USD' });
      const stored = await client.get(`/api/v1/orders/${order.id}`);
      expect(stored.statusCode).toBe(200);
      expect(stored.json()).toEqual(order);
    });

    it('gives the coupon back when the payment is declined', async () => {
      const { db } = test.app;
      const variant = await makeVariant(db, { price: 3_000, stock: 10 });
      const campaignId = await makeCampaign(db, { reward: { type: 'percent', percent: 10 } });
      const cara = await shopperHolding(campaignId, variant.variantId);
      expect(
        (await cara.client.post('/api/v1/cart/coupons', { code: cara.coupon.code })).json().discount.amount,
      ).toBe(300);
      const declined = await cara.client.checkout(freshKey(), checkoutBody('4000000000000002'));
      expect(declined.statusCode).toBe(402);
      expect(await couponState(db, cara.coupon.id)).toEqual({ status: 'available', order_id: null });
      expect(await campaignCounters(db, campaignId)).toMatchObject({
        discount_reserved: 0,
        reserved_count: 0,
      });
    });
  });
}
