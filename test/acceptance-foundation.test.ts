import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkoutBody, clientFor } from './helpers/commerce-client.js';
import { STORES } from './helpers/stores.js';
import { startTestApp, type TestApp } from './helpers/test-app.js';

interface VariantView {
  id: string;
  options: Record<string, string>;
  price: { amount: number; currency: string };
  stock: number;
}

interface SearchItem {
  id: string;
  title: string;
  variants: VariantView[];
  matchedVariantIds: string[];
}

/**
 * The foundation's acceptance over HTTP with the demo catalog seeded: a guest finds a red cotton
 * t-shirt under $60 in plain words, buys it with the success test card, cancels, and the stock comes back.
 */
for (const store of STORES) {
  describe.skipIf(store.skipReason !== undefined)(`foundation acceptance on ${store.name}`, () => {
    let test: TestApp;
    beforeAll(async () => {
      test = await startTestApp(store, { seedDemo: true });
    });
    afterAll(async () => {
      await test?.close();
    });

    it('guest: search "red cotton t-shirt" under 6000, cart, pay, cancel, stock back', async () => {
      const session = await test.app.server.inject({ method: 'POST', url: '/api/v1/sessions', payload: {} });
      expect(session.statusCode).toBe(201);
      const guest = clientFor(test, (session.json() as { token: string }).token);

      const found = await guest.get(
        `/api/v1/products?q=${encodeURIComponent('red cotton t-shirt')}&maxPrice=6000`,
      );
      expect(found.statusCode, found.body).toBe(200);
      const first = (found.json().items as SearchItem[])[0];
      expect(first, 'a first result').toBeDefined();
      if (first === undefined) return;
      expect(first.title.toLowerCase()).toMatch(/t-?shirt/);
      // The matching variants lead the item, and the very first is red and within the price limit.
      expect(first.matchedVariantIds.length).toBeGreaterThan(0);
      expect(first.variants.slice(0, first.matchedVariantIds.length).map((variant) => variant.id)).toEqual(
        first.matchedVariantIds,
      );
      const variant = first.variants[0];
      if (variant === undefined) throw new Error('no variant');
      expect(Object.values(variant.options).map((value) => value.toLowerCase())).toContain('red');
      expect(variant.price.amount).toBeLessThanOrEqual(6000);
      expect(variant.stock).toBeGreaterThan(0);

      const stockNow = async () => {
        const product = (await guest.get(`/api/v1/products/${first.id}`)).json() as {
          variants: VariantView[];
        };
        return product.variants.find((item) => item.id === variant.id)?.stock;
      };
      const stockBefore = await stockNow();
      expect(stockBefore).toBe(variant.stock);

      const cart = await guest.post('/api/v1/cart/lines', { variantId: variant.id, quantity: 1 });
      expect(cart.statusCode, cart.body).toBe(200);
      expect(cart.json().subtotal).toEqual(variant.price);

      const placed = await guest.checkout('foundation-order', checkoutBody('4242424242424242'));
      expect(placed.statusCode, placed.body).toBe(201);
      const order = placed.json() as { id: string; status: string; lines: { variantId: string }[] };
      expect(order.status).toBe('paid');
      expect(order.lines.map((line) => line.variantId)).toEqual([variant.id]);
      expect(await stockNow()).toBe(variant.stock - 1);
      const listed = (await guest.get('/api/v1/orders')).json().items as { id: string }[];
      expect(listed.map((item) => item.id)).toEqual([order.id]);

      const cancelled = await guest.post(`/api/v1/orders/${order.id}/cancel`);
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json().status).toBe('cancelled');
      expect(await stockNow()).toBe(variant.stock);
    });
  });
}
