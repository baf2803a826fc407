import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/shared/ids.js';
import { makeCampaign, makeCoupon } from './helpers/promotion-factory.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const HOUR = 60 * 60 * 1000;

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`wallet route on ${store.name}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp(store);
    });
    afterAll(async () => {
      await test?.close();
    });

    it("lists only the caller's coupons, with expired ones shown as expired", async () => {
      const { db, server, redemption } = test.app;
      const ana = await test.newShopper();
      const ben = await test.newShopper();
      const campaignId = await makeCampaign(db, {
        name: 'Spring sale',
        reward: { type: 'percent', percent: 15, cap: { amount: 2_000, currency: 'USD' } },
      });
      const other = await makeCampaign(db, { name: 'Old promo', perShopperLimit: 2 });
      const usable = await makeCoupon(db, {
        campaignId,
        shopperId: ana.shopperId,
        expiresAt: Date.now() + HOUR,
      });
      const stale = await makeCoupon(db, {
        campaignId: other,
        shopperId: ana.shopperId,
        expiresAt: Date.now() - 1,
      });
      const held = await makeCoupon(db, { campaignId: other, shopperId: ana.shopperId });
      const bens = await makeCoupon(db, { campaignId, shopperId: ben.shopperId });
      const orderId = newId('ord');
      await redemption.reserve(orderId, ana.shopperId, [
        {
          code: held.code,
          campaignId: other,
          couponId: held.id,
          discount: 500,
          shippingDiscount: 0,
          lineDiscounts: [],
        },
      ]);

      const response = await server.inject({
        method: 'GET',
        url: '/api/v1/wallet',
        headers: { authorization: `Bearer ${ana.token}` },
      });
      expect(response.statusCode).toBe(200);
      const coupons = response.json().coupons as { code: string; status: string }[];
      expect(coupons.map((coupon) => coupon.code).sort()).toEqual(
        [usable.code, stale.code, held.code].sort(),
      );
      expect(coupons.map((coupon) => coupon.code)).not.toContain(bens.code);
      const byCode = new Map(coupons.map((coupon) => [coupon.code, coupon]));
      expect(byCode.get(usable.code)).toMatchObject({
        campaignId,
        campaignName: 'Spring sale',
        reward: { type: 'percent', percent: 15, cap: { amount: 2_000, currency: 'USD' } },
        status: 'available',
        expiresAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        orderId: null,
      });
      expect(byCode.get(stale.code)).toMatchObject({ status: 'expired', campaignName: 'Old promo' });
      expect(byCode.get(held.code)).toMatchObject({ status: 'reserved', orderId, expiresAt: null });
    });

    it('answers 401 without a valid token', async () => {
      const { server } = test.app;
      const missing = await server.inject({ method: 'GET', url: '/api/v1/wallet' });
      expect(missing.statusCode).toBe(401);
      expect(missing.json().error.code).toBe('UNAUTHENTICATED');
      const forged = await server.inject({
        method: 'GET',
        url: '/api/v1/wallet',
        headers: { authorization: 'Bearer not.a.token' },
      });
      expect(forged.statusCode).toBe(401);
    });

    it('answers an empty wallet for a new shopper', async () => {
      const carl = await test.newShopper();
      const response = await test.app.server.inject({
        method: 'GET',
        url: '/api/v1/wallet',
        headers: { authorization: `Bearer ${carl.token}` },
      });
      expect(response.json()).toEqual({ coupons: [] });
    });
  });
}
