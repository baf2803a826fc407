import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { AppliedCoupon, CouponHook } from '../src/commerce/coupon-hook.js';
import {
  type CartService,
  type CheckoutService,
  capturePaymentKey,
  createCartService,
  createCheckoutService,
  createOrderService,
  createTestPaymentProvider,
  FLAT_SHIPPING,
  type OrderService,
  type PaymentProvider,
} from '../src/commerce/index.js';
import { AppError } from '../src/shared/app-error.js';
import type { Db } from '../src/storage/dialect.js';
import { createSqlCommerceStore } from '../src/storage/sql/commerce-store.js';
import { createSqlIdempotencyStore } from '../src/storage/sql/idempotency-store.js';
import { makeVariant, stockOf } from './helpers/catalog-factory.js';
import { checkoutBody } from './helpers/commerce-client.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

const DAY = 24 * 60 * 60 * 1000;

/** A coupon hook that prices `SAVE5` at 500 off, records every call and fails reserve on demand. */
function recordingCouponHook() {
  const calls: string[] = [];
  const hook: CouponHook & {
    calls: string[];
    failReserve: boolean;
    failConsume: boolean;
    failRelease: boolean;
  } = {
    calls,
    failReserve: false,
    failConsume: false,
    failRelease: false,
    async quote(context, codes) {
      const coupons: AppliedCoupon[] = [];
      const problems = [];
      for (const code of codes) {
        const first = context.lines[0];
        if (code === 'SAVE5' && first !== undefined) {
          coupons.push({
            code,
            campaignId: 'cmp_test',
            couponId: 'cpn_test',
            discount: 500,
            shippingDiscount: 0,
            lineDiscounts: [{ lineId: first.lineId, amount: 500 }],
          });
        } else {
          problems.push({ code, error: 'COUPON_NOT_FOUND' as const, message: 'unknown code' });
        }
      }
      return { coupons, discount: coupons.length * 500, shippingDiscount: 0, problems };
    },
    async reserve(orderId) {
      calls.push(`reserve:${orderId}`);
      if (hook.failReserve) throw new AppError('DISCOUNT_BUDGET_EXHAUSTED');
    },
    async consume(orderId) {
      calls.push(`consume:${orderId}`);
      if (hook.failConsume) throw new AppError('DISCOUNT_BUDGET_EXHAUSTED');
    },
    async release(orderId) {
      calls.push(`release:${orderId}`);
      if (hook.failRelease) throw new Error('promotions store unavailable');
    },
  };
  return hook;
}

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`checkout compensations on ${store.name}`, () => {
    let database: FreshDatabase;
    let db: Db;
    let hook: ReturnType<typeof recordingCouponHook>;
    let clock = Date.now();
    let carts: CartService;
    let checkout: CheckoutService;
    let orders: OrderService;
    let payments: PaymentProvider;
    const stockEvents: string[][] = [];

    beforeAll(async () => {
      database = await store.freshDatabase();
      db = await database.open();
    });
    afterAll(async () => {
      await db?.close();
      await database?.dispose();
    });
    beforeEach(() => {
      hook = recordingCouponHook();
      const commerceStore = createSqlCommerceStore(db);
      payments = createTestPaymentProvider({ failureDelayMs: 5 });
      const deps = {
        store: commerceStore,
        coupons: hook,
        payments,
        stock: { stockChanged: (ids: readonly string[]) => void stockEvents.push([...ids]) },
        idempotency: createSqlIdempotencyStore(db),
        returnWindowDays: 30,
        now: () => clock,
      };
      carts = createCartService({ store: commerceStore, coupons: hook, now: () => clock });
      checkout = createCheckoutService(deps);
      orders = createOrderService(deps);
    });

    let shopperCount = 0;
    async function cartWithCoupon(stock = 5, price = 2000) {
      const shopperId = `shp_comp_${shopperCount++}`;
      const variant = await makeVariant(db, { stock, price });
      await carts.addLine(shopperId, { variantId: variant.variantId, quantity: 2 });
      const cart = await carts.applyCoupon(shopperId, 'SAVE5');
      expect(cart.discount.amount).toBe(500);
      return { shopperId, variant };
    }

    it('a paid checkout reserves then consumes the coupons and splits the discount into the lines', async () => {
      const { shopperId } = await cartWithCoupon();
      const placed = await checkout.checkout(shopperId, checkoutBody(), 'k1');
      const order = placed.value as {
        id: string;
        discount: { amount: number };
        lines: { discount: { amount: number } }[];
      };
      expect(order.discount.amount).toBe(500);
      expect(order.lines[0]?.discount.amount).toBe(500);
      expect(hook.calls).toEqual([`reserve:${order.id}`, `consume:${order.id}`]);
      expect((await carts.getCart(shopperId)).coupons).toEqual([]);
    });

    it('an unknown coupon is answered with its own code and not applied', async () => {
      const variant = await makeVariant(db);
      await carts.addLine('shp_comp_unknown', { variantId: variant.variantId, quantity: 1 });
      await expect(carts.applyCoupon('shp_comp_unknown', 'NOPE')).rejects.toMatchObject({
        code: 'COUPON_NOT_FOUND',
      });
      expect((await carts.getCart('shp_comp_unknown')).coupons).toEqual([]);
    });

    for (const [card, code] of [
      ['4000000000000002', 'PAYMENT_DECLINED'],
      ['4000000000000259', 'PAYMENT_FAILED'],
    ] as const) {
      it(`card ${card}: ${code}, stock back and coupons released`, async () => {
        const { shopperId, variant } = await cartWithCoupon(5);
        await expect(checkout.checkout(shopperId, checkoutBody(card), `k-${card}`)).rejects.toMatchObject({
          code,
        });
        expect(await stockOf(db, variant.variantId)).toBe(5);
        const reserved = hook.calls.find((call) => call.startsWith('reserve:'));
        const orderId = reserved?.slice('reserve:'.length);
        expect(hook.calls).toEqual([`reserve:${orderId}`, `release:${orderId}`]);
        const attempt = await db.kysely
          .selectFrom('orders')
          .select(['status', 'cancel_reason', 'placed_at'])
          .where('id', '=', orderId ?? '')
          .executeTakeFirstOrThrow();
        expect(attempt).toEqual({
          status: 'cancelled',
          cancel_reason: code === 'PAYMENT_DECLINED' ? 'payment_declined' : 'payment_failed',
          placed_at: null,
        });
        expect((await carts.getCart(shopperId)).itemCount).toBe(2);
      });
    }

    it('a coupon that cannot be reserved releases the stock and never charges', async () => {
      const { shopperId, variant } = await cartWithCoupon(5);
      hook.failReserve = true;
      await expect(checkout.checkout(shopperId, checkoutBody(), 'k-budget')).rejects.toMatchObject({
        code: 'DISCOUNT_BUDGET_EXHAUSTED',
      });
      expect(await stockOf(db, variant.variantId)).toBe(5);
      const orderId = hook.calls[0]?.slice('reserve:'.length) ?? '';
      const charged = await db.kysely
        .selectFrom('payments')
        .select('id')
        .where('order_id', '=', orderId)
        .execute();
      expect(charged).toEqual([]);
      expect(hook.calls).toEqual([`reserve:${orderId}`, `release:${orderId}`]);
    });

    it('an attempt undone after its payment was authorized lets the hold go: no charge, no refund', async () => {
      const { shopperId, variant } = await cartWithCoupon(5);
      hook.failConsume = true;
      await expect(checkout.checkout(shopperId, checkoutBody(), 'k-consume')).rejects.toMatchObject({
        code: 'DISCOUNT_BUDGET_EXHAUSTED',
      });
      expect(await stockOf(db, variant.variantId)).toBe(5);
      const orderId = hook.calls[0]?.slice('reserve:'.length) ?? '';
      expect(hook.calls).toEqual([`reserve:${orderId}`, `consume:${orderId}`, `release:${orderId}`]);
      const rows = await db.kysely
        .selectFrom('payments')
        .select(['kind', 'status'])
        .where('order_id', '=', orderId)
        .execute();
      expect(rows.map((row) => [row.kind, row.status])).toEqual([['capture', 'failed']]);
      const key = capturePaymentKey(shopperId, 'k-consume');
      expect(await payments.lookup(key)).toEqual({ status: 'voided' });
      // The cart is intact: another checkout holds and captures afresh.
      hook.failConsume = false;
      const placed = await checkout.checkout(shopperId, checkoutBody(), 'k-consume-again');
      expect(placed.value.status).toBe('paid');
      expect(await payments.lookup(capturePaymentKey(shopperId, 'k-consume-again'))).toMatchObject({
        status: 'captured',
      });
    });

    it('an attempt whose coupons could not be released stays pending until the sweeper releases both', async () => {
      const { shopperId, variant } = await cartWithCoupon(5);
      hook.failRelease = true;
      await expect(
        checkout.checkout(shopperId, checkoutBody('4000000000000002'), 'k-release-fails'),
      ).rejects.toMatchObject({ code: 'PAYMENT_DECLINED' });
      const orderId = hook.calls[0]?.slice('reserve:'.length) ?? '';
      const status = async () =>
        (
          await db.kysely
            .selectFrom('orders')
            .select('status')
            .where('id', '=', orderId)
            .executeTakeFirstOrThrow()
        ).status;
      // Abandoned now, no later pass would ever release the coupons it still holds.
      expect(await status()).toBe('pending');
      expect(await stockOf(db, variant.variantId)).toBe(3);

      hook.failRelease = false;
      expect(await orders.expireStaleCheckouts(clock + 1)).toBe(1);
      expect(await status()).toBe('cancelled');
      expect(await stockOf(db, variant.variantId)).toBe(5);
      expect(hook.calls).toEqual([`reserve:${orderId}`, `release:${orderId}`, `release:${orderId}`]);
    });

    it('a commit after the sweeper expired the checkout refunds and releases exactly once', async () => {
      const { shopperId, variant } = await cartWithCoupon(5);
      // The provider answers after the sweeper already gave the checkout up (a very slow capture).
      const slow: PaymentProvider = {
        ...payments,
        async capture(request) {
          await orders.expireStaleCheckouts(clock + 1);
          return payments.capture(request);
        },
      };
      const commerceStore = createSqlCommerceStore(db);
      const late = createCheckoutService({
        store: commerceStore,
        coupons: hook,
        payments: slow,
        stock: { stockChanged: () => undefined },
        idempotency: createSqlIdempotencyStore(db),
        returnWindowDays: 30,
        now: () => clock,
      });
      await expect(late.checkout(shopperId, checkoutBody(), 'k-late')).rejects.toMatchObject({
        code: 'CHECKOUT_EXPIRED',
      });
      expect(await stockOf(db, variant.variantId)).toBe(5);
      const orderId = hook.calls[0]?.slice('reserve:'.length) ?? '';
      const rows = await db.kysely
        .selectFrom('payments')
        .select(['kind', 'status', 'amount'])
        .where('order_id', '=', orderId)
        .orderBy('kind')
        .execute();
      expect(rows.map((row) => [row.kind, row.status, Number(row.amount)])).toEqual([
        ['capture', 'succeeded', 4000 - 500 + FLAT_SHIPPING],
        ['refund', 'succeeded', 4000 - 500 + FLAT_SHIPPING],
      ]);
    });

    it('a capture the store failed to record is settled by the reconciler: refunded by its reference, once', async () => {
      const { shopperId, variant } = await cartWithCoupon(5);
      const refunds: { key: string; captureReference: string; amount: number }[] = [];
      const recording: PaymentProvider = {
        ...payments,
        async refund(request) {
          refunds.push({
            key: request.key,
            captureReference: request.captureReference,
            amount: request.amount.amount,
          });
          return payments.refund(request);
        },
      };
      const commerceStore = createSqlCommerceStore(db);
      const failing = createCheckoutService({
        store: {
          ...commerceStore,
          recordCapture: async () => {
            throw new Error('store unavailable');
          },
        },
        coupons: hook,
        payments: recording,
        stock: { stockChanged: () => undefined },
        idempotency: createSqlIdempotencyStore(db),
        returnWindowDays: 30,
        now: () => clock,
      });
      await expect(failing.checkout(shopperId, checkoutBody(), 'k-unrecorded')).rejects.toThrow(
        'store unavailable',
      );
      const orderId = hook.calls[0]?.slice('reserve:'.length) ?? '';
      // The attempt is undone (stock and coupons back) but its charge is only in the provider's
      // books: nothing is refunded inline, where a retry of the key could still claim the charge.
      expect(refunds).toEqual([]);
      expect(await stockOf(db, variant.variantId)).toBe(5);
      // The coupons were redeemed before the capture (the last money step), and are given back.
      expect(hook.calls).toEqual([`reserve:${orderId}`, `consume:${orderId}`, `release:${orderId}`]);
      const settler = createOrderService({
        store: commerceStore,
        coupons: hook,
        payments: recording,
        stock: { stockChanged: () => undefined },
        idempotency: createSqlIdempotencyStore(db),
        returnWindowDays: 30,
        now: () => clock,
      });
      // Not before the checkout timeout: a checkout still running is never asked about.
      expect((await settler.reconcileCaptures(clock - 1)).refunded).toBe(0);
      const report = await settler.reconcileCaptures(clock + 1);
      // Other tests' unanswered captures fail here too (the provider never charged them).
      expect(report).toMatchObject({ recorded: 0, refunded: 1, superseded: 0, unresolved: 0 });
      expect((await settler.reconcileCaptures(clock + 1)).refunded).toBe(0);
      const charge = await payments.lookup(capturePaymentKey(shopperId, 'k-unrecorded'));
      expect(charge.status === 'captured' && refunds).toEqual([
        {
          key: `refund:checkout:${orderId}`,
          captureReference: charge.status === 'captured' ? charge.reference : '',
          amount: 4000 - 500 + FLAT_SHIPPING,
        },
      ]);
      const order = await settler.getAnyOrder(orderId).catch(() => undefined);
      expect(order).toBeUndefined(); // never placed: the shopper never sees the attempt
      const rows = await db.kysely
        .selectFrom('payments')
        .select(['kind', 'status'])
        .where('order_id', '=', orderId)
        .orderBy('kind')
        .execute();
      expect(rows.map((row) => [row.kind, row.status])).toEqual([
        ['capture', 'succeeded'],
        ['refund', 'succeeded'],
      ]);
    });

    it('the sweeper releases a checkout a crash left pending, once', async () => {
      const variant = await makeVariant(db, { stock: 4 });
      const commerceStore = createSqlCommerceStore(db);
      // A process took stock and reserved coupons, then died before paying.
      const outcome = await commerceStore.openCheckout({
        orderId: 'ord_crashed',
        shopperId: 'shp_crashed',
        agentId: undefined,
        channel: 'web',
        currency: 'USD',
        shippingAddress: {},
        paymentMethod: {},
        lines: [
          {
            id: 'oln_crashed',
            position: 0,
            variantId: variant.variantId,
            productId: variant.productId,
            title: 't',
            category: 'c',
            options: {},
            unitPrice: 100,
            quantity: 3,
          },
        ],
        pricing: {
          subtotal: 300,
          discount: 0,
          shipping: 0,
          total: 300,
          coupons: [],
          lineDiscounts: new Map(),
        },
        now: clock - 11 * 60 * 1000,
      });
      expect(outcome.ok).toBe(true);
      expect(await stockOf(db, variant.variantId)).toBe(1);
      expect(await orders.expireStaleCheckouts(clock - 10 * 60 * 1000)).toBe(1);
      expect(await stockOf(db, variant.variantId)).toBe(4);
      expect(hook.calls).toEqual(['release:ord_crashed']);
      expect(await orders.expireStaleCheckouts(clock)).toBe(0);
      expect(await stockOf(db, variant.variantId)).toBe(4);
    });

    it('a coupon release that fails after a cancel is retried by the sweeper until it is recorded', async () => {
      const { shopperId } = await cartWithCoupon(10);
      const placed = (await checkout.checkout(shopperId, checkoutBody(), 'k-release-retry')).value;
      const releases = () => hook.calls.filter((call) => call === `release:${placed.id}`).length;
      hook.failRelease = true;
      const view = (await orders.cancelOrder(shopperId, placed.id)).value;
      expect(view.status).toBe('cancelled');
      expect(releases()).toBe(1);
      // Still failing: the sweeper tries again and the order stays due.
      await orders.retryCouponReleases(clock + 1);
      expect(releases()).toBe(2);
      hook.failRelease = false;
      // Only cancels older than the cut-off are retried.
      await orders.retryCouponReleases(clock);
      expect(releases()).toBe(2);
      expect(await orders.retryCouponReleases(clock + 1)).toBeGreaterThanOrEqual(1);
      expect(releases()).toBe(3);
      // Recorded: never released again.
      await orders.retryCouponReleases(clock + 1);
      expect(releases()).toBe(3);
    });

    it('cancel refunds the total and releases coupons; returns refund the discounted line inside the window', async () => {
      const { shopperId, variant } = await cartWithCoupon(10);
      const cancelled = (await checkout.checkout(shopperId, checkoutBody(), 'k-cancel')).value;
      const view = (await orders.cancelOrder(shopperId, cancelled.id)).value;
      expect(view.refunded.amount).toBe(4000 - 500 + FLAT_SHIPPING);
      expect(hook.calls.at(-1)).toBe(`release:${cancelled.id}`);
      expect(await stockOf(db, variant.variantId)).toBe(10);

      await carts.addLine(shopperId, { variantId: variant.variantId, quantity: 2 });
      await carts.applyCoupon(shopperId, 'SAVE5');
      const order = (await checkout.checkout(shopperId, checkoutBody(), 'k-return')).value;
      await orders.fulfil(order.id);
      await orders.deliver(order.id);
      const lineId = order.lines[0]?.id ?? '';

      const later = clock;
      clock = later + 31 * DAY;
      await expect(
        orders.requestReturn(shopperId, order.id, { lineIds: [lineId], reason: 'late' }),
      ).rejects.toMatchObject({
        code: 'ORDER_NOT_RETURNABLE',
      });
      clock = later + 29 * DAY;
      const requested = await orders.requestReturn(
        shopperId,
        order.id,
        { lineIds: [lineId], reason: 'too big' },
        'rk',
      );
      expect(requested.value.refund.amount).toBe(4000 - 500);
      const replayed = await orders.requestReturn(
        shopperId,
        order.id,
        { lineIds: [lineId], reason: 'too big' },
        'rk',
      );
      expect(replayed).toMatchObject({ replayed: true, value: { id: requested.value.id } });
      const received = await orders.receiveReturn(order.id, requested.value.id);
      expect(received).toMatchObject({ status: 'refunded', refunded: { amount: 3500 } });
      expect(await stockOf(db, variant.variantId)).toBe(10);
      clock = later;
    });
  });
}
