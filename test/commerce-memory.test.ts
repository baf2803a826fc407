import { describe, expect, it } from 'vitest';
import { createCartService } from '../src/commerce/cart-service.js';
import { createCheckoutService } from '../src/commerce/checkout-service.js';
import { createNoCouponsHook } from '../src/commerce/no-coupons.js';
import { createOrderService } from '../src/commerce/order-service.js';
import { createTestPaymentProvider } from '../src/commerce/payments/test-payment-provider.js';
import { isAppError } from '../src/shared/app-error.js';
import { createMemoryCommerceStore } from '../src/storage/memory/commerce-store.js';
import { createMemoryIdempotencyStore } from '../src/storage/memory/idempotency-store.js';
import { checkoutBody } from './helpers/commerce-client.js';

/** The real commerce services over the memory adapter: no database at all. */
function memoryCommerce() {
  const idempotency = createMemoryIdempotencyStore();
  const store = createMemoryCommerceStore(idempotency);
  store.putVariant({
    variantId: 'var_mug',
    productId: 'prd_mug',
    title: 'Mug',
    category: 'kitchen',
    options: {},
    unitPrice: 1200,
    currency: 'EUR',
    stock: 3,
  });
  const deps = {
    store,
    coupons: createNoCouponsHook(),
    payments: createTestPaymentProvider({ failureDelayMs: 5 }),
    stock: { stockChanged: () => undefined },
    idempotency,
    returnWindowDays: 30,
  };
  return {
    store,
    payments: deps.payments,
    carts: createCartService({ store, coupons: deps.coupons }),
    checkout: createCheckoutService(deps),
    orders: createOrderService(deps),
  };
}

describe('commerce on the memory adapter', () => {
  it('checks out once per key, replays the order, stores a decline, and cancels with a refund', async () => {
    const { store, payments, carts, checkout, orders } = memoryCommerce();
    await carts.addLine('shp_1', { variantId: 'var_mug', quantity: 2 });
    await expect(checkout.checkout('shp_1', checkoutBody('4000000000000002'), 'declined')).rejects.toSatisfy(
      (error) => isAppError(error, 'PAYMENT_DECLINED'),
    );
    await expect(
      checkout.checkout('shp_1', checkoutBody('4000000000000002'), 'declined'),
    ).rejects.toMatchObject({
      code: 'PAYMENT_DECLINED',
      replayed: true,
    });
    expect(store.stockOf('var_mug')).toBe(3);

    const placed = await checkout.checkout('shp_1', checkoutBody(), 'pays');
    expect(placed.value).toMatchObject({
      status: 'paid',
      total: { amount: placed.value.total.amount, currency: 'EUR' },
    });
    expect(await checkout.checkout('shp_1', checkoutBody(), 'pays')).toEqual({
      value: placed.value,
      replayed: true,
    });
    expect(store.stockOf('var_mug')).toBe(1);
    expect((await carts.getCart('shp_1')).itemCount).toBe(0);

    const cancelled = await orders.cancelOrder('shp_1', placed.value.id, 'cancel-1');
    expect(cancelled.value).toMatchObject({
      status: 'cancelled',
      refunded: { amount: placed.value.total.amount },
    });
    expect(store.stockOf('var_mug')).toBe(3);
    const books = await payments.ledger.entries();
    expect(books.filter((entry) => entry.outcome === 'captured')).toHaveLength(1);
    expect(books.filter((entry) => entry.outcome === 'refunded')).toHaveLength(1);
  });

  it('a double click with two keys pays for one order', async () => {
    const { store, carts, checkout } = memoryCommerce();
    await carts.addLine('shp_2', { variantId: 'var_mug', quantity: 1 });
    const clicks = await Promise.allSettled([
      checkout.checkout('shp_2', checkoutBody(), 'click-1'),
      checkout.checkout('shp_2', checkoutBody(), 'click-2'),
    ]);
    expect(clicks.filter((click) => click.status === 'fulfilled')).toHaveLength(1);
    const refused = clicks.find((click) => click.status === 'rejected');
    expect(
      refused?.status === 'rejected' &&
        (isAppError(refused.reason, 'CHECKOUT_IN_PROGRESS') || isAppError(refused.reason, 'CART_EMPTY')),
    ).toBe(true);
    expect(store.stockOf('var_mug')).toBe(2);
  });
});
