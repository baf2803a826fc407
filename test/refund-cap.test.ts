import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/shared/ids.js';
import { createSqlCommerceStore } from '../src/storage/sql/commerce-store.js';
import { verifyPayments } from '../src/storage/sql/payments-audit.js';
import { makeVariant } from './helpers/catalog-factory.js';
import { checkoutBody, clientFor } from './helpers/commerce-client.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(
    `refunds are capped by the capture on ${store.name}`,
    () => {
      let test: TestApp;
      beforeAll(async () => {
        test = await startTestApp(store);
      });
      afterAll(async () => {
        await test?.close();
      });

      const placeOrder = async () => {
        const variant = await makeVariant(test.app.db, { price: 6_000, stock: 5 });
        const shopper = await test.newShopper();
        const client = clientFor(test, shopper.token);
        const order = await client.checkout(newId('key'), {
          ...checkoutBody(),
          items: [{ variantId: variant.variantId, quantity: 1 }],
        });
        expect(order.statusCode, order.body).toBe(201);
        return { client, orderId: order.json().id as string };
      };
      const refunded = async (orderId: string) =>
        (
          await test.app.db.kysely
            .selectFrom('payments')
            .select('amount')
            .where('order_id', '=', orderId)
            .where('kind', '=', 'refund')
            .execute()
        ).reduce((sum, row) => sum + Number(row.amount), 0);

      it('opens no second refund of money already given back, under any other key', async () => {
        const { client, orderId } = await placeOrder();
        expect((await client.post(`/api/v1/orders/${orderId}/cancel`)).statusCode).toBe(200);
        expect(await refunded(orderId)).toBe(6_000);
        const commerce = createSqlCommerceStore(test.app.db);
        expect(await commerce.openRefund(orderId, `refund:again:${orderId}`, Date.now())).toBeUndefined();
        expect(await refunded(orderId)).toBe(6_000);
        expect((await verifyPayments(test.app.db)).mismatches).toEqual([]);
      });

      it('lets refunds opened at once share the capture, never exceed it', async () => {
        const { orderId } = await placeOrder();
        const commerce = createSqlCommerceStore(test.app.db);
        const opened = await Promise.all(
          Array.from({ length: 6 }, (_, index) =>
            commerce.openRefund(orderId, `refund:race:${orderId}:${index}`, Date.now()),
          ),
        );
        expect(opened.filter((due) => due !== undefined)).toHaveLength(1);
        expect(await refunded(orderId)).toBe(6_000);
      });

      it('reports money that does not add up', async () => {
        const { orderId } = await placeOrder();
        const capture = await test.app.db.kysely
          .selectFrom('payments')
          .selectAll()
          .where('order_id', '=', orderId)
          .executeTakeFirstOrThrow();
        // A refund written behind the store's back, and a paid order without its capture.
        await test.app.db.kysely
          .insertInto('payments')
          .values({
            ...capture,
            id: newId('pay'),
            kind: 'refund',
            effect_key: `rogue:${orderId}`,
            amount: 7_000,
          })
          .execute();
        const unpaid = await placeOrder();
        await test.app.db.kysely.deleteFrom('payments').where('order_id', '=', unpaid.orderId).execute();
        const report = await verifyPayments(test.app.db);
        expect(report.ok).toBe(false);
        expect(report.mismatches).toEqual(
          expect.arrayContaining([
            { orderId, check: 'refunds_exceed_capture', expected: 6_000, actual: 7_000 },
            { orderId: unpaid.orderId, check: 'paid_without_capture', expected: 6_000, actual: 0 },
          ]),
        );
      });
    },
  );
}
