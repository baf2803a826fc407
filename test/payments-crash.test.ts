import { afterAll, describe, expect, it } from 'vitest';
import { capturePaymentKey, TEST_CARDS } from '../src/commerce/index.js';
import type { Db } from '../src/storage/dialect.js';
import { verifyPayments } from '../src/storage/sql/payments-audit.js';
import { createSqlPaymentLedger } from '../src/storage/sql/test-payment-ledger.js';
import { makeVariant, stockOf } from './helpers/catalog-factory.js';
import { checkoutBody } from './helpers/commerce-client.js';
import { type Node, post, startNode } from './helpers/crash-node.js';
import { type FreshDatabase, STORES } from './helpers/stores.js';

/** Polls `probe` until it answers true, or fails after `ms`. */
async function eventually(probe: () => Promise<boolean>, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(
    `kill -9 between charge and record on ${store.name}`,
    () => {
      const nodes: Node[] = [];
      const databases: FreshDatabase[] = [];
      const dbs: Db[] = [];
      afterAll(async () => {
        for (const node of nodes) {
          if (node.child.exitCode === null) node.child.kill('SIGKILL');
          await node.exited;
        }
        for (const db of dbs) await db.close();
        for (const database of databases) await database.dispose();
      });

      /**
       * Starts a node, sends a checkout whose provider answers each call two seconds after it acted
       * (test card 4000000000000077), and kills the node with SIGKILL as soon as the provider's
       * books hold the money as `outcome`: held (authorized, the authorization never heard), or
       * charged (captured, the capture never recorded).
       */
      async function crashAfter(key: string, outcome: 'authorized' | 'captured') {
        const database = await store.freshDatabase();
        databases.push(database);
        const db = await database.open();
        dbs.push(db);
        const variant = await makeVariant(db, { stock: 3, price: 3000 });
        const first = await startNode(database, { RUSHCART_IDEMPOTENCY_LEASE_MS: '1000' });
        nodes.push(first);
        const session = await post(first.base, '/api/v1/sessions', '', {});
        const token = session.body.token as string;
        const shopperId = (session.body.shopper as { id: string }).id;
        const body = {
          ...checkoutBody(TEST_CARDS.succeedsSlowly),
          items: [{ variantId: variant.variantId, quantity: 1 }],
        };
        const unanswered = post(first.base, '/api/v1/checkout', token, body, {
          'idempotency-key': key,
        }).catch(() => undefined);
        const ledger = createSqlPaymentLedger(db);
        await eventually(
          async () => (await ledger.find(capturePaymentKey(shopperId, key)))?.outcome === outcome,
          `the money ${outcome}`,
        );
        first.child.kill('SIGKILL');
        await first.exited;
        expect(await unanswered).toBeUndefined();
        // The crash window: the provider holds the money, the order is pending, its payment unsettled.
        const rows = await db.kysely
          .selectFrom('orders')
          .innerJoin('payments', 'payments.order_id', 'orders.id')
          .select(['orders.id as orderId', 'orders.status as order', 'payments.status as capture'])
          .execute();
        expect(rows.map((row) => [row.order, row.capture])).toEqual([
          ['pending', outcome === 'authorized' ? 'pending' : 'authorized'],
        ]);
        return { database, db, ledger, variant, token, shopperId, body, orderId: rows[0]?.orderId ?? '' };
      }
      const crashAfterCharge = (key: string) => crashAfter(key, 'captured');

      it('a restarted node lets go the hold of a checkout that died while authorizing: nothing charged', async () => {
        const crashed = await crashAfter('crash-hold', 'authorized');
        const second = await startNode(crashed.database, {
          RUSHCART_CHECKOUT_TIMEOUT_MS: '1000',
          RUSHCART_SWEEP_INTERVAL_MS: '200',
        });
        nodes.push(second);
        const key = capturePaymentKey(crashed.shopperId, 'crash-hold');
        await eventually(
          async () => (await crashed.ledger.find(key))?.outcome === 'voided',
          'the hold let go',
        );
        await eventually(async () => {
          const order = await crashed.db.kysely
            .selectFrom('orders')
            .select('status')
            .where('id', '=', crashed.orderId)
            .executeTakeFirstOrThrow();
          return order.status === 'cancelled';
        }, 'the order cancelled');
        const payments = await crashed.db.kysely
          .selectFrom('payments')
          .select(['kind', 'status'])
          .where('order_id', '=', crashed.orderId)
          .execute();
        expect(payments.map((row) => [row.kind, row.status])).toEqual([['capture', 'failed']]);
        const books = await crashed.ledger.entries();
        expect(books.map((entry) => [entry.kind, entry.outcome])).toEqual([['capture', 'voided']]);
        expect(await stockOf(crashed.db, crashed.variant.variantId)).toBe(3);
        expect((await verifyPayments(crashed.db, books)).mismatches).toEqual([]);
      });

      it('a restarted node refunds the charge and cancels the order', async () => {
        const crashed = await crashAfterCharge('crash-refund');
        const second = await startNode(crashed.database, {
          RUSHCART_CHECKOUT_TIMEOUT_MS: '1000',
          RUSHCART_SWEEP_INTERVAL_MS: '200',
        });
        nodes.push(second);
        await eventually(async () => {
          const refund = await crashed.db.kysely
            .selectFrom('payments')
            .select('status')
            .where('order_id', '=', crashed.orderId)
            .where('kind', '=', 'refund')
            .executeTakeFirst();
          return refund?.status === 'succeeded';
        }, 'the refund');
        const order = await crashed.db.kysely
          .selectFrom('orders')
          .select(['status', 'total'])
          .where('id', '=', crashed.orderId)
          .executeTakeFirstOrThrow();
        expect(order.status).toBe('cancelled');
        const books = await crashed.ledger.entries();
        expect(books.map((entry) => [entry.kind, entry.amount])).toEqual([
          ['capture', Number(order.total)],
          ['refund', Number(order.total)],
        ]);
        expect(await stockOf(crashed.db, crashed.variant.variantId)).toBe(3);
        expect((await verifyPayments(crashed.db, books)).mismatches).toEqual([]);
      });

      it("the client's retry of the key after the restart is paid by the same charge: one order, one charge", async () => {
        const crashed = await crashAfterCharge('crash-retry');
        const second = await startNode(crashed.database, {
          RUSHCART_CHECKOUT_TIMEOUT_MS: '8000',
          RUSHCART_SWEEP_INTERVAL_MS: '200',
          RUSHCART_IDEMPOTENCY_LEASE_MS: '1000',
        });
        nodes.push(second);
        // The retry contract: the same key and body; "in flight" until the dead node's lease runs out.
        let retried = await post(second.base, '/api/v1/checkout', crashed.token, crashed.body, {
          'idempotency-key': 'crash-retry',
        });
        while (
          retried.status === 409 &&
          (retried.body.error as { code: string }).code === 'IDEMPOTENCY_IN_FLIGHT'
        ) {
          await new Promise((resolve) => setTimeout(resolve, 300));
          retried = await post(second.base, '/api/v1/checkout', crashed.token, crashed.body, {
            'idempotency-key': 'crash-retry',
          });
        }
        expect(retried.status).toBe(201);
        const total = (retried.body.total as { amount: number }).amount;
        // The dead attempt's checkout expires after the timeout; its capture row is superseded.
        await eventually(async () => {
          const order = await crashed.db.kysely
            .selectFrom('orders')
            .select('status')
            .where('id', '=', crashed.orderId)
            .executeTakeFirstOrThrow();
          return order.status === 'cancelled';
        }, 'the dead attempt to expire');
        const capture = await crashed.db.kysely
          .selectFrom('payments')
          .select('status')
          .where('order_id', '=', crashed.orderId)
          .executeTakeFirstOrThrow();
        expect(capture.status).toBe('superseded');
        const books = await crashed.ledger.entries();
        expect(books.map((entry) => [entry.kind, entry.amount])).toEqual([['capture', total]]);
        expect(await stockOf(crashed.db, crashed.variant.variantId)).toBe(2);
        expect((await verifyPayments(crashed.db, books)).mismatches).toEqual([]);
      });
    },
  );
}
