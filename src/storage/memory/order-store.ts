import type { OrderStore } from '../../commerce/commerce-store.js';
import { PAID_STATUSES, RETURNABLE_STATUSES, statusesAllowing } from '../../commerce/order-status.js';
import { AppError } from '../../shared/app-error.js';
import type { MemoryState, Order } from './commerce-state.js';

/** Orders in memory: listing, the merchant's moves, cancellation, returns and refunds, each applied once. */
export function createMemoryOrderStore(state: MemoryState): OrderStore {
  const {
    variants,
    orders,
    payments,
    orderOf,
    releaseReservations,
    openRefund,
    refreshReturnStatus,
    toRecord,
    byCreated,
  } = state;
  return {
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
            (filter.channel === undefined || order.channel === filter.channel) &&
            (filter.agentId === undefined || order.agentId === filter.agentId),
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
