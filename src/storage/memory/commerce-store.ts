import type {
  CartRecord,
  CheckoutDraft,
  CommerceStore,
  OrderCoupon,
  OrderRecord,
  PaymentRecord,
  RefundDue,
  ReleaseResult,
  ReturnRecord,
  VariantSnapshot,
} from '../../commerce/commerce-store.js';
import {
  type OrderStatus,
  PAID_STATUSES,
  RETURNABLE_STATUSES,
  type ReturnStatus,
  statusesAllowing,
  statusFromReturns,
} from '../../commerce/order-status.js';
import { AppError } from '../../shared/app-error.js';
import { KeyLeaseLost } from '../../shared/idempotency.js';
import { newId } from '../../shared/ids.js';
import type { MemoryIdempotencyStore } from './idempotency-store.js';

interface Cart {
  readonly id: string;
  readonly shopperId: string;
  couponCodes: readonly string[];
  lines: { readonly id: string; readonly variantId: string; quantity: number; readonly createdAt: number }[];
  checkoutId: string | undefined;
  checkoutStartedAt: number | undefined;
}

interface Reservation {
  readonly id: string;
  readonly variantId: string;
  readonly quantity: number;
  state: 'held' | 'sold' | 'released';
}

interface Payment {
  readonly orderId: string;
  readonly kind: 'capture' | 'refund';
  readonly effectKey: string;
  readonly returnId: string | undefined;
  readonly providerKey: string | undefined;
  status: PaymentRecord['status'];
  providerReference: string | undefined;
  readonly amount: number;
  readonly currency: string;
  readonly createdAt: number;
}

interface Return {
  readonly id: string;
  status: ReturnStatus;
  readonly reason: string;
  readonly lines: readonly {
    readonly orderLineId: string;
    readonly variantId: string;
    readonly quantity: number;
  }[];
  readonly refundAmount: number;
  readonly currency: string;
  readonly createdAt: number;
  receivedAt: number | undefined;
  refundedAt: number | undefined;
}

type Order = Omit<OrderRecord, 'lines' | 'returns' | 'payments' | 'status' | 'cancelReason'> & {
  status: OrderStatus;
  cancelReason: string | undefined;
  readonly lines: OrderRecord['lines'];
  readonly coupons: readonly OrderCoupon[];
  readonly reservations: Reservation[];
  readonly returns: Return[];
  couponsReleasedAt: number | undefined;
} & {
  -readonly [K in 'placedAt' | 'paidAt' | 'fulfilledAt' | 'deliveredAt' | 'cancelledAt']: number | undefined;
};

/** The memory store, and what a test or a demo seeds it with. */
export interface MemoryCommerceStore extends CommerceStore {
  /** Puts a variant in the memory catalog (replacing one with the same id). */
  putVariant(variant: VariantSnapshot): void;
  /** The units of a variant on hand, or undefined for an unknown variant. */
  stockOf(variantId: string): number | undefined;
}

/**
 * Commerce's three ports in one process's memory, with the SQL adapter's rules: every method runs
 * without yielding, so each one is a transaction, and it checks everything it depends on before
 * it changes anything, so a refusal changes nothing. A checkout's commit writes its idempotency key
 * through `keys`, in the same step. The contract suites hold it and the SQL adapter to one
 * behaviour (test/contracts).
 */
