import type { Kysely, Selectable } from 'kysely';
import type {
  CaptureDraft,
  CaptureRecorded,
  PaymentRecord,
  PendingCapture,
} from '../../commerce/commerce-store.js';
import type { OrderStatus } from '../../commerce/order-status.js';
import { newId } from '../../shared/ids.js';
import type { Database } from '../schema.js';

/** Capture rows a checkout has not settled yet: the authorization unanswered, or the money held. */
const UNSETTLED = ['pending', 'authorized'];

/**
 * A checkout's capture row: written pending before the provider is called, then recorded, failed
 * or superseded (docs/payments.md); and the rows the reconciler settles.
 */
export function createCaptureStore(kysely: Kysely<Database>) {
  return {
    async openCapture(orderId: string, capture: CaptureDraft, now: number): Promise<void> {
      await kysely
        .insertInto('payments')
        .values({
          id: newId('pay'),
          order_id: orderId,
          kind: 'capture',
          effect_key: `capture:${orderId}`,
          return_id: null,
          provider: capture.provider,
          provider_reference: null,
          provider_key: capture.providerKey,
          status: 'pending',
          amount: capture.amount,
          currency: capture.currency,
          created_at: now,
          completed_at: null,
        })
        .onConflict((conflict) => conflict.column('effect_key').doNothing())
        .execute();
    },

    async recordAuthorization(orderId: string, reference: string, _now: number): Promise<boolean> {
      const held = await kysely
        .updateTable('payments')
        .set({ status: 'authorized', provider_reference: reference })
        .where('effect_key', '=', `capture:${orderId}`)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      return Number(held.numUpdatedRows) === 1;
    },

    async recordCapture(orderId: string, reference: string, now: number): Promise<CaptureRecorded> {
      const effectKey = `capture:${orderId}`;
      const settle = () =>
        kysely.transaction().execute(async (trx) => {
          const row = await trx
            .selectFrom('payments')
            .selectAll()
            .where('effect_key', '=', effectKey)
            .executeTakeFirst();
          if (row === undefined) throw new Error(`order ${orderId} has no capture row`);
          if (row.status === 'succeeded' && row.provider_reference === reference) {
            return { kind: 'recorded', payment: toPaymentRecord(row) } as const;
          }
          if (!UNSETTLED.includes(row.status)) return { kind: 'taken' } as const;
          const holder = await trx
            .selectFrom('payments')
            .select('order_id')
            .where('kind', '=', 'capture')
            .where('status', '=', 'succeeded')
            .where('provider_key', '=', row.provider_key)
            .executeTakeFirst();
          const succeeded = holder === undefined;
          await trx
            .updateTable('payments')
            .set({
              status: succeeded ? 'succeeded' : 'superseded',
              provider_reference: reference,
              completed_at: now,
            })
            .where('effect_key', '=', effectKey)
            .where('status', 'in', UNSETTLED)
            .execute();
          return succeeded
            ? ({ kind: 'recorded', payment: toPaymentRecord({ ...row, status: 'succeeded' }) } as const)
            : ({ kind: 'taken' } as const);
        });
      try {
        return await settle();
      } catch (error) {
        // Two orders of one provider key recording at once on PostgreSQL (SQLite runs one writer at a
        // time): the unique index over held captures refuses the second. Read again: it sees the holder.
        if ((error as { code?: unknown }).code === '23505') return settle();
        throw error;
      }
    },

    async failCapture(orderId: string, now: number): Promise<void> {
      await kysely
        .updateTable('payments')
        .set({ status: 'failed', completed_at: now })
        .where('effect_key', '=', `capture:${orderId}`)
        .where('status', 'in', UNSETTLED)
        .execute();
    },

    async findPendingCaptures(createdBefore: number, limit: number): Promise<PendingCapture[]> {
      const rows = await kysely
        .selectFrom('payments')
        .innerJoin('orders', 'orders.id', 'payments.order_id')
        .select([
          'payments.order_id as orderId',
          'orders.status as orderStatus',
          'payments.provider_key as providerKey',
          'payments.amount as amount',
          'payments.currency as currency',
        ])
        .where('payments.kind', '=', 'capture')
        .where('payments.status', 'in', UNSETTLED)
        .where('orders.created_at', '<', createdBefore)
        .orderBy('orders.created_at')
        .limit(limit)
        .execute();
      return rows.map((row) => ({
        orderId: row.orderId,
        orderStatus: row.orderStatus as OrderStatus,
        providerKey: row.providerKey ?? '',
        amount: Number(row.amount),
        currency: row.currency,
      }));
    },
  };
}

/** A payments row as the order lists it. */
export function toPaymentRecord(row: Selectable<Database['payments']>): PaymentRecord {
  return {
    kind: row.kind as PaymentRecord['kind'],
    effectKey: row.effect_key,
    status: row.status as PaymentRecord['status'],
    amount: Number(row.amount),
    currency: row.currency,
    createdAt: Number(row.created_at),
  };
}
