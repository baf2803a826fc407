import { type Kysely, PostgresAdapter, type Transaction } from 'kysely';
import type {
  CartClaim,
  CheckoutDraft,
  RefundDue,
  ReleaseResult,
  ReserveOutcome,
} from '../../commerce/commerce-store.js';
import { type KeyAnswer, KeyLeaseLost } from '../../shared/idempotency.js';
import { newId } from '../../shared/ids.js';
import type { Database } from '../schema.js';
import { checkAgentBudget, OverAgentBudget } from './agent-budget-check.js';
import { completeKey } from './idempotency-store.js';

/** Thrown inside the reservation transaction to roll it back; never leaves this module. */
class ShortOfStock extends Error {
  constructor(readonly variantId: string) {
    super(`short of stock for ${variantId}`);
  }
}

/** Checkout's writes: open (order + reservations), price, capture, commit, abandon. */
export function createCheckoutStore(kysely: Kysely<Database>) {
  return {
    async claimCart(
      shopperId: string,
      checkoutId: string,
      now: number,
      staleBefore: number,
    ): Promise<CartClaim> {
      const claimed = await kysely
        .updateTable('carts')
        .set({ checkout_id: checkoutId, checkout_started_at: now })
        .where('shopper_id', '=', shopperId)
        .where((eb) => eb.or([eb('checkout_id', 'is', null), eb('checkout_started_at', '<', staleBefore)]))
        .returning('id')
        .executeTakeFirst();
      if (claimed !== undefined) return { kind: 'claimed', cartId: claimed.id };
      const cart = await kysely
        .selectFrom('carts')
        .select('id')
        .where('shopper_id', '=', shopperId)
        .executeTakeFirst();
      return cart === undefined ? { kind: 'no_cart' } : { kind: 'busy' };
    },

    async releaseCart(cartId: string, checkoutId: string): Promise<void> {
      await kysely
        .updateTable('carts')
        .set({ checkout_id: null, checkout_started_at: null })
        .where('id', '=', cartId)
        .where('checkout_id', '=', checkoutId)
        .execute();
    },

    async openCheckout(draft: CheckoutDraft): Promise<ReserveOutcome> {
      try {
        const reservationIds = await kysely.transaction().execute(async (trx) => {
          await checkAgentBudget(trx, draft);
          await trx
            .insertInto('orders')
            .values({
              id: draft.orderId,
              shopper_id: draft.shopperId,
              status: 'pending',
              channel: draft.channel,
              agent_id: draft.agentId ?? null,
              cancel_reason: null,
              currency: draft.currency,
              subtotal: draft.pricing.subtotal,
              discount: draft.pricing.discount,
              shipping: draft.pricing.shipping,
              total: draft.pricing.total,
              coupons: JSON.stringify(draft.pricing.coupons),
              shipping_address: JSON.stringify(draft.shippingAddress),
              payment_method: JSON.stringify(draft.paymentMethod),
              created_at: draft.now,
              updated_at: draft.now,
              placed_at: null,
              paid_at: null,
              fulfilled_at: null,
              delivered_at: null,
              cancelled_at: null,
            })
            .execute();
          await trx
            .insertInto('order_lines')
            .values(
              draft.lines.map((line) => {
                const discount = draft.pricing.lineDiscounts.get(line.id) ?? 0;
                return {
                  id: line.id,
                  order_id: draft.orderId,
                  position: line.position,
                  variant_id: line.variantId,
                  product_id: line.productId,
                  title: line.title,
                  category: line.category,
                  options: JSON.stringify(line.options),
                  unit_price: line.unitPrice,
                  quantity: line.quantity,
                  discount,
                  paid_amount: line.unitPrice * line.quantity - discount,
                };
              }),
            )
            .execute();
          // One quantity per variant, taken in id order so two checkouts never lock rows in opposite orders.
          const wanted = new Map<string, number>();
          for (const line of draft.lines)
            wanted.set(line.variantId, (wanted.get(line.variantId) ?? 0) + line.quantity);
          const ids: string[] = [];
          for (const variantId of [...wanted.keys()].sort()) {
            const quantity = wanted.get(variantId) ?? 0;
            const taken = await trx
              .updateTable('variants')
              .set((eb) => ({ stock: eb('stock', '-', quantity) }))
              .where('id', '=', variantId)
              .where('stock', '>=', quantity)
              .executeTakeFirst();
            if (Number(taken.numUpdatedRows) !== 1) throw new ShortOfStock(variantId);
            const id = newId('rsv');
            await trx
              .insertInto('stock_reservations')
              .values({
                id,
                order_id: draft.orderId,
                variant_id: variantId,
                quantity,
                state: 'held',
                created_at: draft.now,
                released_at: null,
              })
              .execute();
            ids.push(id);
          }
          return ids;
        });
        return { ok: true, reservationIds };
      } catch (error) {
        if (error instanceof ShortOfStock) return { ok: false, variantId: error.variantId };
        if (error instanceof OverAgentBudget) return { ok: false, agentBudgetLeft: error.left };
        throw error;
      }
    },

    async openRefund(orderId: string, effectKey: string, now: number): Promise<RefundDue | undefined> {
      return kysely
        .transaction()
        .execute((trx) => openRefundIn(trx, orderId, effectKey, undefined, undefined, now));
    },

    async commitCheckout(
      orderId: string,
      cart: { cartId: string; lineIds: readonly string[]; couponCodes: readonly string[] } | undefined,
      now: number,
      answer: KeyAnswer,
    ): Promise<boolean> {
      return kysely.transaction().execute(async (trx) => {
        // Only the checkout holding the cart may commit: one that lost it to a takeover is undone.
        if (cart !== undefined && !(await releaseCartClaim(trx, cart.cartId, orderId))) return false;
        const paid = await trx
          .updateTable('orders')
          .set({ status: 'paid', placed_at: now, paid_at: now, updated_at: now })
          .where('id', '=', orderId)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(paid.numUpdatedRows) !== 1) return false;
        await trx
          .updateTable('stock_reservations')
          .set({ state: 'sold' })
          .where('order_id', '=', orderId)
          .where('state', '=', 'held')
          .execute();
        if (cart !== undefined) await removeBought(trx, cart, now);
        // The key's answer commits with the order, or (its lease lost to a retry) nothing does.
        if (!(await completeKey(trx, answer))) throw new KeyLeaseLost();
        return true;
      });
    },

    async abandonCheckout(orderId: string, reason: string, now: number): Promise<ReleaseResult | undefined> {
      return kysely.transaction().execute(async (trx) => {
        const cancelled = await trx
          .updateTable('orders')
          .set({ status: 'cancelled', cancel_reason: reason, cancelled_at: now, updated_at: now })
          .where('id', '=', orderId)
          .where('status', '=', 'pending')
          .executeTakeFirst();
        if (Number(cancelled.numUpdatedRows) !== 1) return undefined;
        const variantIds = await releaseReservations(trx, orderId, ['held'], now);
        const refund = await openRefundIn(
          trx,
          orderId,
          `refund:checkout:${orderId}`,
          undefined,
          undefined,
          now,
        );
        return { variantIds, refund };
      });
    },

    async findStaleCheckouts(createdBefore: number, limit: number): Promise<string[]> {
      const rows = await kysely
        .selectFrom('orders')
        .select('id')
        .where('status', '=', 'pending')
        .where('created_at', '<', createdBefore)
        .orderBy('created_at')
        .limit(limit)
        .execute();
      return rows.map((row) => row.id);
    },
  };
}

