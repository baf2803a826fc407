import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CheckoutService,
  capturePaymentKey,
  createCartService,
  createCheckoutService,
  createFaultyPaymentProvider,
  createNoCouponsHook,
  createOrderService,
  createTestPaymentProvider,
  type OrderService,
  type PaymentFaults,
  type PaymentProvider,
  TEST_CARDS,
} from '../src/commerce/index.js';
import { AppError, isAppError } from '../src/shared/app-error.js';
import type { Db } from '../src/storage/dialect.js';
import { createSqlCommerceStore } from '../src/storage/sql/commerce-store.js';
import { createSqlIdempotencyStore } from '../src/storage/sql/idempotency-store.js';
import { verifyPayments } from '../src/storage/sql/payments-audit.js';
import { createSqlPaymentLedger } from '../src/storage/sql/test-payment-ledger.js';
import { makeVariant, stockOf } from './helpers/catalog-factory.js';
import { checkoutBody } from './helpers/commerce-client.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`payments under faults on ${store.name}`, () => {
    let database: FreshDatabase;
    let db: Db;
    /** The provider's books and the provider itself, as every node of the store sees them. */
    let provider: ReturnType<typeof createTestPaymentProvider>;
    let shoppers = 0;

    beforeAll(async () => {
      database = await store.freshDatabase();
      db = await database.open();
      provider = createTestPaymentProvider({
        ledger: createSqlPaymentLedger(db),
        slowDelayMs: 900,
        failureDelayMs: 5,
      });
    });
    afterAll(async () => {
      await db?.close();
      await database?.dispose();
    });

    /** A node of the store: checkout and orders over the shared database, paying through `payments`. */
    function node(
      payments: PaymentProvider,
      leaseMs?: number,
    ): { checkout: CheckoutService; orders: OrderService } {
      const deps = {
        store: createSqlCommerceStore(db),
        coupons: createNoCouponsHook(),
        payments,
        stock: { stockChanged: () => undefined },
        idempotency: createSqlIdempotencyStore(db, Date.now, leaseMs),
        returnWindowDays: 30,
      };
      return {
        checkout: createCheckoutService(deps),
        orders: createOrderService(deps),
      };
    }
    const faulty = (faults: PaymentFaults) => node(createFaultyPaymentProvider(provider, faults));

    /** What the provider's books hold for one checkout's key: charges and refunds. */
    async function books(shopperId: string, key: string) {
      const entries = await provider.ledger.entries();
      const charge = entries.find((entry) => entry.key === capturePaymentKey(shopperId, key));
      const refunds = entries.filter(
        (entry) => entry.kind === 'refund' && entry.captureReference === charge?.reference,
      );
      return {
        charged: charge?.outcome === 'captured' ? charge.amount : 0,
        refunded: refunds.reduce((sum, entry) => sum + entry.amount, 0),
      };
    }
    async function expressBody(stock = 5, card: string = TEST_CARDS.succeeds) {
      const variant = await makeVariant(db, { stock, price: 2500 });
      return {
        variant,
        body: { ...checkoutBody(card), items: [{ variantId: variant.variantId, quantity: 1 }] },
      };
    }
    const newShopper = () => `shp_fault_${shoppers++}`;
    async function audit() {
      return verifyPayments(db, await provider.ledger.entries());
    }

    it('a charge whose answer was lost is found in the books at once: one order, one charge', async () => {
      const shopperId = newShopper();
      const { body } = await expressBody(5, TEST_CARDS.answerLost);
      const placed = await node(provider).checkout.checkout(shopperId, body, 'k-lost');
      expect(placed.value.status).toBe('paid');
      const total = placed.value.total.amount;
      expect(await books(shopperId, 'k-lost')).toEqual({ charged: total, refunded: 0 });
    });

    it('a retry after a timeout charges once, though each attempt is a new order', async () => {
      const shopperId = newShopper();
      const { body, variant } = await expressBody(5);
      // Node A: charged, the answer lost and the books unreachable: the outcome is unknown.
      const first = faulty({ lostAnswer: 1, lookupFailure: 1 });
      await expect(first.checkout.checkout(shopperId, body, 'k-timeout')).rejects.toSatisfy((error) =>
        isAppError(error, 'PAYMENT_FAILED'),
      );
      expect(await stockOf(db, variant.variantId)).toBe(5);
      // The client retries the same key (docs/retry-contract.md), here on another node.
      const second = node(provider);
      const placed = await second.checkout.checkout(shopperId, body, 'k-timeout');
      expect(placed.value.status).toBe('paid');
      const total = placed.value.total.amount;
      expect(await books(shopperId, 'k-timeout')).toEqual({ charged: total, refunded: 0 });
      expect(await stockOf(db, variant.variantId)).toBe(4);
      // The first attempt's capture row is settled as superseded: its charge pays the second order.
      const report = await second.orders.reconcileCaptures(Date.now() + 1);
      expect(report.superseded).toBeGreaterThanOrEqual(1);
      expect(await books(shopperId, 'k-timeout')).toEqual({ charged: total, refunded: 0 });
      expect((await audit()).mismatches).toEqual([]);
    });

    it('a cart that changed between two attempts of one key: nothing placed or charged, the first hold let go', async () => {
      const shopperId = newShopper();
      const carts = createCartService({ store: createSqlCommerceStore(db), coupons: createNoCouponsHook() });
      const first = await makeVariant(db, { stock: 5, price: 1000 });
      const second = await makeVariant(db, { stock: 5, price: 700 });
      await carts.addLine(shopperId, { variantId: first.variantId, quantity: 1 });
      await expect(
        faulty({ lostAnswer: 1, lookupFailure: 1 }).checkout.checkout(shopperId, checkoutBody(), 'k-changed'),
      ).rejects.toSatisfy((error) => isAppError(error, 'PAYMENT_FAILED'));
      await carts.addLine(shopperId, { variantId: second.variantId, quantity: 1 });
      const retry = node(provider);
      await expect(retry.checkout.checkout(shopperId, checkoutBody(), 'k-changed')).rejects.toSatisfy(
        (error) => isAppError(error, 'TOTAL_CHANGED'),
      );
      // The first attempt's money is held, not charged; the audit counts the hold as in flight.
      expect(await books(shopperId, 'k-changed')).toEqual({ charged: 0, refunded: 0 });
      expect(await provider.lookup(capturePaymentKey(shopperId, 'k-changed'))).toMatchObject({
        status: 'authorized',
      });
      expect((await audit()).mismatches).toEqual([]);
      const report = await retry.orders.reconcileCaptures(Date.now() + 1);
      expect(report.voided).toBeGreaterThanOrEqual(1);
      expect(await provider.lookup(capturePaymentKey(shopperId, 'k-changed'))).toEqual({ status: 'voided' });
      expect(await books(shopperId, 'k-changed')).toEqual({ charged: 0, refunded: 0 });
      expect(await stockOf(db, first.variantId)).toBe(5);
      expect((await audit()).mismatches).toEqual([]);
    });

    it('a capture that never reached the provider keeps the hold: the retry captures it, or the reconciler lets it go', async () => {
      const unreachableCapture: PaymentProvider = {
        ...provider,
        capture: async () => {
          throw new AppError('PAYMENT_FAILED', 'Injected fault: the capture never reached the provider.');
        },
      };
      const retried = newShopper();
      const first = await expressBody(5);
      await expect(
        node(unreachableCapture).checkout.checkout(retried, first.body, 'k-capture'),
      ).rejects.toSatisfy((error) => isAppError(error, 'PAYMENT_FAILED'));
      expect(await provider.lookup(capturePaymentKey(retried, 'k-capture'))).toMatchObject({
        status: 'authorized',
      });
      expect(await stockOf(db, first.variant.variantId)).toBe(5);
      const placed = await node(provider).checkout.checkout(retried, first.body, 'k-capture');
      expect(await books(retried, 'k-capture')).toEqual({ charged: placed.value.total.amount, refunded: 0 });

      const abandoned = newShopper();
      const second = await expressBody(5);
      await expect(
        node(unreachableCapture).checkout.checkout(abandoned, second.body, 'k-capture'),
      ).rejects.toSatisfy((error) => isAppError(error, 'PAYMENT_FAILED'));
      const report = await node(provider).orders.reconcileCaptures(Date.now() + 1);
      expect(report.voided).toBeGreaterThanOrEqual(1);
      expect(await provider.lookup(capturePaymentKey(abandoned, 'k-capture'))).toEqual({ status: 'voided' });
      expect(await books(abandoned, 'k-capture')).toEqual({ charged: 0, refunded: 0 });
      // The first shopper's attempt that failed to capture is superseded by the order its retry paid.
      expect((await audit()).mismatches).toEqual([]);
    });

    it('a checkout stuck past the lease answers a retry "in flight", then one order for both', async () => {
      const shopperId = newShopper();
      const { body } = await expressBody(5, TEST_CARDS.succeedsSlowly);
      // A 300 ms lease scales the 30 s one: the provider takes three leases to answer.
      const stuck = node(provider, 300);
      const running = stuck.checkout.checkout(shopperId, body, 'k-stuck');
      await new Promise((resolve) => setTimeout(resolve, 500));
      await expect(stuck.checkout.checkout(shopperId, body, 'k-stuck')).rejects.toSatisfy((error) =>
        isAppError(error, 'IDEMPOTENCY_IN_FLIGHT'),
      );
      const placed = await running;
      const replay = await stuck.checkout.checkout(shopperId, body, 'k-stuck');
      expect(replay).toMatchObject({ replayed: true, value: { id: placed.value.id } });
      const total = placed.value.total.amount;
      expect(await books(shopperId, 'k-stuck')).toEqual({ charged: total, refunded: 0 });
    });

    it('a charge the provider never made is failed by the reconciler, and a decline at once', async () => {
      const shopperId = newShopper();
      const { body } = await expressBody(5);
      await expect(
        faulty({ unreachable: 1, lookupFailure: 1 }).checkout.checkout(shopperId, body, 'k-never'),
      ).rejects.toSatisfy((error) => isAppError(error, 'PAYMENT_FAILED'));
      const pending = await db.kysely
        .selectFrom('payments')
        .select(['order_id', 'status'])
        .where('provider_key', '=', capturePaymentKey(shopperId, 'k-never'))
        .execute();
      expect(pending.map((row) => row.status)).toEqual(['pending']);
      await node(provider).orders.reconcileCaptures(Date.now() + 1);
      const settled = await db.kysely
        .selectFrom('payments')
        .select('status')
        .where('provider_key', '=', capturePaymentKey(shopperId, 'k-never'))
        .execute();
      expect(settled.map((row) => row.status)).toEqual(['failed']);

      const declined = await expressBody(5, TEST_CARDS.declined);
      await expect(
        node(provider).checkout.checkout(shopperId, declined.body, 'k-declined'),
      ).rejects.toSatisfy((error) => isAppError(error, 'PAYMENT_DECLINED'));
      const row = await db.kysely
        .selectFrom('payments')
        .select('status')
        .where('provider_key', '=', capturePaymentKey(shopperId, 'k-declined'))
        .executeTakeFirstOrThrow();
      expect(row.status).toBe('failed');
      expect((await audit()).mismatches).toEqual([]);
    });

    it('the audit finds money held, then charged, without an order', async () => {
      const card = await provider.tokenize('shp_stray', { type: 'test_card', number: TEST_CARDS.succeeds });
      const held = await provider.authorize({
        key: 'capture:stray',
        amount: { amount: 1234, currency: 'USD' },
        method: { type: 'test_card', token: card.token },
      });
      expect((await audit()).mismatches).toEqual([
        { orderId: held.ok ? held.reference : '', check: 'held_without_checkout', expected: 0, actual: 1234 },
      ]);
      const kept = await provider.capture({ key: 'capture:stray' });
      expect(kept.ok).toBe(true);
      const report = await audit();
      expect(report.ok).toBe(false);
      expect(report.mismatches).toEqual([
        { orderId: kept.ok ? kept.reference : '', check: 'charged_without_order', expected: 1234, actual: 0 },
      ]);
      await provider.refund({
        key: 'refund:stray',
        captureReference: kept.ok ? kept.reference : '',
        amount: { amount: 1234, currency: 'USD' },
      });
      expect((await audit()).mismatches).toEqual([]);
    });
  });
}
