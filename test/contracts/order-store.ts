import { beforeAll, expect, it } from 'vitest';
import { isAppError } from '../../src/shared/app-error.js';
import { newId } from '../../src/shared/ids.js';
import { type CommerceFixture, paidOrder } from './commerce-fixture.js';

const DAY = 24 * 60 * 60 * 1000;

/** What every `OrderStore` adapter does. */
export function orderStoreContract(fixture: () => CommerceFixture): void {
  let store: CommerceFixture['store'];
  beforeAll(() => {
    store = fixture().store;
  });

  /** A delivered order of two lines, with what a return of them needs. */
  async function deliveredOrder(at: number) {
    const [shoe, sock] = [
      await fixture().addVariant({ price: 3000 }),
      await fixture().addVariant({ price: 500 }),
    ];
    if (shoe === undefined || sock === undefined) throw new Error('no variants');
    const shopperId = newId('shp');
    const placed = await paidOrder(
      fixture(),
      shopperId,
      [
        { variant: shoe, quantity: 1 },
        { variant: sock, quantity: 2 },
      ],
      at,
    );
    expect(await store.advanceOrder(placed.orderId, 'fulfil', at + 1)).toBe(true);
    expect(await store.advanceOrder(placed.orderId, 'deliver', at + 2)).toBe(true);
    const order = await store.findOrder(placed.orderId);
    if (order === undefined) throw new Error('the order vanished');
    const draftOf = (lineIndexes: readonly number[], now: number) => ({
      returnId: newId('ret'),
      orderId: order.id,
      shopperId,
      reason: 'too big',
      currency: order.currency,
      deliveredSince: now - 30 * DAY,
      lines: lineIndexes.map((index) => {
        const line = order.lines[index];
        if (line === undefined) throw new Error(`no line ${index}`);
        return {
          orderLineId: line.id,
          variantId: line.variantId,
          quantity: line.quantity,
          refundAmount: line.paidAmount,
        };
      }),
      now,
    });
    return { order, shoe, sock, shopperId, draftOf };
  }

  it('lists placed orders newest first, a page at a time, by shopper, status and channel', async () => {
    const variant = await fixture().addVariant({ stock: 50 });
    const shopperId = newId('shp');
    expect(await store.hasPaidOrder(shopperId)).toBe(false);
    const ids = [];
    for (const at of [10, 20, 20, 30]) {
      ids.push(
        (
          await paidOrder(fixture(), shopperId, [{ variant, quantity: 1 }], at, {
            channel: at === 30 ? 'mcp' : 'web',
          })
        ).orderId,
      );
    }
    expect(await store.hasPaidOrder(shopperId)).toBe(true);
    const [oldest, tieA, tieB, newest] = ids as [string, string, string, string];
    const ties = [tieA, tieB].sort().reverse();
    const all = await store.listOrders({ shopperId, limit: 10 });
    expect(all.map((order) => order.id)).toEqual([newest, ...ties, oldest]);
    const firstPage = await store.listOrders({ shopperId, limit: 2 });
    const last = firstPage.at(-1);
    if (last?.placedAt === undefined) throw new Error('no placed order');
    const secondPage = await store.listOrders({
      shopperId,
      limit: 2,
      after: { placedAt: last.placedAt, id: last.id },
    });
    expect([...firstPage, ...secondPage].map((order) => order.id)).toEqual(all.map((order) => order.id));
    expect(
      (await store.listOrders({ shopperId, channel: 'mcp', limit: 10 })).map((order) => order.id),
    ).toEqual([newest]);
    await store.cancelOrder(oldest, 'shopper', 40);
    expect(
      (await store.listOrders({ shopperId, status: 'cancelled', limit: 10 })).map((order) => order.id),
    ).toEqual([oldest]);
    expect(await store.listOrders({ shopperId: newId('shp'), limit: 10 })).toEqual([]);
  });

  it('moves orders only along the machine, and cancels once: stock back, the whole charge refunded', async () => {
    const variant = await fixture().addVariant({ stock: 4 });
    const { orderId, total } = await paidOrder(fixture(), newId('shp'), [{ variant, quantity: 3 }], 1);
    expect(await store.advanceOrder(orderId, 'deliver', 2)).toBe(false);
    const released = await store.cancelOrder(orderId, 'shopper', 3);
    expect(released).toEqual({
      variantIds: [variant.variantId],
      refund: {
        effectKey: `refund:cancel:${orderId}`,
        captureReference: `ch_${orderId}`,
        amount: total,
        currency: 'USD',
      },
    });
    expect(await fixture().stockOf(variant.variantId)).toBe(4);
    expect(await store.cancelOrder(orderId, 'shopper', 4)).toBeUndefined();
    expect(await fixture().stockOf(variant.variantId)).toBe(4);
    expect(await store.advanceOrder(orderId, 'fulfil', 5)).toBe(false);
    expect(await store.findOrder(orderId)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'shopper',
      cancelledAt: 3,
    });

    const shipped = await paidOrder(fixture(), newId('shp'), [{ variant, quantity: 1 }], 6);
    expect(await store.advanceOrder(shipped.orderId, 'fulfil', 7)).toBe(true);
    expect(await store.cancelOrder(shipped.orderId, 'shopper', 8)).toBeUndefined();
  });

  it('refunds a completed refund once, and never more than the charge in all', async () => {
    const variant = await fixture().addVariant({ stock: 2 });
    const { orderId, total } = await paidOrder(fixture(), newId('shp'), [{ variant, quantity: 1 }], 1);
    const due = (await store.cancelOrder(orderId, 'shopper', 2))?.refund;
    expect(due?.amount).toBe(total);
    expect(await store.findPendingRefunds(3, 10)).toContainEqual(due);
    expect(await store.findPendingRefunds(2, 10)).not.toContainEqual(due);
    await store.completeRefund(due?.effectKey ?? '', 're_1', 3);
    await store.completeRefund(due?.effectKey ?? '', 're_2', 4);
    expect(await store.findPendingRefunds(10, 10)).not.toContainEqual(due);
    // Another refund of the same order under another key: nothing is left to give back.
    expect(await store.openRefund(orderId, `refund:extra:${orderId}`, 5)).toBeUndefined();
    const refunds = (await store.findOrder(orderId))?.payments.filter((row) => row.kind === 'refund');
    expect(refunds?.map((row) => [row.status, row.amount])).toEqual([['succeeded', total]]);
  });

  it('returns delivered lines inside the window, each line once, stock and money back on receipt', async () => {
    const at = 1_000_000_000;
    const { order, shoe, draftOf } = await deliveredOrder(at);
    const late = draftOf([0], at + 31 * DAY);
    await expect(store.createReturn({ ...late, deliveredSince: at + 3 })).rejects.toSatisfy((error) =>
      isAppError(error, 'ORDER_NOT_RETURNABLE'),
    );
    const first = draftOf([0], at + DAY);
    await store.createReturn(first);
    await expect(store.createReturn(draftOf([0, 1], at + DAY))).rejects.toSatisfy((error) =>
      isAppError(error, 'ORDER_NOT_RETURNABLE'),
    );
    // The refused return took nothing: its other line can still be returned.
    const second = draftOf([1], at + DAY);
    await store.createReturn(second);
    const requested = await store.findOrder(order.id);
    expect(requested?.status).toBe('return_requested');
    expect(requested?.returns.map((item) => [item.id, item.status, item.lineIds])).toEqual([
      [first.returnId, 'requested', [order.lines[0]?.id]],
      [second.returnId, 'requested', [order.lines[1]?.id]],
    ]);

    const stockBefore = await fixture().stockOf(shoe.variantId);
    const received = await store.receiveReturn(order.id, first.returnId, at + 2 * DAY);
    expect(received?.variantIds).toEqual([shoe.variantId]);
    expect(received?.refund?.amount).toBe(3000);
    expect(await fixture().stockOf(shoe.variantId)).toBe(stockBefore + 1);
    expect(await store.receiveReturn(order.id, first.returnId, at + 2 * DAY)).toBeUndefined();
    expect(await fixture().stockOf(shoe.variantId)).toBe(stockBefore + 1);
    expect((await store.findOrder(order.id))?.status).toBe('return_requested');

    await store.completeRefund(received?.refund?.effectKey ?? '', 're_shoe', at + 3 * DAY);
    const second_ = await store.receiveReturn(order.id, second.returnId, at + 3 * DAY);
    expect((await store.findOrder(order.id))?.status).toBe('returned');
    await store.completeRefund(second_?.refund?.effectKey ?? '', 're_socks', at + 4 * DAY);
    const refunded = await store.findOrder(order.id);
    expect(refunded?.status).toBe('refunded');
    expect(refunded?.returns.map((item) => item.status)).toEqual(['refunded', 'refunded']);
    expect(
      refunded?.payments.filter((row) => row.kind === 'refund').reduce((sum, row) => sum + row.amount, 0),
    ).toBe(refunded?.total);
  });

  it('keeps track of cancelled orders whose coupons are not released yet', async () => {
    const variant = await fixture().addVariant({ stock: 5 });
    const coupon = {
      code: 'SAVE5',
      campaignId: 'cmp_1',
      couponId: 'cpn_1',
      discount: 0,
      shippingDiscount: 0,
    };
    const withCoupon = await paidOrder(fixture(), newId('shp'), [{ variant, quantity: 1 }], 1, {
      coupons: [coupon],
    });
    const without = await paidOrder(fixture(), newId('shp'), [{ variant, quantity: 1 }], 1);
    await store.cancelOrder(withCoupon.orderId, 'shopper', 10);
    await store.cancelOrder(without.orderId, 'shopper', 10);
    expect(await store.findUnreleasedCoupons(10, 100)).not.toContain(withCoupon.orderId);
    const due = await store.findUnreleasedCoupons(11, 100);
    expect(due).toContain(withCoupon.orderId);
    expect(due).not.toContain(without.orderId);
    await store.markCouponsReleased(withCoupon.orderId, 12);
    expect(await store.findUnreleasedCoupons(11, 100)).not.toContain(withCoupon.orderId);
  });
}
