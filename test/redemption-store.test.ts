import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppliedCoupon, CouponContext } from '../src/commerce/coupon-hook.js';
import {
  createRedemptionService,
  type RedemptionService,
} from '../src/promotions/redemption/redemption-service.js';
import { isAppError } from '../src/shared/app-error.js';
import { newId } from '../src/shared/ids.js';
import type { Db } from '../src/storage/dialect.js';
import { createSqlRedemptionStore } from '../src/storage/sql/redemption-store.js';
import {
  campaignCounters,
  couponState,
  ledgerEvents,
  ledgerMismatches,
  makeCampaign,
  makeCoupon,
} from './helpers/promotion-factory.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

const HOUR = 60 * 60 * 1000;

function cartOf(shopperId: string, subtotal = 10_000, shipping = 700): CouponContext {
  return {
    shopperId,
    currency: 'USD',
    lines: [
      {
        lineId: 'l1',
        productId: 'p1',
        variantId: 'v1',
        category: 'shoes',
        unitPrice: subtotal - 1_000,
        quantity: 1,
      },
      { lineId: 'l2', productId: 'p2', variantId: 'v2', category: 'socks', unitPrice: 500, quantity: 2 },
    ],
    subtotal,
    shipping,
  };
}

function applied(
  campaignId: string,
  code: string,
  couponId: string | undefined,
  discount: number,
): AppliedCoupon {
  return { code, campaignId, couponId, discount, shippingDiscount: 0, lineDiscounts: [] };
}

