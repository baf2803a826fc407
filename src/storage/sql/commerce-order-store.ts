import type { Kysely, Selectable, Transaction } from 'kysely';
import { ORDER_CHANNELS, type OrderChannel } from '../../commerce/commerce-schemas.js';
import type {
  OrderCoupon,
  OrderFilter,
  OrderRecord,
  RefundDue,
  ReleaseResult,
  ReturnDraft,
  ReturnRecord,
} from '../../commerce/commerce-store.js';
import {
  isOrderStatus,
  type OrderEvent,
  PAID_STATUSES,
  RETURNABLE_STATUSES,
  type ReturnStatus,
  statusesAllowing,
  statusFromReturns,
} from '../../commerce/order-status.js';
import { AppError } from '../../shared/app-error.js';
import type { Database } from '../schema.js';
import { toPaymentRecord } from './commerce-capture-store.js';
import { parseObject } from './commerce-cart-store.js';
import { openRefundIn, releaseReservations } from './commerce-checkout-store.js';

type OrderRow = Selectable<Database['orders']>;

/** Orders, cancellations, admin moves, returns and refunds. */
export function createOrderStore(kysely: Kysely<Database>) {
  async function hydrate(rows: readonly OrderRow[]): Promise<OrderRecord[]> {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const [lines, returns, returnLines, payments] = await Promise.all([
      kysely.selectFrom('order_lines').selectAll().where('order_id', 'in', ids).orderBy('position').execute(),
      kysely
        .selectFrom('order_returns')
        .selectAll()
        .where('order_id', 'in', ids)
        .orderBy('created_at')
        .execute(),
      kysely
        .selectFrom('order_return_lines')
        .innerJoin('order_returns', 'order_returns.id', 'order_return_lines.return_id')
        .select(['order_return_lines.return_id', 'order_return_lines.order_line_id'])
        .where('order_returns.order_id', 'in', ids)
        .execute(),
      kysely.selectFrom('payments').selectAll().where('order_id', 'in', ids).orderBy('created_at').execute(),
    ]);
    return rows.map((row) => ({
      id: row.id,
      shopperId: row.shopper_id,
      status: isOrderStatus(row.status) ? row.status : 'pending',
      channel: (ORDER_CHANNELS as readonly string[]).includes(row.channel)
        ? (row.channel as OrderChannel)
        : 'web',
      agentId: row.agent_id ?? undefined,
      cancelReason: row.cancel_reason ?? undefined,
      currency: row.currency,
      subtotal: Number(row.subtotal),
      discount: Number(row.discount),
      shipping: Number(row.shipping),
      total: Number(row.total),
      coupons: JSON.parse(row.coupons) as OrderCoupon[],
      shippingAddress: parseObject(row.shipping_address),
      paymentMethod: parseObject(row.payment_method),
      createdAt: Number(row.created_at),
      placedAt: optionalNumber(row.placed_at),
      paidAt: optionalNumber(row.paid_at),
      fulfilledAt: optionalNumber(row.fulfilled_at),
      deliveredAt: optionalNumber(row.delivered_at),
      cancelledAt: optionalNumber(row.cancelled_at),
      lines: lines
        .filter((line) => line.order_id === row.id)
        .map((line) => ({
          id: line.id,
          variantId: line.variant_id,
          productId: line.product_id,
          title: line.title,
          category: line.category,
          options: parseObject(line.options),
          unitPrice: Number(line.unit_price),
          quantity: Number(line.quantity),
          discount: Number(line.discount),
          paidAmount: Number(line.paid_amount),
        })),
      returns: returns
        .filter((item) => item.order_id === row.id)
        .map(
          (item): ReturnRecord => ({
            id: item.id,
            orderId: item.order_id,
            status: item.status as ReturnStatus,
            reason: item.reason,
            lineIds: returnLines
              .filter((line) => line.return_id === item.id)
              .map((line) => line.order_line_id),
            refundAmount: Number(item.refund_amount),
            currency: item.currency,
            createdAt: Number(item.created_at),
            receivedAt: optionalNumber(item.received_at),
            refundedAt: optionalNumber(item.refunded_at),
          }),
        ),
      payments: payments.filter((payment) => payment.order_id === row.id).map(toPaymentRecord),
    }));
  }

  return {
    async findOrder(orderId: string): Promise<OrderRecord | undefined> {
      const row = await kysely.selectFrom('orders').selectAll().where('id', '=', orderId).executeTakeFirst();
      return row === undefined ? undefined : (await hydrate([row]))[0];
    },

    async hasPaidOrder(shopperId: string): Promise<boolean> {
      const row = await kysely
        .selectFrom('orders')
        .select('id')
        .where('shopper_id', '=', shopperId)
        .where('status', 'in', [...PAID_STATUSES])
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },

    async listOrders(filter: OrderFilter): Promise<OrderRecord[]> {
      let query = kysely.selectFrom('orders').selectAll().where('placed_at', 'is not', null);
      if (filter.shopperId !== undefined) query = query.where('shopper_id', '=', filter.shopperId);
      if (filter.status !== undefined) query = query.where('status', '=', filter.status);
      if (filter.channel !== undefined) query = query.where('channel', '=', filter.channel);
      if (filter.agentId !== undefined) query = query.where('agent_id', '=', filter.agentId);
      const after = filter.after;
      if (after !== undefined) {
        query = query.where((eb) =>
          eb.or([
            eb('placed_at', '<', after.placedAt),
            eb.and([eb('placed_at', '=', after.placedAt), eb('id', '<', after.id)]),
          ]),
        );
      }
      const rows = await query
        .orderBy('placed_at', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.limit)
        .execute();
      return hydrate(rows);
    },

    async cancelOrder(orderId: string, reason: string, now: number): Promise<ReleaseResult | undefined> {
      return kysely.transaction().execute(async (trx) => {
        const cancelled = await trx
          .updateTable('orders')
          .set({ status: 'cancelled', cancel_reason: reason, cancelled_at: now, updated_at: now })
          .where('id', '=', orderId)
          .where('placed_at', 'is not', null)
          .where('status', 'in', [...statusesAllowing('cancel')])
          .executeTakeFirst();
        if (Number(cancelled.numUpdatedRows) !== 1) return undefined;
        const variantIds = await releaseReservations(trx, orderId, ['held', 'sold'], now);
        const refund = await openRefundIn(
          trx,
          orderId,
          `refund:cancel:${orderId}`,
          undefined,
          undefined,
          now,
        );
        return { variantIds, refund };
      });
    },

    async advanceOrder(orderId: string, event: Extract<OrderEvent, 'fulfil' | 'deliver'>, now: number) {
      const result = await kysely
        .updateTable('orders')
        .set(
          event === 'fulfil'
            ? { status: 'fulfilled', fulfilled_at: now, updated_at: now }
            : { status: 'delivered', delivered_at: now, updated_at: now },
        )
        .where('id', '=', orderId)
        .where('placed_at', 'is not', null)
        .where('status', 'in', [...statusesAllowing(event)])
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async createReturn(draft: ReturnDraft): Promise<void> {
      await kysely.transaction().execute(async (trx) => {
        // The conditional update checks status and window and, on PostgreSQL, locks the order row.
        const opened = await trx
          .updateTable('orders')
          .set({ status: 'return_requested', updated_at: draft.now })
          .where('id', '=', draft.orderId)
          .where('shopper_id', '=', draft.shopperId)
          .where('status', 'in', [...RETURNABLE_STATUSES])
          .where('delivered_at', '>=', draft.deliveredSince)
          .executeTakeFirst();
        if (Number(opened.numUpdatedRows) !== 1) throw new AppError('ORDER_NOT_RETURNABLE');
        await trx
          .insertInto('order_returns')
          .values({
            id: draft.returnId,
            order_id: draft.orderId,
            shopper_id: draft.shopperId,
            status: 'requested',
            reason: draft.reason,
            refund_amount: draft.lines.reduce((sum, line) => sum + line.refundAmount, 0),
            currency: draft.currency,
            created_at: draft.now,
            received_at: null,
            refunded_at: null,
          })
          .execute();
        for (const line of draft.lines) {
          const inserted = await trx
            .insertInto('order_return_lines')
            .values({
              return_id: draft.returnId,
              order_line_id: line.orderLineId,
              variant_id: line.variantId,
              quantity: line.quantity,
              refund_amount: line.refundAmount,
            })
            .onConflict((conflict) => conflict.column('order_line_id').doNothing())
            .returning('order_line_id')
            .executeTakeFirst();
          if (inserted === undefined) {
            throw new AppError(
              'ORDER_NOT_RETURNABLE',
              'A line of this return is already part of another return.',
              {
                lineId: line.orderLineId,
              },
            );
          }
        }
      });
    },

    async receiveReturn(orderId: string, returnId: string, now: number): Promise<ReleaseResult | undefined> {
      return kysely.transaction().execute(async (trx) => {
        const received = await trx
          .updateTable('order_returns')
          .set({ status: 'received', received_at: now })
          .where('id', '=', returnId)
          .where('order_id', '=', orderId)
          .where('status', '=', 'requested')
          .executeTakeFirst();
        if (Number(received.numUpdatedRows) !== 1) return undefined;
        // The return's state flip above is the key: only this call adds these units back.
        const lines = await trx
          .selectFrom('order_return_lines')
          .select(['variant_id', 'quantity'])
          .where('return_id', '=', returnId)
          .orderBy('variant_id')
          .execute();
        for (const line of lines) {
          await trx
            .updateTable('variants')
            .set((eb) => ({ stock: eb('stock', '+', Number(line.quantity)) }))
            .where('id', '=', line.variant_id)
            .execute();
        }
        const item = await trx
          .selectFrom('order_returns')
          .select('refund_amount')
          .where('id', '=', returnId)
          .executeTakeFirstOrThrow();
        const refund = await openRefundIn(
          trx,
          orderId,
          `refund:return:${returnId}`,
          returnId,
          Number(item.refund_amount),
          now,
        );
        await refreshReturnStatus(trx, orderId, now);
        return { variantIds: lines.map((line) => line.variant_id), refund };
      });
    },

    async completeRefund(effectKey: string, providerReference: string, now: number): Promise<void> {
      await kysely.transaction().execute(async (trx) => {
        const refund = await trx
          .updateTable('payments')
          .set({ status: 'succeeded', provider_reference: providerReference, completed_at: now })
          .where('effect_key', '=', effectKey)
          .where('kind', '=', 'refund')
          .where('status', '=', 'pending')
          .returning(['order_id', 'return_id'])
          .executeTakeFirst();
        if (refund === undefined || refund.return_id === null) return;
        await trx
          .updateTable('order_returns')
          .set({ status: 'refunded', refunded_at: now })
          .where('id', '=', refund.return_id)
          .where('status', '=', 'received')
          .execute();
        await refreshReturnStatus(trx, refund.order_id, now);
      });
    },

    async markCouponsReleased(orderId: string, now: number): Promise<void> {
      await kysely
        .updateTable('orders')
        .set({ coupons_released_at: now })
        .where('id', '=', orderId)
        .where('coupons_released_at', 'is', null)
        .execute();
    },

    async findUnreleasedCoupons(cancelledBefore: number, limit: number): Promise<string[]> {
      const rows = await kysely
        .selectFrom('orders')
        .select('id')
        .where('status', '=', 'cancelled')
        .where('coupons_released_at', 'is', null)
        .where('cancelled_at', '<', cancelledBefore)
        .where('coupons', '<>', '[]')
        .orderBy('cancelled_at')
        .limit(limit)
        .execute();
      return rows.map((row) => row.id);
    },

    async findPendingRefunds(createdBefore: number, limit: number): Promise<RefundDue[]> {
      const rows = await kysely
        .selectFrom('payments as refund')
        .innerJoin('payments as capture', (join) =>
          join
            .onRef('capture.order_id', '=', 'refund.order_id')
            .on('capture.kind', '=', 'capture')
            .on('capture.status', '=', 'succeeded'),
        )
        .select([
          'refund.effect_key',
          'refund.amount',
          'refund.currency',
          'capture.provider_reference as capture_reference',
        ])
        .where('refund.kind', '=', 'refund')
        .where('refund.status', '=', 'pending')
        .where('refund.created_at', '<', createdBefore)
        .orderBy('refund.created_at')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        effectKey: row.effect_key,
        captureReference: row.capture_reference ?? '',
        amount: Number(row.amount),
        currency: row.currency,
      }));
    },
  };
}

/** Sets a delivered order's status from its returns (see `statusFromReturns`). */
async function refreshReturnStatus(trx: Transaction<Database>, orderId: string, now: number): Promise<void> {
  const returns = await trx
    .selectFrom('order_returns')
    .select('status')
    .where('order_id', '=', orderId)
    .execute();
  await trx
    .updateTable('orders')
    .set({ status: statusFromReturns(returns.map((item) => item.status as ReturnStatus)), updated_at: now })
    .where('id', '=', orderId)
    .where('status', 'in', [...RETURNABLE_STATUSES])
    .execute();
}

function optionalNumber(value: number | null): number | undefined {
  return value === null ? undefined : Number(value);
}
