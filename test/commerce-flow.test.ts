import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAT_SHIPPING } from '../src/commerce/index.js';
import { makeVariant, stockOf } from './helpers/catalog-factory.js';
import { checkoutBody, clientFor } from './helpers/commerce-client.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

let keySequence = 0;
const freshKey = () => `key-${Date.now()}-${keySequence++}`;

for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`commerce flow on ${store.name}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp(store);
    });
    afterAll(async () => {
      await test?.close();
    });

    async function shopperWithCart(variantId: string, quantity = 1) {
      const { token, shopperId } = await test.newShopper();
      const client = clientFor(test, token);
      const added = await client.post('/api/v1/cart/lines', { variantId, quantity });
      expect(added.statusCode, added.body).toBe(200);
      return { client, shopperId };
    }

    it('guest session -> cart -> paid order -> cancel returns the stock', async () => {
      const variant = await makeVariant(test.app.db, { price: 1250, stock: 5 });
      const { token } = await test.newShopper();
      const client = clientFor(test, token);

      const empty = await client.get('/api/v1/cart');
      expect(empty.statusCode).toBe(200);
      expect(empty.json()).toMatchObject({ id: null, lines: [], total: { amount: 0 } });

      await client.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 1 });
      const merged = await client.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 1 });
      expect(merged.json().lines).toHaveLength(1);
      expect(merged.json()).toMatchObject({
        itemCount: 2,
        subtotal: { amount: 2500, currency: 'USD' },
        shipping: { amount: FLAT_SHIPPING, currency: 'USD' },
        discount: { amount: 0, currency: 'USD' },
        total: { amount: 2500 + FLAT_SHIPPING, currency: 'USD' },
      });

      const placed = await client.checkout(freshKey());
      expect(placed.statusCode, placed.body).toBe(201);
      const order = placed.json();
      expect(order).toMatchObject({
        status: 'paid',
        total: { amount: 2500 + FLAT_SHIPPING },
        payment: { last4: '4242' },
      });
      expect(JSON.stringify(order)).not.toContain('4242424242424242');
      expect(await stockOf(test.app.db, variant.variantId)).toBe(3);
      expect((await client.get('/api/v1/cart')).json().lines).toEqual([]);

      const listed = await client.get('/api/v1/orders');
      expect(listed.json().items.map((item: { id: string }) => item.id)).toEqual([order.id]);

      const cancelled = await client.post(`/api/v1/orders/${order.id}/cancel`);
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json()).toMatchObject({
        status: 'cancelled',
        refunded: { amount: order.total.amount },
      });
      expect(await stockOf(test.app.db, variant.variantId)).toBe(5);

      // A second cancel answers the cancelled order and gives nothing back twice.
      const again = await client.post(`/api/v1/orders/${order.id}/cancel`);
      expect(again.statusCode).toBe(200);
      expect(again.json().status).toBe('cancelled');
      expect(await stockOf(test.app.db, variant.variantId)).toBe(5);
    });

    it('ships free from the threshold', async () => {
      const variant = await makeVariant(test.app.db, { price: 5000, stock: 1 });
      const { client } = await shopperWithCart(variant.variantId);
      expect((await client.get('/api/v1/cart')).json()).toMatchObject({
        shipping: { amount: 0 },
        total: { amount: 5000 },
      });
    });

    it('answers cart errors with stable codes and writes nothing', async () => {
      const variant = await makeVariant(test.app.db, { stock: 3 });
      const euro = await makeVariant(test.app.db, { currency: 'EUR', stock: 3 });
      const { token } = await test.newShopper();
      const client = clientFor(test, token);
      const cases: [unknown, number, string][] = [
        [{ variantId: variant.variantId, quantity: 4 }, 409, 'INSUFFICIENT_STOCK'],
        [{ variantId: variant.variantId, quantity: 0 }, 400, 'VALIDATION_FAILED'],
        [{ variantId: variant.variantId, quantity: -1 }, 400, 'VALIDATION_FAILED'],
        [{ variantId: variant.variantId, quantity: 1e12 }, 400, 'VALIDATION_FAILED'],
        [{ variantId: variant.variantId, quantity: 1.5 }, 400, 'VALIDATION_FAILED'],
        [{ variantId: variant.variantId, quantity: '1' }, 400, 'VALIDATION_FAILED'],
        [{ variantId: 'var_nope', quantity: 1 }, 404, 'VARIANT_NOT_FOUND'],
        [{ variantId: variant.variantId, quantity: 1, extra: true }, 400, 'VALIDATION_FAILED'],
      ];
      for (const [body, status, code] of cases) {
        const response = await client.post('/api/v1/cart/lines', body);
        expect(response.statusCode, JSON.stringify(body)).toBe(status);
        expect(response.json().error.code).toBe(code);
      }
      expect((await client.get('/api/v1/cart')).json().lines).toEqual([]);

      await client.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 2 });
      const mixed = await client.post('/api/v1/cart/lines', { variantId: euro.variantId, quantity: 1 });
      expect(mixed.statusCode).toBe(409);
      expect(mixed.json().error.code).toBe('CURRENCY_MISMATCH');
      const over = await client.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 2 });
      expect(over.json().error.code).toBe('INSUFFICIENT_STOCK');

      const malformed = await client.call('POST', '/api/v1/cart/lines', '{"variantId":', {
        'content-type': 'application/json',
      });
      expect(malformed.json().error.code).toBe('MALFORMED_JSON');
      const huge = await client.post('/api/v1/cart/lines', { variantId: 'x'.repeat(100_000), quantity: 1 });
      expect(huge.statusCode).toBe(413);

      const cart = (await client.get('/api/v1/cart')).json();
      expect(cart.lines).toHaveLength(1);
      expect(cart.lines[0].quantity).toBe(2);

      const lineId = cart.lines[0].id;
      expect((await client.patch(`/api/v1/cart/lines/${lineId}`, { quantity: 9 })).json().error.code).toBe(
        'INSUFFICIENT_STOCK',
      );
      expect((await client.patch(`/api/v1/cart/lines/${lineId}`, { quantity: -2 })).statusCode).toBe(400);
      expect((await client.patch('/api/v1/cart/lines/line_nope', { quantity: 1 })).json().error.code).toBe(
        'CART_LINE_NOT_FOUND',
      );
      expect(
        (await client.patch(`/api/v1/cart/lines/${lineId}`, { quantity: 1 })).json().lines[0].quantity,
      ).toBe(1);
      expect((await client.patch(`/api/v1/cart/lines/${lineId}`, { quantity: 0 })).json().lines).toEqual([]);
    });

    it('an unknown coupon code answers its error code and leaves the cart clean', async () => {
      const variant = await makeVariant(test.app.db);
      const { client } = await shopperWithCart(variant.variantId);
      const applied = await client.post('/api/v1/cart/coupons', { code: 'SPRING10' });
      expect(applied.statusCode).toBe(404);
      expect(applied.json().error.code).toBe('COUPON_NOT_FOUND');
      expect((await client.post('/api/v1/cart/coupons', { code: '' })).statusCode).toBe(400);
      const removed = await client.delete('/api/v1/cart/coupons/SPRING10');
      expect(removed.statusCode).toBe(200);
      expect(removed.json().coupons).toEqual([]);
    });

    it('checkout idempotency: replay, conflict, missing key, and an empty cart', async () => {
      const variant = await makeVariant(test.app.db, { stock: 10 });
      const { client } = await shopperWithCart(variant.variantId, 2);
      const missing = await client.checkout(undefined);
      expect(missing.statusCode).toBe(400);
      expect(missing.json().error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');

      const key = freshKey();
      const first = await client.checkout(key);
      expect(first.statusCode).toBe(201);
      const replay = await client.checkout(key);
      expect(replay.statusCode).toBe(201);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(first.json());
      expect((await client.get('/api/v1/orders')).json().items).toHaveLength(1);
      expect(await stockOf(test.app.db, variant.variantId)).toBe(8);

      const conflict = await client.checkout(key, {
        ...checkoutBody(),
        shippingAddress: { ...checkoutBody().shippingAddress, city: 'Porto' },
      });
      expect(conflict.statusCode).toBe(422);
      expect(conflict.json().error.code).toBe('IDEMPOTENCY_CONFLICT');

      const empty = await client.checkout(freshKey());
      expect(empty.statusCode).toBe(409);
      expect(empty.json().error.code).toBe('CART_EMPTY');
    });

    it('a declined card releases the stock and its answer is stored for the key', async () => {
      const variant = await makeVariant(test.app.db, { stock: 4 });
      const { client } = await shopperWithCart(variant.variantId, 3);
      const key = freshKey();
      const declined = await client.checkout(key, checkoutBody('4000000000000002'));
      expect(declined.statusCode).toBe(402);
      expect(declined.json().error.code).toBe('PAYMENT_DECLINED');
      expect(await stockOf(test.app.db, variant.variantId)).toBe(4);
      const replay = await client.checkout(key, checkoutBody('4000000000000002'));
      expect(replay.statusCode).toBe(402);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect((await client.get('/api/v1/orders')).json().items).toEqual([]);
      // The cart is intact, so the shopper can pay with another card.
      expect((await client.get('/api/v1/cart')).json().itemCount).toBe(3);
      expect((await client.checkout(freshKey())).statusCode).toBe(201);
      expect(await stockOf(test.app.db, variant.variantId)).toBe(1);
    });

    it('a refused cancel under a key is refused again on replay, with its first answer', async () => {
      const variant = await makeVariant(test.app.db, { stock: 3 });
      const { client } = await shopperWithCart(variant.variantId, 1);
      const order = (await client.checkout(freshKey())).json();
      const admin = clientFor(test, test.adminKey);
      expect((await admin.post(`/api/v1/admin/orders/${order.id}/fulfil`)).statusCode).toBe(200);
      const key = { 'idempotency-key': freshKey() };
      const refused = await client.post(`/api/v1/orders/${order.id}/cancel`, undefined, key);
      expect(refused.statusCode).toBe(409);
      expect(refused.json().error.code).toBe('ORDER_NOT_CANCELLABLE');
      const replay = await client.post(`/api/v1/orders/${order.id}/cancel`, undefined, key);
      expect(replay.statusCode).toBe(409);
      expect(replay.headers['idempotent-replayed']).toBe('true');
      expect(replay.json()).toEqual(refused.json());

      await client.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 1 });
      const second = (await client.checkout(freshKey())).json();
      const cancelKey = { 'idempotency-key': freshKey() };
      const cancelled = await client.post(`/api/v1/orders/${second.id}/cancel`, undefined, cancelKey);
      expect(cancelled.json().status).toBe('cancelled');
      const again = await client.post(`/api/v1/orders/${second.id}/cancel`, undefined, cancelKey);
      expect(again.statusCode).toBe(200);
      expect(again.headers['idempotent-replayed']).toBe('true');
      expect(again.json()).toEqual(cancelled.json());
    });

    it('a failing provider releases the stock, answers 502 and lets the same key retry', async () => {
      const variant = await makeVariant(test.app.db, { stock: 2 });
      const { client } = await shopperWithCart(variant.variantId, 2);
      const key = freshKey();
      const failed = await client.checkout(key, checkoutBody('4000000000000259'));
      expect(failed.statusCode).toBe(502);
      expect(failed.json().error.code).toBe('PAYMENT_FAILED');
      expect(await stockOf(test.app.db, variant.variantId)).toBe(2);
      const retried = await client.checkout(key, checkoutBody('4000000000000259'));
      expect(retried.statusCode).toBe(502);
      expect(retried.headers['idempotent-replayed']).toBeUndefined();
      expect(await stockOf(test.app.db, variant.variantId)).toBe(2);
    });

    it('checkout validates its body', async () => {
      const variant = await makeVariant(test.app.db);
      const { client } = await shopperWithCart(variant.variantId);
      const bodies = [
        {},
        { payment: { type: 'test_card', number: '4242' }, shippingAddress: checkoutBody().shippingAddress },
        { payment: { type: 'cash' }, shippingAddress: checkoutBody().shippingAddress },
        { ...checkoutBody(), shippingAddress: { ...checkoutBody().shippingAddress, country: 'Portugal' } },
        { ...checkoutBody(), shippingAddress: 'nowhere' },
      ];
      for (const body of bodies) {
        const response = await client.checkout(freshKey(), body);
        expect(response.statusCode, JSON.stringify(body)).toBe(400);
        expect(response.json().error.code).toBe('VALIDATION_FAILED');
      }
      expect(await stockOf(test.app.db, variant.variantId)).toBe(10);
    });

    it('shoppers never see or change each other’s carts, orders and returns', async () => {
      const variant = await makeVariant(test.app.db, { stock: 5 });
      const a = await shopperWithCart(variant.variantId);
      const lineId = (await a.client.get('/api/v1/cart')).json().lines[0].id;
      const order = (await a.client.checkout(freshKey())).json();
      await a.client.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 1 });
      const aLine = (await a.client.get('/api/v1/cart')).json().lines[0].id;

      const { token } = await test.newShopper();
      const b = clientFor(test, token);
      for (const response of [
        await b.patch(`/api/v1/cart/lines/${aLine}`, { quantity: 2 }),
        await b.delete(`/api/v1/cart/lines/${aLine}`),
        await b.patch(`/api/v1/cart/lines/${lineId}`, { quantity: 2 }),
      ]) {
        expect(response.statusCode).toBe(404);
        expect(response.json().error.code).toBe('CART_LINE_NOT_FOUND');
      }
      for (const response of [
        await b.get(`/api/v1/orders/${order.id}`),
        await b.post(`/api/v1/orders/${order.id}/cancel`),
        await b.post(`/api/v1/orders/${order.id}/returns`, {
          lineIds: [order.lines[0].id],
          reason: 'mine now',
        }),
      ]) {
        expect(response.statusCode).toBe(404);
        expect(response.json().error.code).toBe('ORDER_NOT_FOUND');
      }
      expect((await b.get('/api/v1/orders')).json().items).toEqual([]);
      expect((await a.client.get(`/api/v1/orders/${order.id}`)).json().status).toBe('paid');
      expect((await a.client.get('/api/v1/cart')).json().lines[0].quantity).toBe(1);

      const anonymous = clientFor(test, undefined);
      for (const response of [
        await anonymous.get('/api/v1/cart'),
        await anonymous.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 1 }),
        await anonymous.checkout(freshKey()),
        await anonymous.get('/api/v1/orders'),
        await anonymous.get(`/api/v1/orders/${order.id}`),
        await anonymous.post(`/api/v1/orders/${order.id}/cancel`),
      ]) {
        expect(response.statusCode).toBe(401);
        expect(response.json().error.code).toBe('UNAUTHENTICATED');
      }
      const notAdmin = clientFor(test, token);
      expect((await notAdmin.get('/api/v1/admin/orders')).statusCode).toBe(401);
      expect((await notAdmin.post(`/api/v1/admin/orders/${order.id}/fulfil`)).statusCode).toBe(401);
    });

    it('orders move paid -> fulfilled -> delivered, then lines come back as a refunded return', async () => {
      const shirt = await makeVariant(test.app.db, { price: 2000, stock: 5 });
      const mug = await makeVariant(test.app.db, { price: 1000, stock: 5 });
      const { client } = await shopperWithCart(shirt.variantId, 1);
      await client.post('/api/v1/cart/lines', { variantId: mug.variantId, quantity: 2 });
      const order = (await client.checkout(freshKey())).json();
      const admin = clientFor(test, test.adminKey);

      const early = await client.post(`/api/v1/orders/${order.id}/returns`, {
        lineIds: [order.lines[0].id],
        reason: 'x',
      });
      expect(early.statusCode).toBe(409);
      expect(early.json().error.code).toBe('ORDER_NOT_RETURNABLE');
      expect((await admin.post(`/api/v1/admin/orders/${order.id}/deliver`)).json().error.code).toBe(
        'INVALID_ORDER_TRANSITION',
      );
      expect((await admin.post(`/api/v1/admin/orders/${order.id}/fulfil`)).json().status).toBe('fulfilled');
      const tooLate = await client.post(`/api/v1/orders/${order.id}/cancel`);
      expect(tooLate.statusCode).toBe(409);
      expect(tooLate.json().error.code).toBe('ORDER_NOT_CANCELLABLE');
      const delivered = (await admin.post(`/api/v1/admin/orders/${order.id}/deliver`)).json();
      expect(delivered.status).toBe('delivered');
      expect(delivered.returnableUntil).toBeDefined();

      const mugLine = order.lines.find((line: { variantId: string }) => line.variantId === mug.variantId);
      expect(
        (
          await client.post(`/api/v1/orders/${order.id}/returns`, { lineIds: ['oln_nope'], reason: 'x' })
        ).json().error.code,
      ).toBe('ORDER_LINE_NOT_FOUND');
      expect(
        (await client.post(`/api/v1/orders/${order.id}/returns`, { lineIds: [], reason: 'x' })).statusCode,
      ).toBe(400);
      const requested = await client.post(`/api/v1/orders/${order.id}/returns`, {
        lineIds: [mugLine.id],
        reason: 'Chipped',
      });
      expect(requested.statusCode, requested.body).toBe(201);
      const returned = requested.json();
      expect(returned).toMatchObject({ status: 'requested', refund: { amount: 2000, currency: 'USD' } });
      const twice = await client.post(`/api/v1/orders/${order.id}/returns`, {
        lineIds: [mugLine.id],
        reason: 'again',
      });
      expect(twice.json().error.code).toBe('ORDER_NOT_RETURNABLE');
      expect((await client.get(`/api/v1/orders/${order.id}`)).json().status).toBe('return_requested');
      expect(await stockOf(test.app.db, mug.variantId)).toBe(3);

      const receivePath = `/api/v1/admin/orders/${order.id}/returns/${returned.id}/receive`;
      const received = (await admin.post(receivePath)).json();
      expect(received.status).toBe('refunded');
      expect(received.refunded).toEqual({ amount: 2000, currency: 'USD' });
      expect(received.returns[0].status).toBe('refunded');
      expect(await stockOf(test.app.db, mug.variantId)).toBe(5);
      // Receiving twice adds nothing.
      expect((await admin.post(receivePath)).json().refunded.amount).toBe(2000);
      expect(await stockOf(test.app.db, mug.variantId)).toBe(5);
      expect(
        (await admin.post(`/api/v1/admin/orders/${order.id}/returns/ret_nope/receive`)).json().error.code,
      ).toBe('RETURN_NOT_FOUND');

      const listed = (await admin.get('/api/v1/admin/orders?status=refunded')).json();
      expect(listed.items.map((item: { id: string }) => item.id)).toContain(order.id);
      expect((await admin.get('/api/v1/admin/orders?status=lost')).statusCode).toBe(400);
      expect((await admin.get('/api/v1/admin/orders?cursor=garbage')).json().error.code).toBe(
        'INVALID_CURSOR',
      );
    });

    it('pages orders with a cursor', async () => {
      const variant = await makeVariant(test.app.db, { stock: 10 });
      const { client } = await shopperWithCart(variant.variantId);
      const ids: string[] = [];
      for (let index = 0; index < 3; index += 1) {
        ids.push((await client.checkout(freshKey())).json().id);
        await client.post('/api/v1/cart/lines', { variantId: variant.variantId, quantity: 1 });
      }
      const first = (await client.get('/api/v1/orders?limit=2')).json();
      expect(first.items).toHaveLength(2);
      expect(first.nextCursor).toBeDefined();
      const second = (await client.get(`/api/v1/orders?limit=2&cursor=${first.nextCursor}`)).json();
      expect([...first.items, ...second.items].map((item: { id: string }) => item.id).sort()).toEqual(
        [...ids].sort(),
      );
      expect(second.nextCursor).toBeUndefined();
    });
  });
}