/** Settles all promises; returns how many succeeded and the error codes of the rest. */
async function settle(tasks: Promise<unknown>[]) {
  const results = await Promise.allSettled(tasks);
  const errors = results.flatMap((result) => (result.status === 'rejected' ? [result.reason] : []));
  for (const error of errors) if (!isAppError(error)) throw error;
  return {
    ok: results.filter((result) => result.status === 'fulfilled').length,
    codes: errors.map((error) => (isAppError(error) ? error.code : 'INTERNAL')),
  };
}

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`redemption store on ${store.name}`, () => {
    let database: FreshDatabase;
    let db: Db;
    let clock = Date.now();
    let service: RedemptionService;
    beforeAll(async () => {
      database = await store.freshDatabase();
      db = await database.open();
      service = createRedemptionService({ store: createSqlRedemptionStore(db), now: () => clock });
    });
    afterAll(async () => {
      await db?.close();
      await database?.dispose();
    });

    it('quotes the shopper own coupon and hides other shoppers coupons', async () => {
      const campaignId = await makeCampaign(db, {
        reward: { type: 'percent', percent: 10 },
        stacking: 'combinable',
      });
      const mine = await makeCoupon(db, { campaignId, shopperId: 'shp_a' });
      const theirs = await makeCoupon(db, { campaignId, shopperId: 'shp_b' });
      const quote = await service.quote(cartOf('shp_a'), [mine.code.toLowerCase(), theirs.code, 'NOPE']);
      expect(quote.coupons).toEqual([
        expect.objectContaining({ campaignId, couponId: mine.id, discount: 1_000, shippingDiscount: 0 }),
      ]);
      expect(quote.coupons[0]?.lineDiscounts.reduce((sum, share) => sum + share.amount, 0)).toBe(1_000);
      expect(quote.problems.map((problem) => [problem.code, problem.error])).toEqual([
        [theirs.code, 'COUPON_NOT_FOUND'],
        ['NOPE', 'COUPON_NOT_FOUND'],
      ]);
    });

    it('keeps claimed coupons usable while paused, not once ended or expired', async () => {
      const paused = await makeCampaign(db, { status: 'paused' });
      const ended = await makeCampaign(db, { status: 'ended' });
      const live = await makeCampaign(db, {});
      const pausedCoupon = await makeCoupon(db, { campaignId: paused, shopperId: 'shp_p' });
      const endedCoupon = await makeCoupon(db, { campaignId: ended, shopperId: 'shp_p' });
      const expired = await makeCoupon(db, { campaignId: live, shopperId: 'shp_p', expiresAt: clock - 1 });
      expect((await service.quote(cartOf('shp_p'), [pausedCoupon.code])).discount).toBe(500);
      const refused = await service.quote(cartOf('shp_p'), [endedCoupon.code, expired.code]);
      expect(refused.problems.map((problem) => problem.error)).toEqual([
        'CAMPAIGN_NOT_LIVE',
        'COUPON_EXPIRED',
      ]);
      await expect(
        service.reserve(newId('ord'), 'shp_p', [applied(live, expired.code, expired.id, 500)]),
      ).rejects.toMatchObject({ code: 'COUPON_EXPIRED' });
    });

    it('partly fills a discount when the money budget is short, and refuses it when spent', async () => {
      const campaignId = await makeCampaign(db, {
        budgetDiscount: 1_200,
        reward: { type: 'amount', amount: { amount: 1_000, currency: 'USD' } },
      });
      const first = await makeCoupon(db, { campaignId, shopperId: 'shp_f1' });
      const second = await makeCoupon(db, { campaignId, shopperId: 'shp_f2' });
      const third = await makeCoupon(db, { campaignId, shopperId: 'shp_f3' });
      await service.reserve(newId('ord'), 'shp_f1', [applied(campaignId, first.code, first.id, 1_000)]);
      const short = await service.quote(cartOf('shp_f2'), [second.code]);
      expect(short.discount).toBe(200);
      await service.reserve(newId('ord'), 'shp_f2', short.coupons);
      const spent = await service.quote(cartOf('shp_f3'), [third.code]);
      expect(spent.problems.map((problem) => problem.error)).toEqual(['DISCOUNT_BUDGET_EXHAUSTED']);
      expect(await campaignCounters(db, campaignId)).toMatchObject({ discount_reserved: 1_200 });
    });

    it('reserves, consumes and releases by keyed deltas, each once, with ledger events', async () => {
      const campaignId = await makeCampaign(db, { budgetDiscount: 5_000 });
      const coupon = await makeCoupon(db, { campaignId, shopperId: 'shp_c' });
      const orderId = newId('ord');
      const quote = await service.quote(cartOf('shp_c'), [coupon.code]);
      await service.reserve(orderId, 'shp_c', quote.coupons);
      await service.reserve(orderId, 'shp_c', quote.coupons);
      expect(await couponState(db, coupon.id)).toEqual({ status: 'reserved', order_id: orderId });
      expect(await campaignCounters(db, campaignId)).toMatchObject({
        discount_reserved: 500,
        reserved_count: 1,
      });
      await Promise.all([service.consume(orderId), service.consume(orderId)]);
      expect(await couponState(db, coupon.id)).toEqual({ status: 'redeemed', order_id: orderId });
      expect(await campaignCounters(db, campaignId)).toMatchObject({
        discount_reserved: 0,
        discount_redeemed: 500,
        redeemed_count: 1,
        reserved_count: 0,
      });
      await Promise.all([service.release(orderId), service.release(orderId)]);
      await service.release(orderId);
      expect(await couponState(db, coupon.id)).toEqual({ status: 'available', order_id: null });
      expect(await campaignCounters(db, campaignId)).toMatchObject({
        discount_reserved: 0,
        discount_redeemed: 0,
        redeemed_count: 0,
        reserved_count: 0,
      });
      const events = (await ledgerEvents(db, campaignId)).map((event) => event.event).sort();
      expect(events).toEqual(['redeemed', 'released', 'reserved']);
      // Back in the wallet: a new order can use it again.
      await service.reserve(newId('ord'), 'shp_c', quote.coupons);
      expect((await couponState(db, coupon.id)).status).toBe('reserved');
    });

    // PostgreSQL only (SQLite runs one transaction at a time); not registered at all on SQLite.
    const postgresOnly = store.name === 'postgres' ? it : undefined;
    postgresOnly?.("queues an order's release behind another transaction working on that order", async () => {
      if (db.dialect !== 'postgres') throw new Error('expected PostgreSQL');
      const campaignId = await makeCampaign(db, { budgetDiscount: 5_000 });
      const coupon = await makeCoupon(db, { campaignId, shopperId: 'shp_lock' });
      const orderId = newId('ord');
      const quote = await service.quote(cartOf('shp_lock'), [coupon.code]);
      await service.reserve(orderId, 'shp_lock', quote.coupons);
      // Another node's reserve of the same order, mid-transaction, holds the order's lock: a
      // release must wait for it instead of releasing what it sees committed so far.
      const other = await db.pool.connect();
      try {
        await other.query('begin');
        await other.query('select pg_advisory_xact_lock(hashtext($1))', [orderId]);
        let released = false;
        const releasing = service.release(orderId).then(() => {
          released = true;
        });
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(released).toBe(false);
        await other.query('commit');
        await releasing;
        expect(released).toBe(true);
      } finally {
        other.release();
      }
      expect(await couponState(db, coupon.id)).toEqual({ status: 'available', order_id: null });
    });

    it('is all or nothing across the coupons of one order', async () => {
      const good = await makeCampaign(db, { stacking: 'combinable' });
      const used = await makeCampaign(db, { stacking: 'combinable' });
      const goodCoupon = await makeCoupon(db, { campaignId: good, shopperId: 'shp_all' });
      const usedCoupon = await makeCoupon(db, { campaignId: used, shopperId: 'shp_all', status: 'redeemed' });
      await expect(
        service.reserve(newId('ord'), 'shp_all', [
          applied(good, goodCoupon.code, goodCoupon.id, 500),
          applied(used, usedCoupon.code, usedCoupon.id, 500),
        ]),
      ).rejects.toMatchObject({ code: 'COUPON_ALREADY_USED' });
      expect(await couponState(db, goodCoupon.id)).toEqual({ status: 'available', order_id: null });
      expect(await campaignCounters(db, good)).toMatchObject({ discount_reserved: 0, reserved_count: 0 });
      expect(await ledgerEvents(db, good)).toEqual([]);
    });

    it('redeems a coupon at most once when 50 orders race for it', async () => {
      const campaignId = await makeCampaign(db, {});
      const coupon = await makeCoupon(db, { campaignId, shopperId: 'shp_race' });
      const outcome = await settle(
        Array.from({ length: 50 }, () =>
          service.reserve(newId('ord'), 'shp_race', [applied(campaignId, coupon.code, coupon.id, 500)]),
        ),
      );
      expect(outcome.ok).toBe(1);
      expect(new Set(outcome.codes)).toEqual(new Set(['COUPON_ALREADY_USED']));
      expect(await campaignCounters(db, campaignId)).toMatchObject({
        discount_reserved: 500,
        reserved_count: 1,
      });
      const reservations = await db.kysely
        .selectFrom('coupon_reservations')
        .select('status')
        .where('campaign_id', '=', campaignId)
        .execute();
      expect(reservations).toHaveLength(1);
    });

    it('never exceeds the money budget when 100 checkouts race for its last units', async () => {
      const campaignId = await makeCampaign(db, { budgetDiscount: 10_000 });
      const coupons = await Promise.all(
        Array.from({ length: 100 }, (_, index) => makeCoupon(db, { campaignId, shopperId: `shp_m${index}` })),
      );
      const outcome = await settle(
        coupons.map((coupon, index) =>
          service.reserve(newId('ord'), `shp_m${index}`, [applied(campaignId, coupon.code, coupon.id, 300)]),
        ),
      );
      // 33 x 300 = 9,900: the 34th would pass 10,000. Every refusal is a catalog code, never a CHECK failure.
      expect(outcome.ok).toBe(33);
      expect(new Set(outcome.codes)).toEqual(new Set(['DISCOUNT_BUDGET_EXHAUSTED']));
      const counters = await campaignCounters(db, campaignId);
      expect(counters.discount_reserved).toBe(9_900);
      const available = await db.kysely
        .selectFrom('coupons')
        .select('id')
        .where('campaign_id', '=', campaignId)
        .where('status', '=', 'available')
        .execute();
      expect(available).toHaveLength(67);
    });

    it('caps a shared code at budget.claims uses even under concurrent checkouts', async () => {
      const campaignId = await makeCampaign(db, { code: `SAVE-${newId('x').slice(2, 10)}`, budgetClaims: 5 });
      const code = (
        await db.kysely
          .selectFrom('campaigns')
          .select('code')
          .where('id', '=', campaignId)
          .executeTakeFirstOrThrow()
      ).code as string;
      const quote = await service.quote(cartOf('shp_s0'), [code]);
      expect(quote.coupons).toHaveLength(1);
      const outcome = await settle(
        Array.from({ length: 30 }, (_, index) =>
          service.reserve(newId('ord'), `shp_s${index}`, quote.coupons),
        ),
      );
      expect(outcome.ok).toBe(5);
      expect(new Set(outcome.codes)).toEqual(new Set(['CAMPAIGN_EXHAUSTED']));
      expect((await service.quote(cartOf('shp_s99'), [code])).problems[0]?.error).toBe('CAMPAIGN_EXHAUSTED');
    });

    it('lets a shopper use a shared code only perShopperLimit times', async () => {
      const code = `ONCE-${newId('x').slice(2, 10)}`;
      const campaignId = await makeCampaign(db, { code, budgetClaims: 100, perShopperLimit: 1 });
      const coupons = [applied(campaignId, code, undefined, 500)];
      const outcome = await settle(
        Array.from({ length: 10 }, () => service.reserve(newId('ord'), 'shp_once', coupons)),
      );
      expect(outcome.ok).toBe(1);
      expect(new Set(outcome.codes)).toEqual(new Set(['COUPON_ALREADY_USED']));
      expect((await service.quote(cartOf('shp_once'), [code])).problems[0]?.error).toBe(
        'COUPON_ALREADY_USED',
      );
      expect((await service.quote(cartOf('shp_other'), [code])).coupons).toHaveLength(1);
    });

    it('puts a coupon back exactly once when two cancels race after payment', async () => {
      const campaignId = await makeCampaign(db, { budgetDiscount: 1_000 });
      const coupon = await makeCoupon(db, { campaignId, shopperId: 'shp_cancel' });
      const orderId = newId('ord');
      await service.reserve(orderId, 'shp_cancel', [applied(campaignId, coupon.code, coupon.id, 400)]);
      await service.consume(orderId);
      await Promise.all([service.release(orderId), service.release(orderId), service.release(orderId)]);
      expect(await campaignCounters(db, campaignId)).toMatchObject({
        discount_reserved: 0,
        discount_redeemed: 0,
        redeemed_count: 0,
      });
      const released = (await ledgerEvents(db, campaignId)).filter((event) => event.event === 'released');
      expect(released).toEqual([expect.objectContaining({ amount: 400, order_id: orderId })]);
    });

    it('expires coupons by the sweep, and a coupon released after its expiry goes to expired', async () => {
      const campaignId = await makeCampaign(db, {});
      const soon = await makeCoupon(db, { campaignId, shopperId: 'shp_x', expiresAt: clock + HOUR });
      const held = await makeCoupon(db, { campaignId, shopperId: 'shp_y', expiresAt: clock + HOUR });
      const orderId = newId('ord');
      await service.reserve(orderId, 'shp_y', [applied(campaignId, held.code, held.id, 500)]);
      clock += 2 * HOUR;
      expect((await service.wallet('shp_x'))[0]?.status).toBe('expired');
      expect(await service.expireCoupons()).toBeGreaterThanOrEqual(1);
      expect((await couponState(db, soon.id)).status).toBe('expired');
      expect((await couponState(db, held.id)).status).toBe('reserved');
      await service.release(orderId);
      expect((await couponState(db, held.id)).status).toBe('expired');
      const events = (await ledgerEvents(db, campaignId)).map((event) => event.event).sort();
      expect(events).toEqual(['expired', 'expired', 'released', 'reserved']);
      expect(await service.expireCoupons()).toBe(0);
    });

    it('leaves counters that rushcart verify recomputes from coupons, reservations and the ledger', async () => {
      const campaigns = await db.kysely.selectFrom('campaigns').select('id').execute();
      expect(campaigns.length).toBeGreaterThan(10);
      expect(
        await ledgerMismatches(
          db,
          campaigns.map((campaign) => campaign.id),
        ),
      ).toEqual([]);
    });
  });
}