/**
 * Releases an order's reservations in the given states: each reservation flips to `released` with a
 * conditional update and only the caller that flipped it adds its units back, so a release is a
 * delta applied once however many cancels, sweeps or compensations race for it.
 */
export async function releaseReservations(
  trx: Transaction<Database>,
  orderId: string,
  states: readonly string[],
  now: number,
): Promise<string[]> {
  const rows = await trx
    .selectFrom('stock_reservations')
    .select(['id', 'variant_id', 'quantity'])
    .where('order_id', '=', orderId)
    .where('state', 'in', [...states])
    .orderBy('variant_id')
    .execute();
  const released: string[] = [];
  for (const row of rows) {
    const flipped = await trx
      .updateTable('stock_reservations')
      .set({ state: 'released', released_at: now })
      .where('id', '=', row.id)
      .where('state', 'in', [...states])
      .executeTakeFirst();
    if (Number(flipped.numUpdatedRows) !== 1) continue;
    await trx
      .updateTable('variants')
      .set((eb) => ({ stock: eb('stock', '+', Number(row.quantity)) }))
      .where('id', '=', row.variant_id)
      .execute();
    released.push(row.variant_id);
  }
  return released;
}

/**
 * Writes a pending refund row under `effectKey` (once: the key is unique) against the order's
 * capture, for `amount` or the whole capture. Answers the refund still due, or undefined when
 * nothing was captured or the refund already completed.
 */
