import { PAID_STATUSES } from '../../commerce/index.js';
import type { Db } from '../dialect.js';

/** A payment that does not add up against its order. */
export interface PaymentMismatch {
  readonly orderId: string;
  readonly check:
    | 'paid_without_capture'
    | 'capture_not_total'
    | 'refunds_exceed_capture'
    | 'kept_without_order';
  readonly expected: number;
  readonly actual: number;
}

/** What `rushcart verify` found about money. */
export interface PaymentReport {
  readonly orders: number;
  readonly ok: boolean;
  readonly mismatches: readonly PaymentMismatch[];
}

/**
 * Checks every settled order against its payments: a paid order (whatever happened after) has one
 * succeeded capture of its total; refunds of an order, pending or made, never exceed its capture;
 * a cancelled order that was charged is refunded in full (pending refunds count: the sweeper
 * finishes them). Orders still pending are in flight and left alone.
 */
export async function verifyPayments(db: Db): Promise<PaymentReport> {
  const rows = await db.kysely
    .selectFrom('orders')
    .leftJoin('payments', 'payments.order_id', 'orders.id')
    .select([
      'orders.id as orderId',
      'orders.status as status',
      'orders.total as total',
      'payments.kind as kind',
      'payments.status as paymentStatus',
      'payments.amount as amount',
    ])
    .where('orders.status', '!=', 'pending')
    .execute();
  const orders = new Map<string, { status: string; total: number; captured: number; refunded: number }>();
  for (const row of rows) {
    const order = orders.get(row.orderId) ?? {
      status: row.status,
      total: Number(row.total),
      captured: 0,
      refunded: 0,
    };
    const amount = Number(row.amount ?? 0);
    if (row.kind === 'capture' && row.paymentStatus === 'succeeded') order.captured += amount;
    if (row.kind === 'refund' && row.paymentStatus !== 'failed') order.refunded += amount;
    orders.set(row.orderId, order);
  }
  const mismatches: PaymentMismatch[] = [];
  for (const [orderId, order] of orders) {
    if ((PAID_STATUSES as readonly string[]).includes(order.status)) {
      if (order.captured === 0) {
        mismatches.push({ orderId, check: 'paid_without_capture', expected: order.total, actual: 0 });
      } else if (order.captured !== order.total) {
        mismatches.push({
          orderId,
          check: 'capture_not_total',
          expected: order.total,
          actual: order.captured,
        });
      }
    }
    if (order.refunded > order.captured) {
      mismatches.push({
        orderId,
        check: 'refunds_exceed_capture',
        expected: order.captured,
        actual: order.refunded,
      });
    }
    if (order.status === 'cancelled' && order.refunded < order.captured) {
      mismatches.push({
        orderId,
        check: 'kept_without_order',
        expected: order.captured,
        actual: order.refunded,
      });
    }
  }
  return { orders: orders.size, ok: mismatches.length === 0, mismatches };
}
