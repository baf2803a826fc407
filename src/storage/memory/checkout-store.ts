import type { CheckoutDraft, CheckoutStore, ReleaseResult } from '../../commerce/commerce-store.js';
import { KeyLeaseLost } from '../../shared/idempotency.js';
import { newId } from '../../shared/ids.js';
import type { MemoryState, Reservation } from './commerce-state.js';
import type { MemoryIdempotencyStore } from './idempotency-store.js';

/** Checkouts in memory: claims, all-or-nothing reservations, capture rows, and the commit that answers its key. */
export function createMemoryCheckoutStore(state: MemoryState, keys: MemoryIdempotencyStore): CheckoutStore {
  const {
    variants,
    carts,
    orders,
    payments,
    cartById,
    orderOf,
    releaseReservations,
    openRefund,
    unsettled,
    byCreated,
  } = state;
  return {
    async claimCart(shopperId, checkoutId, now, staleBefore) {
      const cart = carts.get(shopperId);
      if (cart === undefined) return { kind: 'no_cart' };
      if (cart.checkoutId !== undefined && (cart.checkoutStartedAt ?? 0) >= staleBefore)
        return { kind: 'busy' };
      cart.checkoutId = checkoutId;
      cart.checkoutStartedAt = now;
      return { kind: 'claimed', cartId: cart.id };
    },

    async releaseCart(cartId, checkoutId) {
      const cart = cartById(cartId);
      if (cart?.checkoutId !== checkoutId) return;
      cart.checkoutId = undefined;
      cart.checkoutStartedAt = undefined;
    },

    async openCheckout(draft: CheckoutDraft) {
      if (orders.has(draft.orderId)) throw new Error(`order ${draft.orderId} exists`);
      const budget = draft.agentBudget;
      if (draft.agentId !== undefined && budget !== undefined) {
        const spent = [...orders.values()]
          .filter(
            (order) =>
              order.agentId === draft.agentId &&
              order.currency === draft.currency &&
              order.createdAt >= budget.since &&
              order.status !== 'cancelled',
          )
          .reduce((sum, order) => sum + order.total, 0);
        if (spent + draft.pricing.total > budget.amount)
          return { ok: false, agentBudgetLeft: Math.max(0, budget.amount - spent) };
      }
      const wanted = new Map<string, number>();
      for (const line of draft.lines)
        wanted.set(line.variantId, (wanted.get(line.variantId) ?? 0) + line.quantity);
      const order = [...wanted.keys()].sort();
      for (const variantId of order) {
        if ((variants.get(variantId)?.stock ?? 0) < (wanted.get(variantId) ?? 0))
          return { ok: false, variantId };
      }
      const reservations: Reservation[] = order.map((variantId) => {
        const quantity = wanted.get(variantId) ?? 0;
        (variants.get(variantId) as { stock: number }).stock -= quantity;
        return { id: newId('rsv'), variantId, quantity, state: 'held' };
      });
      orders.set(draft.orderId, {
        id: draft.orderId,
        shopperId: draft.shopperId,
        status: 'pending',
        channel: draft.channel,
        agentId: draft.agentId,
        cancelReason: undefined,
        currency: draft.currency,
        subtotal: draft.pricing.subtotal,
        discount: draft.pricing.discount,
        shipping: draft.pricing.shipping,
        total: draft.pricing.total,
        coupons: draft.pricing.coupons,
        shippingAddress: { ...draft.shippingAddress },
        paymentMethod: { ...draft.paymentMethod },
        createdAt: draft.now,
        placedAt: undefined,
        paidAt: undefined,
        fulfilledAt: undefined,
        deliveredAt: undefined,
        cancelledAt: undefined,
        lines: [...draft.lines]
          .sort((a, b) => a.position - b.position)
          .map(({ position: _position, ...line }) => {
            const discount = draft.pricing.lineDiscounts.get(line.id) ?? 0;
            return { ...line, discount, paidAmount: line.unitPrice * line.quantity - discount };
          }),
        reservations,
        returns: [],
        couponsReleasedAt: undefined,
      });
      return { ok: true, reservationIds: reservations.map((reservation) => reservation.id) };
    },

    async openCapture(orderId, capture, now) {
      const effectKey = `capture:${orderId}`;
      if (payments.some((row) => row.effectKey === effectKey)) return;
      payments.push({
        orderId,
        kind: 'capture',
        effectKey,
        returnId: undefined,
        providerKey: capture.providerKey,
        status: 'pending',
        providerReference: undefined,
        amount: capture.amount,
        currency: capture.currency,
        createdAt: now,
      });
    },

    async recordAuthorization(orderId, reference) {
      const row = payments.find((item) => item.effectKey === `capture:${orderId}`);
      if (row?.status !== 'pending') return false;
      row.status = 'authorized';
      row.providerReference = reference;
      return true;
    },

    async recordCapture(orderId, reference) {
      const row = payments.find((item) => item.effectKey === `capture:${orderId}`);
      if (row === undefined) throw new Error(`order ${orderId} has no capture row`);
      const record = () => ({
        kind: 'recorded' as const,
        payment: {
          kind: row.kind,
          effectKey: row.effectKey,
          status: row.status,
          amount: row.amount,
          currency: row.currency,
          createdAt: row.createdAt,
        },
      });
      if (row.status === 'succeeded' && row.providerReference === reference) return record();
      if (!unsettled(row)) return { kind: 'taken' };
      const holder = payments.some(
        (item) =>
          item.kind === 'capture' && item.status === 'succeeded' && item.providerKey === row.providerKey,
      );
      row.status = holder ? 'superseded' : 'succeeded';
      row.providerReference = reference;
      return holder ? { kind: 'taken' } : record();
    },

    async failCapture(orderId) {
      const row = payments.find((item) => item.effectKey === `capture:${orderId}`);
      if (row !== undefined && unsettled(row)) row.status = 'failed';
    },

    async findPendingCaptures(createdBefore, limit) {
      return payments
        .filter((row) => row.kind === 'capture' && unsettled(row))
        .flatMap((row) => {
          const order = orderOf(row.orderId);
          return order === undefined || order.createdAt >= createdBefore ? [] : [{ row, order }];
        })
        .sort((a, b) => byCreated(a.order, b.order))
        .slice(0, limit)
        .map(({ row, order }) => ({
          orderId: order.id,
          orderStatus: order.status,
          providerKey: row.providerKey ?? '',
          amount: row.amount,
          currency: row.currency,
        }));
    },

    openRefund: async (orderId, effectKey, now) => openRefund(orderId, effectKey, undefined, undefined, now),

    async commitCheckout(orderId, cart, now, answer) {
      const held = cart === undefined ? undefined : cartById(cart.cartId);
      if (cart !== undefined && held?.checkoutId !== orderId) return false;
      const order = orderOf(orderId);
      const pending = order?.status === 'pending';
      // A lost key rolls the whole commit back (the claim stays the checkout's); a checkout that is
      // no longer pending still gives up its claim, as the SQL adapter's commit does.
      if (pending && !keys.holds(answer)) throw new KeyLeaseLost();
      if (held !== undefined) {
        held.checkoutId = undefined;
        held.checkoutStartedAt = undefined;
      }
      if (order === undefined || !pending) return false;
      order.status = 'paid';
      order.placedAt = now;
      order.paidAt = now;
      for (const reservation of order.reservations)
        if (reservation.state === 'held') reservation.state = 'sold';
      if (held !== undefined && cart !== undefined) {
        held.lines = held.lines.filter((line) => !cart.lineIds.includes(line.id));
        held.couponCodes = held.couponCodes.filter((code) => !cart.couponCodes.includes(code));
      }
      keys.completeNow(answer);
      return true;
    },

    async abandonCheckout(orderId, reason, now): Promise<ReleaseResult | undefined> {
      const order = orderOf(orderId);
      if (order?.status !== 'pending') return undefined;
      order.status = 'cancelled';
      order.cancelReason = reason;
      order.cancelledAt = now;
      const variantIds = releaseReservations(order, ['held']);
      return {
        variantIds,
        refund: openRefund(orderId, `refund:checkout:${orderId}`, undefined, undefined, now),
      };
    },

    async findStaleCheckouts(createdBefore, limit) {
      return [...orders.values()]
        .filter((order) => order.status === 'pending' && order.createdAt < createdBefore)
        .sort(byCreated)
        .slice(0, limit)
        .map((order) => order.id);
    },
  };
}
