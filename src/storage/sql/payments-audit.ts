import { type LedgerEntry, PAID_STATUSES } from '../../commerce/index.js';
import type { Db } from '../dialect.js';

/** A payment that does not add up against its order. */
export interface PaymentMismatch {
  readonly orderId: string;
  readonly check:
    | 'paid_without_capture'
    | 'capture_not_total'
    | 'refunds_exceed_capture'
    | 'kept_without_order'
    | 'charged_without_order'
    | 'held_without_checkout'
    | 'books_disagree';
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
 * finishes them). Orders still pending are in flight and left alone. Given the provider's books,
 * also compares them with ours (`compareWithProvider`).
 */
export async function verifyPayments(db: Db, books?: readonly LedgerEntry[]): Promise<PaymentReport> {
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
  if (books !== undefined) mismatches.push(...(await compareWithProvider(db, books)));
  return { orders: orders.size, ok: mismatches.length === 0, mismatches };
}

/**
 * Compares the provider's books with ours, as a merchant reconciles against the processor's
 * settlement report. Every charge the provider made is held by exactly one order capture of its
 * amount, or is refunded in full at the provider (`charged_without_order` otherwise); the provider
 * refunded no more of a charge than the order's refunds say (`books_disagree`); no money stays
 * held without a checkout that will capture it or let it go (`held_without_checkout`). A payment
 * whose capture row is still pending or authorized is in flight (the reconciler settles it).
 */
export async function compareWithProvider(db: Db, books: readonly LedgerEntry[]): Promise<PaymentMismatch[]> {
  const captures = await db.kysely
    .selectFrom('payments')
    .select(['order_id', 'status', 'provider_key', 'provider_reference', 'amount'])
    .where('kind', '=', 'capture')
    .execute();
  const refunds = await db.kysely
    .selectFrom('payments')
    .select(['order_id', 'status', 'amount'])
    .where('kind', '=', 'refund')
    .execute();
  const heldBy = new Map<string, { orderId: string; amount: number }>();
  const pendingKeys = new Set<string>();
  for (const row of captures) {
    if (row.status === 'succeeded' && row.provider_reference !== null) {
      heldBy.set(row.provider_reference, { orderId: row.order_id, amount: Number(row.amount) });
    }
    if ((row.status === 'pending' || row.status === 'authorized') && row.provider_key !== null) {
      pendingKeys.add(row.provider_key);
    }
  }
  const refundedOf = new Map<string, number>();
  for (const row of refunds) {
    refundedOf.set(row.order_id, (refundedOf.get(row.order_id) ?? 0) + Number(row.amount));
  }
  const providerRefunds = new Map<string, number>();
  for (const entry of books) {
    if (entry.kind !== 'refund' || entry.captureReference === undefined) continue;
    providerRefunds.set(
      entry.captureReference,
      (providerRefunds.get(entry.captureReference) ?? 0) + entry.amount,
    );
  }
  const mismatches: PaymentMismatch[] = [];
  for (const charge of books) {
    // Money held on a card that no unsettled checkout will capture or let go: it stays held.
    if (charge.kind === 'capture' && charge.outcome === 'authorized' && !pendingKeys.has(charge.key)) {
      mismatches.push({
        orderId: charge.reference,
        check: 'held_without_checkout',
        expected: 0,
        actual: charge.amount,
      });
      continue;
    }
    if (charge.kind !== 'capture' || charge.outcome !== 'captured') continue;
    const refunded = providerRefunds.get(charge.reference) ?? 0;
    const holder = heldBy.get(charge.reference);
    if (holder === undefined) {
      if (refunded < charge.amount && !pendingKeys.has(charge.key)) {
        mismatches.push({
          orderId: charge.reference,
          check: 'charged_without_order',
          expected: charge.amount,
          actual: refunded,
        });
      }
      continue;
    }
    // Pending refunds are owed but may not have reached the provider yet.
    const owed = refundedOf.get(holder.orderId) ?? 0;
    if (holder.amount !== charge.amount || refunded > owed) {
      mismatches.push({ orderId: holder.orderId, check: 'books_disagree', expected: owed, actual: refunded });
    }
  }
  return mismatches;
}
