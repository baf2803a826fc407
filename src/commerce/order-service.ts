import { AppError } from '../shared/app-error.js';
import { type IdempotencyStore, type Idempotent, runIdempotent } from '../shared/idempotency.js';
import { newId } from '../shared/ids.js';
import type { OrderChannel, OrderPage, OrderView, ReturnInput, ReturnView } from './commerce-schemas.js';
import type { CommerceStore, OrderRecord, ReleaseResult } from './commerce-store.js';
import type { CouponHook } from './coupon-hook.js';
import { createFollowUps } from './follow-ups.js';
import type { OrderStatus } from './order-status.js';
import { ONE_DAY_MS, toOrderView, toReturnView } from './order-view.js';
import { createCaptureReconciler, type ReconcileReport } from './payments/capture-reconciler.js';
import type { PaymentProvider } from './payments/payment-provider.js';
import type { StockListener } from './stock-listener.js';

/** A page request: how many, and the cursor a previous page handed out. */
export interface PageRequest {
  readonly limit?: number;
  readonly cursor?: string;
}

/** A shopper's orders, cancellation and returns, and the merchant's moves on orders. */
export interface OrderService {
  listOrders(shopperId: string, page?: PageRequest): Promise<OrderPage>;
  /** ORDER_NOT_FOUND unless the order is this shopper's and was placed. */
  getOrder(shopperId: string, orderId: string): Promise<OrderView>;
  /**
   * Cancels a paid, unfulfilled order: stock comes back by its reservations, the payment is
   * refunded and coupons released. Cancelling a cancelled order answers it unchanged. Under a key,
   * a replay answers the first run's order, or throws its refusal again.
   */
  cancelOrder(shopperId: string, orderId: string, idempotencyKey?: string): Promise<Idempotent<OrderView>>;
  /** Asks to return delivered lines inside the return window; stock and money come back on receipt. */
  requestReturn(
    shopperId: string,
    orderId: string,
    input: ReturnInput,
    idempotencyKey?: string,
  ): Promise<Idempotent<ReturnView>>;

  listAllOrders(
    filter: { status?: OrderStatus; channel?: OrderChannel; agentId?: string } & PageRequest,
  ): Promise<OrderPage>;
  getAnyOrder(orderId: string): Promise<OrderView>;
  fulfil(orderId: string): Promise<OrderView>;
  deliver(orderId: string): Promise<OrderView>;
  /** Goods are back: stock returns by the return's lines and the refund is made. Repeats change nothing. */
  receiveReturn(orderId: string, returnId: string): Promise<OrderView>;

  /** Releases checkouts that never committed since before `createdBefore`; answers how many. */
  expireStaleCheckouts(createdBefore: number): Promise<number>;
  /** Settles captures pending since before `createdBefore` against the provider's books. */
  reconcileCaptures(createdBefore: number): Promise<ReconcileReport>;
  /** Retries refunds still pending since before `createdBefore`; answers how many completed. */
  retryPendingRefunds(createdBefore: number): Promise<number>;
  /** Retries coupon releases of orders cancelled before `cancelledBefore`; answers how many completed. */
  retryCouponReleases(cancelledBefore: number): Promise<number>;
}

/** Dependencies of the order service. */
export interface OrderServiceDeps {
  readonly store: CommerceStore;
  readonly coupons: CouponHook;
  readonly payments: PaymentProvider;
  readonly stock: StockListener;
  readonly idempotency: IdempotencyStore;
  readonly returnWindowDays: number;
  readonly now?: () => number;
  readonly onProblem?: (message: string, details: Record<string, unknown>) => void;
  /** Told each time an order changes status (cancel, fulfil, deliver, return); its errors are only reported. */
  readonly onOrderChanged?: (order: OrderView) => Promise<void>;
}

const DEFAULT_PAGE = 20;
const MAX_PAGE = 100;
const SWEEP_BATCH = 100;

