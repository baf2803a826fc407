import { beforeAll, expect, it } from 'vitest';
import { KeyLeaseLost } from '../../src/shared/idempotency.js';
import { newId } from '../../src/shared/ids.js';
import { type CommerceFixture, draftFor, heldKey, paidOrder } from './commerce-fixture.js';

/** What every `CheckoutStore` adapter does. */
export function checkoutStoreContract(fixture: () => CommerceFixture): void {
  let store: CommerceFixture['store'];
  beforeAll(() => {
    store = fixture().store;
  });

  it('lets one checkout at a time claim a cart, and another take over a stale claim', async () => {
    const shopperId = newId('shp');
    expect(await store.claimCart(shopperId, 'ord_a', 100, 0)).toEqual({ kind: 'no_cart' });
    const cartId = await store.ensureCart(shopperId, 1);
    expect(await store.claimCart(shopperId, 'ord_a', 100, 0)).toEqual({ kind: 'claimed', cartId });
    expect(await store.claimCart(shopperId, 'ord_b', 150, 50)).toEqual({ kind: 'busy' });
    await store.releaseCart(cartId, 'ord_b');
    expect(await store.claimCart(shopperId, 'ord_b', 150, 50)).toEqual({ kind: 'busy' });
    // Started before the cut-off: the holder counts as crashed.
    expect(await store.claimCart(shopperId, 'ord_b', 200, 101)).toEqual({ kind: 'claimed', cartId });
    await store.releaseCart(cartId, 'ord_b');
    expect(await store.claimCart(shopperId, 'ord_c', 210, 0)).toEqual({ kind: 'claimed', cartId });
  });

  it('reserves all the stock of a checkout or none of it', async () => {
    const plenty = await fixture().addVariant({ stock: 5 });
    const scarce = await fixture().addVariant({ stock: 1 });
    const shopperId = newId('shp');
    const short = draftFor(
      shopperId,
      [
        { variant: plenty, quantity: 2 },
        { variant: scarce, quantity: 2 },
      ],
      1,
    );
    expect(await store.openCheckout(short)).toEqual({ ok: false, variantId: scarce.variantId });
    expect(await fixture().stockOf(plenty.variantId)).toBe(5);
    expect(await store.findOrder(short.orderId)).toBeUndefined();

    const fits = draftFor(
      shopperId,
      [
        { variant: plenty, quantity: 2 },
        { variant: scarce, quantity: 1 },
      ],
      2,
    );
    const opened = await store.openCheckout(fits);
    expect(opened.ok).toBe(true);
    expect([await fixture().stockOf(plenty.variantId), await fixture().stockOf(scarce.variantId)]).toEqual([
      3, 0,
    ]);
    const order = await store.findOrder(fits.orderId);
    expect(order).toMatchObject({
      status: 'pending',
      shopperId,
      total: plenty.unitPrice * 2 + scarce.unitPrice,
    });
    expect(order?.lines.map((line) => line.quantity)).toEqual([2, 1]);
    expect(await store.findStaleCheckouts(3, 10)).toContain(fits.orderId);
    expect(await store.findStaleCheckouts(2, 10)).not.toContain(fits.orderId);
  });

  it('commits a paid checkout with its key answered, removing only the bought lines and codes', async () => {
    const variant = await fixture().addVariant({ stock: 5 });
    const later = await fixture().addVariant({ stock: 5 });
    const shopperId = newId('shp');
    const cartId = await store.ensureCart(shopperId, 1);
    const bought = await store.addToCart(cartId, variant.variantId, 2, 1);
    await store.setCouponCodes(cartId, [], ['SAVE5', 'KEEP'], 1);
    const draft = draftFor(shopperId, [{ variant, quantity: 2 }], 2);
    expect((await store.claimCart(shopperId, draft.orderId, 2, 0)).kind).toBe('claimed');
    await store.openCheckout(draft);
    // Added while the checkout ran: not bought, so it stays.
    await store.addToCart(cartId, later.variantId, 1, 3);
    const key = await heldKey(fixture().keys, { id: draft.orderId });
    expect(
      await store.commitCheckout(
        draft.orderId,
        { cartId, lineIds: [bought], couponCodes: ['SAVE5'] },
        4,
        key,
      ),
    ).toBe(true);
    expect(await store.findOrder(draft.orderId)).toMatchObject({ status: 'paid', placedAt: 4, paidAt: 4 });
    const cart = await store.findCart(shopperId);
    expect(cart?.lines.map((line) => line.variant.variantId)).toEqual([later.variantId]);
    expect(cart?.couponCodes).toEqual(['KEEP']);
    expect(await fixture().keys.begin(key.scope, key.key, 'hash')).toEqual({
      kind: 'replay',
      answer: key.answer,
    });
    // The claim is gone with the commit, and a second commit changes nothing.
    expect((await store.claimCart(shopperId, 'ord_next', 5, 0)).kind).toBe('claimed');
    await store.releaseCart(cartId, 'ord_next');
    expect(await store.commitCheckout(draft.orderId, undefined, 6, await heldKey(fixture().keys))).toBe(
      false,
    );
  });

  it('refuses the commit of a checkout that lost its cart or its key, and keeps it pending', async () => {
    const variant = await fixture().addVariant({ stock: 5 });
    const shopperId = newId('shp');
    const cartId = await store.ensureCart(shopperId, 1);
    const line = await store.addToCart(cartId, variant.variantId, 1, 1);
    const draft = draftFor(shopperId, [{ variant, quantity: 1 }], 2);
    await store.claimCart(shopperId, draft.orderId, 2, 0);
    await store.openCheckout(draft);
    const cart = { cartId, lineIds: [line], couponCodes: [] };

    const lost = { ...(await heldKey(fixture().keys)), owner: 'someone-else' };
    await expect(store.commitCheckout(draft.orderId, cart, 3, lost)).rejects.toBeInstanceOf(KeyLeaseLost);
    expect((await store.findOrder(draft.orderId))?.status).toBe('pending');
    expect((await store.findCart(shopperId))?.lines).toHaveLength(1);
    expect(await store.claimCart(shopperId, 'ord_other', 3, 0)).toEqual({ kind: 'busy' });

    // Taken over by another checkout: this one may not commit.
    expect((await store.claimCart(shopperId, 'ord_other', 10, 5)).kind).toBe('claimed');
    expect(await store.commitCheckout(draft.orderId, cart, 11, await heldKey(fixture().keys))).toBe(false);
    expect((await store.findOrder(draft.orderId))?.status).toBe('pending');
  });

  it('keeps one capture row per checkout, and lets one order of a provider key hold the charge', async () => {
    const variant = await fixture().addVariant({ stock: 5 });
    const providerKey = `capture:${newId('key')}`;
    const first = draftFor(newId('shp'), [{ variant, quantity: 1 }], 1);
    const second = draftFor(newId('shp'), [{ variant, quantity: 1 }], 2);
    for (const draft of [first, second]) {
      await store.openCheckout(draft);
      const capture = { provider: 'test', providerKey, amount: draft.pricing.total, currency: 'USD' };
      await store.openCapture(draft.orderId, capture, draft.now);
      await store.openCapture(draft.orderId, capture, draft.now);
    }
    expect((await store.findOrder(first.orderId))?.payments).toHaveLength(1);
    expect((await store.findPendingCaptures(3, 10)).map((row) => row.orderId)).toEqual([
      first.orderId,
      second.orderId,
    ]);
    expect((await store.findPendingCaptures(2, 10)).map((row) => row.orderId)).toEqual([first.orderId]);

    // Held first: still unsettled, so the reconciler still finds both.
    expect(await store.recordAuthorization(first.orderId, 'ch_1', 3)).toBe(true);
    expect(await store.recordAuthorization(first.orderId, 'ch_1', 3)).toBe(false);
    expect((await store.findOrder(first.orderId))?.payments[0]?.status).toBe('authorized');
    expect(await store.findPendingCaptures(3, 10)).toHaveLength(2);

    const recorded = await store.recordCapture(first.orderId, 'ch_1', 3);
    expect(recorded).toMatchObject({ kind: 'recorded', payment: { kind: 'capture', status: 'succeeded' } });
    expect(await store.recordCapture(first.orderId, 'ch_1', 4)).toMatchObject({ kind: 'recorded' });
    expect(await store.recordCapture(second.orderId, 'ch_1', 4)).toEqual({ kind: 'taken' });
    expect((await store.findOrder(second.orderId))?.payments[0]?.status).toBe('superseded');
    expect(await store.findPendingCaptures(10, 10)).toEqual([]);
  });

  it('fails a voided hold, and abandons a checkout once: stock back, the charge refunded', async () => {
    const variant = await fixture().addVariant({ stock: 3 });
    const declined = draftFor(newId('shp'), [{ variant, quantity: 1 }], 1);
    await store.openCheckout(declined);
    await store.openCapture(
      declined.orderId,
      { provider: 'test', providerKey: newId('k'), amount: 1, currency: 'USD' },
      1,
    );
    // Held, then let go: failed, as a decline is.
    expect(await store.recordAuthorization(declined.orderId, 'pi_voided', 2)).toBe(true);
    await store.failCapture(declined.orderId, 2);
    expect((await store.findOrder(declined.orderId))?.payments[0]?.status).toBe('failed');
    expect(await store.recordCapture(declined.orderId, 'pi_voided', 2)).toEqual({ kind: 'taken' });
    const nothing = await store.abandonCheckout(declined.orderId, 'payment_declined', 3);
    expect(nothing).toEqual({ variantIds: [variant.variantId], refund: undefined });
    expect(await store.abandonCheckout(declined.orderId, 'payment_declined', 4)).toBeUndefined();

    const charged = draftFor(newId('shp'), [{ variant, quantity: 2 }], 5);
    await store.openCheckout(charged);
    const amount = charged.pricing.total;
    await store.openCapture(
      charged.orderId,
      { provider: 'test', providerKey: newId('k'), amount, currency: 'USD' },
      5,
    );
    await store.recordCapture(charged.orderId, 'ch_abandoned', 6);
    const released = await store.abandonCheckout(charged.orderId, 'checkout_expired', 7);
    expect(released).toEqual({
      variantIds: [variant.variantId],
      refund: {
        effectKey: `refund:checkout:${charged.orderId}`,
        captureReference: 'ch_abandoned',
        amount,
        currency: 'USD',
      },
    });
    expect(await fixture().stockOf(variant.variantId)).toBe(3);
    expect(await store.findOrder(charged.orderId)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'checkout_expired',
    });
    // The refund row exists once: opening it again answers the same refund still due.
    expect(await store.openRefund(charged.orderId, `refund:checkout:${charged.orderId}`, 8)).toEqual(
      released?.refund,
    );
  });

  it('places the order a test walks through every port (the fixture itself holds)', async () => {
    const variant = await fixture().addVariant({ stock: 2 });
    const { orderId } = await paidOrder(fixture(), newId('shp'), [{ variant, quantity: 2 }], 1);
    expect((await store.findOrder(orderId))?.status).toBe('paid');
    expect(await fixture().stockOf(variant.variantId)).toBe(0);
  });
}
