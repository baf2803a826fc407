import { beforeAll, expect, it } from 'vitest';
import { newId } from '../../src/shared/ids.js';
import type { CommerceFixture } from './commerce-fixture.js';

/** What every `CartStore` adapter does. */
export function cartStoreContract(fixture: () => CommerceFixture): void {
  let store: CommerceFixture['store'];
  beforeAll(() => {
    store = fixture().store;
  });

  it('finds variants with their price and stock, and nothing for an unknown id', async () => {
    const variant = await fixture().addVariant({ price: 1250, stock: 7, currency: 'EUR' });
    expect(await store.findVariant(variant.variantId)).toMatchObject({
      variantId: variant.variantId,
      unitPrice: 1250,
      currency: 'EUR',
      stock: 7,
    });
    expect(await store.findVariant('var_missing')).toBeUndefined();
  });

  it('has no cart for a new shopper, and one cart however many ensure it at once', async () => {
    const shopperId = newId('shp');
    expect(await store.findCart(shopperId)).toBeUndefined();
    const ids = await Promise.all(Array.from({ length: 5 }, () => store.ensureCart(shopperId, 1)));
    expect(new Set(ids).size).toBe(1);
    expect(await store.findCart(shopperId)).toEqual({
      id: ids[0],
      shopperId,
      couponCodes: [],
      lines: [],
    });
  });

  it('merges units of one variant into one line and keeps lines in the order they came', async () => {
    const shopperId = newId('shp');
    const [shoe, sock] = [await fixture().addVariant(), await fixture().addVariant()];
    if (shoe === undefined || sock === undefined) throw new Error('no variants');
    const cartId = await store.ensureCart(shopperId, 1);
    const first = await store.addToCart(cartId, shoe.variantId, 1, 10);
    await store.addToCart(cartId, sock.variantId, 3, 20);
    expect(await store.addToCart(cartId, shoe.variantId, 2, 30)).toBe(first);
    const cart = await store.findCart(shopperId);
    expect(cart?.lines.map((line) => [line.variant.variantId, line.quantity])).toEqual([
      [shoe.variantId, 3],
      [sock.variantId, 3],
    ]);
  });

  it("changes and removes only the cart's own lines", async () => {
    const mine = await store.ensureCart(newId('shp'), 1);
    const theirs = await store.ensureCart(newId('shp'), 1);
    const variant = await fixture().addVariant();
    const line = await store.addToCart(mine, variant.variantId, 1, 1);
    expect(await store.setLineQuantity(theirs, line, 5, 2)).toBe(false);
    expect(await store.removeLine(theirs, line, 2)).toBe(false);
    expect(await store.setLineQuantity(mine, 'line_missing', 5, 2)).toBe(false);
    expect(await store.setLineQuantity(mine, line, 4, 2)).toBe(true);
    expect(await store.removeLine(mine, line, 3)).toBe(true);
    expect(await store.removeLine(mine, line, 3)).toBe(false);
  });

  it('sets coupon codes only over the list the caller read (compare-and-set)', async () => {
    const shopperId = newId('shp');
    const cartId = await store.ensureCart(shopperId, 1);
    expect(await store.setCouponCodes(cartId, [], ['SAVE5'], 2)).toBe(true);
    expect(await store.setCouponCodes(cartId, [], ['OTHER'], 3)).toBe(false);
    expect(await store.setCouponCodes(cartId, ['SAVE5'], ['SAVE5', 'SHIP'], 4)).toBe(true);
    expect((await store.findCart(shopperId))?.couponCodes).toEqual(['SAVE5', 'SHIP']);
  });
}