/** Builds the order service. */
export function createOrderService(deps: OrderServiceDeps): OrderService {
  const { store, coupons } = deps;
  const now = deps.now ?? Date.now;
  const problem = deps.onProblem ?? (() => undefined);
  const view = (order: OrderRecord) => toOrderView(order, deps.returnWindowDays);
  /** The changed order's view, after telling the listener (whose failure never fails the change). */
  const changed = async (order: OrderRecord): Promise<OrderView> => {
    const current = view(order);
    await deps
      .onOrderChanged?.(current)
      .catch((error: unknown) =>
        problem('order change listener failed', { error: String(error), orderId: order.id }),
      );
    return current;
  };

  async function ownOrder(shopperId: string, orderId: string): Promise<OrderRecord> {
    const order = await store.findOrder(orderId);
    if (order === undefined || order.shopperId !== shopperId || order.placedAt === undefined) {
      throw new AppError('ORDER_NOT_FOUND');
    }
    return order;
  }

  async function anyOrder(orderId: string): Promise<OrderRecord> {
    const order = await store.findOrder(orderId);
    if (order === undefined || order.placedAt === undefined) throw new AppError('ORDER_NOT_FOUND');
    return order;
  }

  const { notifyStock, settleRefund } = createFollowUps({ ...deps, now, problem });
  const captures = createCaptureReconciler({ ...deps, now, problem, followUps: { settleRefund } });

  /** Releases the order's coupons and records it; false (and reported) when the release failed. */
  async function releaseCoupons(orderId: string): Promise<boolean> {
    try {
      await coupons.release(orderId);
      await store.markCouponsReleased(orderId, now());
      return true;
    } catch (error) {
      // The order stays due: the reservation sweeper retries the (idempotent) release.
      problem('coupon release failed; the sweeper will retry it', { error: String(error), orderId });
      return false;
    }
  }

  async function afterRelease(orderId: string, released: ReleaseResult): Promise<void> {
    await notifyStock(released.variantIds);
    await settleRefund(released.refund);
    await releaseCoupons(orderId);
  }

  async function page(
    filter: {
      shopperId?: string;
      status?: OrderStatus;
      channel?: OrderChannel;
      agentId?: string;
    } & PageRequest,
  ): Promise<OrderPage> {
    const limit = Math.min(Math.max(1, filter.limit ?? DEFAULT_PAGE), MAX_PAGE);
    const after = filter.cursor === undefined ? undefined : decodeCursor(filter.cursor);
    const orders = await store.listOrders({
      ...(filter.shopperId === undefined ? {} : { shopperId: filter.shopperId }),
      ...(filter.status === undefined ? {} : { status: filter.status }),
      ...(filter.channel === undefined ? {} : { channel: filter.channel }),
      ...(filter.agentId === undefined ? {} : { agentId: filter.agentId }),
      ...(after === undefined ? {} : { after }),
      limit: limit + 1,
    });
    const items = orders.slice(0, limit);
    const last = items.at(-1);
    const more = orders.length > limit && last !== undefined && last.placedAt !== undefined;
    return {
      items: items.map(view),
      ...(more ? { nextCursor: encodeCursor(last.placedAt as number, last.id) } : {}),
    };
  }

  async function cancel(shopperId: string, orderId: string): Promise<OrderView> {
    const order = await ownOrder(shopperId, orderId);
    const released = await store.cancelOrder(orderId, 'shopper', now());
    if (released === undefined) {
      const current = await ownOrder(shopperId, orderId);
      if (current.status !== 'cancelled') {
        throw new AppError(
          'ORDER_NOT_CANCELLABLE',
          `The order is ${current.status}; only paid orders can be cancelled.`,
          {
            status: current.status,
          },
        );
      }
      // Cancelled already: release again is a no-op by contract, and finishes a cancel a crash interrupted.
      await releaseCoupons(orderId);
      return view(current);
    }
    await afterRelease(order.id, released);
    return changed(await ownOrder(shopperId, orderId));
  }

  return {
    listOrders: (shopperId, request = {}) => page({ ...request, shopperId }),

    async getOrder(shopperId, orderId) {
      return view(await ownOrder(shopperId, orderId));
    },

    async cancelOrder(shopperId, orderId, idempotencyKey) {
      if (idempotencyKey === undefined) return { value: await cancel(shopperId, orderId), replayed: false };
      // Cancel is idempotent by itself, so its key's answer need not share the cancel's transaction.
      return runIdempotent(
        deps.idempotency,
        { scope: `${shopperId}:POST /api/v1/orders/${orderId}/cancel`, key: idempotencyKey, body: {} },
        () => cancel(shopperId, orderId),
      );
    },

    async requestReturn(shopperId, orderId, input, idempotencyKey) {
      const run = async (): Promise<ReturnView> => {
        const order = await ownOrder(shopperId, orderId);
        const at = now();
        const windowStart = at - deps.returnWindowDays * ONE_DAY_MS;
        if (order.deliveredAt === undefined || order.deliveredAt < windowStart) {
          throw new AppError(
            'ORDER_NOT_RETURNABLE',
            order.deliveredAt === undefined
              ? `The order is ${order.status}; only delivered orders can be returned.`
              : `The ${deps.returnWindowDays}-day return window has closed.`,
            { status: order.status },
          );
        }
        const lines = input.lineIds.map((lineId) => {
          const line = order.lines.find((item) => item.id === lineId);
          if (line === undefined) throw new AppError('ORDER_LINE_NOT_FOUND', undefined, { lineId });
          if (order.returns.some((item) => item.lineIds.includes(lineId))) {
            throw new AppError('ORDER_NOT_RETURNABLE', 'That line is already part of a return.', { lineId });
          }
          return {
            orderLineId: line.id,
            variantId: line.variantId,
            quantity: line.quantity,
            refundAmount: line.paidAmount,
          };
        });
        const returnId = newId('ret');
        await store.createReturn({
          returnId,
          orderId,
          shopperId,
          reason: input.reason,
          currency: order.currency,
          deliveredSince: windowStart,
          lines,
          now: at,
        });
        const created = (await store.findOrder(orderId))?.returns.find((item) => item.id === returnId);
        if (created === undefined) throw new Error(`return ${returnId} vanished`);
        return toReturnView(created);
      };
      if (idempotencyKey === undefined) return { value: await run(), replayed: false };
      // A crash after the return is written leaves the key in flight; its retry after the lease is
      // refused with ORDER_NOT_RETURNABLE (lines already returned) rather than a second return.
      return runIdempotent(
        deps.idempotency,
        { scope: `${shopperId}:POST /api/v1/orders/${orderId}/returns`, key: idempotencyKey, body: input },
        run,
      );
    },

    listAllOrders: (filter) => page(filter),

    async getAnyOrder(orderId) {
      return view(await anyOrder(orderId));
    },

    async fulfil(orderId) {
      await anyOrder(orderId);
      if (!(await store.advanceOrder(orderId, 'fulfil', now()))) {
        const current = await anyOrder(orderId);
        throw new AppError('INVALID_ORDER_TRANSITION', `A ${current.status} order cannot be fulfilled.`, {
          status: current.status,
        });
      }
      return changed(await anyOrder(orderId));
    },

    async deliver(orderId) {
      await anyOrder(orderId);
      if (!(await store.advanceOrder(orderId, 'deliver', now()))) {
        const current = await anyOrder(orderId);
        throw new AppError('INVALID_ORDER_TRANSITION', `A ${current.status} order cannot be delivered.`, {
          status: current.status,
        });
      }
      return changed(await anyOrder(orderId));
    },

    async receiveReturn(orderId, returnId) {
      const order = await anyOrder(orderId);
      if (!order.returns.some((item) => item.id === returnId)) throw new AppError('RETURN_NOT_FOUND');
      const released = await store.receiveReturn(orderId, returnId, now());
      if (released !== undefined) {
        await notifyStock(released.variantIds);
        await settleRefund(released.refund);
        return changed(await anyOrder(orderId));
      }
      return view(await anyOrder(orderId));
    },

    async expireStaleCheckouts(createdBefore) {
      const stale = await store.findStaleCheckouts(createdBefore, SWEEP_BATCH);
      let expired = 0;
      for (const orderId of stale) {
        const released = await store.abandonCheckout(orderId, 'checkout_expired', now());
        if (released === undefined) continue;
        expired += 1;
        await afterRelease(orderId, released);
      }
      return expired;
    },

    reconcileCaptures: (createdBefore) => captures.reconcile(createdBefore),

    async retryCouponReleases(cancelledBefore) {
      let done = 0;
      for (const orderId of await store.findUnreleasedCoupons(cancelledBefore, SWEEP_BATCH)) {
        if (await releaseCoupons(orderId)) done += 1;
      }
      return done;
    },

    async retryPendingRefunds(createdBefore) {
      let done = 0;
      for (const due of await store.findPendingRefunds(createdBefore, SWEEP_BATCH)) {
        if (await settleRefund(due)) done += 1;
      }
      return done;
    },
  };
}

function encodeCursor(placedAt: number, id: string): string {
  return Buffer.from(JSON.stringify([placedAt, id])).toString('base64url');
}

function decodeCursor(cursor: string): { placedAt: number; id: string } {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      Number.isSafeInteger(value[0]) &&
      typeof value[1] === 'string' &&
      value[1].length <= 128
    ) {
      return { placedAt: value[0] as number, id: value[1] };
    }
  } catch {
    // fall through to the error below
  }
  throw new AppError('INVALID_CURSOR');
}
