import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppliedCoupon, CouponHook } from '../src/commerce/coupon-hook.js';
import { type CartService, createCartService } from '../src/commerce/index.js';
import type { Db } from '../src/storage/dialect.js';
import { createSqlCommerceStore } from '../src/storage/sql/commerce-store.js';
import { makeVariant } from './helpers/catalog-factory.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

/** Prices every code that starts with OK at 100 off; quoting yields to the event loop, as a store would. */
const okCoupons: CouponHook = {
  async quote(context, codes) {
    await new Promise((resolve) => setImmediate(resolve));
    const first = context.lines[0];
    const coupons: AppliedCoupon[] = codes
      .filter((code) => code.startsWith('OK') && first !== undefined)
      .map((code) => ({
        code,
        campaignId: `cmp_${code}`,
        couponId: `cpn_${code}`,
        discount: 100,
        shippingDiscount: 0,
        lineDiscounts: [{ lineId: first?.lineId ?? '', amount: 100 }],
      }));
    return { coupons, discount: coupons.length * 100, shippingDiscount: 0, problems: [] };
  },
  async reserve() {},
  async consume() {},
  async release() {},
};

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`cart coupons under concurrency on ${store.name}`, () => {
    let database: FreshDatabase;
    let db: Db;
    let carts: CartService;
    beforeAll(async () => {
      database = await store.freshDatabase();
      db = await database.open();
      carts = createCartService({ store: createSqlCommerceStore(db), coupons: okCoupons });
    });
    afterAll(async () => {
      await db?.close();
      await database?.dispose();
    });

    it('keeps every code when applies and removes race on one cart', async () => {
      const variant = await makeVariant(db, { price: 5_000, stock: 10 });
      for (let round = 0; round < 5; round++) {
        const shopperId = `shp_race_${round}`;
        await carts.addLine(shopperId, { variantId: variant.variantId, quantity: 1 });
        await Promise.all(['OK1', 'OK2', 'OK3'].map((code) => carts.applyCoupon(shopperId, code)));
        expect([...(await carts.getCart(shopperId)).coupons.map((coupon) => coupon.code)].sort()).toEqual([
          'OK1',
          'OK2',
          'OK3',
        ]);
        await Promise.all([carts.removeCoupon(shopperId, 'OK1'), carts.removeCoupon(shopperId, 'OK3')]);
        expect((await carts.getCart(shopperId)).coupons.map((coupon) => coupon.code)).toEqual(['OK2']);
      }
    });
  });
}
