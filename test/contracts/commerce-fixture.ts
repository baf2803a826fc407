import type { CheckoutDraft, CommerceStore, VariantSnapshot } from '../../src/commerce/commerce-store.js';
import type { IdempotencyStore, KeyAnswer } from '../../src/shared/idempotency.js';
import { newId } from '../../src/shared/ids.js';
import { createMemoryCommerceStore } from '../../src/storage/memory/commerce-store.js';
import { createMemoryIdempotencyStore } from '../../src/storage/memory/idempotency-store.js';
import { createSqlCommerceStore } from '../../src/storage/sql/commerce-store.js';
import { createSqlIdempotencyStore } from '../../src/storage/sql/idempotency-store.js';
import { makeVariant, stockOf } from '../helpers/catalog-factory.js';
import { STORES } from '../helpers/stores.js';

/** One adapter of commerce's ports, with the seeding and reading a contract needs around it. */
export interface CommerceFixture {
  readonly store: CommerceStore;
  readonly keys: IdempotencyStore;
  addVariant(options?: { stock?: number; price?: number; currency?: string }): Promise<VariantSnapshot>;
  stockOf(variantId: string): Promise<number>;
  close(): Promise<void>;
}

/** Every adapter the contracts run against; `skipReason` says why one cannot run here. */
export const COMMERCE_ADAPTERS: readonly {
  readonly name: string;
  readonly skipReason: string | undefined;
  open(): Promise<CommerceFixture>;
}[] = [
  {
    name: 'memory',
    skipReason: undefined,
    async open() {
      const keys = createMemoryIdempotencyStore();
      const store = createMemoryCommerceStore(keys);
      return {
        store,
        keys,
        async addVariant(options = {}) {
          const variant: VariantSnapshot = {
            variantId: newId('var'),
            productId: newId('prd'),
            title: 'Trail Runner',
            category: 'shoes',
            options: {},
            unitPrice: options.price ?? 1999,
            currency: options.currency ?? 'USD',
            stock: options.stock ?? 10,
          };
          store.putVariant(variant);
          return variant;
        },
        stockOf: async (variantId) => store.stockOf(variantId) ?? Number.NaN,
        close: async () => undefined,
      };
    },
  },
  ...STORES.map((fixture) => ({
    name: fixture.name,
    skipReason: fixture.skipReason,
    async open(): Promise<CommerceFixture> {
      const database = await fixture.freshDatabase();
      const db = await database.open();
      const store = createSqlCommerceStore(db);
      return {
        store,
        keys: createSqlIdempotencyStore(db),
        async addVariant(options = {}) {
          const made = await makeVariant(db, options);
          const variant = await store.findVariant(made.variantId);
          if (variant === undefined) throw new Error('the variant just made is missing');
          return variant;
        },
        stockOf: (variantId) => stockOf(db, variantId),
        async close() {
          await db.close();
          await database.dispose();
        },
      };
    },
  })),
];

/** A priced pending order for `items`, the way checkout drafts one (no coupons unless given). */
export function draftFor(
  shopperId: string,
  items: readonly { variant: VariantSnapshot; quantity: number }[],
  now: number,
  options: {
    orderId?: string;
    coupons?: CheckoutDraft['pricing']['coupons'];
    channel?: CheckoutDraft['channel'];
  } = {},
): CheckoutDraft {
  const lines = items.map((item, position) => ({
    id: newId('oln'),
    position,
    variantId: item.variant.variantId,
    productId: item.variant.productId,
    title: item.variant.title,
    category: item.variant.category,
    options: item.variant.options,
    unitPrice: item.variant.unitPrice,
    quantity: item.quantity,
  }));
  const subtotal = lines.reduce((sum, line) => sum + line.unitPrice * line.quantity, 0);
  return {
    orderId: options.orderId ?? newId('ord'),
    shopperId,
    channel: options.channel ?? 'web',
    agentId: undefined,
    currency: items[0]?.variant.currency ?? 'USD',
    shippingAddress: { name: 'Ada', line1: '1 Main St', city: 'Lisbon', postalCode: '1000', country: 'PT' },
    paymentMethod: { type: 'test_card', last4: '4242' },
    lines,
    pricing: {
      subtotal,
      discount: 0,
      shipping: 0,
      total: subtotal,
      coupons: options.coupons ?? [],
      lineDiscounts: new Map(),
    },
    now,
  };
}

/** A key just begun under a fresh scope, and the answer that completes it with `value`. */
export async function heldKey(keys: IdempotencyStore, value: unknown = 'ok'): Promise<KeyAnswer> {
  const scope = `shp_contract:${newId('scope')}`;
  const begun = await keys.begin(scope, 'key', 'hash');
  if (begun.kind !== 'new') throw new Error(`a fresh key began as ${begun.kind}`);
  return { scope, key: 'key', owner: begun.owner, answer: { ok: true, value } };
}

/**
 * A paid order through the ports, as checkout places one: the cart claimed, the order opened with
 * its stock, the charge recorded, the commit. Answers the order id and the cart's id.
 */
export async function paidOrder(
  fixture: CommerceFixture,
  shopperId: string,
  items: readonly { variant: VariantSnapshot; quantity: number }[],
  now: number,
  options: { coupons?: CheckoutDraft['pricing']['coupons']; channel?: CheckoutDraft['channel'] } = {},
): Promise<{ orderId: string; cartId: string; total: number }> {
  const { store } = fixture;
  const cartId = await store.ensureCart(shopperId, now);
  const lineIds = [];
  for (const item of items)
    lineIds.push(await store.addToCart(cartId, item.variant.variantId, item.quantity, now));
  const draft = draftFor(shopperId, items, now, options);
  const claim = await store.claimCart(shopperId, draft.orderId, now, now - 60_000);
  if (claim.kind !== 'claimed') throw new Error(`the cart was ${claim.kind}`);
  const opened = await store.openCheckout(draft);
  if (!opened.ok) throw new Error(`could not open: ${JSON.stringify(opened)}`);
  await store.openCapture(
    draft.orderId,
    {
      provider: 'test',
      providerKey: `capture:${draft.orderId}`,
      amount: draft.pricing.total,
      currency: draft.currency,
    },
    now,
  );
  const recorded = await store.recordCapture(draft.orderId, `ch_${draft.orderId}`, now);
  if (recorded.kind !== 'recorded') throw new Error('the capture was taken');
  const committed = await store.commitCheckout(
    draft.orderId,
    { cartId, lineIds, couponCodes: [] },
    now,
    await heldKey(fixture.keys, { id: draft.orderId }),
  );
  if (!committed) throw new Error('the checkout did not commit');
  return { orderId: draft.orderId, cartId, total: draft.pricing.total };
}
