import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CartService,
  type CheckoutService,
  createCartService,
  createCheckoutService,
  createNoCouponsHook,
  createTestPaymentProvider,
  type PaymentProvider,
} from '../src/commerce/index.js';
import { DEFAULT_CHECKOUT_TIMEOUT_MS } from '../src/commerce/reservation-sweeper.js';
import type { Db } from '../src/storage/dialect.js';
import { createSqlCommerceStore } from '../src/storage/sql/commerce-store.js';
import { createSqlIdempotencyStore } from '../src/storage/sql/idempotency-store.js';
import { makeVariant, stockOf } from './helpers/catalog-factory.js';
import { checkoutBody, clientFor } from './helpers/commerce-client.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

const CLICKS = 20;

/** Rows of a table for one shopper's orders, counted by a condition. */
async function paymentsOf(db: Db, shopperId: string) {
  return db.kysely
    .selectFrom('payments')
    .innerJoin('orders', 'orders.id', 'payments.order_id')
    .select(['payments.kind', 'payments.status', 'payments.order_id'])
    .where('orders.shopper_id', '=', shopperId)
    .execute();
}

/** A payment provider whose captures wait until the test lets them go. */
function heldProvider(inner: PaymentProvider) {
  let waiting: (() => void)[] = [];
  let started: (() => void) | undefined;
  const provider: PaymentProvider & {
    hold: boolean;
    captureStarted(): Promise<void>;
    letGo(): void;
  } = {
    ...inner,
    hold: false,
    async capture(request) {
      if (provider.hold) {
        started?.();
        await new Promise<void>((resolve) => waiting.push(resolve));
      }
      return inner.capture(request);
    },
    captureStarted: () =>
      new Promise<void>((resolve) => {
        started = resolve;
      }),
    letGo() {
      for (const resolve of waiting) resolve();
      waiting = [];
    },
  };
  return provider;
}

/**
 * A provider with latency: each capture waits until all `total` checkouts have either reached a
 * capture or been answered, so every checkout that is not refused up front overlaps the others.
 */
