import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVariant } from './helpers/catalog-factory.js';
import { checkoutBody, clientFor } from './helpers/commerce-client.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

/**
 * The "tried as a new user" script over HTTP, with redemption wired as checkout's
 * CouponHook: a merchant makes a campaign of three coupons, four shoppers claim, three pay with
 * their coupons, and a cancel gives one coupon and its discount back.
 */
for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`promotions acceptance on ${store.name}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp(store);
    });
    afterAll(async () => {
      await test?.close();
    });

    it('budget 3: four claims (the fourth 410), three discounted orders, a cancel returns coupon and budget', async () => {
      const admin = clientFor(test, test.adminKey);
      const created = await admin.post('/api/v1/admin/campaigns', {
        name: 'Tried as a new user: $7 off',
        budget: { claims: 3, discount: { amount: 10_000, currency: 'USD' } },
        perShopperLimit: 1,
        reward: { type: 'amount', amount: { amount: 700, currency: 'USD' } },
        status: 'live',
      });
      expect(created.statusCode, created.body).toBe(201);
      const campaignId = created.json().id as string;
      const variant = await makeVariant(test.app.db, { price: 3_000, stock: 10 });

      const shoppers = [];
      for (let index = 0; index < 4; index += 1) {
        shoppers.push(clientFor(test, (await test.newShopper()).token));
      }
      const claims = [];
      for (const [index, shopper] of shoppers.entries()) {
        claims.push(
          await shopper.post(
            `/api/v1/campaigns/${campaignId}/claims`,
            {},
            { 'idempotency-key': `claim-${index}` },
          ),
        );
      }
      expect(claims.map((claim) => claim.statusCode)).toEqual([201, 201, 201, 410]);
      expect(claims[3]?.json().error.code).toBe('CAMPAIGN_EXHAUSTED');
      const codes = claims.slice(0, 3).map((claim) => claim.json().coupon.code as string);
      expect(new Set(codes).size).toBe(3);

      const orders: { id: string; discount: { amount: number }; total: { amount: number } }[] = [];
      for (const [index, code] of codes.entries()) {
        const shopper = shoppers[index];
        if (shopper === undefined) throw new Error('missing shopper');
        expect(
          (await shopper.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 1 }))
            .statusCode,
        ).toBe(200);
        const cart = await shopper.post('/api/v1/cart/coupons', { code });
        expect(cart.statusCode, cart.body).toBe(200);
        expect(cart.json().discount).toEqual({ amount: 700, currency: 'USD' });
        const placed = await shopper.checkout(`order-${index}`, checkoutBody());
        expect(placed.statusCode, placed.body).toBe(201);
        orders.push(placed.json());
      }
      for (const [index, order] of orders.entries()) {
        expect(order.discount.amount).toBe(700);
        const seen = (await shoppers[index]?.get(`/api/v1/orders/${order.id}`))?.json();
        expect(seen.discount).toEqual({ amount: 700, currency: 'USD' });
        expect(seen.status).toBe('paid');
      }
      const statsUrl = `/api/v1/admin/campaigns/${campaignId}/stats`;
      const paid = (await admin.get(statsUrl)).json();
      expect(paid).toMatchObject({
        claimed: 3,
        remaining: 0,
        redeemed: 3,
        discountRedeemed: { amount: 2_100, currency: 'USD' },
      });

      const first = shoppers[0];
      const firstOrder = orders[0];
      if (first === undefined || firstOrder === undefined) throw new Error('missing first order');
      const walletBefore = (await first.get('/api/v1/wallet')).json().coupons;
      expect(walletBefore).toEqual([expect.objectContaining({ code: codes[0], status: 'redeemed' })]);
      const cancelled = await first.post(`/api/v1/orders/${firstOrder.id}/cancel`);
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json().status).toBe('cancelled');

      const walletAfter = (await first.get('/api/v1/wallet')).json().coupons;
      expect(walletAfter).toEqual([expect.objectContaining({ code: codes[0], status: 'available' })]);
      const afterCancel = (await admin.get(statsUrl)).json();
      expect(afterCancel.discountRedeemed).toEqual({ amount: 1_400, currency: 'USD' });
      expect(afterCancel.redeemed).toBe(2);
      // The claim itself stands: the coupon went back to its holder, not to the campaign's pool.
      expect(afterCancel.claimed).toBe(3);
    });
  });
}