export async function openRefundIn(
  trx: Kysely<Database>,
  orderId: string,
  effectKey: string,
  returnId: string | undefined,
  amount: number | undefined,
  now: number,
): Promise<RefundDue | undefined> {
  // The capture row is locked (PostgreSQL; SQLite's writers are serialized anyway), so refunds of
  // one order opened at once see each other and together never exceed what was captured.
  let captureQuery = trx
    .selectFrom('payments')
    .selectAll()
    .where('order_id', '=', orderId)
    .where('kind', '=', 'capture')
    .where('status', '=', 'succeeded');
  if (trx.getExecutor().adapter instanceof PostgresAdapter) captureQuery = captureQuery.forUpdate();
  const capture = await captureQuery.executeTakeFirst();
  if (capture === null || capture === undefined || capture.provider_reference === null) return undefined;
  const existing = await trx
    .selectFrom('payments')
    .select(['status'])
    .where('effect_key', '=', effectKey)
    .executeTakeFirst();
  let due = amount;
  if (existing === undefined) {
    const refunded = await trx
      .selectFrom('payments')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<number>('amount'), eb.lit(0)).as('total'))
      .where('order_id', '=', orderId)
      .where('kind', '=', 'refund')
      .executeTakeFirstOrThrow();
    const remaining = Number(capture.amount) - Number(refunded.total);
    // Nothing left to give back: a second refund of the same money is not opened at all.
    if (remaining <= 0) return undefined;
    due = Math.min(amount ?? remaining, remaining);
  }
  await trx
    .insertInto('payments')
    .values({
      id: newId('pay'),
      order_id: orderId,
      kind: 'refund',
      effect_key: effectKey,
      return_id: returnId ?? null,
      provider: capture.provider,
      provider_reference: null,
      provider_key: null,
      status: 'pending',
      amount: due ?? Number(capture.amount),
      currency: capture.currency,
      created_at: now,
      completed_at: null,
    })
    .onConflict((conflict) => conflict.column('effect_key').doNothing())
    .execute();
  const refund = await trx
    .selectFrom('payments')
    .select(['effect_key', 'amount', 'currency', 'status'])
    .where('effect_key', '=', effectKey)
    .executeTakeFirstOrThrow();
  if (refund.status !== 'pending') return undefined;
  return {
    effectKey: refund.effect_key,
    captureReference: capture.provider_reference,
    amount: Number(refund.amount),
    currency: refund.currency,
  };
}

/** Clears this checkout's claim on the cart; false when another checkout took the cart over. */
async function releaseCartClaim(trx: Kysely<Database>, cartId: string, orderId: string): Promise<boolean> {
  const held = await trx
    .updateTable('carts')
    .set({ checkout_id: null, checkout_started_at: null })
    .where('id', '=', cartId)
    .where('checkout_id', '=', orderId)
    .executeTakeFirst();
  return Number(held.numUpdatedRows) === 1;
}

/** Removes the bought lines and the used coupon codes from the cart; lines added meanwhile stay. */
async function removeBought(
  trx: Kysely<Database>,
  cart: { cartId: string; lineIds: readonly string[]; couponCodes: readonly string[] },
  now: number,
): Promise<void> {
  if (cart.lineIds.length > 0) {
    await trx
      .deleteFrom('cart_lines')
      .where('cart_id', '=', cart.cartId)
      .where('id', 'in', [...cart.lineIds])
      .execute();
  }
  const current = await trx
    .selectFrom('carts')
    .select('coupon_codes')
    .where('id', '=', cart.cartId)
    .executeTakeFirst();
  if (current === undefined) return;
  const used = new Set(cart.couponCodes);
  const left = (JSON.parse(current.coupon_codes) as string[]).filter((code) => !used.has(code));
  await trx
    .updateTable('carts')
    .set({ coupon_codes: JSON.stringify(left), updated_at: now })
    .where('id', '=', cart.cartId)
    .execute();
}