function barrierProvider(inner: PaymentProvider, total: number) {
  let arrived = 0;
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  const arrive = () => {
    arrived += 1;
    if (arrived >= total) open();
  };
  const provider: PaymentProvider = {
    ...inner,
    async capture(request) {
      arrive();
      await opened;
      return inner.capture(request);
    },
  };
  return { provider, arrive };
}

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`one checkout per cart over HTTP on ${store.name}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      // The burst is one shopper's double clicks; admission's per-shopper limits are tested elsewhere.
      test = await startTestApp(store, { admission: { enabled: false } });
    });
    afterAll(async () => {
      await test?.close();
    });

    it(`${CLICKS} concurrent checkouts of one cart with ${CLICKS} different keys: one order, one capture`, async () => {
      const variant = await makeVariant(test.app.db, { stock: 100, price: 1500 });
      const { token, shopperId } = await test.newShopper();
      const client = clientFor(test, token);
      expect(
        (await client.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 2 })).statusCode,
      ).toBe(200);

      const responses = await Promise.all(
        Array.from({ length: CLICKS }, (_, index) => client.checkout(`click-${index}`)),
      );
      const placed = responses.filter((response) => response.statusCode === 201);
      expect(placed).toHaveLength(1);
      for (const response of responses.filter((item) => item.statusCode !== 201)) {
        expect(response.statusCode).toBe(409);
        const code = response.json().error.code as string;
        // Refused while the winner held the cart, or after it bought everything in it.
        expect(['CHECKOUT_IN_PROGRESS', 'CART_EMPTY']).toContain(code);
        if (code === 'CHECKOUT_IN_PROGRESS')
          expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      }

      const orders = await test.app.db.kysely
        .selectFrom('orders')
        .select(['id', 'status'])
        .where('shopper_id', '=', shopperId)
        .execute();
      expect(orders).toEqual([{ id: placed[0]?.json().id, status: 'paid' }]);
      const captures = (await paymentsOf(test.app.db, shopperId)).filter((row) => row.kind === 'capture');
      expect(captures).toHaveLength(1);
      expect(await stockOf(test.app.db, variant.variantId)).toBe(98);
      const cart = await test.app.db.kysely
        .selectFrom('carts')
        .select(['checkout_id', 'checkout_started_at'])
        .where('shopper_id', '=', shopperId)
        .executeTakeFirstOrThrow();
      expect(cart).toEqual({ checkout_id: null, checkout_started_at: null });
    });

    it('a checkout while another holds the cart gets 409 CHECKOUT_IN_PROGRESS with Retry-After, not stored for its key', async () => {
      const variant = await makeVariant(test.app.db, { stock: 10, price: 1500 });
      const { token, shopperId } = await test.newShopper();
      const client = clientFor(test, token);
      await client.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 1 });
      const commerceStore = createSqlCommerceStore(test.app.db);
      const held = await commerceStore.claimCart(shopperId, 'ord_running', Date.now(), 0);
      expect(held.kind).toBe('claimed');

      const refused = await client.checkout('second-click');
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('CHECKOUT_IN_PROGRESS');
      expect(refused.headers['retry-after']).toBe('1');
      expect(refused.headers['idempotent-replayed']).toBeUndefined();

      // The running checkout ends; the same key now runs for real instead of replaying the 409.
      if (held.kind === 'claimed') await commerceStore.releaseCart(held.cartId, 'ord_running');
      const retried = await client.checkout('second-click');
      expect(retried.statusCode).toBe(201);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
    });
  });

  describe.skipIf(store.skipReason !== undefined)(`cart claims on ${store.name}`, () => {
    let database: FreshDatabase;
    let db: Db;
    let clock = Date.now();
    let carts: CartService;
    let shopperCount = 0;

    beforeAll(async () => {
      database = await store.freshDatabase();
      db = await database.open();
      carts = createCartService({
        store: createSqlCommerceStore(db),
        coupons: createNoCouponsHook(),
        now: () => clock,
      });
    });
    afterAll(async () => {
      await db?.close();
      await database?.dispose();
    });

    function checkoutWith(payments: PaymentProvider): CheckoutService {
      return createCheckoutService({
        store: createSqlCommerceStore(db),
        coupons: createNoCouponsHook(),
        payments,
        stock: { stockChanged: () => undefined },
        idempotency: createSqlIdempotencyStore(db),
        returnWindowDays: 30,
        now: () => clock,
      });
    }

    async function shopperWithCart(stock = 10) {
      const shopperId = `shp_claim_${shopperCount++}`;
      const variant = await makeVariant(db, { stock, price: 2000 });
      await carts.addLine(shopperId, { variantId: variant.variantId, quantity: 1 });
      return { shopperId, variant };
    }

    it(`${CLICKS} overlapping checkouts of one cart with different keys: one capture, the rest CHECKOUT_IN_PROGRESS`, async () => {
      const { shopperId, variant } = await shopperWithCart(100);
      const barrier = barrierProvider(createTestPaymentProvider(), CLICKS);
      const checkout = checkoutWith(barrier.provider);
      const outcomes = await Promise.allSettled(
        Array.from({ length: CLICKS }, (_, index) =>
          checkout.checkout(shopperId, checkoutBody(), `overlap-${index}`).catch((error: unknown) => {
            barrier.arrive();
            throw error;
          }),
        ),
      );
      expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes) {
        if (outcome.status === 'rejected') {
          expect(outcome.reason).toMatchObject({ code: 'CHECKOUT_IN_PROGRESS' });
        }
      }
      expect((await paymentsOf(db, shopperId)).filter((row) => row.kind === 'capture')).toHaveLength(1);
      expect(await stockOf(db, variant.variantId)).toBe(99);
    });

    it('a declined checkout gives the cart back, so the next one is not refused as in progress', async () => {
      const { shopperId } = await shopperWithCart();
      const checkout = checkoutWith(createTestPaymentProvider({ failureDelayMs: 5 }));
      await expect(
        checkout.checkout(shopperId, checkoutBody('4000000000000002'), 'declined'),
      ).rejects.toMatchObject({ code: 'PAYMENT_DECLINED' });
      await expect(
        checkout.checkout(shopperId, checkoutBody('4000000000000259'), 'fails'),
      ).rejects.toMatchObject({ code: 'PAYMENT_FAILED' });
      const placed = await checkout.checkout(shopperId, checkoutBody(), 'pays');
      expect(placed.value.status).toBe('paid');
    });

    it('a second checkout waits out a running one; after it the cart is empty, never charged twice', async () => {
      const { shopperId } = await shopperWithCart();
      const payments = heldProvider(createTestPaymentProvider());
      const checkout = checkoutWith(payments);
      payments.hold = true;
      const capturing = payments.captureStarted();
      const first = checkout.checkout(shopperId, checkoutBody(), 'first');
      await capturing;
      await expect(checkout.checkout(shopperId, checkoutBody(), 'second')).rejects.toMatchObject({
        code: 'CHECKOUT_IN_PROGRESS',
        details: { retryAfterSeconds: 1 },
      });
      payments.letGo();
      expect((await first).value.status).toBe('paid');
      await expect(checkout.checkout(shopperId, checkoutBody(), 'second')).rejects.toMatchObject({
        code: 'CART_EMPTY',
      });
      const captures = (await paymentsOf(db, shopperId)).filter((row) => row.kind === 'capture');
      expect(captures).toHaveLength(1);
    });

    it('a claim a crash left behind is taken over after the checkout timeout, and not before', async () => {
      const { shopperId, variant } = await shopperWithCart();
      const commerceStore = createSqlCommerceStore(db);
      expect((await commerceStore.claimCart(shopperId, 'ord_crashed', clock, 0)).kind).toBe('claimed');
      const checkout = checkoutWith(createTestPaymentProvider());

      clock += DEFAULT_CHECKOUT_TIMEOUT_MS - 1000;
      await expect(checkout.checkout(shopperId, checkoutBody(), 'early')).rejects.toMatchObject({
        code: 'CHECKOUT_IN_PROGRESS',
      });
      clock += 2000;
      const placed = await checkout.checkout(shopperId, checkoutBody(), 'late');
      expect(placed.value.status).toBe('paid');
      expect(await stockOf(db, variant.variantId)).toBe(9);
    });

    it('a hung checkout whose claim was taken over cannot commit: it is refunded and released', async () => {
      const { shopperId, variant } = await shopperWithCart();
      const payments = heldProvider(createTestPaymentProvider());
      const hung = checkoutWith(payments);
      payments.hold = true;
      const capturing = payments.captureStarted();
      const slow = hung.checkout(shopperId, checkoutBody(), 'hung');
      await capturing;

      clock += DEFAULT_CHECKOUT_TIMEOUT_MS + 1000;
      const placed = await checkoutWith(createTestPaymentProvider()).checkout(
        shopperId,
        checkoutBody(),
        'takeover',
      );
      expect(placed.value.status).toBe('paid');

      payments.letGo();
      await expect(slow).rejects.toMatchObject({ code: 'CHECKOUT_EXPIRED' });
      const orders = await db.kysely
        .selectFrom('orders')
        .select(['status', 'cancel_reason'])
        .where('shopper_id', '=', shopperId)
        .orderBy('status')
        .execute();
      expect(orders).toEqual([
        { status: 'cancelled', cancel_reason: 'checkout_expired' },
        { status: 'paid', cancel_reason: null },
      ]);
      const rows = await paymentsOf(db, shopperId);
      expect(rows.filter((row) => row.kind === 'capture')).toHaveLength(2);
      expect(rows.filter((row) => row.kind === 'refund' && row.status === 'succeeded')).toHaveLength(1);
      // One unit sold: the hung attempt's reservation went back.
      expect(await stockOf(db, variant.variantId)).toBe(9);
    });
  });
}