export function createMemoryCommerceStore(keys: MemoryIdempotencyStore): MemoryCommerceStore {
  const variants = new Map<string, VariantSnapshot & { stock: number }>();
  const carts = new Map<string, Cart>();
  const cartsById = new Map<string, Cart>();
  const orders = new Map<string, Order>();
  const payments: Payment[] = [];

  const cartById = (cartId: string) => cartsById.get(cartId);
  const orderOf = (orderId: string) => orders.get(orderId);

  function variantOf(variantId: string): VariantSnapshot | undefined {
    const variant = variants.get(variantId);
    return variant === undefined ? undefined : { ...variant, options: { ...variant.options } };
  }

  function releaseReservations(order: Order, states: readonly Reservation['state'][]): string[] {
    const released: string[] = [];
    for (const reservation of [...order.reservations].sort((a, b) =>
      a.variantId.localeCompare(b.variantId),
    )) {
      if (!states.includes(reservation.state)) continue;
      reservation.state = 'released';
      const variant = variants.get(reservation.variantId);
      if (variant !== undefined) variant.stock += reservation.quantity;
      released.push(reservation.variantId);
    }
    return released;
  }

  /** The SQL adapter's `openRefundIn`: one row per effect key, never past what the capture has left. */
  function openRefund(
    orderId: string,
    effectKey: string,
    returnId: string | undefined,
    amount: number | undefined,
    now: number,
  ): RefundDue | undefined {
    const capture = payments.find(
      (row) => row.orderId === orderId && row.kind === 'capture' && row.status === 'succeeded',
    );
    if (capture?.providerReference === undefined) return undefined;
    let refund = payments.find((row) => row.effectKey === effectKey);
    if (refund === undefined) {
      const refunded = payments
        .filter((row) => row.orderId === orderId && row.kind === 'refund')
        .reduce((sum, row) => sum + row.amount, 0);
      const remaining = capture.amount - refunded;
      if (remaining <= 0) return undefined;
      refund = {
        orderId,
        kind: 'refund',
        effectKey,
        returnId,
        providerKey: undefined,
        status: 'pending',
        providerReference: undefined,
        amount: Math.min(amount ?? remaining, remaining),
        currency: capture.currency,
        createdAt: now,
      };
      payments.push(refund);
    }
    if (refund.status !== 'pending') return undefined;
    return {
      effectKey: refund.effectKey,
      captureReference: capture.providerReference,
      amount: refund.amount,
      currency: refund.currency,
    };
  }

  function refreshReturnStatus(order: Order): void {
    if (RETURNABLE_STATUSES.includes(order.status)) {
      order.status = statusFromReturns(order.returns.map((item) => item.status));
    }
  }

  function toRecord(order: Order): OrderRecord {
    const { reservations: _reservations, couponsReleasedAt: _released, returns, ...rest } = order;
    return structuredClone({
      ...rest,
      coupons: [...order.coupons],
      returns: returns.map(
        (item): ReturnRecord => ({
          id: item.id,
          orderId: order.id,
          status: item.status,
          reason: item.reason,
          lineIds: item.lines.map((line) => line.orderLineId),
          refundAmount: item.refundAmount,
          currency: item.currency,
          createdAt: item.createdAt,
          receivedAt: item.receivedAt,
          refundedAt: item.refundedAt,
        }),
      ),
      payments: payments
        .filter((row) => row.orderId === order.id)
        .map(
          (row): PaymentRecord => ({
            kind: row.kind,
            effectKey: row.effectKey,
            status: row.status,
            amount: row.amount,
            currency: row.currency,
            createdAt: row.createdAt,
          }),
        ),
    });
  }

  const unsettled = (row: Payment) => row.status === 'pending' || row.status === 'authorized';
  const byCreated = (a: { createdAt: number }, b: { createdAt: number }) => a.createdAt - b.createdAt;

  return {
    putVariant(variant) {
      variants.set(variant.variantId, { ...variant });
    },
    stockOf: (variantId) => variants.get(variantId)?.stock,

    // Carts

    findVariant: async (variantId) => variantOf(variantId),

    async findCart(shopperId) {
      const cart = carts.get(shopperId);
      if (cart === undefined) return undefined;
      const lines = [...cart.lines]
        .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
        .flatMap((line) => {
          const variant = variantOf(line.variantId);
          return variant === undefined ? [] : [{ lineId: line.id, quantity: line.quantity, variant }];
        });
      return { id: cart.id, shopperId, couponCodes: [...cart.couponCodes], lines } satisfies CartRecord;
    },

    async ensureCart(shopperId) {
      const existing = carts.get(shopperId);
      if (existing !== undefined) return existing.id;
      const cart: Cart = {
        id: newId('cart'),
        shopperId,
        couponCodes: [],
        lines: [],
        checkoutId: undefined,
        checkoutStartedAt: undefined,
      };
      carts.set(shopperId, cart);
      cartsById.set(cart.id, cart);
      return cart.id;
    },

    async addToCart(cartId, variantId, quantity, now) {
      const cart = cartById(cartId);
      if (cart === undefined) throw new Error(`no cart ${cartId}`);
      const line = cart.lines.find((item) => item.variantId === variantId);
      if (line !== undefined) {
        line.quantity += quantity;
        return line.id;
      }
      const id = newId('line');
      cart.lines.push({ id, variantId, quantity, createdAt: now });
      return id;
    },

    async setLineQuantity(cartId, lineId, quantity) {
      const line = cartById(cartId)?.lines.find((item) => item.id === lineId);
      if (line === undefined) return false;
      line.quantity = quantity;
      return true;
    },

    async removeLine(cartId, lineId) {
      const cart = cartById(cartId);
      const before = cart?.lines.length ?? 0;
      if (cart !== undefined) cart.lines = cart.lines.filter((item) => item.id !== lineId);
      return cart !== undefined && cart.lines.length < before;
    },

    async setCouponCodes(cartId, expected, codes) {
      const cart = cartById(cartId);
      if (cart === undefined || JSON.stringify(cart.couponCodes) !== JSON.stringify(expected)) return false;
      cart.couponCodes = [...codes];
      return true;
    },

    // Checkouts

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

    // Orders

    async findOrder(orderId) {
      const order = orderOf(orderId);
      return order === undefined ? undefined : toRecord(order);
    },

    async hasPaidOrder(shopperId) {
      return [...orders.values()].some(
        (order) => order.shopperId === shopperId && PAID_STATUSES.includes(order.status),
      );
    },

    async listOrders(filter) {
      const after = filter.after;
      return [...orders.values()]
        .filter(
          (order): order is Order & { placedAt: number } =>
            order.placedAt !== undefined &&
            (filter.shopperId === undefined || order.shopperId === filter.shopperId) &&
            (filter.status === undefined || order.status === filter.status) &&
            (filter.channel === undefined || order.channel === filter.channel),
        )
        .filter(
          (order) =>
            after === undefined ||
            order.placedAt < after.placedAt ||
            (order.placedAt === after.placedAt && order.id < after.id),
        )
        .sort((a, b) => b.placedAt - a.placedAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
        .slice(0, filter.limit)
        .map(toRecord);
    },

    async cancelOrder(orderId, reason, now) {
      const order = orderOf(orderId);
      if (order?.placedAt === undefined || !statusesAllowing('cancel').includes(order.status))
        return undefined;
      order.status = 'cancelled';
      order.cancelReason = reason;
      order.cancelledAt = now;
      const variantIds = releaseReservations(order, ['held', 'sold']);
      return {
        variantIds,
        refund: openRefund(orderId, `refund:cancel:${orderId}`, undefined, undefined, now),
      };
    },

    async advanceOrder(orderId, event, now) {
      const order = orderOf(orderId);
      if (order?.placedAt === undefined || !statusesAllowing(event).includes(order.status)) return false;
      if (event === 'fulfil') {
        order.status = 'fulfilled';
        order.fulfilledAt = now;
      } else {
        order.status = 'delivered';
        order.deliveredAt = now;
      }
      return true;
    },

    async createReturn(draft) {
      const order = orderOf(draft.orderId);
      if (
        order === undefined ||
        order.shopperId !== draft.shopperId ||
        !RETURNABLE_STATUSES.includes(order.status) ||
        (order.deliveredAt ?? Number.NEGATIVE_INFINITY) < draft.deliveredSince
      ) {
        throw new AppError('ORDER_NOT_RETURNABLE');
      }
      const returned = new Set(order.returns.flatMap((item) => item.lines.map((line) => line.orderLineId)));
      const seen = new Set<string>();
      for (const line of draft.lines) {
        if (returned.has(line.orderLineId) || seen.has(line.orderLineId)) {
          throw new AppError(
            'ORDER_NOT_RETURNABLE',
            'A line of this return is already part of another return.',
            {
              lineId: line.orderLineId,
            },
          );
        }
        seen.add(line.orderLineId);
      }
      order.status = 'return_requested';
      order.returns.push({
        id: draft.returnId,
        status: 'requested',
        reason: draft.reason,
        lines: draft.lines.map(({ orderLineId, variantId, quantity }) => ({
          orderLineId,
          variantId,
          quantity,
        })),
        refundAmount: draft.lines.reduce((sum, line) => sum + line.refundAmount, 0),
        currency: draft.currency,
        createdAt: draft.now,
        receivedAt: undefined,
        refundedAt: undefined,
      });
    },

    async receiveReturn(orderId, returnId, now) {
      const order = orderOf(orderId);
      const item = order?.returns.find((each) => each.id === returnId);
      if (order === undefined || item?.status !== 'requested') return undefined;
      item.status = 'received';
      item.receivedAt = now;
      const lines = [...item.lines].sort((a, b) => a.variantId.localeCompare(b.variantId));
      for (const line of lines) {
        const variant = variants.get(line.variantId);
        if (variant !== undefined) variant.stock += line.quantity;
      }
      const refund = openRefund(orderId, `refund:return:${returnId}`, returnId, item.refundAmount, now);
      refreshReturnStatus(order);
      return { variantIds: lines.map((line) => line.variantId), refund };
    },

    async completeRefund(effectKey, providerReference, now) {
      const refund = payments.find((row) => row.effectKey === effectKey && row.kind === 'refund');
      if (refund?.status !== 'pending') return;
      refund.status = 'succeeded';
      refund.providerReference = providerReference;
      const order = orderOf(refund.orderId);
      const item = order?.returns.find((each) => each.id === refund.returnId);
      if (order === undefined || item?.status !== 'received') return;
      item.status = 'refunded';
      item.refundedAt = now;
      refreshReturnStatus(order);
    },

    async findPendingRefunds(createdBefore, limit) {
      return payments
        .filter((row) => row.kind === 'refund' && row.status === 'pending' && row.createdAt < createdBefore)
        .flatMap((row) => {
          const capture = payments.find(
            (item) => item.orderId === row.orderId && item.kind === 'capture' && item.status === 'succeeded',
          );
          return capture === undefined ? [] : [{ row, capture }];
        })
        .sort((a, b) => byCreated(a.row, b.row))
        .slice(0, limit)
        .map(({ row, capture }) => ({
          effectKey: row.effectKey,
          captureReference: capture.providerReference ?? '',
          amount: row.amount,
          currency: row.currency,
        }));
    },

    async markCouponsReleased(orderId, now) {
      const order = orderOf(orderId);
      if (order !== undefined && order.couponsReleasedAt === undefined) order.couponsReleasedAt = now;
    },

    async findUnreleasedCoupons(cancelledBefore, limit) {
      return [...orders.values()]
        .filter(
          (order): order is Order & { cancelledAt: number } =>
            order.status === 'cancelled' &&
            order.couponsReleasedAt === undefined &&
            order.cancelledAt !== undefined &&
            order.cancelledAt < cancelledBefore &&
            order.coupons.length > 0,
        )
        .sort((a, b) => a.cancelledAt - b.cancelledAt)
        .slice(0, limit)
        .map((order) => order.id);
    },
  };
}
